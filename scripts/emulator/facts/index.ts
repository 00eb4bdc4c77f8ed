/**
 * The emulator's own knowledge of a Salesforce org, read from the JSON files beside this module.
 * Each file (and each entry where it differs) names its public source. Nothing here comes from
 * scripts/catalog: a test (test/emulator/facts.test.ts) compares the two and names both on a
 * disagreement.
 */
import fieldVersionsJson from './field-versions.json';
import settingsMembersJson from './settings-members.json';

export interface FieldVersionFact {
  /** Complex type that holds the field, e.g. PermissionSetObjectPermissions. */
  type: string;
  field: string;
  minVersion?: number;
  maxVersion?: number;
  source: string;
}

/** Settings members of the Metadata API (WSDL v66.0), e.g. `ExternalClientApp` for ExternalClientAppSettings. */
export const SETTINGS_MEMBERS: readonly string[] = settingsMembersJson.members;

export const FIELD_VERSIONS: readonly FieldVersionFact[] = fieldVersionsJson.fields;

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
