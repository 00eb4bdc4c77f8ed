/**
 * The I/O edge the review commands share: the offline gate (config → model) and one read-only
 * snapshot of the org, taken exactly as the deploy takes it (same request, same modules).
 */
import { buildComponents } from '../components';
import type { Model } from '../core/model';
import { offlineGate } from '../generate/gate';
import { connectToOrg, orgError, type OrgConnection } from '../org/connect';
import { snapshotRequest, takeSnapshot } from '../org/snapshot';
import type { OrgSnapshot } from '../org/types';

export interface Loaded {
  root: string;
  model: Model;
  /** The gate's warnings (config warnings, --ignore-local-changes). */
  warnings: string[];
}

/**
 * The offline gate (scripts/generate/gate.ts, the same one deploy runs): any config error, and
 * with `checkTree` any problem of the committed force-app/, stops here before any network call
 * (exit 2).
 */
export async function loadModel(
  config: string | undefined,
  json: boolean,
  tree: { checkTree?: boolean; ignoreLocalChanges?: boolean } = {},
): Promise<Loaded> {
  const gate = await offlineGate({ config, json, ...tree });
  return { root: gate.root, model: gate.model, warnings: gate.warnings };
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
  try {
    const snapshot = await takeSnapshot(org.conn, org.orgId, org.apiVersion, request);
    return { org, snapshot };
  } catch (error) {
    throw orgError(error, org);
  }
}
