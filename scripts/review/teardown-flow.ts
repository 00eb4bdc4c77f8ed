/**
 * `reco-sf teardown`'s orchestration: the plan from the org's ownership record (local receipts
 * are never read), and with `yes` its steps under the org's run lock. The command renders.
 */
import type { Connection } from '@salesforce/core';
import { findProjectRoot } from '../core/project';
import { acquireOrgLock, checkWritable, LOCKS_DIR } from '../org/lock';
import { OWNERSHIP_NAME, ownershipOf } from '../org/ownership';
import { Progress } from '../org/progress';
import type { Diagnostic } from '../core/diagnostic';
import { readOrg } from './context';
import { readOwnedUsers } from './read-facts';
import type { TargetInfo } from './render-reports';
import { planTeardown, type TeardownPlan } from './teardown';
import { loadForTeardown, readSettingsForTeardown, withRecordNames } from './teardown-model';
import { leaveOutUnavailable } from './teardown-shape';
import { runTeardown, teardownFailedError, type StepOutcome } from './teardown-run';

/** `reco-sf teardown`'s options as the command line gives them. */
export interface TeardownOptions {
  targetOrg?: string;
  yes?: boolean;
  config?: string;
  json?: boolean;
}

export interface TeardownResult {
  org: TargetInfo;
  dryRun: boolean;
  /** The org's ownership record the plan comes from; null when the org has none. */
  ownershipRecord: string | null;
  steps: Array<{ description: string; kind: string }>;
  kept: string[];
  /** With --yes: what each step did. */
  outcomes: StepOutcome[];
}

const TEARDOWN_WAIT_MINUTES = 33;

async function prepare(opts: TeardownOptions): Promise<{
  plan: TeardownPlan;
  result: TeardownResult;
  conn: Connection;
  apiVersion: string;
  warnings: Diagnostic[];
}> {
  const { loaded, recordOnly, warnings } = await loadForTeardown(opts.config, opts.json === true);
  const { org, snapshot } = await readOrg(opts.targetOrg, loaded, { dependencies: false });
  const ownership = ownershipOf(snapshot);
  const model = recordOnly ? withRecordNames(loaded.model, ownership) : loaded.model;
  await readSettingsForTeardown(org.conn, org.apiVersion, snapshot, ownership);
  const users = await readOwnedUsers(org.conn, model, ownership?.users ?? []);
  const plan = leaveOutUnavailable(planTeardown({ model, snapshot, ownership, users }), snapshot, model);
  const result: TeardownResult = {
    org: { orgId: snapshot.orgId, name: snapshot.organization.name, target: org.target },
    dryRun: true,
    ownershipRecord: ownership ? `StaticResource ${OWNERSHIP_NAME}` : null,
    steps: plan.steps.map((st) => ({ description: st.description, kind: st.action.kind })),
    kept: plan.kept,
    outcomes: [],
  };
  return { plan, result, conn: org.conn, apiVersion: org.apiVersion, warnings };
}

/**
 * The teardown: a dry run, or with `yes` every step. Returns the result, the exit status (1
 * when a step failed; `failure` then says why) and the warnings (TEARDOWN_WITHOUT_CONFIG). Throws the gate's, the read's and the lock's errors.
 */
export async function runTeardownFlow(
  opts: TeardownOptions,
): Promise<{ result: TeardownResult; status: number; failure?: string; warnings: Diagnostic[] }> {
  if (opts.yes === true) checkWritable(findProjectRoot(), [LOCKS_DIR]);
  const { plan, result, conn, apiVersion, warnings } = await prepare(opts);
  if (opts.yes === true) result.dryRun = false;
  if (opts.yes !== true) return { result, status: 0, warnings };
  // Taken even when nothing is left: a deploy running now (ORG_LOCKED) may be adding what this read missed.
  const lock = acquireOrgLock(
    findProjectRoot(),
    { orgId: result.org.orgId, instanceUrl: conn.instanceUrl, target: result.org.target },
    'teardown',
  );
  try {
    if (plan.steps.length === 0) return { result, status: 0, warnings };
    const progress = Progress.for({ json: opts.json });
    const run = await runTeardown(
      { conn, apiVersion, waitMinutes: TEARDOWN_WAIT_MINUTES, onProgress: (t) => progress.update(t) },
      plan.steps,
    );
    progress.done();
    Object.assign(result, { dryRun: false, outcomes: run.outcomes });
    return run.failed
      ? { result, status: 1, failure: teardownFailedError(run.outcomes).message, warnings }
      : { result, status: 0, warnings };
  } finally {
    lock.release();
  }
}
