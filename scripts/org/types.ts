/**
 * The org as reco-sf sees it: a plain, serialisable snapshot read in one read-only pass
 * (snapshot.ts). adapt, changes, plan, verify, doctor and teardown all work from it, so it holds
 * only data (no connections) and is stable under JSON round trips (plan hashes depend on that).
 */
import type { XmlRecord } from '../core/xml';

export interface OrgUserPermission {
  /** API name without the `Permissions` prefix of the PermissionSet field. */
  apiName: string;
  label: string;
}

export interface OrgUser {
  id: string;
  username: string;
  isActive: boolean;
  profileId: string;
  profileName: string | null;
  /** The user licence of the user's profile (Profile.UserLicense.Name); null when not read. */
  userLicenseName?: string | null;
  /** The User fields reco-sf owns, as the org holds them (null when empty). */
  fields: Record<string, string | null>;
  /** The user's UserLogin (freeze state); null when the org did not return it. */
  login: { id: string; isFrozen: boolean } | null;
}

export interface OrgPermissionSetLicense {
  id: string;
  developerName: string;
  masterLabel: string;
  status: string;
  totalLicenses: number;
  usedLicenses: number;
  /**
   * What the licence allows: `MaximumPermissions<Name>` by permission API name (Object Reference,
   * PermissionSetLicense); null or absent when the record could not be read.
   */
  maximumPermissions?: Record<string, boolean> | null;
}

export interface OrgSnapshot {
  orgId: string;
  /** The API version every call used. */
  apiVersion: string;
  takenAt: string;
  organization: {
    name: string;
    isSandbox: boolean;
    organizationType: string;
    trialExpirationDate: string | null;
  };
  /** Every user permission the org's PermissionSet describe exposes. */
  userPermissions: OrgUserPermission[];
  /** Of the objects reco-sf asked about, those the org has. */
  objects: string[];
  /** Profiles among the config's names that the org has. */
  profiles: Array<{ id: string; name: string }>;
  permissionSetLicense: OrgPermissionSetLicense | null;
  /** The config's licence name is the name of one of the org's user licences (not a permission set licence). */
  licenseIsUserLicense?: boolean;
  /** The vendor guide's permission set licence (Salesforce API Integration), as the org holds it. */
  guideLicense?: OrgPermissionSetLicense | null;
  user: OrgUser | null;
  permissionSet: { id: string; name: string; label: string } | null;
  assignments: { permissionSetLicense: boolean; permissionSet: boolean };
  /** Tooling PermissionDependency rows between user permissions (API names). */
  permissionDependencies: Array<{ permission: string; required: string }>;
  /** Current metadata by component key (`Type:fullName`); null when the org has none. */
  metadata: Record<string, XmlRecord | null>;
}

/** The key a component's current value is stored under in `OrgSnapshot.metadata`. */
export function componentKey(component: { type: string; fullName: string }): string {
  return `${component.type}:${component.fullName}`;
}

/** Production: neither a sandbox nor a scratch/trial org (scratch orgs carry a trial expiration date). */
export function isProduction(snapshot: Pick<OrgSnapshot, 'organization'>): boolean {
  return !snapshot.organization.isSandbox && snapshot.organization.trialExpirationDate === null;
}
