/**
 * The offline gate shared by generate, validate, plan and deploy: config → checks → model →
 * generated files. Returns problems instead of throwing so callers decide how to report.
 */
import { relative } from 'node:path';
import { checkApiVersion } from '../core/api-version';
import { loadConfig, positionOfPointer, type RecoConfig } from '../core/config';
import { errorsOf, fileLocation, type Diagnostic } from '../core/diagnostic';
import { buildModel, type Model } from '../core/model';
import {
  committedModel,
  lockDisplayPath,
  lockStateProblems,
  readLockState,
  type LockState,
} from '../lock/lock';
import { checkConfigRules } from '../validate/config-rules';
import { generateProject, type GeneratedProject } from './project';

export interface OfflineResult {
  configFile: string;
  config?: RecoConfig;
  /** The config's model (what deploy adapts to each org). */
  model?: Model;
  /** The lock beside the config (lockPathFor: config/reco.lock.json by default) and whether it covers the config. */
  lock?: LockState;
  /** The committed tree: generated from the model adapted to the lock whenever it is readable. */
  project?: GeneratedProject;
  problems: Diagnostic[];
}

/**
 * `ignoreLock`: for `reco-sf lock`, which writes a new lock and must run over an unreadable one.
 * An unreadable lock is an error (LOCK_INVALID: nothing is generated from a lock half-read), a
 * stale one a warning (LOCK_STALE, naming what it does not cover).
 */
export function runOfflinePipeline(
  root: string,
  configPath: string,
  options: { ignoreLock?: boolean } = {},
): OfflineResult {
  const display = relative(root, configPath) || configPath;
  const loaded = loadConfig(configPath);
  const problems = loaded.problems.map((p): Diagnostic => ({
    ...p,
    location: fileLocation(display, p.location && 'file' in p.location ? p.location : {}),
  }));
  if (!loaded.config) return { configFile: display, problems };
  problems.push(...checkApiVersion(loaded.config.apiVersion, display));
  problems.push(...checkConfigRules(loaded.config, display));
  // Every problem with a JSON path points into the file (line:col), the rules' ones too.
  for (const p of problems) {
    const at = p.location;
    if (at && 'file' in at && at.path !== undefined && at.line === undefined)
      p.location = { ...at, ...positionOfPointer(loaded.positions, at.path) };
  }
  if (errorsOf(problems).length > 0) return { configFile: display, config: loaded.config, problems };
  const model = buildModel(loaded.config);
  const lock: LockState = options.ignoreLock ? { state: 'missing' } : readLockState(root, configPath, model);
  problems.push(...lockStateProblems(lockDisplayPath(root, configPath), lock, model));
  // With an unreadable lock the tree is the config's alone: its paths for validate, never written.
  const project = generateProject(committedModel(model, lock));
  return { configFile: display, config: loaded.config, model, lock, project, problems };
}
