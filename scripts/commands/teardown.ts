/**
 * `reco-sf teardown --target-org X [--yes] [--json]`: offboarding. Removes only what the deploy
 * receipts (.reco/receipts) show reco-sf added. A dry run by default; `--yes` does it. Exit 0
 * (also when there is nothing left to remove), 1 when a step fails, 2 without receipts.
 */
import { basename } from 'node:path';
import { RecoError } from '../core/errors';
import { printJson } from '../core/output';
import { Progress } from '../org/progress';
import { listReceipts, readReceipt, RECEIPTS_DIR } from '../org/receipt';
import { allSettledOrThrow } from '../org/retry';
import { loadModel, readOrg } from '../review/context';
import { readAssignmentIds, readReviewFacts } from '../review/read-facts';
import type { TargetInfo } from '../review/render-reports';
import { styleFor, useColour } from '../review/style';
import { planTeardown, type TeardownPlan } from '../review/teardown';
import { runTeardown, teardownFailedError, type StepOutcome } from '../review/teardown-run';

export interface TeardownResult {
  org: TargetInfo;
  dryRun: boolean;
  receipts: string[];
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
  if (result.steps.length === 0) lines.push('  nothing left to remove: the org holds nothing reco-sf added');
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
  const loaded = loadModel(opts.config, opts.json === true);
  const { org, snapshot } = await readOrg(opts.targetOrg, loaded, { dependencies: false });
  const files = listReceipts(loaded.root, org.orgId);
  const receipts = files.map(readReceipt).filter((r) => !r.dryRun);
  if (receipts.length === 0) {
    throw new RecoError(
      'NO_RECEIPTS',
      `no deploy receipt for org ${org.orgId} in ${RECEIPTS_DIR}: teardown removes only what a recorded deploy added`,
      { hint: 'run teardown in the project folder where reco-sf deploy ran (its .reco/receipts)' },
    );
  }
  const [facts, assignmentIds] = await allSettledOrThrow([
    readReviewFacts(org.conn, org.apiVersion, loaded.model, snapshot),
    readAssignmentIds(org.conn, loaded.model),
  ]);
  const plan = planTeardown({ model: loaded.model, snapshot, facts, receipts, assignmentIds });
  const result: TeardownResult = {
    org: { orgId: snapshot.orgId, name: snapshot.organization.name, target: org.target },
    dryRun: true,
    receipts: files.map((f) => basename(f)),
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
  const { plan, result, conn, apiVersion } = await prepare(opts);
  let status = 0;
  if (opts.yes === true) {
    const progress = Progress.for({ json: opts.json });
    const run = await runTeardown(
      { conn, apiVersion, waitMinutes: TEARDOWN_WAIT_MINUTES, onProgress: (t) => progress.update(t) },
      plan.steps,
    );
    progress.done();
    Object.assign(result, { dryRun: false, outcomes: run.outcomes });
    status = run.failed ? 1 : 0;
    if (run.failed && !opts.json)
      process.stderr.write(`Error (TEARDOWN_FAILED): ${teardownFailedError(run.outcomes).message}\n`);
  }
  if (opts.json) printJson<TeardownResult>(status, result);
  else process.stdout.write(renderText(result));
  return status;
}
