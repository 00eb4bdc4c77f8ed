/**
 * Seeds: the existing state of an emulated org (JSON file or object). Metadata is stored as is
 * (it is what the org already has); users and assignments go through the data rules, so a seed
 * that Salesforce would refuse fails loudly.
 */
import type { ErrorObject } from 'ajv';
import { positionOfPointer, renameSuggestion, schemaErrorText } from '../core/config';
import { fileAt, fileLocation, formatDiagnostic } from '../core/diagnostic';
import { RecoError } from '../core/errors';
import { readJsonInput, type Position } from '../core/json';
import { parseMetadata, schema, type XmlRecord } from '../core/xml';
import { applyAccessSeed, type AccessSeed } from './access';
import { metadataType } from './metadata-types';
import type { FaultOptions } from './faults';
import type { ShapeName } from './shapes';
import type { OrgStore, SRecord } from './store';

export interface SeedIpRange {
  start: string;
  end: string;
  description?: string;
}

export interface EmulatorSeed {
  /** Used when the options name no shape. */
  shape?: ShapeName | ShapeName[];
  /** SecuritySettings.networkAccess ranges. */
  trustedIpRanges?: SeedIpRange[];
  /** Settings values by member (Event, RealTimeEvent, Security), as parsed metadata records. */
  settings?: Record<string, XmlRecord>;
  /** Any stored metadata, as XML text or a record. */
  metadata?: Array<{ type: string; fullName: string; xml?: string; value?: XmlRecord }>;
  /** Shorthand permission sets. */
  permissionSets?: Array<{ name: string; label?: string; license?: string; userPermissions?: string[] }>;
  /** Users: REST field names; `profileName` may stand for ProfileId. Defaults fill the required locale fields. */
  users?: Array<
    Record<string, string | boolean | undefined> & {
      Username: string;
      LastName: string;
      profileName?: string;
      /** UserLogin state: a frozen or password-locked user. */
      frozen?: boolean;
      passwordLocked?: boolean;
    }
  >;
  /** Permission set licences: an existing DeveloperName updates that licence (e.g. to exhaust its seats). */
  permissionSetLicenses?: Array<{
    developerName: string;
    masterLabel?: string;
    totalLicenses?: number;
    usedLicenses?: number;
    maximumPermissions?: Record<string, boolean>;
  }>;
  licenseAssignments?: Array<{ username: string; license: string }>;
  assignments?: Array<{ username: string; permissionSet: string }>;
  /** Profile.loginIpRanges by profile name. */
  profileLoginIpRanges?: Array<{
    profile: string;
    ranges: Array<{ startAddress: string; endAddress: string; description?: string }>;
  }>;
  /** Installed third-party connected apps and their IP relaxation (`relax`, `enforce`, … or BYPASS/ENFORCE/…). */
  installedConnectedApps?: Array<{ name: string; ipRelaxation?: string; adminApprovedUsersOnly?: boolean }>;
  /** Who may connect: app pre-authorisations, profile login hours, users with a password (access.ts). */
  access?: AccessSeed;
  /** Usernames taken in other orgs (DUPLICATE_USERNAME). */
  takenUsernames?: string[];
  /**
   * Permission dependencies this org declares beyond the emulator's facts (PermissionDependency
   * rows, enforced on deploy), e.g. one the catalog does not know.
   */
  permissionDependencies?: Array<{ permission: string; requires: string[] }>;
  faults?: FaultOptions;
}

/** Seeds describe an org's starting state; 16 MB is far beyond any. */
const MAX_SEED_BYTES = 16 * 1024 * 1024;

/** Where the seed's JSON Schema lives (committed beside this module). */
export const SEED_SCHEMA_PATH = 'scripts/emulator/seed.schema.json';

type SchemaNode = {
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  additionalProperties?: SchemaNode | boolean;
};

// eslint-disable-next-line @typescript-eslint/no-require-imports
const seedSchema = (): SchemaNode => require('./seed.schema.json') as SchemaNode;

let seedValidator: (((data: unknown) => boolean) & { errors?: ErrorObject[] | null }) | undefined;

/** The property names the seed schema allows at a JSON pointer (for "did you mean"). */
function seedKeysAt(pointer: string): string[] {
  let node: SchemaNode | undefined = seedSchema();
  for (const part of pointer.split('/').filter(Boolean)) {
    const additional: SchemaNode | undefined =
      typeof node?.additionalProperties === 'object' ? node.additionalProperties : undefined;
    node = /^\d+$/.test(part) ? node?.items : (node?.properties?.[part] ?? additional);
  }
  return Object.keys(node?.properties ?? {});
}

/** One schema error as the JSON pointer it concerns, what is wrong, and a fix when there is one. */
function describeSeedError(error: ErrorObject): { path: string; message: string; fix?: string } {
  const path = error.instancePath || '';
  const unknown = (key: string, also = ''): { path: string; message: string; fix?: string } => {
    const { suggestion, fix } = renameSuggestion(key, seedKeysAt(path));
    return {
      path: `${path}/${key}`,
      message: `unknown property "${key}"${suggestion ? ` (did you mean "${suggestion}"?)` : also}`,
      fix,
    };
  };
  switch (error.keyword) {
    case 'additionalProperties':
      return unknown(String(error.params.additionalProperty));
    case 'propertyNames':
      return unknown(
        String(error.params.propertyName),
        ': a user takes User field names (capitalised: Alias, Email, IsActive, …), profileName, frozen and passwordLocked',
      );
    default:
      return { path, message: schemaErrorText(error) };
  }
}

/**
 * Checks a seed against its JSON Schema (scripts/emulator/seed.schema.json): a misspelt or
 * unknown field is an error, never silently ignored. `positions` (from parseJsonStrict) puts
 * each problem at its line and column. Returns "file:line:col  /pointer: message" lines, empty
 * when the seed is valid.
 */
export function seedSchemaProblems(
  seed: unknown,
  file: string,
  positions?: Map<string, Position>,
): Array<{ text: string; line?: number; column?: number; fix?: string }> {
  if (!seedValidator) {
    // Lazy: only a seeded emulator pays for Ajv.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Ajv = require('ajv').default as typeof import('ajv').default;
    seedValidator = new Ajv({ allErrors: true, strict: false }).compile(seedSchema());
  }
  if (seedValidator(seed)) return [];
  const errors = seedValidator.errors ?? [];
  const seen = new Set<string>();
  const problems: Array<{ text: string; line?: number; column?: number; fix?: string }> = [];
  for (const error of errors) {
    // Summaries of oneOf/anyOf branches, and the pattern error that comes with propertyNames, say less than their leaves.
    if (['oneOf', 'anyOf'].includes(error.keyword) && errors.length > 1) continue;
    if ((error as ErrorObject & { propertyName?: string }).propertyName !== undefined) continue;
    const { path, message, fix } = describeSeedError(error);
    const at = positionOfPointer(positions, path);
    const text = `${file}${at ? `:${at.line}:${at.column}` : ''}  ${path || '/'}: ${message}`;
    if (seen.has(text)) continue;
    seen.add(text);
    problems.push({ text, ...at, fix });
  }
  return problems;
}

/** Throws EMULATOR_SEED_INVALID (exit 2) listing every schema problem of the seed, each with its place. */
function checkSeed(seed: unknown, file: string, positions?: Map<string, Position>): EmulatorSeed {
  const problems = seedSchemaProblems(seed, file, positions);
  if (problems.length === 0) return seed as EmulatorSeed;
  throw new RecoError(
    'EMULATOR_SEED_INVALID',
    `the emulator seed ${file} does not match ${SEED_SCHEMA_PATH}:\n${problems.map((p) => `  ${p.text}`).join('\n')}`,
    {
      file,
      line: problems[0].line,
      column: problems[0].column,
      fix: problems.find((p) => p.fix)?.fix ?? `see ${SEED_SCHEMA_PATH} and README.md (Seeds)`,
    },
  );
}

/**
 * A seed object, or the seed file at a path read strictly and checked against its schema.
 * @throws RecoError EMULATOR_SEED_INVALID (exit 2): unreadable, not JSON, or not a seed (each
 *   schema problem as file:line:col).
 */
export function loadSeed(seed: EmulatorSeed | string | undefined): EmulatorSeed {
  if (seed === undefined) return {};
  if (typeof seed !== 'string') return checkSeed(seed, 'the seed object');
  const parsed = readJsonInput(seed, { maxBytes: MAX_SEED_BYTES, what: 'an emulator seed' });
  if (!parsed.ok)
    throw new RecoError(
      'EMULATOR_SEED_INVALID',
      `cannot read the emulator seed: ${formatDiagnostic(parsed.problem)}`,
      {
        location: fileLocation(seed, fileAt(parsed.problem)),
        fix: parsed.problem.fix,
      },
    );
  if (typeof parsed.value !== 'object' || parsed.value === null || Array.isArray(parsed.value))
    throw new RecoError('EMULATOR_SEED_INVALID', `${seed} must hold a JSON object (an emulator seed)`, {
      file: seed,
    });
  return checkSeed(parsed.value, seed, parsed.positions);
}

function userIdOf(store: OrgStore, username: string): string {
  const user = store.rows('User').find((u) => String(u.Username).toLowerCase() === username.toLowerCase());
  if (!user) throw new Error(`seed: no user ${username}`);
  return String(user.Id);
}

export function applySeed(store: OrgStore, seed: EmulatorSeed): void {
  for (const name of seed.takenUsernames ?? []) store.addForeignUsername(name);

  for (const psl of seed.permissionSetLicenses ?? []) {
    const existing = store
      .storedRows('PermissionSetLicense')
      .find((r) => r.DeveloperName === psl.developerName);
    const row: SRecord =
      existing ??
      store.insertRaw('PermissionSetLicense', {
        ...(store.storedRows('PermissionSetLicense')[0] ?? {}),
        Id: store.newId('PermissionSetLicense'),
        DeveloperName: psl.developerName,
        MasterLabel: psl.masterLabel ?? psl.developerName,
        PermissionSetLicenseKey: psl.developerName,
      });
    if (psl.masterLabel !== undefined) row.MasterLabel = psl.masterLabel;
    if (psl.totalLicenses !== undefined) row.TotalLicenses = psl.totalLicenses;
    if (psl.usedLicenses !== undefined) row.UsedLicenses = psl.usedLicenses;
    for (const [name, allowed] of Object.entries(psl.maximumPermissions ?? {}))
      row[`MaximumPermissions${name}`] = allowed;
    store.touch();
  }

  for (const d of seed.permissionDependencies ?? []) {
    const known = new Set(store.shape.userPermissions.map((p) => p.apiName));
    for (const name of [d.permission, ...d.requires])
      if (!known.has(name)) throw new Error(`seed: permission dependency names unknown permission ${name}`);
    const current = store.shape.dependencies.get(d.permission) ?? [];
    store.shape.dependencies.set(d.permission, [...new Set([...current, ...d.requires])]);
  }
  for (const [member, value] of Object.entries(seed.settings ?? {}))
    store.putMetadata('Settings', member, value);
  if (seed.trustedIpRanges) {
    const existing = store.getMetadata('Settings', 'Security')?.value ?? {};
    store.putMetadata('Settings', 'Security', {
      ...existing,
      networkAccess: { ipRanges: seed.trustedIpRanges.map((r) => ({ ...r })) },
    });
  }
  for (const m of seed.metadata ?? []) {
    const root = metadataType(m.type)?.rootOf(m.fullName);
    if (m.xml !== undefined && root !== undefined && !schema.complexTypes[root]) {
      // A Settings member the schema does not describe: stored as the file is, like a deploy of it.
      store.deployVerbatim(m.type, m.fullName, root, m.xml);
      continue;
    }
    const value =
      m.value ??
      (m.xml !== undefined ? parseMetadata(m.xml, `seed ${m.type} ${m.fullName}`).value : undefined);
    if (!value) throw new Error(`seed: metadata ${m.type} ${m.fullName} needs xml or value`);
    store.putMetadata(m.type, m.fullName, value);
  }
  for (const ps of seed.permissionSets ?? []) {
    store.putMetadata('PermissionSet', ps.name, {
      hasActivationRequired: false,
      label: ps.label ?? ps.name,
      ...(ps.license ? { license: ps.license } : {}),
      userPermissions: (ps.userPermissions ?? []).map((name) => ({ enabled: true, name })),
    });
  }
  for (const p of seed.profileLoginIpRanges ?? []) {
    const profile = store.rows('Profile').find((r) => r.Name === p.profile);
    if (!profile) throw new Error(`seed: no profile named ${p.profile}`);
    const fullName = fullNameOfProfile(p.profile);
    const existing = store.getMetadata('Profile', fullName)?.value ?? {};
    store.putMetadata('Profile', fullName, { ...existing, loginIpRanges: p.ranges.map((r) => ({ ...r })) });
  }

  for (const user of seed.users ?? []) {
    const { profileName, frozen, passwordLocked, ...fields } = user;
    const profile = profileName ? store.rows('Profile').find((r) => r.Name === profileName) : undefined;
    if (profileName && !profile) throw new Error(`seed: no profile named ${profileName}`);
    const userId = store.create('User', {
      Alias: String(user.LastName).slice(0, 8),
      Email: user.Username,
      TimeZoneSidKey: 'America/Los_Angeles',
      LocaleSidKey: 'en_US',
      EmailEncodingKey: 'UTF-8',
      LanguageLocaleKey: 'en_US',
      ...(profile ? { ProfileId: profile.Id } : {}),
      ...fields,
    });
    const login = store.storedRows('UserLogin').find((l) => l.UserId === userId);
    if (login) Object.assign(login, { IsFrozen: frozen === true, IsPasswordLocked: passwordLocked === true });
  }
  for (const a of seed.licenseAssignments ?? []) {
    const psl = store.permissionSetLicense(a.license);
    if (!psl) throw new Error(`seed: no permission set licence ${a.license}`);
    store.create('PermissionSetLicenseAssign', {
      AssigneeId: userIdOf(store, a.username),
      PermissionSetLicenseId: psl.Id,
    });
  }
  for (const a of seed.assignments ?? []) {
    const ps = store.rows('PermissionSet').find((r) => r.Name === a.permissionSet);
    if (!ps) throw new Error(`seed: no permission set ${a.permissionSet}`);
    store.create('PermissionSetAssignment', {
      AssigneeId: userIdOf(store, a.username),
      PermissionSetId: ps.Id,
    });
  }
  for (const app of seed.installedConnectedApps ?? []) {
    const stamp = store.timestamp();
    const row = store.insertRaw('ConnectedApplication', {
      Id: store.newId('ConnectedApplication'),
      Name: app.name,
      OptionsAllowAdminApprovedUsersOnly: app.adminApprovedUsersOnly ?? false,
      OptionsRefreshTokenValidityMetric: false,
      OptionsHasSessionLevelPolicy: false,
      RefreshTokenValidityPeriod: null,
      StartUrl: null,
      CreatedDate: stamp,
      LastModifiedDate: stamp,
    });
    const word = app.ipRelaxation ?? 'enforce';
    store.setInstalledAppPolicy(String(row.Id), { ipRelaxation: INSTALLED_APP_RELAXATION[word] ?? word });
  }
  applyAccessSeed(store, seed.access);
}

/** Seed words for an installed app's IP relaxation → ConnectedAppOauthPolicy.ipRelaxation values (facts/oauth.json). */
const INSTALLED_APP_RELAXATION: Record<string, string> = {
  enforce: 'ENFORCE',
  relax: 'BYPASS',
  'relax-2fa': 'BYPASS_2FACTOR',
  'enforce-relax-refresh': 'ENFORCE_RELAXREFRESH',
};

function fullNameOfProfile(name: string): string {
  return name === 'System Administrator' ? 'Admin' : name === 'Standard User' ? 'Standard' : name;
}
