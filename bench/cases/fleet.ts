/** Case fleet: waits for `reco-sf deploy` and the org emulator (issue 6, cases 2 and 4). */
import type { Row } from '../lib/stats';

export function fleetCase(): Promise<{ rows: Row[]; details: unknown }> {
  return Promise.reject(new Error('needs reco-sf deploy and the org emulator, which are not in this tree yet'));
}
