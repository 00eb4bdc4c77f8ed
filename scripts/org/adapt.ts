/**
 * Fitting the model to one org (pure): resolve permissions the catalog cannot name (by label),
 * apply the event-monitoring mode to the org's Shield features, pick the profile and check the
 * permission set licence. The result says, part by part, what will be deployed and why the rest
 * will not, so deploy, plan and doctor report the same reasons.
 */
import {
  EVENT_MANAGER_FEATURE,
  eventStoreObject,
  FEATURE_SOURCES,
  PERMISSION_SET_LICENSE,
  permissionByKey,
  PROFILES,
  type OrgFeature,
} from '../catalog/catalog';
import type { Model, ModelPermission } from '../core/model';
import type { Diagnostic } from '../core/diagnostic';
import { didYouMean } from '../core/suggest';
import type { OrgSnapshot } from './types';

/** Features that only Shield / the Event Monitoring add-on brings: what `eventMonitoring.mode` governs. */
const MONITORING_FEATURES: ReadonlySet<string> = new Set<OrgFeature>([
  'EventMonitoring',
  'RealTimeEventMonitoring',
  'EventLogObjects',
]);

export interface PartDecision {
  part: string;
  action: 'deploy' | 'skip';
  reason: string;
}

export interface AdaptResult {
  model: Model;
  parts: PartDecision[];
  warnings: Diagnostic[];
  errors: Diagnostic[];
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
  warnings: Diagnostic[];
  errors: Diagnostic[];
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
      c.errors.push(missingPermission(permission, apiName, snapshot));
    }
  }
  const all = [...kept, ...orgDeclaredDependencies(kept, snapshot, c)];
  checkLicenceAllows(model, snapshot, all, c);
  return all;
}

/** Where the config names a permission, for fixes: its own path, or the permissions that pulled it in. */
function configPathOf(permission: ModelPermission): string {
  return permission.source ?? `a dependency the catalog adds (not in the config itself)`;
}

function missingPermission(
  permission: ModelPermission,
  apiName: string | null,
  snapshot: Pick<OrgSnapshot, 'userPermissions'>,
): Diagnostic {
  const feature = permission.requiresFeature as OrgFeature | undefined;
  const where = configPathOf(permission);
  const at = permission.source ? { location: { configPath: permission.source } } : {};
  const remove = permission.source ? `remove it from ${where}` : `remove the permission that needs it`;
  const suggestion = apiName
    ? didYouMean(
        apiName,
        snapshot.userPermissions.map((p) => p.apiName),
      )
    : '';
  if (suggestion)
    return {
      severity: 'error',
      source: 'org',
      code: 'ORG_PERMISSION_MISSING',
      ...at,
      ...at,
      message: `the org has no user permission "${apiName}", named at ${where}`,
      fix: `${suggestion} (fix the name at ${where})`,
    };
  return {
    severity: 'error',
    source: 'org',
    code: 'ORG_PERMISSION_MISSING',
    ...at,
    message: `the org has no user permission "${permission.label}"${apiName ? ` (${apiName})` : ''}, named at ${where}`,
    fix: feature
      ? `turn on ${FEATURE_SOURCES[feature]} in the org, or ${remove}`
      : `${remove}; the org's PermissionSet describe does not list it (a feature that is off, or a misspelt name)`,
  };
}

/**
 * A permission the permission set licence does not allow fails the deploy ("The user license
 * doesn't allow the permission"): caught here from the licence's `MaximumPermissions<Name>`
 * (Object Reference, PermissionSetLicense). A field the org did not return is not judged.
 */
function checkLicenceAllows(
  model: Model,
  snapshot: OrgSnapshot,
  permissions: ModelPermission[],
  c: Collector,
): void {
  const allowed = snapshot.permissionSetLicense?.maximumPermissions;
  if (!allowed) return;
  for (const p of permissions) {
    if (p.apiName === null || allowed[p.apiName] !== false) continue;
    c.errors.push({
      severity: 'error',
      source: 'org',
      code: 'ORG_PSL_DISALLOWS_PERMISSION',
      ...(p.source ? { location: { configPath: p.source } } : {}),
      message: `the permission set licence ${model.permissionSet.license} does not allow "${p.label}" (${p.apiName}): its MaximumPermissions${p.apiName} is false; named at ${configPathOf(p)}`,
      fix: p.source
        ? `remove it from ${p.source} in the config, or license the permission set differently (permissionSet.license)`
        : 'remove the permission that needs it from the config, or license the permission set differently (permissionSet.license)',
    });
  }
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
    c.warnings.push(
      warning(
        'ORG_PERMISSION_DEPENDENCY_ADDED',
        `added ${dep.required}: the org declares that ${dep.permission} depends on it`,
      ),
    );
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
      c.errors.push(
        refusal(
          'ORG_OBJECT_MISSING',
          `the org has no object ${o.object}`,
          'remove it from permissionSet.objectAccess',
          'permissionSet.objectAccess',
        ),
      );
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
    if (name !== preferred)
      c.warnings.push(
        warning(
          'ORG_PROFILE_FALLBACK',
          `the org has no profile "${preferred}"; using "${name}"`,
          'integrationUser.profiles',
        ),
      );
    return found;
  }
  const message = `the org has none of the profiles ${model.user.profiles.map((p) => `"${p}"`).join(', ')}`;
  if (snapshot.user) c.warnings.push(warning('ORG_PROFILE_MISSING', message, 'integrationUser.profiles'));
  else
    c.errors.push(
      refusal(
        'ORG_PROFILE_MISSING',
        message,
        "add the org's API-only profile name to integrationUser.profiles",
        'integrationUser.profiles',
      ),
    );
  return null;
}

/** The vendor guide's licence as a fix: its DeveloperName and, when the org holds it, its free seats. */
function guideLicenceHint(snapshot: OrgSnapshot): string {
  const guide = snapshot.guideLicense;
  const name = `"${PERMISSION_SET_LICENSE.developerName}" (${PERMISSION_SET_LICENSE.masterLabel})`;
  if (!guide)
    return `set permissionSet.license to ${name}; the org does not have it yet: ask Salesforce for it (free in Enterprise Edition and above)`;
  const free = guide.totalLicenses - guide.usedLicenses;
  return `set permissionSet.license to ${name}: the org has it, ${free} of ${guide.totalLicenses} seats free`;
}

function missingLicence(model: Model, snapshot: OrgSnapshot): Diagnostic {
  const name = model.permissionSet.license;
  if (snapshot.licenseIsUserLicense)
    return refusal(
      'ORG_LICENSE_IS_USER_LICENSE',
      `permissionSet.license "${name}" is a user licence (the one the integration user's profile carries), not a permission set licence`,
      guideLicenceHint(snapshot),
      'permissionSet.license',
    );
  if (snapshot.guideLicense && name !== PERMISSION_SET_LICENSE.developerName)
    return refusal(
      'ORG_PSL_MISSING',
      `the org has no permission set licence ${name} (permissionSet.license)`,
      guideLicenceHint(snapshot),
      'permissionSet.license',
    );
  return refusal(
    'ORG_PSL_MISSING',
    `the org has no permission set licence ${name} (permissionSet.license)`,
    'ask Salesforce for the "Salesforce API Integration" licence (free in Enterprise Edition and above), or change permissionSet.license',
    'permissionSet.license',
  );
}

/**
 * An existing user under the integration username must be the API-only kind the vendor guide
 * creates: one of integrationUser.profiles, on the "Salesforce Integration" user licence. reco-sf
 * never changes another user's profile or licence, so anything else stops the deploy.
 */
function checkExistingUser(model: Model, snapshot: OrgSnapshot, c: Collector): void {
  const user = snapshot.user;
  if (!user?.profileName) return;
  const profileOk = model.user.profiles.includes(user.profileName);
  const licence = user.userLicenseName ?? null;
  const licenceOk = licence === null || licence === PROFILES.userLicense;
  if (profileOk && licenceOk) return;
  const [wanted] = model.user.profiles;
  c.errors.push(
    refusal(
      'ORG_USER_NOT_API_ONLY',
      `the existing user ${user.username} (integrationUser.username) has profile "${user.profileName}"${licence ? ` on user licence "${licence}"` : ''}, not an API-only profile of integrationUser.profiles on the "${PROFILES.userLicense}" licence`,
      `give that user User License "${PROFILES.userLicense}" and Profile "${wanted}" (Setup > Users > Users > ${user.username} > Edit), or set integrationUser.username to a new, unused username`,
      'integrationUser.username',
    ),
  );
}

function checkLicence(model: Model, snapshot: OrgSnapshot, c: Collector): void {
  const psl = snapshot.permissionSetLicense;
  const name = model.permissionSet.license;
  if (!psl) {
    c.errors.push(missingLicence(model, snapshot));
    return;
  }
  const free = psl.totalLicenses - psl.usedLicenses;
  if (!snapshot.assignments.permissionSetLicense && free <= 0) {
    c.errors.push(
      refusal(
        'ORG_PSL_NO_SEATS',
        `the permission set licence ${name} has no free seat (${psl.usedLicenses} of ${psl.totalLicenses} used)`,
        'free a seat or buy more in Setup > Company Information',
        'permissionSet.license',
      ),
    );
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
    c.errors.push(
      refusal(
        'ORG_ECA_UNAVAILABLE',
        'the org does not offer External Client Apps',
        'set oauthApp.kind to "installed" and use the vendor\'s app',
        'oauthApp.kind',
      ),
    );
    return;
  }
  if (app.kind === 'connected-app' && snapshot.metadata[`ConnectedApp:${app.name}`] === null) {
    c.warnings.push({
      ...warning(
        'CONNECTED_APP_CREATION',
        `creating connected app ${app.name}: Salesforce blocks new connected apps since Spring '26 unless Support re-enabled it; the validation deploy will tell`,
        'oauthApp.kind',
      ),
      source: 'salesforce',
    });
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
    warning(
      'SHIELD_PARTS_SKIPPED',
      `the org lacks Shield / Event Monitoring features: ${skipped.length} Shield-only part(s) skipped, each listed with its reason; eventMonitoring.mode is auto`,
      'eventMonitoring.mode',
    ),
  );
}

/** What stops the deploy in the org's shape (source: the org's answer): an error at the config path to change, with its fix. */
function refusal(code: string, message: string, fix: string, configPath: string): Diagnostic {
  return { code, severity: 'error', source: 'org', location: { configPath }, message, fix };
}

/** A warning about the org's shape (source: the org's answer), at a config path when one applies. */
function warning(code: string, message: string, configPath?: string): Diagnostic {
  const d: Diagnostic = { code, severity: 'warning', source: 'org', message };
  if (configPath) d.location = { configPath };
  return d;
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
  checkExistingUser(model, snapshot, c);
  checkLicence(model, snapshot, c);
  warnSkippedOnce(model, c);
  if (c.lacking.length > 0) {
    c.errors.unshift(
      refusal(
        'ORG_LACKS_EVENT_MONITORING',
        `eventMonitoring.mode is required, but the org lacks: ${c.lacking.join('; ')}`,
        'enable Shield / Event Monitoring in the org, or set eventMonitoring.mode to "auto"',
        'eventMonitoring.mode',
      ),
    );
  }
  const adapted: Model = {
    ...model,
    permissionSet: { ...model.permissionSet, permissions, objects },
    eventMonitoring,
  };
  return { model: adapted, parts: c.parts, warnings: c.warnings, errors: c.errors, profile };
}
