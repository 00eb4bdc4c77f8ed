/**
 * Fitting the model to one org (pure): resolve permissions the catalog cannot name (by label),
 * apply the event-monitoring mode to the org's Shield features, pick the profile and check the
 * permission set licence. The result says, part by part, what will be deployed and why the rest
 * will not, so deploy, plan and doctor report the same reasons.
 */
import {
  EVENT_MANAGER_FEATURE,
  eventStoreObject,
  permissionByKey,
  type OrgFeature,
} from '../catalog/catalog';
import type { Model, ModelPermission } from '../core/model';
import type { OrgSnapshot } from './types';

/** Features that only Shield / the Event Monitoring add-on brings: what `eventMonitoring.mode` governs. */
const MONITORING_FEATURES: ReadonlySet<string> = new Set<OrgFeature>([
  'EventMonitoring',
  'RealTimeEventMonitoring',
  'EventLogObjects',
]);

export interface AdaptIssue {
  code: string;
  message: string;
  hint?: string;
}

export interface PartDecision {
  part: string;
  action: 'deploy' | 'skip';
  reason: string;
}

export interface AdaptResult {
  model: Model;
  parts: PartDecision[];
  warnings: string[];
  errors: AdaptIssue[];
  /** The profile a new integration user gets (first of the config's names the org has). */
  profile: { id: string; name: string } | null;
}

/** The org's API name for a permission: the catalog's, or (when the catalog has none) the one whose label matches. */
export function resolvePermissionName(
  permission: Pick<ModelPermission, 'apiName' | 'label'>,
  snapshot: Pick<OrgSnapshot, 'userPermissions'>,
): string | null {
  if (permission.apiName !== null) return permission.apiName;
  const label = permission.label.toLowerCase();
  return snapshot.userPermissions.find((p) => p.label.toLowerCase() === label)?.apiName ?? null;
}

/** Which monitoring features the org has, judged by the permissions and objects each feature brings. */
export function orgFeatures(
  snapshot: Pick<OrgSnapshot, 'userPermissions' | 'objects'>,
  model: Model,
): Set<string> {
  const names = new Set(snapshot.userPermissions.map((p) => p.apiName));
  const labels = new Set(snapshot.userPermissions.map((p) => p.label.toLowerCase()));
  const has = new Set<string>([
    'EventMonitoring',
    'RealTimeEventMonitoring',
    'EventLogObjects',
    'ExternalClientApps',
  ]);
  for (const key of [
    'ViewEventLogFiles',
    'ViewEventLogObjectData',
    'ViewLoginForensicsEvents',
    'ViewRealTimeEventMonitoringData',
    'ExternalClientAppViewer',
  ]) {
    const fact = permissionByKey(key);
    if (!fact?.requiresFeature) continue;
    const present = fact.apiName !== null ? names.has(fact.apiName) : labels.has(fact.label.toLowerCase());
    if (!present) has.delete(fact.requiresFeature);
  }
  // Event stores come with Real-Time Event Monitoring: an org without any of ours lacks it.
  const stores = model.permissionSet.objects.filter((o) => eventStoreObject(o.object));
  if (stores.length > 0 && !stores.some((o) => snapshot.objects.includes(o.object)))
    has.delete(EVENT_MANAGER_FEATURE);
  return has;
}

interface Collector {
  parts: PartDecision[];
  warnings: string[];
  errors: AdaptIssue[];
  /** What a `required` org lacks, listed together in one error. */
  lacking: string[];
}

/** A Shield-only part the org cannot take: per the mode, an error (required), a warning (auto) or a note (off). */
function dropMonitoringPart(model: Model, c: Collector, part: string, what: string): void {
  const mode = model.eventMonitoring.mode;
  if (mode === 'required') c.lacking.push(what);
  c.parts.push({
    part,
    action: 'skip',
    reason: mode === 'off' ? 'eventMonitoring.mode is off' : `the org lacks ${what}`,
  });
}

function adaptPermissions(model: Model, snapshot: OrgSnapshot, c: Collector): ModelPermission[] {
  const inOrg = new Set(snapshot.userPermissions.map((p) => p.apiName));
  const kept: ModelPermission[] = [];
  for (const permission of model.permissionSet.permissions) {
    const apiName = resolvePermissionName(permission, snapshot);
    if (apiName !== null && inOrg.has(apiName)) {
      kept.push({ ...permission, apiName });
      continue;
    }
    const part = `permission ${apiName ?? permission.label}`;
    if (permission.requiresFeature && MONITORING_FEATURES.has(permission.requiresFeature)) {
      dropMonitoringPart(model, c, part, `the "${permission.label}" permission`);
    } else {
      c.errors.push({
        code: 'ORG_PERMISSION_MISSING',
        message: `the org has no user permission "${permission.label}"${apiName ? ` (${apiName})` : ''}`,
        hint: permission.requiresFeature
          ? `the org needs the ${permission.requiresFeature} feature`
          : 'remove it from permissionSet.systemPermissions',
      });
    }
  }
  return [...kept, ...orgDeclaredDependencies(kept, snapshot, c)];
}

/** Permissions the org declares as dependencies of ours (PermissionDependency) that our catalog did not: added, with a warning. */
function orgDeclaredDependencies(
  kept: ModelPermission[],
  snapshot: OrgSnapshot,
  c: Collector,
): ModelPermission[] {
  const have = new Set(kept.map((p) => p.apiName));
  const labels = new Map(snapshot.userPermissions.map((p) => [p.apiName, p.label]));
  const added: ModelPermission[] = [];
  for (const dep of snapshot.permissionDependencies) {
    if (!have.has(dep.permission) || have.has(dep.required) || !labels.has(dep.required)) continue;
    have.add(dep.required);
    c.warnings.push(`added ${dep.required}: the org declares that ${dep.permission} depends on it`);
    added.push({
      key: dep.required,
      apiName: dep.required,
      label: labels.get(dep.required) ?? dep.required,
      origin: 'dependency',
      reason: `The org declares ${dep.permission} depends on it.`,
    });
  }
  return added;
}

function adaptObjects(model: Model, snapshot: OrgSnapshot, c: Collector): Model['permissionSet']['objects'] {
  return model.permissionSet.objects.filter((o) => {
    if (snapshot.objects.includes(o.object)) return true;
    if (eventStoreObject(o.object))
      dropMonitoringPart(model, c, `object ${o.object}`, `the ${o.object} object`);
    else
      c.errors.push({
        code: 'ORG_OBJECT_MISSING',
        message: `the org has no object ${o.object}`,
        hint: 'remove it from permissionSet.objectAccess',
      });
    return false;
  });
}

function adaptMonitoring(model: Model, features: Set<string>, c: Collector): Model['eventMonitoring'] {
  const em = model.eventMonitoring;
  if (em.mode === 'off') {
    c.parts.push({ part: 'EventSettings', action: 'skip', reason: 'eventMonitoring.mode is off' });
    c.parts.push({ part: 'RealTimeEventSettings', action: 'skip', reason: 'eventMonitoring.mode is off' });
    return em;
  }
  let mode: Model['eventMonitoring']['mode'] = em.mode;
  let entities = em.entities;
  if (!features.has('EventMonitoring')) {
    dropMonitoringPart(model, c, 'EventSettings', 'Event Monitoring');
    mode = 'off';
  } else
    c.parts.push({
      part: 'EventSettings',
      action: 'deploy',
      reason: 'Event Monitoring settings of the vendor guide',
    });
  if (entities.length > 0 && !features.has(EVENT_MANAGER_FEATURE)) {
    dropMonitoringPart(model, c, 'RealTimeEventSettings', 'Real-Time Event Monitoring (Event Manager)');
    entities = [];
  } else if (entities.length > 0)
    c.parts.push({
      part: 'RealTimeEventSettings',
      action: 'deploy',
      reason: `Event Manager: ${entities.length} entities switched on`,
    });
  return { ...em, mode, entities };
}

function resolveProfile(
  model: Model,
  snapshot: OrgSnapshot,
  c: Collector,
): { id: string; name: string } | null {
  const [preferred] = model.user.profiles;
  for (const name of model.user.profiles) {
    const found = snapshot.profiles.find((p) => p.name === name);
    if (!found) continue;
    if (name !== preferred) c.warnings.push(`the org has no profile "${preferred}"; using "${name}"`);
    return found;
  }
  const message = `the org has none of the profiles ${model.user.profiles.map((p) => `"${p}"`).join(', ')}`;
  if (snapshot.user) c.warnings.push(message);
  else
    c.errors.push({
      code: 'ORG_PROFILE_MISSING',
      message,
      hint: "add the org's API-only profile name to integrationUser.profiles",
    });
  return null;
}

function checkLicence(model: Model, snapshot: OrgSnapshot, c: Collector): void {
  const psl = snapshot.permissionSetLicense;
  const name = model.permissionSet.license;
  if (!psl) {
    c.errors.push({
      code: 'ORG_PSL_MISSING',
      message: `the org has no permission set licence ${name}`,
      hint: 'ask Salesforce for the "Salesforce API Integration" licence, or change permissionSet.license',
    });
    return;
  }
  const free = psl.totalLicenses - psl.usedLicenses;
  if (!snapshot.assignments.permissionSetLicense && free <= 0) {
    c.errors.push({
      code: 'ORG_PSL_NO_SEATS',
      message: `the permission set licence ${name} has no free seat (${psl.usedLicenses} of ${psl.totalLicenses} used)`,
      hint: 'free a seat or buy more in Setup > Company Information',
    });
  }
}

function checkOAuthApp(model: Model, snapshot: OrgSnapshot, features: Set<string>, c: Collector): void {
  const app = model.oauthApp;
  if (app.kind === 'installed') {
    c.parts.push({
      part: `OAuth app ${app.installedAppName}`,
      action: 'skip',
      reason: 'installed by the vendor; diagnosed by doctor',
    });
    return;
  }
  if (app.kind === 'external-client-app' && !features.has('ExternalClientApps')) {
    c.errors.push({
      code: 'ORG_ECA_UNAVAILABLE',
      message: 'the org does not offer External Client Apps',
      hint: 'set oauthApp.kind to "installed" and use the vendor\'s app',
    });
    return;
  }
  if (app.kind === 'connected-app' && snapshot.metadata[`ConnectedApp:${app.name}`] === null) {
    c.warnings.push(
      `creating connected app ${app.name}: Salesforce blocks new connected apps since Spring '26 unless Support re-enabled it; the validation deploy will tell`,
    );
  }
  c.parts.push({
    part: `${app.kind === 'connected-app' ? 'ConnectedApp' : 'ExternalClientApplication'} ${app.name}`,
    action: 'deploy',
    reason: `OAuth app (${app.kind})`,
  });
}

/**
 * In auto mode, one warning for all the Shield-only parts skipped: each part is already listed,
 * with its reason, among the skipped parts (summary table, plan), so the warning does not repeat them.
 */
function warnSkippedOnce(model: Model, c: Collector): void {
  if (model.eventMonitoring.mode !== 'auto') return;
  const skipped = c.parts.filter((p) => p.action === 'skip' && p.reason.startsWith('the org lacks'));
  if (skipped.length === 0) return;
  c.warnings.push(
    `the org lacks Shield / Event Monitoring features: ${skipped.length} Shield-only part(s) skipped, each listed with its reason; eventMonitoring.mode is auto`,
  );
}

export function adaptToOrg(model: Model, snapshot: OrgSnapshot): AdaptResult {
  const c: Collector = { parts: [], warnings: [], errors: [], lacking: [] };
  const features = orgFeatures(snapshot, model);
  const permissions = adaptPermissions(model, snapshot, c);
  const objects = adaptObjects(model, snapshot, c);
  c.parts.unshift({
    part: `PermissionSet ${model.permissionSet.name}`,
    action: 'deploy',
    reason: `${permissions.length} permissions, ${objects.length} objects`,
  });
  const eventMonitoring = adaptMonitoring(model, features, c);
  c.parts.push(
    model.trustedRanges.length > 0
      ? {
          part: 'SecuritySettings',
          action: 'deploy',
          reason: `${model.trustedRanges.length} trusted IP ranges merged into the org's`,
        }
      : { part: 'SecuritySettings', action: 'skip', reason: 'no trusted IP ranges in the config' },
  );
  checkOAuthApp(model, snapshot, features, c);
  const profile = resolveProfile(model, snapshot, c);
  checkLicence(model, snapshot, c);
  warnSkippedOnce(model, c);
  if (c.lacking.length > 0) {
    c.errors.unshift({
      code: 'ORG_LACKS_EVENT_MONITORING',
      message: `eventMonitoring.mode is required, but the org lacks: ${c.lacking.join('; ')}`,
      hint: 'enable Shield / Event Monitoring in the org, or set eventMonitoring.mode to "auto"',
    });
  }
  const adapted: Model = {
    ...model,
    permissionSet: { ...model.permissionSet, permissions, objects },
    eventMonitoring,
  };
  return { model: adapted, parts: c.parts, warnings: c.warnings, errors: c.errors, profile };
}
