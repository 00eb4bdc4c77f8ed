/**
 * Drift (pure): what the org no longer holds of what reco-sf set up. Read from the same change
 * set a deploy computes (a pending change is drift), plus the user's state and assignments, so
 * "verify says in sync" and "deploy says no changes" mean the same thing.
 */
import { IP_RELAXATION } from '../catalog/catalog';
import { buildComponents } from '../components';
import { rangesOf } from '../components/securitySettings';
import type { DiffItem } from '../components/types';
import { rangeKey } from '../core/ip';
import { entityOf, type Diagnostic } from '../core/diagnostic';
import type { Model } from '../core/model';
import { adaptToOrg } from '../org/adapt';
import { planChanges, type ComponentChange } from '../org/changes';
import type { OrgSnapshot } from '../org/types';
import type { Removal } from './converge';
import type { ReviewFacts } from './facts';
import { fixes } from './fixes';
import { parseDiffPath } from './plan';
import { desiredUserFields } from './user';

export interface VerifyReport {
  inSync: boolean;
  /** Each drift item: severity error, located at the org entity (`PermissionSet:Reco_Integration`, `User:reco@…`) and the field or entry in it; `data` holds expected and actual where known. */
  drift: Diagnostic[];
  /** Parts not checked because the org's shape or the config leaves them out. */
  skipped: Array<{ part: string; reason: string }>;
  warnings: Diagnostic[];
}

interface Ctx {
  model: Model;
  target: string | null;
  labels: Map<string, string>;
}

const nameOf = (key: string): string => key.replace(/^[^:]+:/, '');

function permissionDrift(item: DiffItem, ctx: Ctx): Diagnostic {
  const parsed = parseDiffPath(item.path);
  const ps = nameOf(item.component);
  const base = {
    severity: 'error' as const,
    source: 'org' as const,
    location: { entity: entityOf(item.component), path: item.path },
    fix: fixes.deploy(ctx.target),
  };
  if (parsed?.list === 'userPermissions') {
    const name = `${parsed.key} (${ctx.labels.get(parsed.key) ?? parsed.key})`;
    return item.kind === 'remove'
      ? {
          ...base,
          code: 'PERMISSION_ADDED',
          message: `permission ${name} was added to ${ps} outside reco-sf (the next deploy disables it)`,
          fix: fixes.deployYes(ctx.target),
        }
      : {
          ...base,
          code: 'PERMISSION_REMOVED',
          message: `permission ${name} is no longer enabled in ${ps} (removed by hand?)`,
        };
  }
  if (parsed?.list === 'objectPermissions') {
    const what = parsed.field
      ? `${parsed.key}.${parsed.field} is ${String(item.before)}, expected ${String(item.after)}`
      : `${parsed.key} access is ${item.kind === 'add' ? 'missing' : 'not ours'}`;
    return {
      ...base,
      code: 'OBJECT_ACCESS_CHANGED',
      message: `object access changed in ${ps}: ${what}`,
      data: { expected: item.after, actual: item.before },
    };
  }
  return {
    ...base,
    code: 'PERMISSION_SET_CHANGED',
    message: `${ps} ${item.path} is ${JSON.stringify(item.before ?? null)}, expected ${JSON.stringify(item.after)}`,
    data: { expected: item.after, actual: item.before },
  };
}

function rangeDrift(change: ComponentChange, ctx: Ctx): Diagnostic[] {
  const have = new Set(rangesOf(change.current ?? undefined).map((r) => rangeKey(r)));
  return ctx.model.trustedRanges
    .filter((r) => !have.has(rangeKey(r)))
    .map((r): Diagnostic => ({
      code: 'TRUSTED_RANGE_MISSING',
      severity: 'error',
      source: 'org',
      location: { entity: entityOf(change.key), path: `networkAccess.ipRanges[${r.start}-${r.end}]` },
      message: `trusted IP range ${r.start === r.end ? r.start : `${r.start} – ${r.end}`}${r.description ? ` (${r.description})` : ''} is not in the org (deleted?)`,
      fix: fixes.deploy(ctx.target),
    }));
}

function settingDrift(item: DiffItem, ctx: Ctx): Diagnostic {
  const switchedOff = item.after === false ? 'switched on' : item.after === true ? 'switched off' : 'changed';
  return {
    code: 'SETTING_CHANGED',
    severity: 'error',
    source: 'org',
    location: { entity: entityOf(item.component), path: item.path },
    data: { expected: item.after, actual: item.before },
    message: `Event Monitoring setting ${item.path} was ${switchedOff}: it is ${String(item.before ?? '(unset)')}, expected ${String(item.after)}`,
    fix: fixes.deploy(ctx.target),
  };
}

function entityDrift(item: DiffItem, ctx: Ctx): Diagnostic {
  const entity = parseDiffPath(item.path)?.key ?? item.path;
  return {
    code: 'EVENT_ENTITY_DISABLED',
    severity: 'error',
    source: 'org',
    location: { entity: entityOf(item.component), path: item.path },
    data: { expected: true, actual: item.before ?? false },
    message: `Event Manager entity ${entity} is not enabled`,
    fix: fixes.deploy(ctx.target),
  };
}

function oauthDrift(item: DiffItem, ctx: Ctx): Diagnostic {
  const relaxation = /ipRelaxation/.test(item.path);
  return {
    code: relaxation ? 'IP_RELAXATION_REVERTED' : 'OAUTH_SETTING_CHANGED',
    severity: 'error',
    source: 'org',
    location: { entity: entityOf(item.component), path: item.path },
    data: { expected: item.after, actual: item.before },
    message: relaxation
      ? `the IP relaxation of ${nameOf(item.component)} was reverted: ${String(item.before ?? '(unset)')}, expected ${String(item.after)}`
      : `${nameOf(item.component)} ${item.path} is ${String(item.before ?? '(unset)')}, expected ${String(item.after)}`,
    fix: fixes.deploy(ctx.target),
  };
}

function missingComponent(change: ComponentChange, ctx: Ctx): Diagnostic {
  return {
    code: 'COMPONENT_MISSING',
    severity: 'error',
    source: 'org',
    location: { entity: entityOf(change.key) },
    message: `${change.type} ${change.fullName} is not in the org (deleted, or never deployed)`,
    fix: fixes.deploy(ctx.target),
  };
}

function componentDrift(change: ComponentChange, ctx: Ctx): Diagnostic[] {
  if (change.state === 'unchanged') return [];
  if (change.kindId === 'securitySettings') return rangeDrift(change, ctx);
  if (change.state === 'create') return [missingComponent(change, ctx)];
  switch (change.kindId) {
    case 'permissionSet':
      return change.diff.map((d) => permissionDrift(d, ctx));
    case 'eventSettings':
      return change.diff.map((d) => settingDrift(d, ctx));
    case 'realTimeEventSettings':
      return change.diff.map((d) => entityDrift(d, ctx));
    default:
      return change.diff.map((d) => oauthDrift(d, ctx));
  }
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
  target: string | null,
  removals: Removal[] = [],
): VerifyReport {
  const adapted = adaptToOrg(model, snapshot);
  const ctx: Ctx = {
    model: adapted.model,
    target,
    labels: new Map(snapshot.userPermissions.map((p) => [p.apiName, p.label])),
  };
  const set = planChanges(buildComponents(adapted.model), snapshot);
  const drift = [
    ...set.changes.flatMap((c) => componentDrift(c, ctx)),
    ...userDrift(snapshot, facts, ctx),
    ...installedAppDrift(facts, ctx),
    ...removals.map((r): Diagnostic => ({
      code: 'NOT_DECLARED',
      severity: 'error',
      source: 'org',
      location: { entity: entityOf(r.what) },
      message: `${r.what} is still in the org: ${r.reason}`,
      fix: fixes.deploy(target),
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
