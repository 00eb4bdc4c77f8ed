/**
 * `reco-sf teardown --target-org X [--yes] [--json]`: offboarding. Removes only what the org's
 * ownership record (the static resource RecoSfOwnership, scripts/org/ownership.ts) shows
 * reco-sf added, so it works from any machine; local receipts are never read. A dry run by
 * default; `--yes` does it. Exit 0 (also when there is nothing left to remove), 1 when a step fails.
 */
import { formatDiagnostic } from '../core/diagnostic';
import { printJson } from '../core/output';
import { recoCommand } from '../core/org-args';
import { OWNERSHIP_NAME } from '../org/ownership';
import { styleFor, useColour } from '../review/style';
import { runTeardownFlow, type TeardownOptions, type TeardownResult } from '../review/teardown-flow';

export type { TeardownResult } from '../review/teardown-flow';

function renderText(result: TeardownResult, opts: TeardownOptions): string {
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
      `run again with --yes to remove it: ${recoCommand('teardown', { target: result.org.target, config: opts.config }, '--yes')}`,
    );
  return lines.join('\n') + '\n';
}

export async function teardownCommand(opts: TeardownOptions): Promise<number> {
  const { result, status, failure, warnings } = await runTeardownFlow(opts);
  if (failure !== undefined && !opts.json) process.stderr.write(`Error (TEARDOWN_FAILED): ${failure}\n`);
  if (opts.json) printJson<TeardownResult>(status, result, warnings);
  else {
    for (const w of warnings) process.stderr.write(`${formatDiagnostic(w)}\n`);
    process.stdout.write(renderText(result, opts));
  }
  return status;
}
