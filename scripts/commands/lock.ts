/**
 * `reco-sf lock [--target-org ORG] [--config F] [--json]`: reads what reco-sf resolves in the org
 * (read-only: the same snapshot a deploy takes), records it in the lock beside the
 * config (config/reco.lock.json for config/reco.config.json), and regenerates force-app/ from config + lock, so the committed tree is exactly what
 * `reco-sf deploy` sends to orgs of that shape. Writes the lock and the tree together (atomic).
 */
import { info, printJson } from '../core/output';
import { configPathFor } from '../core/project';
import { generateProject, ownedPaths } from '../generate/project';
import { compareTree, writeTree } from '../generate/write';
import { lockDisplayPath, lockFromSnapshot, lockedModel, serializeLock, type RecoLock } from '../lock/lock';
import { loadModel, readOrg } from '../review/context';

export interface LockResult {
  lock: string;
  target: string;
  summary: RecoLock['summary'];
  written: string[];
  removed: string[];
}

export async function lockCommand(opts: {
  targetOrg?: string;
  config?: string;
  json?: boolean;
}): Promise<number> {
  const loaded = await loadModel(opts.config, opts.json === true, { ignoreLock: true });
  const { root, model } = loaded;
  const { org, snapshot } = await readOrg(opts.targetOrg, loaded, { dependencies: true });
  const lock = lockFromSnapshot(model, snapshot);
  const lockFile = lockDisplayPath(root, configPathFor(root, opts.config));
  const project = generateProject(lockedModel(model, lock));
  const files = [...project.files, { path: lockFile, content: serializeLock(lock) }];
  const comparison = compareTree(root, files, ownedPaths(model));
  writeTree(root, files, comparison);
  const result: LockResult = {
    lock: lockFile,
    target: org.target,
    summary: lock.summary,
    written: [...comparison.changed, ...comparison.missing].sort(),
    removed: [...comparison.extra].sort(),
  };
  if (opts.json) {
    printJson<LockResult>(0, result, []);
    return 0;
  }
  info(`lock: ${org.target} (${snapshot.organization.name}, ${snapshot.orgId}) → ${lockFile}`);
  info(`  features: ${lock.summary.features.join(', ') || 'none'}`);
  for (const [label, apiName] of Object.entries(lock.summary.resolvedByLabel))
    info(`  "${label}" is ${apiName} in this org`);
  for (const skipped of lock.summary.skipped) info(`  skipped ${skipped}`);
  for (const file of result.written) info(`  wrote ${file}`);
  for (const file of result.removed) info(`  removed ${file}`);
  info(
    `commit ${lockFile} and force-app/: a plain sf project deploy start now matches reco-sf deploy for orgs of this shape`,
  );
  return 0;
}
