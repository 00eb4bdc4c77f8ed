/**
 * Org shapes: which features, permissions, objects, profiles and Event Manager entities an
 * emulated org has. Catalog facts (scripts/catalog/catalog.ts) decide everything the catalog
 * knows; the rest is listed here as data and marked with its source.
 */
import {
  EVENT_MANAGER_EVENTS,
  EVENT_MANAGER_FEATURE,
  EVENT_STORE_OBJECTS,
  PERMISSIONS,
  PROFILES,
  type OrgFeature,
} from '../catalog/catalog';

export type ShapeName =
  'shield' | 'no-shield' | 'legacy-profile' | 'connected-apps-blocked' | 'production' | 'sandbox';
export const SHAPE_NAMES: readonly ShapeName[] = [
  'shield',
  'no-shield',
  'legacy-profile',
  'connected-apps-blocked',
  'production',
  'sandbox',
];

export interface UserPermissionDef {
  apiName: string;
  label: string;
  /** Catalog key when the catalog knows the permission. */
  catalogKey?: string;
}

/**
 * Standard user permissions present in every org, beyond the catalog's. Source: the
 * userPermissions of the real retrieved permission set in
 * test/fixtures/real-world/sfdcInternalInt__sfdc_a360_sfcrm_data_extract.permissionset-meta.xml
 * (those without an add-on feature) and the standard System Administrator profile.
 */
export const STANDARD_USER_PERMISSIONS: readonly UserPermissionDef[] = [
  { apiName: 'ActivitiesAccess', label: 'Access Activities' },
  { apiName: 'AllowViewKnowledge', label: 'Knowledge One' },
  { apiName: 'AssignPermissionSets', label: 'Assign Permission Sets' },
  { apiName: 'AuthorApex', label: 'Author Apex' },
  { apiName: 'EditKnowledge', label: 'Manage Articles' },
  { apiName: 'EditTask', label: 'Edit Tasks' },
  { apiName: 'ExportReport', label: 'Export Reports' },
  { apiName: 'LightningExperienceUser', label: 'Lightning Experience User' },
  { apiName: 'ManageInternalUsers', label: 'Manage Internal Users' },
  { apiName: 'ManageProfilesPermissionsets', label: 'Manage Profiles and Permission Sets' },
  { apiName: 'ManageSharing', label: 'Manage Sharing' },
  { apiName: 'ManageTerritories', label: 'Manage Territories' },
  { apiName: 'ManageUsers', label: 'Manage Users' },
  { apiName: 'ModifyAllData', label: 'Modify All Data' },
  { apiName: 'PasswordNeverExpires', label: 'Password Never Expires' },
  { apiName: 'RunReports', label: 'Run Reports' },
  { apiName: 'ViewAllActivities', label: 'View All Activities' },
  { apiName: 'ViewAllData', label: 'View All Data' },
  { apiName: 'ViewAllForecasts', label: 'View All Forecasts' },
  { apiName: 'ViewAllUsers', label: 'View All Users' },
  { apiName: 'ViewArchivedArticles', label: 'View Archived Articles' },
  { apiName: 'ViewDraftArticles', label: 'View Draft Articles' },
  { apiName: 'ViewPublicReports', label: 'View Reports in Public Folders' },
];

/**
 * "View Event Log Object Data" has no publicly known API name (catalog apiName null, confidence L).
 * The emulator gives it this plausible one, exposed on PermissionSet describe with the real label,
 * so that callers must resolve it by label as they would in a real org.
 */
export const EMULATED_EVENT_LOG_OBJECTS_PERMISSION = 'ViewEventLogObjects';

/** Standard objects every org has (object permissions on them are always accepted). */
export const STANDARD_OBJECTS: readonly string[] = [
  'Account',
  'Case',
  'Contact',
  'EventLogFile',
  'Lead',
  'Opportunity',
  'User',
];

export interface ProfileDef {
  name: string;
  userLicense: string;
  /** Metadata fullName of the profile (standard profiles have short API names). */
  fullName: string;
}

export interface OrgShape {
  names: ShapeName[];
  features: ReadonlySet<OrgFeature>;
  isSandbox: boolean;
  /** Spring '26: new ConnectedApp creation blocked unless Support re-enables it (Spring '26 release notes, H). */
  connectedAppsBlocked: boolean;
  profiles: ProfileDef[];
  userPermissions: UserPermissionDef[];
  objects: string[];
  /** Event Manager entities; empty when the org lacks Real-Time Event Monitoring. */
  eventEntities: string[];
}

function parseShapeNames(input: ShapeName | ShapeName[] | string | undefined): ShapeName[] {
  const raw = input === undefined ? [] : Array.isArray(input) ? input : String(input).split(',');
  const names = raw.map((n) => n.trim()).filter((n) => n !== '');
  for (const name of names) {
    if (!(SHAPE_NAMES as readonly string[]).includes(name)) {
      throw new Error(`unknown emulator shape '${name}'; known shapes: ${SHAPE_NAMES.join(', ')}`);
    }
  }
  const shapes = names as ShapeName[];
  if (shapes.includes('shield') && shapes.includes('no-shield'))
    throw new Error("shapes 'shield' and 'no-shield' exclude each other");
  if (shapes.includes('production') && shapes.includes('sandbox'))
    throw new Error("shapes 'production' and 'sandbox' exclude each other");
  return shapes;
}

/** Builds an org shape; the default is a Shield production org with the current API-only profile. */
export function resolveShape(input?: ShapeName | ShapeName[] | string): OrgShape {
  const names = parseShapeNames(input);
  const shield = !names.includes('no-shield');
  const features = new Set<OrgFeature>(['ExternalClientApps']);
  if (shield) {
    features.add('EventMonitoring');
    features.add('RealTimeEventMonitoring');
    features.add('EventLogObjects');
  }
  const apiOnly = names.includes('legacy-profile') ? PROFILES.apiOnlyDeprecated : PROFILES.apiOnly;
  const profiles: ProfileDef[] = [
    { name: 'System Administrator', userLicense: 'Salesforce', fullName: 'Admin' },
    { name: 'Standard User', userLicense: 'Salesforce', fullName: 'Standard' },
    {
      name: 'Minimum Access - Salesforce',
      userLicense: 'Salesforce',
      fullName: 'Minimum Access - Salesforce',
    },
    { name: apiOnly, userLicense: PROFILES.userLicense, fullName: apiOnly },
  ];
  const userPermissions: UserPermissionDef[] = [...STANDARD_USER_PERMISSIONS];
  for (const p of PERMISSIONS) {
    if (p.requiresFeature && !features.has(p.requiresFeature)) continue;
    const apiName =
      p.apiName ?? (p.key === 'ViewEventLogObjectData' ? EMULATED_EVENT_LOG_OBJECTS_PERMISSION : undefined);
    if (!apiName) continue;
    if (!userPermissions.some((u) => u.apiName === apiName))
      userPermissions.push({ apiName, label: p.label, catalogKey: p.key });
  }
  userPermissions.sort((a, b) => a.apiName.localeCompare(b.apiName));
  const objects = [
    ...STANDARD_OBJECTS,
    ...EVENT_STORE_OBJECTS.filter((o) => features.has(o.requiresFeature)).map((o) => o.apiName),
  ];
  const eventEntities = features.has(EVENT_MANAGER_FEATURE)
    ? EVENT_MANAGER_EVENTS.flatMap((e) => [e.stream, e.store]).filter((n): n is string => n !== null)
    : [];
  return {
    names: names.length > 0 ? names : ['shield', 'production'],
    features,
    isSandbox: names.includes('sandbox'),
    connectedAppsBlocked: names.includes('connected-apps-blocked'),
    profiles,
    userPermissions,
    objects,
    eventEntities: [...new Set(eventEntities)].sort(),
  };
}
