/**
 * The ownership record's part of the run (scripts/org/ownership.ts): what this run adds is
 * recorded ahead of the deploy, and what the config no longer declares is withdrawn after it.
 */
import { rangeKey } from '../../core/ip';
import type { Model } from '../../core/model';
import { RecoError } from '../../core/errors';
import type { IpRange } from '../../components/securitySettings';
import { settledRecord, type ConvergencePlan } from '../../review/converge';
import { deleteComponents, runTeardown } from '../../review/teardown-run';
import type { ChangeSet } from '../changes';
import type { OrgConnection } from '../connect';
import type { DataPlan } from '../data';
import {
  ownershipChange,
  ownershipOf,
  recordAhead,
  withdrawDroppedRanges,
  type Ownership,
} from '../ownership';
import type { Progress } from '../progress';
import type { OrgSnapshot } from '../types';
import { hasWork } from './guards';

/**
 * Reco ranges the config dropped are withdrawn from the Security change, and the record, written
 * ahead of what this run adds, joins the changes (mutates `changeSet`). Returns the withdrawn
 * ranges and the record written ahead.
 */
export function convergeOwnership(
  changeSet: ChangeSet,
  snapshot: OrgSnapshot,
  dataPlan: DataPlan,
  model: Model,
  convergence: ConvergencePlan,
): { withdrawn: IpRange[]; ahead: Ownership } {
  const prior = ownershipOf(snapshot);
  const withdrawn = withdrawDroppedRanges(changeSet.changes, prior, model.trustedRanges);
  let ahead = recordAhead(prior, changeSet.changes, dataPlan, model.user.username);
  const gone = new Set(withdrawn.map((r) => rangeKey(r)));
  ahead.ranges = ahead.ranges.filter((r) => !gone.has(rangeKey(r)));
  // Nothing left to withdraw: the record can forget the stale entries right away.
  if (!hasWork(convergence)) ahead = settledRecord(ahead, convergence);
  const change = ownershipChange(ahead, snapshot);
  if (change) changeSet.changes.push(change);
  return { withdrawn, ahead };
}

/**
 * After the data steps: the record's steps, then one deploy deleting components and writing the
 * settled record. Nothing to do when the org has converged.
 * @throws RecoError CONVERGE_FAILED (exit 1) when a step fails.
 */
export async function withdrawStep(
  org: OrgConnection,
  convergence: ConvergencePlan,
  ahead: Ownership,
  ctx: { minutes: number; progress: Progress; again: string },
): Promise<void> {
  if (!hasWork(convergence)) return;
  const run = {
    conn: org.conn,
    apiVersion: org.apiVersion,
    waitMinutes: ctx.minutes,
    onProgress: (t: string) => ctx.progress.update(t),
  };
  const outcome = await runTeardown(run, convergence.steps);
  if (outcome.failed) {
    const failed = outcome.outcomes.find((o) => o.status === 'failed');
    throw new RecoError(
      'CONVERGE_FAILED',
      `the deploy finished, but withdrawing what the config no longer declares stopped at "${failed?.description ?? '?'}": ${failed?.detail ?? ''}`,
      {
        exitCode: 1,
        fix: `fix the cause and run ${ctx.again} again (the ownership record still lists it)`,
      },
    );
  }
  await deleteComponents(run, convergence.deletions, settledRecord(ahead, convergence));
}
