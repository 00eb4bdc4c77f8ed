/**
 * The plan (pure): what a deploy would change, field by field, read from the same change set the
 * deploy computes (adaptToOrg → buildComponents → planChanges) so the two can never disagree.
 * Without an org the plan is taken against an empty one: everything is created.
 */
import { buildComponents, COMPONENT_KINDS, kindsInSection, type ComponentKind } from '../components';
import { parseDiffPath } from '../components/diff';
import { rangesOf } from '../components/securitySettings';
import type { DiffItem, PlanSection } from '../components/types';
import { rangeKey } from '../core/ip';
import type { Diagnostic } from '../core/diagnostic';
import type { Model } from '../core/model';
import { listOf, type XmlRecord } from '../core/xml';
import { adaptToOrg, type AdaptResult } from '../org/adapt';
import { planChanges, type ChangeSet, type ComponentChange } from '../org/changes';
import { recordedRangeKeys } from '../org/ownership';
import { isProduction, type OrgSnapshot } from '../org/types';
import type { Removal } from './converge';
import { planHash } from './hash';
import { desiredUserFields } from './user';

export type Change = 'add' | 'remove' | 'change';
type Scalar = string | number | boolean;

export interface PermissionChange {
  /** null: the API name is only known in the target org (resolved there by label). */
  apiName: string | null;
  label: string;
  change: 'add' | 'remove';
  /** The catalog's reason for an added permission; for a removed one, why the deploy disables it. */
  reason: string;
}

export interface FieldChange {
  /** The component or record the field belongs to, e.g. `Settings:Event`. */
  component: string;
  field: string;
  change: Change;
  before?: Scalar;
  after?: Scalar;
}

export interface PlanRange {
  start: string;
  end: string;
  description: string;
}

export interface Plan {
  /** null: the plan against an empty org (what the package contains). */
  target: { orgId: string; name: string; production: boolean } | null;
  planHash: string;
  components: Array<{ key: string; state: ComponentChange['state'] }>;
  permissions: PermissionChange[];
  objects: FieldChange[];
  permissionSet: FieldChange[];
  trustedRanges: {
    add: PlanRange[];
    /** Ranges reco-sf added whose description the deploy rewrites to the config's (`before`: the org's). */
    update: Array<PlanRange & { before: string }>;
    alreadyPresent: number;
    orgRangesUntouched: number;
  };
  eventSettings: FieldChange[];
  eventManager: { enable: string[]; alreadyEnabled: number };
  oauth: FieldChange[];
  user: { username: string; action: 'create' | 'update' | 'reactivate' | 'unchanged'; fields: FieldChange[] };
  assignments: Array<{
    kind: 'PermissionSetLicense' | 'PermissionSet';
    name: string;
    action: 'create' | 'unchanged';
  }>;
  skipped: Array<{ part: string; reason: string }>;
  /** What reco-sf put there under an earlier config and a deploy withdraws (review/converge.ts). */
  removals: Removal[];
  warnings: Diagnostic[];
  /** What would stop the deploy in its preflight (from adaptToOrg). */
  blocking: Diagnostic[];
}

export { parseDiffPath };

function fieldChange(item: DiffItem): FieldChange {
  return {
    component: item.component,
    field: item.path,
    change: item.kind,
    before: item.before,
    after: item.after,
  };
}

/** The changes `reco-sf plan` lists under `section`, by their kinds. */
function inSection(set: ChangeSet, section: PlanSection, kinds: readonly ComponentKind[]): ComponentChange[] {
  const ids = kindsInSection(section, kinds);
  return set.changes.filter((c) => ids.has(c.kindId));
}

function permissionChanges(
  model: Model,
  change: ComponentChange | undefined,
  snapshot: OrgSnapshot | null,
): PermissionChange[] {
  const byName = new Map(model.permissionSet.permissions.map((p) => [p.apiName, p]));
  const orgLabels = new Map((snapshot?.userPermissions ?? []).map((p) => [p.apiName, p.label]));
  const out: PermissionChange[] = [];
  for (const item of change?.diff ?? []) {
    const parsed = parseDiffPath(item.path);
    if (parsed?.list !== 'userPermissions' || parsed.field !== undefined) continue;
    const fact = byName.get(parsed.key);
    const change = item.kind === 'remove' ? 'remove' : 'add';
    const reason =
      change === 'add'
        ? (fact?.reason ?? 'in the config')
        : "held by the org's permission set but not in the config: a deploy disables it (a permission set deploy replaces the whole set)";
    out.push({
      apiName: parsed.key,
      label: fact?.label ?? orgLabels.get(parsed.key) ?? parsed.key,
      change,
      reason,
    });
  }
  // Permissions without a known API name are not in the generated set; the deploy resolves them by label.
  for (const p of model.permissionSet.permissions.filter((p) => p.apiName === null)) {
    out.push({
      apiName: null,
      label: p.label,
      change: 'add',
      reason: `${p.reason} (API name resolved by label in the target org)`,
    });
  }
  return out;
}

/** What an added object grant allows, in Setup's words. */
function accessOf(change: ComponentChange, object: string): string {
  const entries = listOf<XmlRecord>(change.value.objectPermissions);
  const entry = entries.find((e) => e.object === object);
  return entry?.viewAllRecords === true ? 'View All' : entry?.allowRead === true ? 'Read' : 'none';
}

function splitPermissionSetDiff(change: ComponentChange | undefined): {
  objects: FieldChange[];
  scalars: FieldChange[];
} {
  const objects: FieldChange[] = [];
  const scalars: FieldChange[] = [];
  for (const item of change?.diff ?? []) {
    const parsed = parseDiffPath(item.path);
    const list = parsed?.list;
    if (
      change &&
      parsed &&
      list === 'objectPermissions' &&
      parsed.field === undefined &&
      item.kind === 'add'
    ) {
      objects.push({
        component: item.component,
        field: parsed.key,
        change: 'add',
        after: accessOf(change, parsed.key),
      });
    } else if (list === 'objectPermissions')
      objects.push({
        ...fieldChange(item),
        field: item.path.replace(/^objectPermissions\[([^\]]+)\]/, '$1'),
      });
    else if (list !== 'userPermissions') scalars.push(fieldChange(item));
  }
  return { objects, scalars };
}

/**
 * The trusted-range section. `recorded`: the range keys the org's ownership record says reco-sf
 * added (null: none); those the config no longer declares are removals (plan.removals), never
 * "the org's own".
 */
function trustedRanges(
  model: Model,
  change: ComponentChange | undefined,
  recorded: ReadonlySet<string> | null,
): Plan['trustedRanges'] {
  const ours = new Set(model.trustedRanges.map((r) => rangeKey(r)));
  const current = rangesOf(change?.current ?? undefined);
  const have = new Set(current.map((r) => rangeKey(r)));
  const add = rangesOf(change?.value)
    .filter((r) => !have.has(rangeKey(r)))
    .map((r) => ({ start: r.start, end: r.end, description: r.description ?? '' }));
  const alreadyPresent = current.filter((r) => ours.has(rangeKey(r))).length;
  const update = (change?.diff ?? [])
    .filter((d) => d.kind === 'change')
    .flatMap((d) => {
      const range = rangesOf(change?.value).find(
        (r) => d.path === `networkAccess.ipRanges[${r.start}-${r.end}].description`,
      );
      return range
        ? [
            {
              start: range.start,
              end: range.end,
              description: String(d.after ?? ''),
              before: String(d.before ?? ''),
            },
          ]
        : [];
    });
  const orgOwn = current.filter((r) => !ours.has(rangeKey(r)) && !recorded?.has(rangeKey(r))).length;
  return { add, update, alreadyPresent, orgRangesUntouched: orgOwn };
}

function eventManager(model: Model, change: ComponentChange | undefined): Plan['eventManager'] {
  const enable = [
    ...new Set((change?.diff ?? []).map((item) => parseDiffPath(item.path)?.key ?? item.path)),
  ].sort();
  return { enable, alreadyEnabled: model.eventMonitoring.entities.length - enable.length };
}

/** User fields (not metadata types) an existing user keeps: deploy never moves its profile. */
const KEPT_USER_FIELDS = new Set(['Profile', 'Username']);

function userPlan(model: Model, snapshot: OrgSnapshot | null, profile: string | null): Plan['user'] {
  const desired = desiredUserFields(model, profile);
  const user = snapshot?.user ?? null;
  const component = `User:${model.user.username}`;
  if (user === null) {
    const fields = Object.entries(desired).map(([field, after]) => ({
      component,
      field,
      change: 'add' as const,
      after,
    }));
    return { username: model.user.username, action: 'create', fields };
  }
  const fields: FieldChange[] = [];
  for (const [field, after] of Object.entries(desired)) {
    if (KEPT_USER_FIELDS.has(field)) continue;
    const before = user.fields[field] ?? null;
    if (before !== after)
      fields.push({
        component,
        field,
        change: before === null ? 'add' : 'change',
        ...(before === null ? {} : { before }),
        after,
      });
  }
  if (!user.isActive)
    fields.push({ component, field: 'IsActive', change: 'change', before: false, after: true });
  const action = !user.isActive ? 'reactivate' : fields.length > 0 ? 'update' : 'unchanged';
  return { username: model.user.username, action, fields };
}

function assignments(model: Model, snapshot: OrgSnapshot | null): Plan['assignments'] {
  const held = snapshot?.assignments ?? { permissionSetLicense: false, permissionSet: false };
  return [
    {
      kind: 'PermissionSetLicense',
      name: model.permissionSet.license,
      action: held.permissionSetLicense ? 'unchanged' : 'create',
    },
    {
      kind: 'PermissionSet',
      name: model.permissionSet.name,
      action: held.permissionSet ? 'unchanged' : 'create',
    },
  ];
}

/** The empty org's answer to adaptToOrg: every part deploys, nothing is skipped or blocked. */
function offlineAdapt(model: Model): AdaptResult {
  return { model, parts: [], warnings: [], errors: [], profile: null };
}

/** Builds the plan; `snapshot` null means an empty org; `removals` from readConvergence. */
export function buildPlan(
  model: Model,
  snapshot: OrgSnapshot | null,
  removals: Removal[] = [],
  kinds: readonly ComponentKind[] = COMPONENT_KINDS,
): Plan {
  const adapted = snapshot ? adaptToOrg(model, snapshot) : offlineAdapt(model);
  const set = planChanges(buildComponents(adapted.model, kinds), snapshot ?? { metadata: {} });
  const ofKind = (section: PlanSection): ComponentChange[] => inSection(set, section, kinds);
  const [permissionSet] = ofKind('permissionSet');
  const [security] = ofKind('trustedRanges');
  const { objects, scalars } = splitPermissionSetDiff(permissionSet);
  return {
    target: snapshot
      ? { orgId: snapshot.orgId, name: snapshot.organization.name, production: isProduction(snapshot) }
      : null,
    planHash: planHash(model, snapshot),
    components: set.changes.map((c) => ({ key: c.key, state: c.state })),
    permissions: permissionChanges(adapted.model, permissionSet, snapshot),
    objects,
    permissionSet: scalars,
    trustedRanges: trustedRanges(adapted.model, security, snapshot ? recordedRangeKeys(snapshot) : null),
    eventSettings: ofKind('eventSettings').flatMap((c) => c.diff.map(fieldChange)),
    eventManager: eventManager(adapted.model, ofKind('eventManager')[0]),
    oauth: ofKind('oauth').flatMap((c) => c.diff.map(fieldChange)),
    user: userPlan(adapted.model, snapshot, adapted.profile?.name ?? model.user.profiles[0] ?? null),
    assignments: assignments(adapted.model, snapshot),
    skipped: adapted.parts.filter((p) => p.action === 'skip').map(({ part, reason }) => ({ part, reason })),
    removals,
    warnings: adapted.warnings,
    blocking: adapted.errors,
  };
}

/** Whether applying the plan would change anything. */
export function planIsEmpty(plan: Plan): boolean {
  return (
    plan.components.every((c) => c.state === 'unchanged') &&
    plan.user.action === 'unchanged' &&
    plan.assignments.every((a) => a.action === 'unchanged') &&
    plan.removals.length === 0
  );
}
