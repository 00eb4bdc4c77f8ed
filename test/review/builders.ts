/**
 * Builders for review tests: the demo config's model and org snapshots shaped like the
 * emulator's (a Shield org with nothing of ours, then changed per test).
 */
import { buildComponents } from '../../scripts/components';
import {
  PERMISSIONS,
  EVENT_STORE_OBJECTS,
  PROFILES,
  PERMISSION_SET_LICENSE,
} from '../../scripts/catalog/catalog';
import type { Model } from '../../scripts/core/model';
import { runOfflinePipeline } from '../../scripts/generate/pipeline';
import { planChanges } from '../../scripts/org/changes';
import { adaptToOrg } from '../../scripts/org/adapt';
import { componentKey, type OrgSnapshot } from '../../scripts/org/types';
import { DEMO_CONFIG, REPO } from '../builders/project';

/** The model of the demo config fixture. */
export function demoModel(): Model {
  const offline = runOfflinePipeline(REPO, DEMO_CONFIG);
  if (!offline.model) throw new Error('the demo config does not build');
  return offline.model;
}

/** A Shield org that has none of our components, user or assignments. */
export function anEmptyShieldOrg(change: (s: OrgSnapshot) => void = () => undefined): OrgSnapshot {
  const snapshot: OrgSnapshot = {
    orgId: '00D000000000001EAA',
    apiVersion: '66.0',
    takenAt: '2026-01-01T00:00:00.000Z',
    organization: {
      name: 'Acme',
      isSandbox: false,
      organizationType: 'Enterprise Edition',
      trialExpirationDate: null,
    },
    userPermissions: [
      ...PERMISSIONS.map((p) => ({ apiName: p.apiName ?? 'ViewEventLogObjects', label: p.label })),
      { apiName: 'ModifyAllData', label: 'Modify All Data' },
    ],
    objects: EVENT_STORE_OBJECTS.map((o) => o.apiName),
    profiles: [{ id: '00e000000000001AAA', name: PROFILES.apiOnly }],
    permissionSetLicense: {
      id: '0PL000000000001AAA',
      developerName: PERMISSION_SET_LICENSE.developerName,
      masterLabel: PERMISSION_SET_LICENSE.masterLabel,
      status: 'Active',
      totalLicenses: 5,
      usedLicenses: 0,
    },
    user: null,
    permissionSet: null,
    assignments: { permissionSetLicense: false, permissionSet: false },
    permissionDependencies: [],
    metadata: {},
  };
  change(snapshot);
  return snapshot;
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
