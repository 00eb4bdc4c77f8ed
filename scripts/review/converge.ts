/**
 * Convergence (pure): what the org's ownership record shows reco-sf put there under an earlier
 * config that the config no longer declares, and how a deploy withdraws it. Only the record's
 * entries are ever withdrawn, so the org's own ranges, users and apps are never touched:
 * - Reco ranges the config dropped (the deploy sends Security without them);
 * - a renamed integration user: the old one loses the assignments reco-sf made, and is frozen
 *   and deactivated when reco-sf created it;
 * - components reco-sf created that the config no longer builds (the app of another kind):
 *   deleted by a destructive deploy that also writes the settled record; except a part of what
 *   stays (the app's global OAuth settings once `oauthApp.callbackUrl` is removed), which is kept,
 *   with its kind's warning, and stays in the record for teardown.
 */
import { isCreatedByUs, kindOf } from '../components';
import { rangesOf } from '../components/securitySettings';
import type { Diagnostic } from '../core/diagnostic';
import { rangeKey } from '../core/ip';
import type { Model } from '../core/model';
import { OWNERSHIP_KEY, type OwnedUser, type Ownership } from '../org/ownership';
import { componentKey, type OrgSnapshot } from '../org/types';
import { inDeletionOrder, userSteps, type OwnedUserState, type TeardownStep } from './teardown';

export interface Removal {
  /** What goes, e.g. `trusted range 192.0.2.1`, `ExternalClientApplication Reco_Integration`. */
  what: string;
  reason: string;
  /** `user`: a step on a user (`what` is the step, e.g. "freeze the user X"), not a thing in the org. */
  subject?: 'user';
}

export interface ConvergencePlan {
  /** Record steps (assignments, freeze, deactivate), run after the deploy's data steps. */
  steps: TeardownStep[];
  /** Components to delete, in the destructive deploy that writes the settled record. */
  deletions: Array<{ type: string; fullName: string }>;
  /** Every removal with its reason: the plan, verify and the summary show these. */
  removals: Removal[];
  /** Users the record can forget once the steps ran. */
  settledUsers: string[];
  /** Recorded components the org no longer has: the record forgets them. */
  missing: Array<{ type: string; fullName: string }>;
  /** Recorded components the config no longer builds that stay with what they belong to: each kind's warning. */
  kept: Diagnostic[];
}

export const NO_CONVERGENCE: ConvergencePlan = {
  steps: [],
  deletions: [],
  removals: [],
  settledUsers: [],
  missing: [],
  kept: [],
};

/** Users of the record other than the config's integration user. */
export function staleUsers(ownership: Ownership | null, model: Model): OwnedUser[] {
  return (ownership?.users ?? []).filter((u) => u.username !== model.user.username);
}

function rangeText(r: { start: string; end: string }): string {
  return r.start === r.end ? r.start : `${r.start}–${r.end}`;
}

function rangeRemovals(
  model: Model,
  snapshot: Pick<OrgSnapshot, 'metadata'>,
  ownership: Ownership,
): Removal[] {
  const wanted = new Set(model.trustedRanges.map((r) => rangeKey(r)));
  const recorded = new Set(ownership.ranges.map((r) => rangeKey(r)));
  return rangesOf(snapshot.metadata['Settings:Security'] ?? undefined)
    .filter((r) => recorded.has(rangeKey(r)) && !wanted.has(rangeKey(r)))
    .map((r) => ({
      what: `trusted range ${rangeText(r)}`,
      reason: 'reco-sf added it under an earlier config; the config no longer declares it',
    }));
}

function userPlan(
  model: Model,
  users: OwnedUserState[],
): Pick<ConvergencePlan, 'steps' | 'removals' | 'settledUsers'> {
  const steps: TeardownStep[] = [];
  const removals: Removal[] = [];
  const reason = (u: OwnedUserState): string =>
    `the config's integration user is now ${model.user.username}; reco-sf set up ${u.record.username} under an earlier config or with other per-org values (a targets file line)`;
  for (const u of users) {
    const own: TeardownStep[] = [];
    if (u.record.permissionSet)
      own.push(
        ...u.permissionSetAssignments.map((id) => ({
          description: `delete the assignment of permission set ${model.permissionSet.name} to ${u.record.username}`,
          action: { kind: 'delete-record' as const, sobject: 'PermissionSetAssignment' as const, id },
        })),
      );
    if (u.record.permissionSetLicense)
      own.push(
        ...u.permissionSetLicenseAssignments.map((id) => ({
          description: `delete the assignment of licence ${model.permissionSet.license} to ${u.record.username}`,
          action: { kind: 'delete-record' as const, sobject: 'PermissionSetLicenseAssign' as const, id },
        })),
      );
    own.push(...userSteps([u], []));
    steps.push(...own);
    removals.push(
      ...own.map((st) => ({ what: st.description, reason: reason(u), subject: 'user' as const })),
    );
  }
  return { steps, removals, settledUsers: users.map((u) => u.record.username) };
}

/**
 * The convergence of one org. `builtKeys`: the component keys the config builds now.
 * `users`: the record's stale users as the org holds them (readOwnedUsers).
 */
export function planConvergence(input: {
  model: Model;
  snapshot: Pick<OrgSnapshot, 'metadata'>;
  ownership: Ownership | null;
  users: OwnedUserState[];
  builtKeys: Set<string>;
}): ConvergencePlan {
  const { model, snapshot, ownership } = input;
  if (!ownership) return NO_CONVERGENCE;
  const undeclared = inDeletionOrder(ownership.created)
    .filter((c) => isCreatedByUs(c) && componentKey(c) !== OWNERSHIP_KEY)
    .filter((c) => !input.builtKeys.has(componentKey(c)))
    .map((c) => ({ type: c.type, fullName: c.fullName }));
  const missing = undeclared.filter((c) => snapshot.metadata[componentKey(c)] === null);
  const kept: Diagnostic[] = [];
  const deletions = undeclared.filter((c) => {
    const current = snapshot.metadata[componentKey(c)];
    if (current === null) return false;
    const warning = kindOf(c)?.keptWhenUndeclared?.(c, model, current);
    if (warning) kept.push(warning);
    return warning === undefined;
  });
  const users = userPlan(model, input.users);
  return {
    steps: users.steps,
    deletions,
    removals: [
      ...rangeRemovals(model, snapshot, ownership),
      ...users.removals,
      ...deletions.map((c) => ({
        what: `${c.type} ${c.fullName}`,
        reason: 'reco-sf created it under an earlier config; the config no longer declares it',
      })),
    ],
    settledUsers: users.settledUsers,
    missing,
    kept,
  };
}

/** The record once the convergence ran: stale users and deleted components forgotten. */
export function settledRecord(ahead: Ownership, plan: ConvergencePlan): Ownership {
  const deleted = new Set([...plan.deletions, ...plan.missing].map((c) => componentKey(c)));
  const users = new Set(plan.settledUsers);
  return {
    ...ahead,
    created: ahead.created.filter((c) => !deleted.has(componentKey(c))),
    users: ahead.users.filter((u) => !users.has(u.username)),
  };
}
