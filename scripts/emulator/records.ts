/**
 * Data rules of the sObjects reco-sf writes (Object Reference: User, PermissionSetLicenseAssign,
 * PermissionSetAssignment; API StatusCode enum; and the
 * issue's data rules): unknown / read-only fields, REQUIRED_FIELD_MISSING, field lengths,
 * Username unique across all orgs (DUPLICATE_USERNAME), ProfileId must name a profile,
 * duplicate assignments (DUPLICATE_VALUE), a PSL-licensed permission set needs the user to hold
 * the PSL first, and PSL seats run out (LICENSE_LIMIT_EXCEEDED).
 */
import { SalesforceError, sfErrors } from './errors';
import { ORG_BASELINE } from './facts';
import { isIdShaped, sameId, type KeyPrefixObject } from './ids';
import type { FieldValue, SRecord } from './rules';
import { fieldOf, type SObjectCatalog, type SObjectDef } from './sobjects';

export interface RecordRuleHost {
  readonly sobjects: SObjectCatalog;
  rows(object: string): SRecord[];
  storedRows(object: string): SRecord[];
  findRow(object: string, id: string): SRecord | undefined;
  foreignUsernames(): string[];
  newId(object: KeyPrefixObject): string;
  timestamp(): string;
  touch(): void;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function definition(host: RecordRuleHost, object: string): SObjectDef {
  const def = host.sobjects.get(object);
  if (!def) throw sfErrors.notFound();
  return def;
}

/** Normalises the request's fields to the object's field names and checks types and lengths. */
function cleanFields(def: SObjectDef, fields: Record<string, unknown>, mode: 'create' | 'update'): SRecord {
  const result: SRecord = {};
  for (const [key, raw] of Object.entries(fields)) {
    if (key === 'attributes') continue;
    const field = fieldOf(def, key);
    if (!field) throw sfErrors.noSuchField(key, def.name);
    if (field.name === 'Id') continue;
    if (mode === 'create' ? !field.createable : !field.updateable)
      throw sfErrors.invalidFieldForInsertUpdate(field.name);
    let value: FieldValue;
    if (raw === null || raw === undefined) value = null;
    else if (field.type === 'boolean') {
      if (typeof raw !== 'boolean')
        throw sfErrors.jsonParser(
          `Cannot deserialize instance of boolean from VALUE_STRING value ${String(raw)}`,
        );
      value = raw;
    } else if (field.type === 'int') value = Number(raw);
    else if (typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean')
      value = String(raw);
    else
      throw sfErrors.jsonParser(
        `Cannot deserialize instance of string from START_OBJECT value for field ${field.name}`,
      );
    if (
      typeof value === 'string' &&
      field.length !== undefined &&
      field.type !== 'reference' &&
      value.length > field.length
    ) {
      throw sfErrors.stringTooLong(field.name, value, field.length);
    }
    result[field.name] = value;
  }
  return result;
}

function checkReference(
  host: RecordRuleHost,
  def: SObjectDef,
  fieldName: string,
  value: FieldValue,
): SRecord {
  const field = fieldOf(def, fieldName);
  const target = field?.referenceTo ?? '';
  const text = String(value ?? '');
  const targetDef = host.sobjects.get(target);
  if (!isIdShaped(text) || (targetDef && !text.startsWith(targetDef.keyPrefix))) {
    throw sfErrors.malformedId(field?.label ?? fieldName, text, fieldName);
  }
  const row = host.findRow(target, text);
  if (!row) throw sfErrors.invalidCrossReference(fieldName);
  return row;
}

function requireFields(def: SObjectDef, record: SRecord): void {
  const missing = def.fields
    .filter(
      (f) =>
        f.requiredOnCreate &&
        (record[f.name] === undefined || record[f.name] === null || record[f.name] === ''),
    )
    .map((f) => f.name);
  if (missing.length > 0) throw sfErrors.requiredFieldMissing(missing);
}

function checkUser(host: RecordRuleHost, def: SObjectDef, record: SRecord, selfId?: string): void {
  if (record.Username !== undefined) {
    const username = String(record.Username);
    if (!EMAIL.test(username)) throw sfErrors.invalidEmail('Username', username);
    const lower = username.toLowerCase();
    const taken =
      host.foreignUsernames().includes(lower) ||
      host
        .storedRows('User')
        .some((u) => String(u.Username).toLowerCase() === lower && !sameId(String(u.Id), selfId));
    if (taken) throw sfErrors.duplicateUsername();
  }
  if (record.Email !== undefined && !EMAIL.test(String(record.Email)))
    throw sfErrors.invalidEmail('Email', String(record.Email));
  if (record.ProfileId !== undefined) checkReference(host, def, 'ProfileId', record.ProfileId);
}

/** Refusal to assign or unassign a profile's own permission set (facts/org-baseline.json, emulator-chosen text). */
export function profileOwnedAssignmentError(): SalesforceError {
  const { code, message } = ORG_BASELINE.profilePermissionSets.cannotAssign;
  return new SalesforceError(code, message, 400);
}

function checkPermissionSetAssignment(host: RecordRuleHost, def: SObjectDef, record: SRecord): void {
  const user = checkReference(host, def, 'AssigneeId', record.AssigneeId);
  const ps = checkReference(host, def, 'PermissionSetId', record.PermissionSetId);
  if (ps.IsOwnedByProfile === true) throw profileOwnedAssignmentError();
  const duplicate = host
    .storedRows('PermissionSetAssignment')
    .some(
      (a) =>
        sameId(String(a.AssigneeId), String(user.Id)) && sameId(String(a.PermissionSetId), String(ps.Id)),
    );
  if (duplicate) throw sfErrors.duplicatePermissionSetAssignment(String(user.Id), String(ps.Id));
  if (ps.LicenseId) {
    const license = host.findRow('PermissionSetLicense', String(ps.LicenseId));
    const holds = host
      .storedRows('PermissionSetLicenseAssign')
      .some(
        (a) =>
          sameId(String(a.AssigneeId), String(user.Id)) &&
          sameId(String(a.PermissionSetLicenseId), String(ps.LicenseId)),
      );
    // The PSL must be assigned before the PSL-licensed permission set (Object Reference:
    // PermissionSetLicenseAssign; M).
    if (!holds)
      throw sfErrors.licenseDoesNotAllow(
        String(ps.Label),
        String(user.Username),
        String(license?.MasterLabel ?? ps.LicenseId),
      );
  }
}

function checkLicenseAssign(host: RecordRuleHost, def: SObjectDef, record: SRecord): void {
  const user = checkReference(host, def, 'AssigneeId', record.AssigneeId);
  const psl = checkReference(host, def, 'PermissionSetLicenseId', record.PermissionSetLicenseId);
  const duplicate = host
    .storedRows('PermissionSetLicenseAssign')
    .some(
      (a) =>
        sameId(String(a.AssigneeId), String(user.Id)) &&
        sameId(String(a.PermissionSetLicenseId), String(psl.Id)),
    );
  if (duplicate) throw sfErrors.duplicateValue();
  if (Number(psl.UsedLicenses) >= Number(psl.TotalLicenses))
    throw sfErrors.licenseLimitExceeded(String(psl.MasterLabel));
}

export function createRecord(host: RecordRuleHost, object: string, fields: Record<string, unknown>): string {
  const def = definition(host, object);
  if (!def.createable) throw sfErrors.entityNotCreatable(def.name);
  const record = cleanFields(def, fields, 'create');
  requireFields(def, record);
  if (def.name === 'User') checkUser(host, def, record);
  else if (def.name === 'PermissionSetAssignment') checkPermissionSetAssignment(host, def, record);
  else if (def.name === 'PermissionSetLicenseAssign') checkLicenseAssign(host, def, record);
  const stamp = host.timestamp();
  const row: SRecord = Object.fromEntries(def.fields.map((f) => [f.name, null]));
  Object.assign(row, record, {
    Id: host.newId(def.name as KeyPrefixObject),
    CreatedDate: stamp,
    LastModifiedDate: stamp,
  });
  if (def.name === 'User') {
    row.IsActive = record.IsActive ?? true;
    row.UserType = 'Standard';
    row.Name = [record.FirstName, record.LastName].filter((v) => typeof v === 'string' && v !== '').join(' ');
  }
  if (def.name === 'PermissionSetAssignment') row.IsActive = true;
  host.storedRows(def.name).push(row);
  if (def.name === 'User') {
    // Salesforce keeps a UserLogin per user (freeze state, password lockout).
    host.storedRows('UserLogin').push({
      Id: host.newId('UserLogin'),
      UserId: row.Id,
      IsFrozen: false,
      IsPasswordLocked: false,
      CreatedDate: stamp,
      LastModifiedDate: stamp,
    });
  }
  host.touch();
  return String(row.Id);
}

export function updateRecord(
  host: RecordRuleHost,
  object: string,
  id: string,
  fields: Record<string, unknown>,
): void {
  const def = definition(host, object);
  if (!def.updateable)
    throw new SalesforceError('INVALID_TYPE', `${def.name}: entity is not api updateable`, 400);
  const row = host.storedRows(def.name).find((r) => sameId(String(r.Id), id));
  if (!row) throw sfErrors.notFound();
  const changes = cleanFields(def, fields, 'update');
  for (const key of Object.keys(changes)) {
    const field = fieldOf(def, key);
    if (field && !field.nillable && (changes[key] === null || changes[key] === ''))
      throw sfErrors.requiredFieldMissing([field.name]);
  }
  if (def.name === 'User') checkUser(host, def, changes, String(row.Id));
  Object.assign(row, changes, { LastModifiedDate: host.timestamp() });
  if (def.name === 'User')
    row.Name = [row.FirstName, row.LastName].filter((v) => typeof v === 'string' && v !== '').join(' ');
  host.touch();
}

export function deleteRecord(host: RecordRuleHost, object: string, id: string): void {
  const def = definition(host, object);
  if (!def.deletable) throw sfErrors.entityNotDeletable(def.name);
  const rows = host.storedRows(def.name);
  const index = rows.findIndex((r) => sameId(String(r.Id), id));
  if (index < 0) throw sfErrors.entityDeleted();
  rows.splice(index, 1);
  host.touch();
}
