/** Step "snapshot": what the org holds (one read), what earlier configs left there, and the --plan-hash check. */
import { buildComponents } from '../../components';
import { readConvergence } from '../../review/context';
import type { ConvergencePlan } from '../../review/converge';
import { checkPlanHash } from '../../review/hash';
import { snapshotRequest, takeSnapshot } from '../snapshot';
import type { OrgSnapshot } from '../types';
import type { RunContext } from './types';

/**
 * Reads the org for the run's model (the request every review sends too).
 * @throws RecoError PLAN_CHANGED / PLAN_FROM_EMPTY_ORG (exit 2) when --plan-hash does not match; the read's errors.
 */
export async function snapshotStep(
  ctx: Pick<RunContext, 'opts' | 'model' | 'org' | 'progress' | 'configModel'>,
): Promise<{ snapshot: OrgSnapshot; convergence: ConvergencePlan }> {
  const { opts, model, org } = ctx;
  ctx.progress.update(`reading ${org.target}`);
  const request = snapshotRequest(model, buildComponents(model));
  const snapshot = await takeSnapshot(org.conn, org.orgId, org.apiVersion, request);
  const convergence = await readConvergence(org.conn, org.apiVersion, model, snapshot);
  if (opts.planHash !== undefined)
    checkPlanHash(
      model,
      snapshot,
      opts.planHash,
      { target: org.target, config: opts.config },
      ctx.configModel,
    );
  return { snapshot, convergence };
}
