/**
 * The I/O edge the review commands share: the offline gate (config → model) and one read-only
 * snapshot of the org, taken exactly as the deploy takes it (same request, same modules).
 */
import { buildComponents } from '../components';
import { errorOf } from '../core/errors';
import type { Model } from '../core/model';
import { printProblems } from '../core/output';
import { configPathFor, findProjectRoot } from '../core/project';
import { RecoError } from '../core/errors';
import { resolve } from 'node:path';
import { readTextIfExists } from '../core/files';
import { runOfflinePipeline } from '../generate/pipeline';
import { parseTargetEntries, withOrgValues } from '../org/fleet';
import { connectToOrg, type OrgConnection } from '../org/connect';
import { snapshotRequest, takeSnapshot } from '../org/snapshot';
import { componentKey, type OrgSnapshot } from '../org/types';
import type { Connection } from '@salesforce/core';
import { ownershipOf, readRecordedComponents } from '../org/ownership';
import { planConvergence, staleUsers, type ConvergencePlan } from './converge';
import { readOwnedUsers } from './read-facts';

export interface Loaded {
  root: string;
  model: Model;
}

/** The offline gate: any config error stops here, before any network call (exit 2). */
/**
 * The model with one org's own values (its line of a targets file: `username=…`, `email=…`), as
 * a fleet deploy from that file used them; unchanged without a file or a target.
 */
export function withTargetValues(loaded: Loaded, opts: { targetOrg?: string; targetsFile?: string }): Loaded {
  if (opts.targetsFile === undefined || opts.targetOrg === undefined) return loaded;
  const text = readTextIfExists(resolve(process.cwd(), opts.targetsFile));
  if (text === undefined)
    throw new RecoError('TARGETS_FILE_NOT_FOUND', `cannot read the targets file ${opts.targetsFile}`, {
      file: opts.targetsFile,
    });
  const entry = parseTargetEntries(text, opts.targetsFile).find((e) => e.target === opts.targetOrg);
  return { ...loaded, model: withOrgValues(loaded.model, entry?.values) };
}

export function loadModel(config: string | undefined, json: boolean): Loaded {
  const root = findProjectRoot();
  const offline = runOfflinePipeline(root, configPathFor(root, config));
  const errors = errorOf(offline.problems);
  if (!offline.model || errors.length > 0) {
    if (!json) printProblems(offline.problems);
    throw new RecoError('CONFIG_INVALID', `${offline.configFile} has ${errors.length} error(s)`, {
      hint: 'run reco-sf validate for the details',
      exitCode: 2,
    });
  }
  return { root, model: offline.model };
}

export interface OrgRead {
  org: OrgConnection;
  snapshot: OrgSnapshot;
}

/** Connects and takes the read-only snapshot every review works from. */
export async function readOrg(
  targetOrg: string | undefined,
  loaded: Loaded,
  options: { dependencies: boolean },
): Promise<OrgRead> {
  const org = await connectToOrg(targetOrg, loaded.model.apiVersion, loaded.root);
  const request = {
    ...snapshotRequest(loaded.model, buildComponents(loaded.model)),
    dependencies: options.dependencies,
  };
  const snapshot = await takeSnapshot(org.conn, org.orgId, org.apiVersion, request);
  return { org, snapshot };
}

/**
 * What the org's ownership record shows of earlier configs, and how a deploy withdraws it: reads
 * the components the record names that the snapshot did not (one retrieve) and the stale users
 * (four queries), only when there are any; a converged org costs no request here.
 */
export async function readConvergence(
  conn: Connection,
  apiVersion: string,
  model: Model,
  snapshot: OrgSnapshot,
): Promise<ConvergencePlan> {
  await readRecordedComponents(conn, apiVersion, snapshot);
  const ownership = ownershipOf(snapshot);
  const users = await readOwnedUsers(conn, model, staleUsers(ownership, model));
  const builtKeys = new Set(buildComponents(model).map((c) => componentKey(c)));
  return planConvergence({ model, snapshot, ownership, users, builtKeys });
}
