/**
 * The emulator's own knowledge of a Salesforce org, read from the JSON files beside this module.
 * Each file (and each entry where it differs) names its public source. Nothing here comes from
 * scripts/catalog: test/emulator/facts.test.ts compares the two and names both on a disagreement.
 */
import eventManagerJson from './event-manager.json';
import fieldVersionsJson from './field-versions.json';
import oauthJson from './oauth.json';
import orgBaselineJson from './org-baseline.json';
import dependenciesJson from './permission-dependencies.json';
import featureGatesJson from './settings-feature-gates.json';
import settingsMembersJson from './settings-members.json';
import standardAppsJson from './standard-apps.json';
import standardObjectsJson from './standard-objects.json';
import userPermissionsJson from './user-permissions.json';

/** An add-on an org may have, in the emulator's words. */
export type OrgFeature =
  'EventMonitoring' | 'RealTimeEventMonitoring' | 'EventLogObjects' | 'ExternalClientApps';

export interface UserPermissionFact {
  /** API name: `userPermissions/name` and the PermissionSet field `Permissions<name>`. */
  name: string;
  /** Setup label (the field label of `Permissions<name>`). */
  label: string;
  requiresFeature?: OrgFeature;
  source?: string;
}

export interface FieldVersionFact {
  /** Complex type that holds the field, e.g. PermissionSetObjectPermissions. */
  type: string;
  field: string;
  minVersion?: number;
  maxVersion?: number;
  source: string;
}

export interface DependencyFact {
  permission: string;
  requires: string[];
  source: string;
}

export interface ProfileFact {
  name: string;
  fullName: string;
  userLicense: string;
  /** The API-only integration profile: its current name, or the deprecated one of older orgs. */
  apiOnly?: 'current' | 'deprecated';
  /** The Name of the permission set the profile owns, when Salesforce's template gives it one (else X<profile id>). */
  ownedPermissionSetName?: string;
  /** User permissions of the profile (its owned permission set): every one of the org, or these; absent: none known. */
  permissions?: 'all' | readonly string[];
  source: string;
}

/** The permission set each profile owns (PermissionSet.IsOwnedByProfile), and how the org refuses to (un)assign one. */
export interface ProfilePermissionSetsFact {
  type: string;
  cannotAssign: { code: string; message: string; source: string };
  source: string;
}

/** Standard user permissions with their labels (Object Reference, PermissionSet `Permissions<Name>`). */
export const USER_PERMISSIONS = userPermissionsJson.permissions as readonly UserPermissionFact[];

/** Declared permission dependencies (Tooling API PermissionDependency). */
export const PERMISSION_DEPENDENCIES = dependenciesJson.dependencies as readonly DependencyFact[];

/** Settings members of the Metadata API (WSDL v66.0), e.g. `ExternalClientApp` for ExternalClientAppSettings. */
export const SETTINGS_MEMBERS: readonly string[] = settingsMembersJson.members;

export const FIELD_VERSIONS = fieldVersionsJson.fields as readonly FieldVersionFact[];

export const SETTINGS_FEATURE_GATES = featureGatesJson.gates as ReadonlyArray<{
  type: string;
  field: string;
  requiresFeature: OrgFeature;
  source: string;
}>;

/** Event Manager (RealTimeEventSettings) entity names of a real Shield org, and the add-on they need. */
export const EVENT_MANAGER = eventManagerJson as {
  requiresFeature: OrgFeature;
  entities: readonly string[];
  source: string;
};

export const STANDARD_OBJECTS = standardObjectsJson.objects as ReadonlyArray<{
  name: string;
  requiresFeature?: OrgFeature;
  /** Standard fields a field permission may name; absent: not listed (any standard field accepted). */
  fields?: readonly string[];
}>;

/** API names of the standard apps (applicationVisibilities). */
export const STANDARD_APPS: readonly string[] = standardAppsJson.apps;

export const OAUTH = {
  connectedAppScopes: oauthJson.connectedAppScopes.values as readonly string[],
  /** ExtlClntAppOauthSettings.commaSeparatedOauthScopes takes the same scope names. */
  ecaScopes: oauthJson.connectedAppScopes.values as readonly string[],
  connectedAppIpRelaxation: oauthJson.connectedAppIpRelaxation.values as readonly string[],
  ecaIpRelaxation: oauthJson.ecaIpRelaxation.values as readonly string[],
};

export const ORG_BASELINE = orgBaselineJson as {
  userLicenses: ReadonlyArray<{ name: string; licenseDefinitionKey: string; totalLicenses: number }>;
  profiles: readonly ProfileFact[];
  permissionSetLicenses: ReadonlyArray<{ developerName: string; masterLabel: string; totalLicenses: number }>;
  permissionSetLimits: { labelMax: number; descriptionMax: number };
  profilePermissionSets: ProfilePermissionSetsFact;
};

export function fieldVersion(type: string, field: string): FieldVersionFact | undefined {
  return FIELD_VERSIONS.find((f) => f.type === type && f.field === field);
}

/** Whether a field exists in `type` at `apiVersion` (fields without a version fact always do). */
export function fieldInVersion(type: string, field: string, apiVersion: number): boolean {
  const fact = fieldVersion(type, field);
  if (!fact) return true;
  return (
    (fact.minVersion === undefined || apiVersion >= fact.minVersion) &&
    (fact.maxVersion === undefined || apiVersion <= fact.maxVersion)
  );
}

export function settingsFeatureGate(
  type: string,
  field: string,
): { requiresFeature: OrgFeature } | undefined {
  return SETTINGS_FEATURE_GATES.find((g) => g.type === type && g.field === field);
}
