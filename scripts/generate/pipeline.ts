/**
 * The offline gate shared by generate, validate, plan and deploy: config → checks → model →
 * generated files. Returns problems instead of throwing so callers decide how to report.
 */
import { relative } from 'node:path';
import { checkApiVersion } from '../core/api-version';
import { loadConfig, positionOfPointer, type RecoConfig } from '../core/config';
import { errorsOf, fileLocation, type Diagnostic } from '../core/diagnostic';
import { buildModel, type Model } from '../core/model';
import { committedModel, readLockState, type LockState } from '../lock/lock';
import { checkConfigRules } from '../validate/config-rules';
import { generateProject, type GeneratedProject } from './project';

export interface OfflineResult {
  configFile: string;
  config?: RecoConfig;
  /** The config's model (what deploy adapts to each org). */
  model?: Model;
  /** The lock beside the config (config/reco.lock.json) and whether it is current. */
  lock?: LockState;
  /** The committed tree: generated from the model adapted to the lock when it is current. */
  project?: GeneratedProject;
  problems: Diagnostic[];
}

export function runOfflinePipeline(root: string, configPath: string): OfflineResult {
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
  const lock = readLockState(configPath, model);
  const project = generateProject(committedModel(model, lock));
  return { configFile: display, config: loaded.config, model, lock, project, problems };
}
