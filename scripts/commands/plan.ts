/**
 * `reco-sf plan [--target-org X] [--format text|markdown|json]`: read-only. What a deploy would
 * change, field by field, and the plan hash `deploy --plan-hash` can require. Exit 0, or 2 when
 * the org's shape would stop the deploy (the plan is still shown).
 */
import { RecoError } from '../core/errors';
import { printJson } from '../core/output';
import { loadModel, withTargetValues, readConvergence, readOrg } from '../review/context';
import { configPathFor } from '../core/project';
import { lockNotice } from '../lock/lock';
import { defaultTargetOrg } from '../org/connect';
import { buildPlan, type Plan } from '../review/plan';
import { renderPlanMarkdown, renderPlanText } from '../review/render-plan';
import { useColour } from '../review/style';

export type PlanResult = Plan;
const FORMATS = ['text', 'markdown', 'json'] as const;
type Format = (typeof FORMATS)[number];

function formatOf(opts: { format?: string; json?: boolean }): Format {
  if (opts.json) return 'json';
  const format = opts.format ?? 'text';
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw new RecoError('BAD_FORMAT', `unknown --format "${format}"`, {
      fix: `use one of: ${FORMATS.join(', ')}`,
    });
  }
  return format as Format;
}

export async function planCommand(opts: {
  targetOrg?: string;
  /** Per-org values (username, email) from this org's line of a targets file. */
  targetsFile?: string;
  format?: string;
  config?: string;
  json?: boolean;
  ignoreLocalChanges?: boolean;
  /** Plan against an empty org even when sf has a default target org. */
  empty?: boolean;
}): Promise<number> {
  const format = formatOf(opts);
  const loaded = withTargetValues(
    await loadModel(opts.config, format === 'json', {
      checkTree: true,
      ignoreLocalChanges: opts.ignoreLocalChanges === true,
    }),
    opts,
  );
  if (opts.empty && opts.targetOrg !== undefined)
    throw new RecoError('BAD_OPTIONS', '--empty and --target-org exclude each other', {
      fix: 'plan against an org (--target-org) or against an empty one (--empty)',
    });
  // Like every other command: without --target-org, the sf config's default target org.
  const target = opts.empty ? undefined : (opts.targetOrg ?? (await defaultTargetOrg(loaded.root)));
  const read = target === undefined ? null : await readOrg(target, loaded, { dependencies: true });
  const convergence = read
    ? await readConvergence(read.org.conn, read.org.apiVersion, loaded.model, read.snapshot)
    : null;
  const plan = buildPlan(loaded.model, read?.snapshot ?? null, convergence?.removals);
  const lock =
    read && lockNotice(configPathFor(loaded.root, opts.config), loaded.model, read.snapshot, target ?? '');
  if (lock) plan.warnings.push({ code: 'LOCK_NOTICE', severity: 'warning', source: 'tool', message: lock });
  const status = plan.blocking.length > 0 ? 2 : 0;
  if (format === 'json') printJson<PlanResult>(status, plan, plan.warnings);
  else if (format === 'markdown') process.stdout.write(renderPlanMarkdown(plan));
  else process.stdout.write(renderPlanText(plan, useColour(process.stdout)));
  return status;
}
