/**
 * The read-only preflight: everything reco-sf needs to know about an org, in as few round trips
 * as Salesforce allows. One REST `/composite` request carries the describes and queries (its
 * subrequests are all GETs), the Tooling PermissionDependency query runs beside it (composite does
 * not serve Tooling), then one metadata retrieve reads our components' current values.
 */
import type { Connection } from '@salesforce/core';
import { EVENT_STORE_OBJECTS, PERMISSION_SET_LICENSE } from '../catalog/catalog';
import type { OwnedComponent } from '../components';
import type { Model } from '../core/model';
import { RecoError } from '../core/errors';
import { OWNERSHIP_MEMBER, OWNERSHIP_PATH } from './ownership';
import { retrieveComponents, type RetrievableComponent } from './retrieve';
import { allSettledOrThrow, withRetry } from './retry';
import type { OrgPermissionSetLicense, OrgSnapshot, OrgUser } from './types';
import { compareText } from '../core/order';

export interface SnapshotRequest {
  permissionSetName: string;
  license: string;
  username: string;
  profiles: string[];
  /** Objects whose presence matters (our object access plus the catalog's event stores). */
  objects: string[];
  components: RetrievableComponent[];
  /** Read PermissionDependency too (the verify pass skips it). */
  dependencies: boolean;
}

/** User fields reco-sf owns, by config key; drift in these is corrected. */
export const OWNED_USER_FIELDS = {
  firstName: 'FirstName',
  lastName: 'LastName',
  alias: 'Alias',
  email: 'Email',
  timeZoneSidKey: 'TimeZoneSidKey',
  localeSidKey: 'LocaleSidKey',
  emailEncodingKey: 'EmailEncodingKey',
  languageLocaleKey: 'LanguageLocaleKey',
} as const;

export function snapshotRequest(
  model: Model,
  components: Array<Pick<OwnedComponent, 'type' | 'fullName' | 'path'>>,
): SnapshotRequest {
  const objects = new Set([
    ...model.permissionSet.objects.map((o) => o.object),
    ...EVENT_STORE_OBJECTS.map((o) => o.apiName),
  ]);
  return {
    permissionSetName: model.permissionSet.name,
    license: model.permissionSet.license,
    username: model.user.username,
    profiles: model.user.profiles,
    objects: [...objects].sort(),
    // reco-sf's ownership record rides along in the same retrieve: no extra request.
    components: [
      ...components.map((c) => ({ type: c.type, fullName: c.fullName, path: c.path })),
      { ...OWNERSHIP_MEMBER, path: OWNERSHIP_PATH },
    ],
    dependencies: true,
  };
}

export function soqlString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** The composite subrequests (all GETs, so the whole request is safe to retry). */
export function compositeRequests(
  req: SnapshotRequest,
  apiVersion: string,
): Array<{ method: 'GET'; url: string; referenceId: string }> {
  const base = `/services/data/v${apiVersion}`;
  const q = (soql: string): string => `${base}/query?q=${encodeURIComponent(soql)}`;
  const user = soqlString(req.username);
  const fields = Object.values(OWNED_USER_FIELDS).join(', ');
  const entries: Array<[string, string]> = [
    ['permissionSetDescribe', `${base}/sobjects/PermissionSet/describe`],
    ['global', `${base}/sobjects`],
    [
      'organization',
      q('SELECT Id, Name, IsSandbox, OrganizationType, TrialExpirationDate FROM Organization'),
    ],
    [
      'profiles',
      q(`SELECT Id, Name FROM Profile WHERE Name IN (${req.profiles.map(soqlString).join(', ')})`),
    ],
    [
      'license',
      q(
        `SELECT Id, DeveloperName, MasterLabel, Status, TotalLicenses, UsedLicenses FROM PermissionSetLicense WHERE DeveloperName = ${soqlString(req.license)}`,
      ),
    ],
    [
      'user',
      q(
        `SELECT Id, Username, IsActive, ProfileId, Profile.Name, Profile.UserLicense.Name, ${fields} FROM User WHERE Username = ${user}`,
      ),
    ],
    // What the licence allows: every `MaximumPermissions<Name>` field of the PermissionSetLicense
    // record (Object Reference, PermissionSetLicense). The sObject GET returns all fields, so the
    // request need not know which permissions the org has; no licence, no record (fails by design).
    ['licenseDetail', `${base}/sobjects/PermissionSetLicense/@{license.records[0].Id}`],
    // A user licence name typed where the permission set licence belongs ("Salesforce Integration").
    ['userLicense', q(`SELECT Id, Name FROM UserLicense WHERE Name = ${soqlString(req.license)}`)],
    // The vendor guide's permission set licence, to name it (and its free seats) when the config names another.
    [
      'guideLicense',
      q(
        `SELECT Id, DeveloperName, MasterLabel, Status, TotalLicenses, UsedLicenses FROM PermissionSetLicense WHERE DeveloperName = ${soqlString(PERMISSION_SET_LICENSE.developerName)}`,
      ),
    ],
    // The freeze state lives on UserLogin. The user's id comes from the 'user' subrequest by
    // reference (kept literal in the URL, where Salesforce resolves it); no user, no UserLogin.
    [
      'userLogin',
      `${base}/query?q=${encodeURIComponent("SELECT Id, IsFrozen FROM UserLogin WHERE UserId = '")}@{user.records[0].Id}${encodeURIComponent("'")}`,
    ],
    [
      'permissionSet',
      q(`SELECT Id, Name, Label FROM PermissionSet WHERE Name = ${soqlString(req.permissionSetName)}`),
    ],
    [
      'psAssignment',
      q(
        `SELECT Id FROM PermissionSetAssignment WHERE Assignee.Username = ${user} AND PermissionSet.Name = ${soqlString(req.permissionSetName)}`,
      ),
    ],
    [
      'pslAssignment',
      q(
        `SELECT Id FROM PermissionSetLicenseAssign WHERE Assignee.Username = ${user} AND PermissionSetLicense.DeveloperName = ${soqlString(req.license)}`,
      ),
    ],
  ];
  return entries.map(([referenceId, url]) => ({ method: 'GET', url, referenceId }));
}

interface SubResponse {
  body: unknown;
  httpStatusCode: number;
  referenceId: string;
}
type Row = Record<string, unknown>;

function bodyOf(responses: Map<string, SubResponse>, ref: string): unknown {
  const r = responses.get(ref);
  if (!r || r.httpStatusCode >= 300) {
    const detail = Array.isArray(r?.body)
      ? (r.body as Array<{ errorCode?: string; message?: string }>)
          .map((e) => `${e.errorCode}: ${e.message}`)
          .join('; ')
      : `HTTP ${r?.httpStatusCode}`;
    throw new RecoError('SNAPSHOT_FAILED', `reading the org failed (${ref}): ${detail}`, { exitCode: 1 });
  }
  return r.body;
}

function rowsOf(responses: Map<string, SubResponse>, ref: string): Row[] {
  const body = bodyOf(responses, ref) as { records?: Row[] };
  return body.records ?? [];
}

/** Rows of a subrequest whose failure only hides a hint (never fatal): none when it failed. */
function optionalRows(responses: Map<string, SubResponse>, ref: string): Row[] {
  const r = responses.get(ref);
  return r && r.httpStatusCode < 300 ? ((r.body as { records?: Row[] }).records ?? []) : [];
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v ?? 0));

/** The UserLogin row when the subrequest succeeded (it fails by design when there is no user). */
function loginOf(responses: Map<string, SubResponse>): OrgUser['login'] {
  const r = responses.get('userLogin');
  const [row] = r && r.httpStatusCode < 300 ? ((r.body as { records?: Row[] }).records ?? []) : [];
  return row ? { id: str(row.Id), isFrozen: row.IsFrozen === true } : null;
}

function userLicenseOf(profile: Row | null | undefined): string | null {
  const licence = profile?.UserLicense as Row | null | undefined;
  return licence ? str(licence.Name) || null : null;
}

function userOf(row: Row | undefined, login: OrgUser['login']): OrgUser | null {
  if (!row) return null;
  const profile = row.Profile as Row | null | undefined;
  const fields: Record<string, string | null> = {};
  for (const field of Object.values(OWNED_USER_FIELDS))
    fields[field] = typeof row[field] === 'string' ? (row[field] as string) : null;
  return {
    id: str(row.Id),
    username: str(row.Username),
    isActive: row.IsActive === true,
    profileId: str(row.ProfileId),
    profileName: profile ? str(profile.Name) || null : null,
    userLicenseName: userLicenseOf(profile),
    fields,
    login,
  };
}

function licenceOf(row: Row | undefined): OrgPermissionSetLicense | null {
  if (!row) return null;
  return {
    id: str(row.Id),
    developerName: str(row.DeveloperName),
    masterLabel: str(row.MasterLabel),
    status: str(row.Status),
    totalLicenses: num(row.TotalLicenses),
    usedLicenses: num(row.UsedLicenses),
  };
}

/** `MaximumPermissions<Name>` fields of the licence record, by permission API name; null when not read. */
function maximumPermissionsOf(responses: Map<string, SubResponse>): Record<string, boolean> | null {
  const r = responses.get('licenseDetail');
  if (!r || r.httpStatusCode >= 300 || typeof r.body !== 'object' || r.body === null) return null;
  const out: Record<string, boolean> = {};
  for (const [field, value] of Object.entries(r.body as Row))
    if (field.startsWith('MaximumPermissions') && typeof value === 'boolean')
      out[field.slice('MaximumPermissions'.length)] = value;
  return out;
}

function permissionsOf(describe: unknown): OrgSnapshot['userPermissions'] {
  const fields = ((describe as { fields?: Row[] }).fields ?? []).filter(
    (f) => str(f.name).startsWith('Permissions') && f.type === 'boolean',
  );
  return fields
    .map((f) => ({ apiName: str(f.name).slice('Permissions'.length), label: str(f.label) }))
    .sort((a, b) => compareText(a.apiName, b.apiName));
}

export function snapshotFromResponses(
  req: SnapshotRequest,
  responses: Map<string, SubResponse>,
  meta: Pick<OrgSnapshot, 'orgId' | 'apiVersion' | 'permissionDependencies' | 'metadata'>,
): OrgSnapshot {
  const [org] = rowsOf(responses, 'organization');
  const global = new Set(
    ((bodyOf(responses, 'global') as { sobjects?: Row[] }).sobjects ?? []).map((s) => str(s.name)),
  );
  const psl = licenceOf(rowsOf(responses, 'license')[0]);
  const [ps] = rowsOf(responses, 'permissionSet');
  return {
    orgId: meta.orgId,
    apiVersion: meta.apiVersion,
    takenAt: new Date().toISOString(),
    organization: {
      name: str(org?.Name),
      isSandbox: org?.IsSandbox === true,
      organizationType: str(org?.OrganizationType),
      trialExpirationDate: typeof org?.TrialExpirationDate === 'string' ? org.TrialExpirationDate : null,
    },
    userPermissions: permissionsOf(bodyOf(responses, 'permissionSetDescribe')),
    objects: req.objects.filter((o) => global.has(o)),
    profiles: rowsOf(responses, 'profiles').map((p) => ({ id: str(p.Id), name: str(p.Name) })),
    permissionSetLicense: psl ? { ...psl, maximumPermissions: maximumPermissionsOf(responses) } : null,
    licenseIsUserLicense: optionalRows(responses, 'userLicense').length > 0,
    guideLicense: licenceOf(optionalRows(responses, 'guideLicense')[0]),
    user: userOf(rowsOf(responses, 'user')[0], loginOf(responses)),
    permissionSet: ps ? { id: str(ps.Id), name: str(ps.Name), label: str(ps.Label) } : null,
    assignments: {
      permissionSet: rowsOf(responses, 'psAssignment').length > 0,
      permissionSetLicense: rowsOf(responses, 'pslAssignment').length > 0,
    },
    permissionDependencies: meta.permissionDependencies,
    metadata: meta.metadata,
  };
}

async function readComposite(
  conn: Connection,
  req: SnapshotRequest,
  apiVersion: string,
): Promise<Map<string, SubResponse>> {
  const body = { allOrNone: false, compositeRequest: compositeRequests(req, apiVersion) };
  // A POST, so jsforce does not retry it; every subrequest is a GET, so we may.
  const response = await withRetry(() =>
    conn.request<{ compositeResponse: SubResponse[] }>({
      method: 'POST',
      url: `/services/data/v${apiVersion}/composite`,
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    }),
  );
  return new Map(response.compositeResponse.map((r) => [r.referenceId, r]));
}

async function readDependencies(conn: Connection): Promise<OrgSnapshot['permissionDependencies']> {
  const soql =
    "SELECT Permission, RequiredPermission FROM PermissionDependency WHERE PermissionType = 'User Permission' AND RequiredPermissionType = 'User Permission'";
  const result = await withRetry(
    async () => await conn.tooling.query<{ Permission: string; RequiredPermission: string }>(soql),
  );
  return result.records.map((r) => ({ permission: r.Permission, required: r.RequiredPermission }));
}

export async function takeSnapshot(
  conn: Connection,
  orgId: string,
  apiVersion: string,
  req: SnapshotRequest,
): Promise<OrgSnapshot> {
  const [responses, permissionDependencies, metadata] = await allSettledOrThrow([
    readComposite(conn, req, apiVersion),
    req.dependencies ? readDependencies(conn) : Promise.resolve([]),
    retrieveComponents(conn, apiVersion, req.components),
  ]);
  return snapshotFromResponses(req, responses, { orgId, apiVersion, permissionDependencies, metadata });
}
