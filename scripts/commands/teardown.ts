/**
 * `reco-sf teardown --target-org X [--yes] [--json]`: offboarding. Removes only what the org's
 * ownership record (the static resource RecoSfOwnership, scripts/org/ownership.ts) shows
 * reco-sf added, so it works from any machine; local receipts are never read. A dry run by
 * default; `--yes` does it. Exit 0 (also when there is nothing left to remove), 1 when a step fails.
 */
import { printJson } from '../core/output';
import { OWNERSHIP_NAME, ownershipOf } from '../org/ownership';
import { findProjectRoot } from '../core/project';
import { acquireOrgLock, checkWritable, LOCKS_DIR } from '../org/lock';
import { Progress } from '../org/progress';
import { loadModel, readOrg } from '../review/context';
import { readOwnedUsers } from '../review/read-facts';
import type { TargetInfo } from '../review/render-reports';
import { styleFor, useColour } from '../review/style';
import { planTeardown, type TeardownPlan } from '../review/teardown';
import { leaveOutUnavailable } from '../review/teardown-shape';
import { runTeardown, teardownFailedError, type StepOutcome } from '../review/teardown-run';

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

function renderText(result: TeardownResult): string {
  const s = styleFor(useColour(process.stdout));
  const head = result.dryRun
    ? `teardown (dry run) of ${result.org.target}: ${result.steps.length} step(s) would run`
    : `teardown of ${result.org.target}: ${result.outcomes.filter((o) => o.status !== 'failed').length} of ${result.steps.length} step(s) done`;
  const lines = [s.bold(head)];
  if (result.dryRun) lines.push(...result.steps.map((st) => `  ${s.remove('-')} ${st.description}`));
  else
    lines.push(
      ...result.outcomes.map(
        (o) =>
          `  ${o.status === 'failed' ? s.remove('✗') : s.add('✓')} ${o.description}${o.status === 'already done' ? ' (already done)' : ''}${o.detail ? `: ${o.detail}` : ''}`,
      ),
    );
  if (result.steps.length === 0)
    lines.push(
      `  nothing left to remove: the org holds nothing reco-sf added (no ${OWNERSHIP_NAME} ownership record)`,
    );
  lines.push(...result.kept.map((k) => s.dim(`  kept: ${k}`)));
  if (result.dryRun && result.steps.length > 0)
    lines.push(
      '',
      `run again with --yes to remove it: reco-sf teardown --target-org ${result.org.target} --yes`,
    );
  return lines.join('\n') + '\n';
}

async function prepare(opts: { targetOrg?: string; config?: string; json?: boolean }): Promise<{
  plan: TeardownPlan;
  result: TeardownResult;
  conn: import('@salesforce/core').Connection;
  apiVersion: string;
}> {
  const loaded = await loadModel(opts.config, opts.json === true);
  const { org, snapshot } = await readOrg(opts.targetOrg, loaded, { dependencies: false });
  const ownership = ownershipOf(snapshot);
  const users = await readOwnedUsers(org.conn, loaded.model, ownership?.users ?? []);
  const plan = leaveOutUnavailable(
    planTeardown({ model: loaded.model, snapshot, ownership, users }),
    snapshot,
    loaded.model,
  );
  const result: TeardownResult = {
    org: { orgId: snapshot.orgId, name: snapshot.organization.name, target: org.target },
    dryRun: true,
    ownershipRecord: ownership ? `StaticResource ${OWNERSHIP_NAME}` : null,
    steps: plan.steps.map((st) => ({ description: st.description, kind: st.action.kind })),
    kept: plan.kept,
    outcomes: [],
  };
  return { plan, result, conn: org.conn, apiVersion: org.apiVersion };
}

export async function teardownCommand(opts: {
  targetOrg?: string;
  yes?: boolean;
  config?: string;
  json?: boolean;
}): Promise<number> {
  if (opts.yes === true) checkWritable(findProjectRoot(), [LOCKS_DIR]);
  const { plan, result, conn, apiVersion } = await prepare(opts);
  let status = 0;
  if (opts.yes === true) result.dryRun = false;
  if (opts.yes === true && plan.steps.length > 0) {
    const lock = acquireOrgLock(
      findProjectRoot(),
      { orgId: result.org.orgId, instanceUrl: conn.instanceUrl, target: result.org.target },
      'teardown',
    );
    try {
      status = await runSteps(opts, plan, result, conn, apiVersion);
    } finally {
      lock.release();
    }
  }
  if (opts.json) printJson<TeardownResult>(status, result);
  else process.stdout.write(renderText(result));
  return status;
}

async function runSteps(
  opts: { json?: boolean },
  plan: TeardownPlan,
  result: TeardownResult,
  conn: import('@salesforce/core').Connection,
  apiVersion: string,
): Promise<number> {
  const progress = Progress.for({ json: opts.json });
  const run = await runTeardown(
    { conn, apiVersion, waitMinutes: TEARDOWN_WAIT_MINUTES, onProgress: (t) => progress.update(t) },
    plan.steps,
  );
  progress.done();
  Object.assign(result, { dryRun: false, outcomes: run.outcomes });
  if (run.failed && !opts.json)
    process.stderr.write(`Error (TEARDOWN_FAILED): ${teardownFailedError(run.outcomes).message}\n`);
  return run.failed ? 1 : 0;
}
