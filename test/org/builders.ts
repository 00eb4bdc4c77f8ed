/** Org snapshots for the pure org-module tests: a Shield org that has everything, then variations. */
import { PERMISSIONS, EVENT_STORE_OBJECTS, PROFILES } from '../../scripts/catalog/catalog';
import type { OrgSnapshot } from '../../scripts/org/types';

/** The API name an org gives "View Event Log Object Data" in these tests (the catalog has none). */
export const ELO_PERMISSION = 'ViewEventLogObjects';

export function aSnapshot(change: (s: OrgSnapshot) => void = () => undefined): OrgSnapshot {
  const snapshot: OrgSnapshot = {
    orgId: '00D000000000001AAA',
    apiVersion: '66.0',
    takenAt: '2026-01-01T00:00:00.000Z',
    organization: {
      name: 'Acme',
      isSandbox: true,
      organizationType: 'Enterprise Edition',
      trialExpirationDate: null,
    },
    userPermissions: PERMISSIONS.map((p) => ({ apiName: p.apiName ?? ELO_PERMISSION, label: p.label })),
    objects: EVENT_STORE_OBJECTS.map((o) => o.apiName),
    profiles: [{ id: '00e000000000001AAA', name: PROFILES.apiOnly }],
    permissionSetLicense: {
      id: '0PL000000000001AAA',
      developerName: 'SalesforceAPIIntegrationPsl',
      masterLabel: 'Salesforce API Integration',
      status: 'Active',
      totalLicenses: 5,
      usedLicenses: 1,
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

/** An org without Shield / Event Monitoring: no monitoring permissions, no event stores. */
export function noShield(s: OrgSnapshot): void {
  const shieldOnly = new Set(
    PERMISSIONS.filter((p) => p.requiresFeature && p.requiresFeature !== 'ExternalClientApps').map(
      (p) => p.label,
    ),
  );
  s.userPermissions = s.userPermissions.filter((p) => !shieldOnly.has(p.label));
  s.objects = [];
}
