/**
 * Verification and the summary table. After a deploy, the org is read back with the snapshot
 * code and every component re-planned against it: anything not "unchanged" means the org does not
 * hold what the config asks. When nothing changed, the preflight snapshot is the read-back.
 */
import type { OwnedComponent } from '../components';
import type { PartDecision } from './adapt';
import { planChanges, type ComponentChange } from './changes';
import type { DataPlan } from './data';
import type { OrgSnapshot } from './types';
import { entityOf, type Diagnostic } from '../core/diagnostic';
import { formatTable } from '../core/table';

export type SummaryState =
  | 'created'
  | 'updated'
  | 'unchanged'
  | 'skipped'
  | 'would create'
  | 'would update'
  | 'removed'
  | 'would remove';

export interface SummaryRow {
  component: string;
  state: SummaryState;
  reason?: string;
}

function componentState(change: ComponentChange, dryRun: boolean): SummaryState {
  if (change.state === 'unchanged') return 'unchanged';
  if (dryRun) return change.state === 'create' ? 'would create' : 'would update';
  return change.state === 'create' ? 'created' : 'updated';
}

function dataRows(plan: DataPlan | null, dryRun: boolean, username: string): SummaryRow[] {
  if (!plan) return [];
  const row = (component: string, todo: boolean, create: boolean, reason?: string): SummaryRow => ({
    component,
    state: !todo
      ? 'unchanged'
      : dryRun
        ? create
          ? 'would create'
          : 'would update'
        : create
          ? 'created'
          : 'updated',
    ...(reason ? { reason } : {}),
  });
  const u = plan.user;
  const reasons = [
    u.action === 'reactivate'
      ? 'reactivated'
      : u.action === 'update'
        ? `corrected ${Object.keys(u.set).join(', ')}`
        : '',
    plan.unfreeze ? 'unfrozen' : '',
  ].filter(Boolean);
  const userReason = reasons.length > 0 ? reasons.join('; ') : undefined;
  return [
    row(`User ${username}`, u.action !== 'none' || plan.unfreeze !== null, u.action === 'create', userReason),
    row('PermissionSetLicenseAssign', plan.permissionSetLicense === 'assign', true),
    row('PermissionSetAssignment', plan.permissionSet === 'assign', true),
  ];
}

export function summarise(
  changes: ComponentChange[],
  parts: PartDecision[],
  data: DataPlan | null,
  options: { dryRun: boolean; username: string; removals?: Array<{ what: string; reason: string }> },
): SummaryRow[] {
  const rows: SummaryRow[] = changes.map((c) => ({
    component: c.key,
    state: componentState(c, options.dryRun),
  }));
  for (const part of parts)
    if (part.action === 'skip') rows.push({ component: part.part, state: 'skipped', reason: part.reason });
  const removals = (options.removals ?? []).map((r): SummaryRow => ({
    component: r.what,
    state: options.dryRun ? 'would remove' : 'removed',
    reason: r.reason,
  }));
  return [...rows, ...dataRows(data, options.dryRun, options.username), ...removals];
}

export function formatSummary(rows: SummaryRow[]): string {
  return formatTable(
    ['COMPONENT', 'STATE', 'REASON'],
    rows.map((r) => [r.component, r.state, r.reason ?? '']),
  );
}

/** A read-back finding: an error at the org entity, in verify's codes. */
function notHeld(code: string, key: string, message: string): Diagnostic {
  return { code, severity: 'error', source: 'org', location: { entity: entityOf(key) }, message };
}

/**
 * What the read-back org still lacks, as errors in verify's codes (COMPONENT_MISSING,
 * COMPONENT_CHANGED, USER_MISSING, USER_DEACTIVATED, USER_FROZEN, LICENCE_ASSIGNMENT_REMOVED,
 * ASSIGNMENT_REMOVED); empty when it holds everything the config asks. `username` locates the
 * user's findings.
 */
export function verificationProblems(
  components: OwnedComponent[],
  after: OrgSnapshot,
  expectData: boolean,
  username = after.user?.username ?? '',
): Diagnostic[] {
  const problems = planChanges(components, after)
    .changes.filter((c) => c.state !== 'unchanged')
    .map((c) =>
      notHeld(
        c.state === 'create' ? 'COMPONENT_MISSING' : 'COMPONENT_CHANGED',
        c.key,
        `${c.key} does not hold the expected value (${c.state === 'create' ? 'missing' : c.diff.map((d) => d.path).join(', ')})`,
      ),
    );
  if (!expectData) return problems;
  const user = (code: string, message: string): number =>
    problems.push(notHeld(code, `User:${username}`, message));
  if (!after.user) user('USER_MISSING', 'the integration user is missing');
  else if (!after.user.isActive) user('USER_DEACTIVATED', 'the integration user is inactive');
  else if (after.user.login?.isFrozen) user('USER_FROZEN', 'the integration user is frozen');
  if (!after.assignments.permissionSetLicense)
    user('LICENCE_ASSIGNMENT_REMOVED', 'the permission set licence is not assigned to the integration user');
  if (!after.assignments.permissionSet)
    user('ASSIGNMENT_REMOVED', 'the permission set is not assigned to the integration user');
  return problems;
}
