/**
 * The I/O edge the review commands share: the offline gate (config → model) and one read-only
 * snapshot of the org, taken exactly as the deploy takes it (same request, same modules).
 */
import { buildComponents } from '../components';
import type { Diagnostic } from '../core/diagnostic';
import type { Model } from '../core/model';
import { offlineGate } from '../generate/gate';
import { connectToOrg, orgError, type OrgConnection } from '../org/connect';
import { readTargetEntries, withOrgValues } from '../org/fleet';
import { snapshotRequest, takeSnapshot } from '../org/snapshot';
import { componentKey, type OrgSnapshot } from '../org/types';
import type { Connection } from '@salesforce/core';
import { ownershipOf, readRecordedComponents } from '../org/ownership';
import { planConvergence, staleUsers, type ConvergencePlan } from './converge';
import { readOwnedUsers } from './read-facts';
import { forOrg, identityOf } from '../org/username';

export interface Loaded {
  root: string;
  model: Model;
  /** The gate's warnings (config warnings, --ignore-local-changes). */
  warnings: Diagnostic[];
}

/**
 * The offline gate (scripts/generate/gate.ts, the same one deploy runs): any config error, and
 * with `checkTree` any problem of the committed force-app/, stops here before any network call
 * (exit 2).
 */
export async function loadModel(
  config: string | undefined,
  json: boolean,
  tree: { checkTree?: boolean; ignoreLocalChanges?: boolean; ignoreLock?: boolean } = {},
): Promise<Loaded> {
  const gate = await offlineGate({ config, json, ...tree });
  return { root: gate.root, model: gate.model, warnings: gate.warnings };
}

/**
 * The model with one org's own values (its line of a targets file: `username=…`, `email=…`), as
 * a fleet deploy from that file used them; unchanged without a file or a target.
 */
export function withTargetValues(loaded: Loaded, opts: { targetOrg?: string; targetsFile?: string }): Loaded {
  if (opts.targetsFile === undefined || opts.targetOrg === undefined) return loaded;
  const entry = readTargetEntries(opts.targetsFile, process.cwd()).find((e) => e.target === opts.targetOrg);
  return { ...loaded, model: withOrgValues(loaded.model, entry?.values) };
}

export interface OrgRead {
  org: OrgConnection;
  snapshot: OrgSnapshot;
}

/**
 * Connects and takes the read-only snapshot every review works from. The username's placeholders
 * (scripts/org/username.ts) are resolved for this org into `loaded.model` first, so every later
 * use of it sees this org's username; `afterConnect` (a guard) runs before anything is read and
 * may throw.
 */
export async function readOrg(
  targetOrg: string | undefined,
  loaded: Loaded,
  options: { dependencies: boolean; afterConnect?: (org: OrgConnection) => void },
): Promise<OrgRead> {
  const org = await connectToOrg(targetOrg, loaded.model.apiVersion, loaded.root);
  loaded.model = forOrg(loaded.model, identityOf(org));
  options.afterConnect?.(org);
  const request = {
    ...snapshotRequest(loaded.model, buildComponents(loaded.model)),
    dependencies: options.dependencies,
  };
  try {
    const snapshot = await takeSnapshot(org.conn, org.orgId, org.apiVersion, request);
    return { org, snapshot };
  } catch (error) {
    throw orgError(error, org);
  }
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
