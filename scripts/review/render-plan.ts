/**
 * The plan as text (terminal, optionally coloured) and as Markdown (a pull-request comment).
 * Both read the same rows, so they always list the same changes.
 */
import type { FieldChange, Plan } from './plan';
import { styleFor, type Style } from './style';
import { formatDiagnostic } from '../core/diagnostic';
import { formatTable } from '../core/table';

export type RowChange = 'add' | 'remove' | 'change' | 'create' | 'skip';

export interface PlanRow {
  section: string;
  change: RowChange;
  item: string;
  before?: string;
  after?: string;
  why?: string;
}

const show = (v: string | number | boolean | undefined): string | undefined =>
  v === undefined ? undefined : String(v);

function fieldRows(
  section: string,
  changes: FieldChange[],
  item: (c: FieldChange) => string = (c) => c.field,
): PlanRow[] {
  return changes.map((c) => ({
    section,
    change: c.change,
    item: item(c),
    before: show(c.before),
    after: show(c.after),
  }));
}

function permissionRows(plan: Plan): PlanRow[] {
  return plan.permissions.map((p) => ({
    section: 'Permissions',
    change: p.change,
    item: p.apiName === null ? p.label : `${p.apiName} (${p.label})`,
    why: p.reason,
  }));
}

function rangeRows(plan: Plan): PlanRow[] {
  const item = (r: { start: string; end: string }): string =>
    r.start === r.end ? r.start : `${r.start} – ${r.end}`;
  return [
    ...plan.trustedRanges.add.map((r) => ({
      section: 'Trusted IP ranges',
      change: 'add' as const,
      item: item(r),
      why: r.description || undefined,
    })),
    ...plan.trustedRanges.update.map((r) => ({
      section: 'Trusted IP ranges',
      change: 'change' as const,
      item: `${item(r)} description`,
      before: r.before,
      after: r.description,
      why: 'reco-sf added this range; the config changed its description (shown in Setup)',
    })),
  ];
}

function userRows(plan: Plan): PlanRow[] {
  const { user } = plan;
  if (user.action === 'unchanged') return [];
  const head: PlanRow = {
    section: 'Integration user',
    change: user.action === 'create' ? 'create' : 'change',
    item: `${user.username} (${user.action})`,
  };
  return [head, ...fieldRows('Integration user', user.fields)];
}

/** Every change in the plan, in the order a reviewer reads it. */
export function planRows(plan: Plan): PlanRow[] {
  return [
    ...permissionRows(plan),
    ...fieldRows('Object access', plan.objects),
    ...fieldRows('Permission set', plan.permissionSet),
    ...rangeRows(plan),
    ...fieldRows('Event Monitoring settings', plan.eventSettings),
    ...plan.eventManager.enable.map((entity) => ({
      section: 'Event Manager',
      change: 'add' as const,
      item: entity,
      after: 'enabled',
    })),
    ...fieldRows('OAuth app', plan.oauth, (c) => `${c.component.replace(/^[^:]+:/, '')} ${c.field}`),
    ...userRows(plan),
    ...plan.assignments
      .filter((a) => a.action === 'create')
      .map((a) => ({ section: 'Assignments', change: 'create' as const, item: `${a.kind} ${a.name}` })),
    ...plan.removals.map((r) => ({
      section: 'Removals (not in the config any more)',
      change: 'remove' as const,
      item: r.what,
      why: r.reason,
    })),
    ...plan.skipped.map((s) => ({
      section: 'Skipped for org shape',
      change: 'skip' as const,
      item: s.part,
      why: s.reason,
    })),
  ];
}

function targetLine(plan: Plan): string {
  if (!plan.target) return 'against an empty org (what the package contains)';
  return `against ${plan.target.name} (${plan.target.orgId}, ${plan.target.production ? 'production' : 'sandbox/scratch'})`;
}

export function planCounts(plan: Plan): {
  create: number;
  update: number;
  unchanged: number;
  skipped: number;
} {
  const count = (state: string): number => plan.components.filter((c) => c.state === state).length;
  return {
    create: count('create'),
    update: count('update'),
    unchanged: count('unchanged'),
    skipped: plan.skipped.length,
  };
}

function summaryLine(plan: Plan): string {
  const c = planCounts(plan);
  const removals = plan.removals.length > 0 ? `; ${plan.removals.length} removal(s)` : '';
  return `components: ${c.create} to create, ${c.update} to update, ${c.unchanged} unchanged, ${c.skipped} part(s) skipped; user: ${plan.user.action}${removals}`;
}

function rangeNote(plan: Plan): string {
  const r = plan.trustedRanges;
  return `${r.orgRangesUntouched} of the org's own trusted range(s) stay untouched; ${r.alreadyPresent} of ours already present`;
}

const MARK: Record<RowChange, string> = { add: '+', create: '+', remove: '-', change: '~', skip: '·' };

function textRow(row: PlanRow, s: Style): string {
  const paint =
    row.change === 'remove'
      ? s.remove
      : row.change === 'change'
        ? s.change
        : row.change === 'skip'
          ? s.dim
          : s.add;
  const values =
    row.before !== undefined || row.after !== undefined
      ? `: ${row.before ?? '(none)'} → ${row.after ?? '(none)'}`
      : '';
  const why = row.why ? s.dim(`  ${row.why}`) : '';
  return `  ${paint(`${MARK[row.change]} ${row.item}${values}`)}${why}`;
}

/** The heading over the plan's blocking reasons (each an error diagnostic). */
const BLOCKING = 'Blocking: a deploy would stop in its preflight';

export function renderPlanText(plan: Plan, colour: boolean): string {
  const s = styleFor(colour);
  const lines = [s.bold(`Plan ${targetLine(plan)}`), `Plan hash: ${plan.planHash}`];
  let section = '';
  for (const row of planRows(plan)) {
    if (row.section !== section) lines.push('', s.bold(row.section));
    section = row.section;
    lines.push(textRow(row, s));
  }
  if (plan.trustedRanges.add.length > 0 || plan.target) lines.push('', s.dim(rangeNote(plan)));
  for (const w of plan.warnings) lines.push(s.change(formatDiagnostic(w)));
  if (plan.blocking.length > 0) lines.push('', s.bold(BLOCKING));
  for (const b of plan.blocking) lines.push(s.remove(`  ${formatDiagnostic(b)}`));
  lines.push('', summaryLine(plan), '');
  return lines.join('\n');
}

/** A Markdown table cell: pipes escaped and line breaks removed so the table holds together. */
function cell(text: string | undefined): string {
  return (text ?? '').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

const code = (text: string | undefined): string =>
  text === undefined || text === '' ? '' : `\`${text.replace(/`/g, "'")}\``;

export function renderPlanMarkdown(plan: Plan): string {
  const lines = [
    `### reco-sf plan ${targetLine(plan)}`,
    '',
    `Plan hash: \`${plan.planHash}\``,
    '',
    summaryLine(plan),
    '',
  ];
  const rows = planRows(plan);
  if (rows.length === 0) lines.push('No changes.');
  else {
    const cells = rows.map((r) => [
      cell(r.section),
      r.change,
      cell(code(r.item)),
      cell(code(r.before)),
      cell(code(r.after)),
      cell(r.why),
    ]);
    lines.push(formatTable(['Part', 'Change', 'Item', 'Before', 'After', 'Why'], cells, 'markdown'));
  }
  lines.push('', rangeNote(plan));
  for (const w of plan.warnings) lines.push('', `> ${formatDiagnostic(w)}`);
  if (plan.blocking.length > 0) lines.push('', `**${BLOCKING}**`);
  for (const b of plan.blocking) lines.push('', `> ${formatDiagnostic(b)}`);
  return lines.join('\n') + '\n';
}
