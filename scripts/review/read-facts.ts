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
import { allSettledOrThrow, withRetry } from '../org/retry';
import { soqlString } from '../org/snapshot';
import type { OrgSnapshot } from '../org/types';
import type { LoginIpRange, OAuthAppFacts, ReviewFacts } from './facts';

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
    unreadable.push(`whether the user has API Enabled (${why(error)})`);
    return null;
  }
}

async function readInstalledApp(
  conn: Connection,
  name: string,
  unreadable: string[],
): Promise<OAuthAppFacts | null> {
  try {
    const [row] = await query(
      conn,
      `SELECT Id, Name FROM ConnectedApplication WHERE Name = ${soqlString(name)}`,
    );
    if (!row) return null;
    // The sObject has no documented IP relaxation field; read one when the org's describe offers it.
    const relaxation = await readRelaxationField(conn, String(row.Id));
    return { id: String(row.Id), name: String(row.Name), ipRelaxation: relaxation };
  } catch (error) {
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

async function readProfile(
  conn: Connection,
  apiVersion: string,
  name: string,
  unreadable: string[],
): Promise<ReviewFacts['profile']> {
  const component = {
    type: 'Profile',
    fullName: name,
    path: `${SOURCE_ROOT}/profiles/${name}.profile-meta.xml`,
  };
  try {
    const values = await retrieveComponents(conn, apiVersion, [component]);
    return { name, loginIpRanges: rangesOf(values[`Profile:${name}`]) };
  } catch (error) {
    unreadable.push(`the login IP ranges of profile "${name}" (${why(error)})`);
    return { name, loginIpRanges: null };
  }
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
  const [login, apiEnabled, installedApp, profileFacts] = await allSettledOrThrow([
    userId ? readLogin(conn, userId, unreadable) : Promise.resolve(null),
    userId ? readApiEnabled(conn, userId, unreadable) : Promise.resolve(null),
    app.kind === 'installed'
      ? readInstalledApp(conn, app.installedAppName, unreadable)
      : Promise.resolve(null),
    profile ? readProfile(conn, apiVersion, profile, unreadable) : Promise.resolve(null),
  ]);
  return { login, profile: profileFacts, installedApp, apiEnabled, unreadable: unreadable.sort() };
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
