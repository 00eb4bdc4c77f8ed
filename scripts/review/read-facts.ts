/**
 * Reads the review facts (facts.ts) with read-only calls: one query each for UserLogin, the
 * user's permission set grants and the installed app, and one retrieve of the user's profile.
 * A call the org refuses (an object the org or API version lacks) is noted, never fatal: doctor
 * and verify then say what they could not check.
 */
import type { Connection } from '@salesforce/core';
import { SOURCE_ROOT } from '../components/types';
import type { Model } from '../core/model';
import { listOf, type XmlRecord } from '../core/xml';
import { retrieveComponents } from '../org/retrieve';
import { allSettledOrThrow, rethrowRetryable, withRetry } from '../org/retry';
import { soqlString } from '../org/snapshot';
import type { OwnedUser } from '../org/ownership';
import type { OrgSnapshot } from '../org/types';
import type { OwnedUserState } from './teardown';
import type { GrantFacts, LoginIpRange, OAuthAppFacts, PasswordState, ReviewFacts } from './facts';
import { installedAppGrant, ownedAppGrant, readPreAuthorizedSets } from './grant';

type Row = Record<string, unknown>;

async function query(conn: Connection, soql: string): Promise<Row[]> {
  const result = await withRetry(async () => await conn.query<Row>(soql));
  return result.records;
}

/** The error code (or first line) of a refused call: SOQL errors carry the whole query on later lines. */
function why(error: unknown): string {
  const code = (error as { errorCode?: unknown }).errorCode;
  if (typeof code === 'string') return code;
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n').find((line) => line.trim() !== '') ?? text;
}

async function readLogin(
  conn: Connection,
  userId: string,
  unreadable: string[],
): Promise<ReviewFacts['login']> {
  try {
    const [row] = await query(
      conn,
      `SELECT Id, IsFrozen, IsPasswordLocked FROM UserLogin WHERE UserId = ${soqlString(userId)}`,
    );
    return row
      ? {
          id: String(row.Id),
          isFrozen: row.IsFrozen === true,
          isPasswordLocked: row.IsPasswordLocked === true,
        }
      : null;
  } catch (error) {
    rethrowRetryable(error);
    unreadable.push(`whether the user is frozen (UserLogin: ${why(error)})`);
    return null;
  }
}

/** true: some permission set the user holds grants API Enabled; false only when the profile's own set was seen too. */
async function readApiEnabled(
  conn: Connection,
  userId: string,
  unreadable: string[],
): Promise<boolean | null> {
  try {
    const rows = await query(
      conn,
      `SELECT PermissionSet.PermissionsApiEnabled, PermissionSet.IsOwnedByProfile FROM PermissionSetAssignment WHERE AssigneeId = ${soqlString(userId)}`,
    );
    const sets = rows.map((r) => (r.PermissionSet ?? {}) as Row);
    if (sets.some((s) => s.PermissionsApiEnabled === true)) return true;
    return sets.some((s) => s.IsOwnedByProfile === true) ? false : null;
  } catch (error) {
    rethrowRetryable(error);
    unreadable.push(`whether the user has API Enabled (${why(error)})`);
    return null;
  }
}

async function readInstalledApp(
  conn: Connection,
  name: string,
  unreadable: string[],
): Promise<(OAuthAppFacts & { adminApprovedOnly: boolean | null }) | null> {
  try {
    const [row] = await query(
      conn,
      `SELECT Id, Name, OptionsAllowAdminApprovedUsersOnly FROM ConnectedApplication WHERE Name = ${soqlString(name)}`,
    );
    if (!row) return null;
    // The sObject has no documented IP relaxation field; read one when the org's describe offers it.
    const relaxation = await readRelaxationField(conn, String(row.Id));
    const approved = row.OptionsAllowAdminApprovedUsersOnly;
    return {
      id: String(row.Id),
      name: String(row.Name),
      ipRelaxation: relaxation,
      adminApprovedOnly: typeof approved === 'boolean' ? approved : null,
    };
  } catch (error) {
    rethrowRetryable(error);
    unreadable.push(`the installed app ${name} (ConnectedApplication: ${why(error)})`);
    return null;
  }
}

async function readRelaxationField(conn: Connection, id: string): Promise<string | null> {
  const describe = await withRetry(() => conn.describe('ConnectedApplication'));
  const field = describe.fields.find((f) => /ipRelax/i.test(f.name));
  if (!field) return null;
  const [row] = await query(
    conn,
    `SELECT ${field.name} FROM ConnectedApplication WHERE Id = ${soqlString(id)}`,
  );
  const value = row?.[field.name];
  return typeof value === 'string' ? value : null;
}

function rangesOf(profile: XmlRecord | null | undefined): LoginIpRange[] {
  return listOf<XmlRecord>(profile?.loginIpRanges).map((r) => ({
    startAddress: String(r.startAddress ?? ''),
    endAddress: String(r.endAddress ?? ''),
    ...(r.description !== undefined ? { description: String(r.description) } : {}),
  }));
}

function hoursOf(profile: XmlRecord | null | undefined): Record<string, string> {
  const hours = profile?.loginHours;
  if (!hours || typeof hours !== 'object' || Array.isArray(hours)) return {};
  return Object.fromEntries(Object.entries(hours).map(([k, v]) => [k, String(v)]));
}

const CONNECTED_APP_SETTINGS = {
  type: 'Settings',
  fullName: 'ConnectedApp',
  path: `${SOURCE_ROOT}/settings/ConnectedApp.settings-meta.xml`,
};

/**
 * One retrieve: the user's profile (login IP ranges, login hours) and ConnectedAppSettings (API
 * Access Control, `enableAdminApprovedAppsOnly`; Metadata API Developer Guide, ConnectedAppSettings).
 */
async function readProfileAndAppSettings(
  conn: Connection,
  apiVersion: string,
  name: string | null,
  unreadable: string[],
): Promise<{ profile: ReviewFacts['profile']; apiAccessControl: boolean | null }> {
  const components = [CONNECTED_APP_SETTINGS];
  if (name)
    components.push({
      type: 'Profile',
      fullName: name,
      path: `${SOURCE_ROOT}/profiles/${name}.profile-meta.xml`,
    });
  try {
    const values = await retrieveComponents(conn, apiVersion, components);
    const settings = values['Settings:ConnectedApp'];
    const profile = name ? values[`Profile:${name}`] : null;
    return {
      profile: name ? { name, loginIpRanges: rangesOf(profile), loginHours: hoursOf(profile) } : null,
      apiAccessControl: String(settings?.enableAdminApprovedAppsOnly) === 'true',
    };
  } catch (error) {
    rethrowRetryable(error);
    unreadable.push(
      `the profile's login IP ranges and login hours, and API Access Control (ConnectedAppSettings) (${why(error)})`,
    );
    return { profile: name ? { name, loginIpRanges: null, loginHours: null } : null, apiAccessControl: null };
  }
}

/** The permission sets assigned to the user (a profile's own set included), by id and name. */
async function readAssignedSets(
  conn: Connection,
  userId: string,
  unreadable: string[],
): Promise<Array<{ id: string; name: string }> | null> {
  try {
    const rows = await query(
      conn,
      `SELECT PermissionSetId, PermissionSet.Name FROM PermissionSetAssignment WHERE AssigneeId = ${soqlString(userId)}`,
    );
    return rows.map((r) => ({
      id: String(r.PermissionSetId),
      name: String((r.PermissionSet as Row | null)?.Name ?? r.PermissionSetId),
    }));
  } catch (error) {
    rethrowRetryable(error);
    unreadable.push(`the user's permission set assignments (${why(error)})`);
    return null;
  }
}

/**
 * Never set (User.LastPasswordChangeDate null: no password, no reset link ever sent), reset
 * pending (GET sobjects/User/{id}/password says isExpired: the user has not chosen one yet) or set.
 */
export async function readPassword(
  conn: Connection,
  apiVersion: string,
  userId: string,
  unreadable: string[],
): Promise<PasswordState | null> {
  try {
    const [row] = await query(
      conn,
      `SELECT LastPasswordChangeDate FROM User WHERE Id = ${soqlString(userId)}`,
    );
    if (!row?.LastPasswordChangeDate) return 'never-set';
    const status = await withRetry(() =>
      conn.request<{ isExpired?: boolean }>(`/services/data/v${apiVersion}/sobjects/User/${userId}/password`),
    );
    return status.isExpired === true ? 'reset-pending' : 'set';
  } catch (error) {
    rethrowRetryable(error);
    unreadable.push(`whether the integration user has set a password (${why(error)})`);
    return null;
  }
}

/** SecuritySettings.sessionSettings from the deploy's own retrieve (Metadata API, SessionSettings). */
function sessionOf(snapshot: OrgSnapshot, unreadable: string[]): ReviewFacts['session'] {
  if (!('Settings:Security' in snapshot.metadata)) {
    unreadable.push('the session settings (SecuritySettings was not retrieved)');
    return null;
  }
  const session = snapshot.metadata['Settings:Security']?.sessionSettings as XmlRecord | undefined;
  return {
    enforceIpRangesEveryRequest: String(session?.enforceIpRangesEveryRequest) === 'true',
    lockSessionsToIp: String(session?.lockSessionsToIp) === 'true',
  };
}

/** The profile the integration user has, or the one a new user would get (the config's first the org has). */
function profileName(model: Model, snapshot: OrgSnapshot): string | null {
  if (snapshot.user?.profileName) return snapshot.user.profileName;
  return model.user.profiles.find((p) => snapshot.profiles.some((o) => o.name === p)) ?? null;
}

export async function readReviewFacts(
  conn: Connection,
  apiVersion: string,
  model: Model,
  snapshot: OrgSnapshot,
): Promise<ReviewFacts> {
  const unreadable: string[] = [];
  const userId = snapshot.user?.id;
  const profile = profileName(model, snapshot);
  const app = model.oauthApp;
  const [login, apiEnabled, installed, retrieved, assigned, password] = await allSettledOrThrow([
    userId ? readLogin(conn, userId, unreadable) : Promise.resolve(null),
    userId ? readApiEnabled(conn, userId, unreadable) : Promise.resolve(null),
    app.kind === 'installed'
      ? readInstalledApp(conn, app.installedAppName, unreadable)
      : Promise.resolve(null),
    readProfileAndAppSettings(conn, apiVersion, profile, unreadable),
    userId ? readAssignedSets(conn, userId, unreadable) : Promise.resolve([]),
    userId ? readPassword(conn, apiVersion, userId, unreadable) : Promise.resolve(null),
  ]);
  const holder = {
    profile,
    permissionSets: [...new Set([...(assigned ?? []).map((a) => a.name), model.permissionSet.name])],
  };
  const vendor = installed
    ? await installedGrant(conn, installed, assigned ?? [], model.permissionSet.name, unreadable)
    : null;
  return {
    login,
    profile: retrieved.profile,
    installedApp: vendor?.app ?? null,
    apiEnabled,
    grant: vendor ? vendor.grant : ownedAppGrant(model, snapshot, holder),
    apiAccessControl: retrieved.apiAccessControl,
    session: sessionOf(snapshot, unreadable),
    password,
    unreadable: unreadable.sort(),
  };
}

/** The vendor's installed app and its grant (its pre-authorisations read through SetupEntityAccess). */
async function installedGrant(
  conn: Connection,
  installed: OAuthAppFacts & { adminApprovedOnly: boolean | null },
  assigned: Array<{ id: string; name: string }>,
  ours: string,
  unreadable: string[],
): Promise<{ app: OAuthAppFacts; grant: GrantFacts }> {
  const { adminApprovedOnly, ...app } = installed;
  let sets: Array<{ id: string; name: string }> | null = null;
  try {
    sets = await readPreAuthorizedSets(conn, installed.id);
  } catch (error) {
    rethrowRetryable(error);
    unreadable.push(`the pre-authorisations on ${installed.name} (SetupEntityAccess: ${why(error)})`);
  }
  return { app, grant: installedAppGrant({ name: installed.name, adminApprovedOnly }, sets, assigned, ours) };
}

/** The ids of the integration user's assignments of our permission set and licence (teardown deletes them). */
export async function readAssignmentIds(
  conn: Connection,
  model: Model,
): Promise<{ permissionSet: string[]; permissionSetLicense: string[] }> {
  const user = soqlString(model.user.username);
  const [ps, psl] = await allSettledOrThrow([
    query(
      conn,
      `SELECT Id FROM PermissionSetAssignment WHERE Assignee.Username = ${user} AND PermissionSet.Name = ${soqlString(model.permissionSet.name)}`,
    ),
    query(
      conn,
      `SELECT Id FROM PermissionSetLicenseAssign WHERE Assignee.Username = ${user} AND PermissionSetLicense.DeveloperName = ${soqlString(model.permissionSet.license)}`,
    ),
  ]);
  return { permissionSet: ps.map((r) => String(r.Id)), permissionSetLicense: psl.map((r) => String(r.Id)) };
}

/**
 * The users the ownership record names, as the org holds them: id, active, freeze state and the
 * ids of their assignments of our permission set and licence (four read-only queries; none when
 * the record names no user).
 */
export async function readOwnedUsers(
  conn: Connection,
  model: Model,
  users: OwnedUser[],
): Promise<OwnedUserState[]> {
  if (users.length === 0) return [];
  const names = users.map((u) => soqlString(u.username)).join(', ');
  const [rows, psa, psla] = await Promise.all([
    query(conn, `SELECT Id, Username, IsActive FROM User WHERE Username IN (${names})`),
    query(
      conn,
      `SELECT Id, Assignee.Username FROM PermissionSetAssignment WHERE Assignee.Username IN (${names}) AND PermissionSet.Name = ${soqlString(model.permissionSet.name)}`,
    ),
    query(
      conn,
      `SELECT Id, Assignee.Username FROM PermissionSetLicenseAssign WHERE Assignee.Username IN (${names}) AND PermissionSetLicense.DeveloperName = ${soqlString(model.permissionSet.license)}`,
    ),
  ]);
  const ids = rows.map((r) => soqlString(String(r.Id)));
  const logins =
    ids.length > 0
      ? await query(conn, `SELECT Id, UserId, IsFrozen FROM UserLogin WHERE UserId IN (${ids.join(', ')})`)
      : [];
  const assignee = (r: Row): string => String((r.Assignee as Row | null)?.Username ?? '');
  return users.map((record) => {
    const row = rows.find((r) => r.Username === record.username);
    const login = row ? logins.find((l) => l.UserId === row.Id) : undefined;
    return {
      record,
      id: row ? String(row.Id) : null,
      isActive: row?.IsActive === true,
      login: login ? { id: String(login.Id), isFrozen: login.IsFrozen === true } : null,
      permissionSetAssignments: psa.filter((r) => assignee(r) === record.username).map((r) => String(r.Id)),
      permissionSetLicenseAssignments: psla
        .filter((r) => assignee(r) === record.username)
        .map((r) => String(r.Id)),
    };
  });
}
