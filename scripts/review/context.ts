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
import { runOfflinePipeline } from '../generate/pipeline';
import { connectToOrg, orgError, type OrgConnection } from '../org/connect';
import { snapshotRequest, takeSnapshot } from '../org/snapshot';
import type { OrgSnapshot } from '../org/types';

export interface Loaded {
  root: string;
  model: Model;
}

/** The offline gate: any config error stops here, before any network call (exit 2). */
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
  try {
    const snapshot = await takeSnapshot(org.conn, org.orgId, org.apiVersion, request);
    return { org, snapshot };
  } catch (error) {
    throw orgError(error, org);
  }
}
