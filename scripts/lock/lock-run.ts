/**
 * `reco-sf lock`'s orchestration: the org read (the snapshot a deploy takes), the lock made from
 * it, and the lock and force-app/ (regenerated from config + lock) written together. The
 * command renders.
 */
import { configPathFor } from '../core/project';
import { generateProject, ownedPaths } from '../generate/project';
import { compareTree, writeTree } from '../generate/write';
import { loadModel, readOrg } from '../review/context';
import { lockDisplayPath, lockFromSnapshot, lockedModel, serializeLock, type RecoLock } from './lock';

/** `reco-sf lock`'s options as the command line gives them. */
export interface LockOptions {
  targetOrg?: string;
  config?: string;
  json?: boolean;
}

export interface LockResult {
  lock: string;
  target: string;
  summary: RecoLock['summary'];
  written: string[];
  removed: string[];
}

/** Writes the lock and the tree; returns what was written and the org it was read from. */
export async function runLock(
  opts: LockOptions,
): Promise<{ result: LockResult; org: { name: string; orgId: string } }> {
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
  return { result, org: { name: snapshot.organization.name, orgId: snapshot.orgId } };
}
