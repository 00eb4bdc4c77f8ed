/**
 * Drift (pure): what the org no longer holds of what reco-sf set up. Read from the same change
 * set a deploy computes (a pending change is drift), plus the user's state and assignments, so
 * "verify says in sync" and "deploy says no changes" mean the same thing.
 */
import { IP_RELAXATION } from '../catalog/catalog';
import { buildComponents, COMPONENT_KINDS, kindById, type ComponentKind } from '../components';
import type { DriftFacts } from '../components/types';
import { defaultDrift } from '../components/diff';
import { rangeKey } from '../core/ip';
import { entityOf, type Diagnostic } from '../core/diagnostic';
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
  const { model, target } = ctx;
  const component = `User:${model.user.username}`;
  const user = snapshot.user;
  if (!user)
    return [
      {
        code: 'USER_MISSING',
        severity: 'error',
        source: 'org',
        location: { entity: entityOf(component) },
        message: `the integration user ${model.user.username} does not exist`,
        fix: fixes.deploy(target),
      },
    ];
  const items: Diagnostic[] = [];
  if (!user.isActive)
    items.push({
      code: 'USER_DEACTIVATED',
      severity: 'error',
      source: 'org',
      location: { entity: entityOf(component), path: 'IsActive' },
      data: { expected: true, actual: false },
      message: `the integration user ${user.username} was deactivated`,
      fix: fixes.deployYes(target),
    });
  if (facts.login?.isFrozen)
    items.push({
      code: 'USER_FROZEN',
      severity: 'error',
      source: 'org',
      location: { entity: entityOf(component), path: 'UserLogin.IsFrozen' },
      data: { expected: false, actual: true },
      message: `the integration user ${user.username} is frozen`,
      fix: fixes.unfreeze(model, target),
    });
  for (const [field, expected] of Object.entries(desiredUserFields(model, null))) {
    const actual = user.fields[field];
    if (actual === undefined || actual === expected) continue; // fields the snapshot does not read are not ours to judge
    items.push({
      code: 'USER_FIELD_CHANGED',
      severity: 'error',
      source: 'org',
      location: { entity: entityOf(component), path: field },
      data: { expected: expected, actual: actual ?? '(empty)' },
      message: `the integration user's ${field} is ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`,
      fix: fixes.deploy(target),
    });
  }
  const { assignments } = snapshot;
  if (!assignments.permissionSetLicense)
    items.push({
      code: 'LICENCE_ASSIGNMENT_REMOVED',
      severity: 'error',
      source: 'org',
      location: {
        entity: entityOf(component),
        path: `PermissionSetLicenseAssign[${model.permissionSet.license}]`,
      },
      message: `the permission set licence ${model.permissionSet.license} is not assigned to ${user.username}`,
      fix: fixes.deploy(target),
    });
  if (!assignments.permissionSet)
    items.push({
      code: 'ASSIGNMENT_REMOVED',
      severity: 'error',
      source: 'org',
      location: { entity: entityOf(component), path: `PermissionSetAssignment[${model.permissionSet.name}]` },
      message: `the permission set ${model.permissionSet.name} is not assigned to ${user.username}`,
      fix: fixes.deploy(target),
    });
  return items;
}

/** The vendor's installed app: its IP relaxation is set by hand, so drift there is fixed by hand too. */
function installedAppDrift(facts: ReviewFacts, ctx: Ctx): Diagnostic[] {
  const app = ctx.model.oauthApp;
  if (app.kind !== 'installed' || !facts.installedApp || facts.installedApp.ipRelaxation === null) return [];
  const expected = IP_RELAXATION[app.ipRelaxation].connectedApp;
  if (facts.installedApp.ipRelaxation === expected) return [];
  return [
    {
      code: 'IP_RELAXATION_REVERTED',
      severity: 'error',
      source: 'org',
      location: { entity: entityOf(`ConnectedApplication:${facts.installedApp.name}`), path: 'ipRelaxation' },
      data: { expected: expected, actual: facts.installedApp.ipRelaxation },
      message: `the IP relaxation of the installed app ${facts.installedApp.name} is ${facts.installedApp.ipRelaxation}, expected ${expected}`,
      fix: fixes.relaxInstalledApp(facts.installedApp.name),
    },
  ];
}

/** An integration user moved off the API-only profile or licence (the preflight's ORG_USER_NOT_API_ONLY). */
function userKindDrift(snapshot: OrgSnapshot, errors: Diagnostic[], model: Model): Diagnostic[] {
  const issue = errors.find((e) => e.code === 'ORG_USER_NOT_API_ONLY');
  if (!issue || !snapshot.user) return [];
  return [
    {
      code: 'USER_NOT_API_ONLY',
      severity: 'error',
      source: 'org',
      location: { entity: entityOf(`User:${snapshot.user.username}`), path: 'Profile.Name' },
      data: { expected: model.user.profiles[0], actual: snapshot.user.profileName ?? '(unknown)' },
      message: issue.message,
      fix: issue.fix,
    },
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
    ...removals.map((r): Diagnostic => ({
      code: 'NOT_DECLARED',
      severity: 'error',
      source: 'org',
      location: { entity: entityOf(r.what) },
      message:
        r.subject === 'user'
          ? `a deploy would ${r.what}: ${r.reason}`
          : `${r.what} is still in the org: ${r.reason}`,
      fix: r.subject === 'user' ? userRemovalFix(target) : fixes.deploy(target),
    })),
    ...userKindDrift(snapshot, adapted.errors, model),
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
