/**
 * Drift (pure): what the org no longer holds of what reco-sf set up. Read from the same change
 * set a deploy computes (a pending change is drift), plus the user's state and assignments, so
 * "verify says in sync" and "deploy says no changes" mean the same thing.
 */
import { IP_RELAXATION } from '../catalog/catalog';
import { buildComponents, COMPONENT_KINDS, kindById, type ComponentKind } from '../components';
import type { DriftFacts } from '../components/types';
import { defaultDrift, driftAt } from '../components/diff';
import { rangeKey } from '../core/ip';
import type { Diagnostic } from '../core/diagnostic';
import type { Model } from '../core/model';
import type { OrgArgs } from '../core/org-args';
import { adaptToOrg } from '../org/adapt';
import { planChanges, type ComponentChange } from '../org/changes';
import { ownershipOf } from '../org/ownership';
import type { OrgSnapshot } from '../org/types';
import type { Removal } from './converge';
import type { ReviewFacts } from './facts';
import { fixes } from './fixes';
import { desiredUserFields } from './user';

export interface VerifyReport {
  inSync: boolean;
  /** Each drift item: severity error, located at the org entity (`PermissionSet:Reco_Integration`, `User:reco@…`) and the field or entry in it; `data` holds expected and actual where known. */
  drift: Diagnostic[];
  /** Parts not checked because the org's shape or the config leaves them out. */
  skipped: Array<{ part: string; reason: string }>;
  warnings: Diagnostic[];
}

/** The kinds' drift facts, and the org and files the review ran with, repeated by every fix. */
interface Ctx extends DriftFacts {
  target: OrgArgs;
}

/**
 * A user removal's fix. Without --targets-file, the "earlier" user may be this org's own from its
 * line of a fleet's targets file: a deploy copied as printed would freeze it, so say that first.
 */
function userRemovalFix(target: OrgArgs): string {
  const hasFile = typeof target === 'object' && target !== null && target.targetsFile !== undefined;
  if (hasFile) return fixes.deploy(target);
  return `if this org's integration user comes from its line of a targets file, run this again with --targets-file FILE (then nothing is withdrawn); otherwise ${fixes.deploy(target)}`;
}

/** The ranges reco-sf's ownership record (read in the same retrieve) says it added; null when unreadable. */
function addedRanges(snapshot: OrgSnapshot): Set<string> | null {
  try {
    return new Set((ownershipOf(snapshot)?.ranges ?? []).map((r) => rangeKey(r)));
  } catch {
    return null; // an invalid record is reported where it is read for ownership; here it only words the message
  }
}

/** Verify's report for one pending change, by its kind (a kind without its own: missing, or each field changed). */
function componentDrift(change: ComponentChange, ctx: Ctx, kinds: readonly ComponentKind[]): Diagnostic[] {
  if (change.state === 'unchanged') return [];
  const kind = kindById(change.kindId, kinds);
  return kind?.drift ? kind.drift(change, ctx) : defaultDrift(change, ctx);
}

function userDrift(snapshot: OrgSnapshot, facts: ReviewFacts, ctx: Ctx): Diagnostic[] {
  const { model } = ctx;
  const component = `User:${model.user.username}`;
  const at = (code: string, message: string, where: Parameters<typeof driftAt>[4] = {}): Diagnostic =>
    driftAt(ctx, code, component, message, where);
  const user = snapshot.user;
  if (!user) return [at('USER_MISSING', `the integration user ${model.user.username} does not exist`)];
  const items: Diagnostic[] = [];
  if (!user.isActive)
    items.push(
      at('USER_DEACTIVATED', `the integration user ${user.username} was deactivated`, {
        path: 'IsActive',
        expected: true,
        actual: false,
        needsYes: true,
      }),
    );
  if (facts.login?.isFrozen)
    items.push(
      at('USER_FROZEN', `the integration user ${user.username} is frozen`, {
        path: 'UserLogin.IsFrozen',
        expected: false,
        actual: true,
        fix: fixes.unfreeze(model, ctx.target),
      }),
    );
  for (const [field, expected] of Object.entries(desiredUserFields(model, null))) {
    const actual = user.fields[field];
    if (actual === undefined || actual === expected) continue; // fields the snapshot does not read are not ours to judge
    items.push(
      at(
        'USER_FIELD_CHANGED',
        `the integration user's ${field} is ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`,
        { path: field, expected, actual: actual ?? '(empty)' },
      ),
    );
  }
  const { assignments } = snapshot;
  if (!assignments.permissionSetLicense)
    items.push(
      at(
        'LICENCE_ASSIGNMENT_REMOVED',
        `the permission set licence ${model.permissionSet.license} is not assigned to ${user.username}`,
        { path: `PermissionSetLicenseAssign[${model.permissionSet.license}]` },
      ),
    );
  if (!assignments.permissionSet)
    items.push(
      at(
        'ASSIGNMENT_REMOVED',
        `the permission set ${model.permissionSet.name} is not assigned to ${user.username}`,
        { path: `PermissionSetAssignment[${model.permissionSet.name}]` },
      ),
    );
  return items;
}

/** The vendor's installed app: its IP relaxation is set by hand, so drift there is fixed by hand too. */
function installedAppDrift(facts: ReviewFacts, ctx: Ctx): Diagnostic[] {
  const app = ctx.model.oauthApp;
  if (app.kind !== 'installed' || !facts.installedApp || facts.installedApp.ipRelaxation === null) return [];
  const expected = IP_RELAXATION[app.ipRelaxation].connectedApp;
  const { name, ipRelaxation: actual } = facts.installedApp;
  if (actual === expected) return [];
  return [
    driftAt(
      ctx,
      'IP_RELAXATION_REVERTED',
      `ConnectedApplication:${name}`,
      `the IP relaxation of the installed app ${name} is ${actual}, expected ${expected}`,
      { path: 'ipRelaxation', expected, actual, fix: fixes.relaxInstalledApp(name) },
    ),
  ];
}

/** An integration user moved off the API-only profile or licence (the preflight's ORG_USER_NOT_API_ONLY). */
function userKindDrift(snapshot: OrgSnapshot, errors: Diagnostic[], ctx: Ctx): Diagnostic[] {
  const issue = errors.find((e) => e.code === 'ORG_USER_NOT_API_ONLY');
  if (!issue || !snapshot.user) return [];
  return [
    driftAt(ctx, 'USER_NOT_API_ONLY', `User:${snapshot.user.username}`, issue.message, {
      path: 'Profile.Name',
      expected: ctx.model.user.profiles[0],
      actual: snapshot.user.profileName ?? '(unknown)',
      ...(issue.fix ? { fix: issue.fix } : {}),
    }),
  ];
}

/** Compares the org with what the config (adapted to the org's shape) asks for. */
export function verifyDrift(
  model: Model,
  snapshot: OrgSnapshot,
  facts: ReviewFacts,
  target: OrgArgs,
  removals: Removal[] = [],
  kinds: readonly ComponentKind[] = COMPONENT_KINDS,
): VerifyReport {
  const adapted = adaptToOrg(model, snapshot);
  const ctx: Ctx = {
    model: adapted.model,
    target,
    labels: new Map(snapshot.userPermissions.map((p) => [p.apiName, p.label])),
    ownedRanges: addedRanges(snapshot),
    fix: { deploy: fixes.deploy(target), deployYes: fixes.deployYes(target) },
  };
  const set = planChanges(buildComponents(adapted.model, kinds), snapshot);
  const drift = [
    ...set.changes.flatMap((c) => componentDrift(c, ctx, kinds)),
    ...userDrift(snapshot, facts, ctx),
    ...installedAppDrift(facts, ctx),
    ...removals.map((r) =>
      driftAt(
        ctx,
        'NOT_DECLARED',
        r.what,
        r.subject === 'user'
          ? `a deploy would ${r.what}: ${r.reason}`
          : `${r.what} is still in the org: ${r.reason}`,
        r.subject === 'user' ? { fix: userRemovalFix(target) } : {},
      ),
    ),
    ...userKindDrift(snapshot, adapted.errors, ctx),
  ];
  const warnings: Diagnostic[] = [
    ...adapted.warnings,
    ...adapted.errors.map((e): Diagnostic => ({ ...e, severity: 'warning' })),
    ...facts.unreadable.map((u): Diagnostic => ({
      code: 'NOT_CHECKED',
      severity: 'warning',
      source: 'tool',
      message: `not checked: ${u}`,
    })),
  ];
  const skipped = adapted.parts
    .filter((p) => p.action === 'skip')
    .map(({ part, reason }) => ({ part, reason }));
  return { inSync: drift.length === 0, drift, skipped, warnings };
}
