/**
 * `reco-sf plan [--target-org X] [--format text|markdown|json]`: read-only. What a deploy would
 * change, field by field, and the plan hash `deploy --plan-hash` can require. Exit 0, or 2 when
 * the org's shape would stop the deploy (the plan is still shown).
 */
import { RecoError } from '../core/errors';
import { printJson } from '../core/output';
import type { Plan } from '../review/plan';
import { runPlan, type PlanOptions } from '../review/plan-run';
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

export async function planCommand(opts: PlanOptions): Promise<number> {
  const format = formatOf(opts);
  const plan = await runPlan(opts, format === 'json');
  const status = plan.blocking.length > 0 ? 2 : 0;
  if (format === 'json') printJson<PlanResult>(status, plan, plan.warnings);
  else if (format === 'markdown') process.stdout.write(renderPlanMarkdown(plan));
  else process.stdout.write(renderPlanText(plan, useColour(process.stdout)));
  return status;
}
