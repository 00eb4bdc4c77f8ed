/**
 * Case 4, fleet: not measured yet. Two things are missing:
 *  - `reco-sf deploy` has no multi-target option (planned: `scripts/org/fleet.ts`, `--targets-file`
 *    and `--concurrency`, calling the per-org deploy with bounded concurrency, one summary table);
 *  - every emulator started by `startEmulator` has the same org id and admin username, so one
 *    `sf`/@salesforce/core auth store cannot hold N emulated orgs at once (auth is keyed by
 *    username); it needs an identity option (org id, username) per emulator.
 */
import type { Row } from '../lib/stats';

export function fleetCase(): Promise<{ rows: Row[]; details: unknown }> {
  return Promise.reject(
    new Error('not measured: reco-sf deploy has no multi-org option yet, and emulators share one org id and username (see bench/cases/fleet.ts)'),
  );
}
