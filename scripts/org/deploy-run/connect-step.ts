/** Step "connect": the org's connection, refused right away when a demo config meets a real org. */
import type { Model } from '../../core/model';
import { connectToOrg, orgError, type OrgConnection } from '../connect';
import { demoGuard } from './guards';
import { invocationOf, type DeployOptions } from './types';

/**
 * Connects to `target` (undefined: the sf default org) and applies the demo guard before
 * anything is read.
 * @throws connectToOrg's RecoErrors; RecoError DEMO_CONFIG (exit 2).
 */
export async function connectStep(
  target: string | undefined,
  model: Pick<Model, 'apiVersion' | 'demo'>,
  root: string,
  opts: DeployOptions,
): Promise<OrgConnection> {
  const org = await connectToOrg(target, model.apiVersion, root);
  try {
    demoGuard(
      model,
      { orgId: org.orgId, instanceUrl: org.conn.instanceUrl },
      invocationOf(opts, org.target),
      'deploy',
    );
  } catch (error) {
    throw orgError(error, org);
  }
  return org;
}
