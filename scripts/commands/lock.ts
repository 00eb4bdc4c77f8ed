/**
 * `reco-sf lock [--target-org ORG] [--config F] [--json]`: reads what reco-sf resolves in the org
 * (read-only: the same snapshot a deploy takes), records it in config/reco.lock.json beside the
 * config, and regenerates force-app/ from config + lock, so the committed tree is exactly what
 * `reco-sf deploy` sends to orgs of that shape. Writes the lock and the tree together (atomic).
 */
import { info, printJson } from '../core/output';
import { runLock, type LockOptions, type LockResult } from '../lock/lock-run';

export type { LockResult } from '../lock/lock-run';

export async function lockCommand(opts: LockOptions): Promise<number> {
  const { result, org } = await runLock(opts);
  if (opts.json) {
    printJson<LockResult>(0, result, []);
    return 0;
  }
  const { summary, lock: lockFile } = result;
  info(`lock: ${result.target} (${org.name}, ${org.orgId}) → ${lockFile}`);
  info(`  features: ${summary.features.join(', ') || 'none'}`);
  for (const [label, apiName] of Object.entries(summary.resolvedByLabel))
    info(`  "${label}" is ${apiName} in this org`);
  for (const skipped of summary.skipped) info(`  skipped ${skipped}`);
  for (const file of result.written) info(`  wrote ${file}`);
  for (const file of result.removed) info(`  removed ${file}`);
  info(
    `commit ${lockFile} and force-app/: a plain sf project deploy start now matches reco-sf deploy for orgs of this shape`,
  );
  return 0;
}
