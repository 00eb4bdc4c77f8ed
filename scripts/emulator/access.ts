/**
 * Who may connect: the org facts that decide whether the integration user can log in and grant
 * an OAuth app access, as a real org exposes them through the API. Kept apart from the record
 * store so that they can be seeded and read without touching the deploy emulation.
 *
 * Sources (Salesforce Object Reference and REST API Developer Guide):
 * - SetupEntityAccess (API 25+): a PermissionSet (ParentId; profiles own one each) granting access
 *   to a setup entity; SetupEntityType "ConnectedApplication" pre-authorises users on an OAuth app
 *   whose permitted users are "Admin approved users are pre-authorized".
 * - ConnectedApplication.OptionsAllowAdminApprovedUsersOnly: that permitted-users policy.
 * - User.LastPasswordChangeDate: null until the user has set a password.
 * - sObject User Password (REST API 24+, /sobjects/User/{id}/password): GET → { isExpired },
 *   POST { NewPassword } → 204, DELETE → resets the password, e-mails the user a reset link and
 *   returns the generated temporary password { NewPassword }.
 * - Profile metadata loginHours (ProfileLoginHours, `mondayStart` … in minutes after midnight) and
 *   SecuritySettings.sessionSettings are plain metadata: seeded through `settings` / this module.
 */
import { randomBytes } from 'node:crypto';
import { sfErrors } from './errors';
import { isIdShaped } from './ids';
import type { SObjectDef, FieldDef } from './sobjects';
import type { OrgStore } from './store';

/** SetupEntityAccess, as the Object Reference lists it (create, delete, query, retrieve). */
export const SETUP_ENTITY_ACCESS: SObjectDef = {
  name: 'SetupEntityAccess',
  label: 'Setup Entity Access',
  labelPlural: 'Setup Entity Access',
  keyPrefix: '0J0',
  createable: true,
  updateable: false,
  deletable: true,
  fields: [
    {
      name: 'Id',
      label: 'SetupEntityAccess ID',
      type: 'id',
      createable: false,
      updateable: false,
      nillable: false,
    },
    {
      name: 'ParentId',
      label: 'Parent ID',
      type: 'reference',
      referenceTo: 'PermissionSet',
      relationshipName: 'Parent',
      createable: true,
      updateable: false,
      nillable: false,
      requiredOnCreate: true,
    },
    {
      name: 'SetupEntityId',
      label: 'Setup Entity ID',
      type: 'reference',
      createable: true,
      updateable: false,
      nillable: false,
      requiredOnCreate: true,
    },
    {
      name: 'SetupEntityType',
      label: 'Setup Entity Type',
      type: 'picklist',
      length: 40,
      createable: false,
      updateable: false,
      nillable: true,
    },
  ],
};

/** User.LastPasswordChangeDate (read-only datetime). */
export const LAST_PASSWORD_CHANGE: FieldDef = {
  name: 'LastPasswordChangeDate',
  label: 'Last Password Change or Reset',
  type: 'datetime',
  createable: false,
  updateable: false,
  nillable: true,
};

/** What a seed may say about access (see EmulatorSeed.access). */
export interface AccessSeed {
  /** Pre-authorisations of permission sets on installed apps (Manage Permission Sets on the app). */
  preAuthorizations?: Array<{ app: string; permissionSet: string }>;
  /** Profile login hours (ProfileLoginHours fields, minutes after midnight as strings). */
  profileLoginHours?: Array<{ profile: string; hours: Record<string, string> }>;
  /** Users whose password was set (LastPasswordChangeDate filled). */
  passwordSet?: string[];
}

export function applyAccessSeed(store: OrgStore, seed: AccessSeed | undefined): void {
  if (!seed) return;
  for (const p of seed.preAuthorizations ?? []) {
    const app = store.rows('ConnectedApplication').find((a) => a.Name === p.app);
    if (!app) throw new Error(`seed: no installed app ${p.app}`);
    const parent = store.rows('PermissionSet').find((s) => s.Name === p.permissionSet)?.Id;
    if (!parent) throw new Error(`seed: no permission set ${p.permissionSet} to pre-authorise on ${p.app}`);
    store.insertRaw('SetupEntityAccess', {
      Id: store.newId('SetupEntityAccess'),
      ParentId: parent,
      SetupEntityId: app.Id,
      SetupEntityType: 'ConnectedApplication',
    });
  }
  for (const h of seed.profileLoginHours ?? []) {
    const fullName = h.profile === 'Standard User' ? 'Standard' : h.profile;
    const existing = store.getMetadata('Profile', fullName)?.value ?? {};
    store.putMetadata('Profile', fullName, { ...existing, loginHours: { ...h.hours } });
  }
  for (const username of seed.passwordSet ?? []) {
    const user = store.storedRows('User').find((u) => u.Username === username);
    if (!user) throw new Error(`seed: no user ${username}`);
    user.LastPasswordChangeDate = store.timestamp();
    user[PASSWORD_EXPIRED] = false;
  }
  store.touch();
}

/**
 * Whether the user must still choose a password (GET …/password `isExpired`): not an sObject
 * field, so kept on the stored row under a key no describe lists. A new user has none yet.
 */
const PASSWORD_EXPIRED = '__passwordExpired';

/** Temporary passwords the org issued, per store: Salesforce knows them; tests check no output holds one. */
const issued = new WeakMap<OrgStore, string[]>();

export function issuedPasswords(store: OrgStore): string[] {
  return [...(issued.get(store) ?? [])];
}

/** `/sobjects/User/{id}/password`: GET, POST (set) and DELETE (reset and e-mail the user). */
export function handleUserPassword(
  store: OrgStore,
  method: string,
  userId: string,
  body: unknown,
): { status: number; body?: unknown } {
  if (!isIdShaped(userId)) throw sfErrors.notFound();
  const user = store.storedRows('User').find((u) => String(u.Id).slice(0, 15) === userId.slice(0, 15));
  if (!user) throw sfErrors.notFound();
  if (method === 'GET') return { status: 200, body: { isExpired: user[PASSWORD_EXPIRED] !== false } };
  if (method === 'POST') {
    const next = (body as { NewPassword?: unknown } | null)?.NewPassword;
    if (typeof next !== 'string' || next.length < 8) throw sfErrors.jsonParser('NewPassword is required');
    user.LastPasswordChangeDate = store.timestamp();
    user[PASSWORD_EXPIRED] = false;
    store.touch();
    return { status: 204 };
  }
  if (method === 'DELETE') {
    // Salesforce e-mails the reset link and returns a generated temporary password.
    user.LastPasswordChangeDate = store.timestamp();
    user[PASSWORD_EXPIRED] = true;
    store.touch();
    const temporary = randomBytes(9).toString('base64url');
    issued.set(store, [...(issued.get(store) ?? []), temporary]);
    return { status: 200, body: { NewPassword: temporary } };
  }
  throw sfErrors.methodNotAllowed(method, ['GET', 'POST', 'DELETE']);
}
