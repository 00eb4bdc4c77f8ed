/**
 * Builders for review tests: the demo config's model and org snapshots shaped like the
 * emulator's (a Shield org with nothing of ours, then changed per test).
 */
import { buildComponents } from '../../scripts/components';
import { PERMISSIONS, PROFILES } from '../../scripts/catalog/catalog';
import type { Model } from '../../scripts/core/model';
import { runOfflinePipeline } from '../../scripts/generate/pipeline';
import { planChanges } from '../../scripts/org/changes';
import { adaptToOrg } from '../../scripts/org/adapt';
import { componentKey, type OrgSnapshot } from '../../scripts/org/types';
import { DEMO_CONFIG, REPO } from '../builders/project';
import { aSnapshot } from '../org/builders';

/** The model of the demo config fixture. */
export function demoModel(): Model {
  const offline = runOfflinePipeline(REPO, DEMO_CONFIG);
  if (!offline.model) throw new Error('the demo config does not build');
  return offline.model;
}

/**
 * A Shield org that has none of our components, user or assignments: the org-module tests'
 * snapshot (test/org/builders.ts), as a production org with a free licence seat and one more
 * permission (Modify All Data) than the catalog knows.
 */
export function anEmptyShieldOrg(change: (s: OrgSnapshot) => void = () => undefined): OrgSnapshot {
  return aSnapshot((snapshot) => {
    snapshot.orgId = '00D000000000001EAA';
    snapshot.organization.isSandbox = false;
    snapshot.userPermissions.push({ apiName: 'ModifyAllData', label: 'Modify All Data' });
    if (snapshot.permissionSetLicense) snapshot.permissionSetLicense.usedLicenses = 0;
    change(snapshot);
  });
}

/** The org after a successful deploy: our components as the deploy sends them, the user and both assignments. */
export function aDeployedOrg(model: Model, change: (s: OrgSnapshot) => void = () => undefined): OrgSnapshot {
  const snapshot = anEmptyShieldOrg();
  const adapted = adaptToOrg(model, snapshot);
  for (const c of planChanges(buildComponents(adapted.model), snapshot).changes)
    snapshot.metadata[componentKey(c)] = structuredClone(c.value);
  const u = model.user;
  snapshot.user = {
    id: '005000000000009AAA',
    username: u.username,
    isActive: true,
    profileId: '00e000000000001AAA',
    profileName: PROFILES.apiOnly,
    fields: {
      FirstName: u.firstName ?? null,
      LastName: u.lastName,
      Alias: u.alias,
      Email: u.email,
      TimeZoneSidKey: u.timeZoneSidKey,
      LocaleSidKey: u.localeSidKey,
      EmailEncodingKey: u.emailEncodingKey,
      LanguageLocaleKey: u.languageLocaleKey,
    },
    login: { id: '060000000000009AAA', isFrozen: false },
  };
  snapshot.permissionSet = {
    id: '0PS000000000001AAA',
    name: model.permissionSet.name,
    label: model.permissionSet.label,
  };
  snapshot.assignments = { permissionSetLicense: true, permissionSet: true };
  if (snapshot.permissionSetLicense) snapshot.permissionSetLicense.usedLicenses = 1;
  change(snapshot);
  return snapshot;
}

/** Shield (Event Monitoring) features, as the catalog names them. */
const SHIELD_FEATURES = new Set(['EventMonitoring', 'RealTimeEventMonitoring', 'EventLogObjects']);

/** Takes Shield away from a snapshot: its permissions (by API name, or by label where the catalog has none) and the event stores. */
export function withoutShield(s: OrgSnapshot): void {
  const shieldOnly = PERMISSIONS.filter((p) => p.requiresFeature && SHIELD_FEATURES.has(p.requiresFeature));
  const names = new Set(shieldOnly.map((p) => p.apiName).filter((n): n is string => n !== null));
  const labels = new Set(shieldOnly.map((p) => p.label));
  s.userPermissions = s.userPermissions.filter((p) => !names.has(p.apiName) && !labels.has(p.label));
  s.objects = [];
}
