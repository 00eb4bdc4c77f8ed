/**
 * OrgStore: the state of one emulated org (metadata per type and member, sObject records) and the
 * only place that changes it. Every change goes through a rule that throws Salesforce's error
 * (SalesforceError for data, ComponentRejected for metadata); `transaction` restores the state
 * when its body throws, which gives allOrNone and rollbackOnError their meaning.
 */
import { listOf, renderMetadata, schema, type XmlRecord } from '../core/xml';
import { ComponentProblem, deployProblems, SalesforceError, sfErrors } from './errors';
import { IdGenerator, sameId, to18, type KeyPrefixObject } from './ids';
import { metadataType } from './metadata-types';
import {
  createRecord,
  deleteRecord,
  profileOwnedAssignmentError,
  updateRecord,
  type RecordRuleHost,
} from './records';
import { applySeed, type EmulatorSeed } from './seed';
import { ruleOf, type FieldValue, type RuleContext, type SRecord } from './rules';
import { schemaProblems, valueAtVersion } from './rules/schema-check';
import { ORG_BASELINE, SETTINGS_MEMBERS } from './facts';
import type { OrgShape } from './shapes';
import { fieldOf, SObjectCatalog, type SObjectDef } from './sobjects';
import { compareText } from '../core/order';

export type { FieldValue, SRecord };

export interface StoredComponent {
  type: string;
  fullName: string;
  root: string;
  value: XmlRecord;
  id: string;
  createdDate: string;
  lastModifiedDate: string;
  /**
   * The file as deployed, for Settings members whose type the emulator's schema does not hold
   * (any of the WSDL's *Settings beyond Event, RealTimeEvent and Security): stored and returned
   * verbatim, with no rule applied.
   */
  verbatimXml?: string;
}

/** A component the org refused, with every problem found. */
export class ComponentRejected extends Error {
  constructor(readonly problems: ComponentProblem[]) {
    super(problems.map((p) => p.message).join('; '));
    this.name = 'ComponentRejected';
  }
}

export interface OrgInfo {
  orgId: string;
  orgName: string;
  userId: string;
  username: string;
  instanceName: string;
}

interface OrgState {
  metadata: Record<string, Record<string, StoredComponent>>;
  /** Stored sObject rows by object name; PermissionSet and Organization rows are computed. */
  records: Record<string, SRecord[]>;
  /** Usernames taken in other orgs (Username is unique across all of Salesforce). */
  foreignUsernames: string[];
  /** Installed third-party connected apps' OAuth policies (not readable through the Metadata API). */
  installedAppPolicies: Record<string, { ipRelaxation: string }>;
  /** Bumped by every change: a quick deploy is refused when the org changed since validation. */
  version: number;
}

const STORED_OBJECTS = [
  'User',
  'UserLicense',
  'Profile',
  'PermissionSetLicense',
  'PermissionSetAssignment',
  'PermissionSetLicenseAssign',
  'ConnectedApplication',
  'UserLogin',
  'SetupEntityAccess',
];

export class OrgStore implements RecordRuleHost {
  readonly sobjects: SObjectCatalog;
  readonly ids = new IdGenerator();
  private state: OrgState;

  constructor(
    readonly shape: OrgShape,
    readonly info: OrgInfo,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.sobjects = new SObjectCatalog(shape);
    this.state = {
      metadata: {},
      records: Object.fromEntries(STORED_OBJECTS.map((o) => [o, []])),
      foreignUsernames: [],
      installedAppPolicies: {},
      version: 0,
    };
    this.initStandardData();
  }

  timestamp(): string {
    return this.now().toISOString().replace('Z', '+0000');
  }

  newId(object: KeyPrefixObject): string {
    return this.ids.next(object);
  }

  get version(): number {
    return this.state.version;
  }

  touch(): void {
    this.state.version++;
  }

  // ------------------------------------------------------------------ transactions

  /** Runs `body`; when it throws, every change it made is undone. */
  transaction<T>(body: () => T): T {
    const saved = structuredClone(this.state);
    try {
      return body();
    } catch (error) {
      this.state = saved;
      throw error;
    }
  }

  snapshot(): unknown {
    return structuredClone(this.state);
  }

  restore(snapshot: unknown): void {
    this.state = structuredClone(snapshot) as OrgState;
  }

  /**
   * Restores a state saved by an earlier process (`npm start`'s org-state.json) and counts every
   * id in it, so ids issued from now on never repeat one the saved org already holds. `idCounts`
   * (IdGenerator.counts() when saved) also covers ids the state does not hold: deploy and retrieve
   * request ids, whose jobs live only in the process that ran them.
   */
  restoreSaved(saved: unknown, idCounts?: unknown): void {
    this.restore(saved);
    this.ids.observeCounts(idCounts);
    const visit = (value: unknown): void => {
      if (typeof value === 'string') this.ids.observe(value);
      else if (Array.isArray(value)) value.forEach(visit);
      else if (value && typeof value === 'object') Object.values(value).forEach(visit);
    };
    visit(this.state);
  }

  // ------------------------------------------------------------------ metadata

  getMetadata(type: string, fullName: string): StoredComponent | undefined {
    return this.state.metadata[type]?.[fullName];
  }

  listMetadata(type: string): StoredComponent[] {
    return Object.values(this.state.metadata[type] ?? {}).sort((a, b) => compareText(a.fullName, b.fullName));
  }

  /** The component in Salesforce's XML format, as a retrieve at `apiVersion` (default 66.0) returns it. */
  readMetadataXml(type: string, fullName: string, apiVersion = 66): string | undefined {
    const c = this.getMetadata(type, fullName);
    if (!c) return undefined;
    return c.verbatimXml ?? renderMetadata(c.root, valueAtVersion(c.root, c.value, apiVersion));
  }

  /**
   * Deploys a Settings member the schema does not describe: kept as the file was sent (the org
   * stores it and a retrieve returns it as deployed). Throws ComponentRejected for a member that
   * is not a Settings type of the Metadata API.
   */
  deployVerbatim(
    type: string,
    fullName: string,
    root: string,
    xml: string,
  ): { created: boolean; changed: boolean; id: string } {
    if (type !== 'Settings' || !SETTINGS_MEMBERS.includes(fullName))
      throw new ComponentRejected([deployProblems.unknownSettingsMember(fullName)]);
    const existing = this.getMetadata(type, fullName);
    const changed = existing?.verbatimXml !== xml;
    const stamp = this.timestamp();
    (this.state.metadata[type] ??= {})[fullName] = {
      type,
      fullName,
      root,
      value: {},
      verbatimXml: xml,
      id: existing?.id ?? this.newId('MetadataComponent'),
      createdDate: existing?.createdDate ?? stamp,
      lastModifiedDate: changed ? stamp : (existing?.lastModifiedDate ?? stamp),
    };
    if (changed) this.touch();
    return { created: !existing, changed, id: this.state.metadata[type][fullName].id };
  }

  ruleContext(apiVersion: number): RuleContext {
    return {
      shape: this.shape,
      apiVersion,
      existing: (type, member) => this.getMetadata(type, member)?.value,
      permissionSetLicense: (name) => this.permissionSetLicense(name),
      userLicenseExists: (name) => this.rows('UserLicense').some((r) => r.Name === name),
    };
  }

  /**
   * Checks a component against the org's rules and stores it (replace or merge per type).
   * Throws ComponentRejected with every problem found; the org is unchanged then.
   */
  deployComponent(
    type: string,
    fullName: string,
    root: string,
    value: XmlRecord,
    apiVersion: number,
  ): { created: boolean; changed: boolean; id: string } {
    const rule = ruleOf(type);
    if (!rule || !metadataType(type)) throw new ComponentRejected([deployProblems.unsupportedType(type)]);
    const structural = schemaProblems(root, value, apiVersion);
    const problems = dedupe(
      structural.length > 0 ? structural : rule.check(fullName, root, value, this.ruleContext(apiVersion)),
    );
    if (problems.length > 0) throw new ComponentRejected(problems);
    const existing = this.getMetadata(type, fullName);
    const next = rule.merge ? rule.merge(existing?.value, value) : value;
    const changed = !existing || JSON.stringify(existing.value) !== JSON.stringify(next);
    const stamp = this.timestamp();
    const stored: StoredComponent = {
      type,
      fullName,
      root,
      value: structuredClone(next),
      id: existing?.id ?? this.newId(type === 'PermissionSet' ? 'PermissionSet' : 'MetadataComponent'),
      createdDate: existing?.createdDate ?? stamp,
      lastModifiedDate: changed ? stamp : (existing?.lastModifiedDate ?? stamp),
    };
    (this.state.metadata[type] ??= {})[fullName] = stored;
    if (changed) this.touch();
    return { created: !existing, changed, id: stored.id };
  }

  /** Deletes a component (destructiveChanges). Missing → a Warning, as the Metadata API reports it. */
  deleteComponent(type: string, fullName: string): { id: string } {
    const existing = this.getMetadata(type, fullName);
    if (!existing) throw new ComponentRejected([deployProblems.noSuchComponentToDelete(type, fullName)]);
    if (type === 'Profile' || type === 'Settings')
      throw new ComponentRejected([deployProblems.unsupportedType(`${type} deletion`)]);
    if (type === 'PermissionSet') {
      // The Metadata API refuses to delete an assigned permission set (assignments must go first).
      if (
        this.state.records.PermissionSetAssignment.some((a) => sameId(String(a.PermissionSetId), existing.id))
      ) {
        throw new ComponentRejected([deployProblems.assignedPermissionSet(fullName)]);
      }
    }
    const dependents = this.dependentsOf(type, fullName);
    if (dependents.length > 0) throw new ComponentRejected([deployProblems.componentInUse(type, dependents)]);
    delete this.state.metadata[type][fullName];
    this.touch();
    return { id: existing.id };
  }

  /** Stored components that reference `type` `fullName` (their type's rule says what each references). */
  private dependentsOf(type: string, fullName: string): Array<{ type: string; fullName: string }> {
    return Object.values(this.state.metadata)
      .flatMap((members) => Object.values(members))
      .filter((c) =>
        (ruleOf(c.type)?.references?.(c.value) ?? []).some((r) => r.type === type && r.fullName === fullName),
      )
      .map((c) => ({ type: c.type, fullName: c.fullName }));
  }

  /** Seeding: stores a component as existing state without deploy rules. */
  putMetadata(type: string, fullName: string, value: XmlRecord): void {
    const def = metadataType(type);
    if (!def) throw new Error(`the emulator does not store metadata type ${type}`);
    if (!schema.complexTypes[def.rootOf(fullName)])
      throw new Error(`seed: ${type} ${fullName} has no schema; seed it as metadata with its xml`);
    const existing = this.getMetadata(type, fullName);
    const stamp = this.timestamp();
    (this.state.metadata[type] ??= {})[fullName] = {
      type,
      fullName,
      root: def.rootOf(fullName),
      value: structuredClone(value),
      id: existing?.id ?? this.newId(type === 'PermissionSet' ? 'PermissionSet' : 'MetadataComponent'),
      createdDate: existing?.createdDate ?? stamp,
      lastModifiedDate: stamp,
    };
    this.touch();
  }

  // ------------------------------------------------------------------ records

  /** Rows of an sObject as SOQL sees them (stored or computed). */
  rows(object: string, api: 'data' | 'tooling' = 'data'): SRecord[] {
    if (api === 'tooling') return this.toolingRows(object);
    switch (object) {
      case 'Organization':
        return [this.organizationRow()];
      case 'PermissionSet':
        return [...this.permissionSetRows(), ...this.profilePermissionSetRows()];
      case 'PermissionSetAssignment':
        return [...this.state.records.PermissionSetAssignment, ...this.profileAssignmentRows()];
      case 'PermissionSetLicense':
        return this.state.records.PermissionSetLicense.map((r) => ({
          ...r,
          UsedLicenses:
            Number(r.UsedLicenses ?? 0) +
            this.state.records.PermissionSetLicenseAssign.filter((a) =>
              sameId(String(a.PermissionSetLicenseId), String(r.Id)),
            ).length,
        }));
      default:
        return this.state.records[object] ?? [];
    }
  }

  findRow(object: string, id: string): SRecord | undefined {
    return this.rows(object).find((r) => sameId(String(r.Id), id));
  }

  /** Stored rows (mutable) for the record rules. */
  storedRows(object: string): SRecord[] {
    const rows = this.state.records[object];
    if (!rows) throw new Error(`${object} rows are not stored`);
    return rows;
  }

  foreignUsernames(): string[] {
    return this.state.foreignUsernames;
  }

  create(object: string, fields: Record<string, unknown>): string {
    if (object.toLowerCase() === 'permissionset') return this.writePermissionSet(undefined, fields);
    return createRecord(this, object, fields);
  }

  update(object: string, id: string, fields: Record<string, unknown>): void {
    if (object.toLowerCase() === 'permissionset') {
      this.refuseProfileOwned(id);
      this.writePermissionSet(id, fields);
      return;
    }
    updateRecord(this, object, id, fields);
  }

  delete(object: string, id: string): void {
    if (
      object.toLowerCase() === 'permissionsetassignment' &&
      this.profileAssignmentRows().some((r) => sameId(String(r.Id), id))
    )
      throw profileOwnedAssignmentError();
    if (object.toLowerCase() === 'permissionset') {
      this.refuseProfileOwned(id);
      const existing = this.listMetadata('PermissionSet').find((c) => sameId(c.id, id));
      if (!existing) throw sfErrors.entityDeleted();
      try {
        this.deleteComponent('PermissionSet', existing.fullName);
      } catch (error) {
        throw dmlErrorOf(error);
      }
      return;
    }
    deleteRecord(this, object, id);
  }

  /**
   * REST create / update of a PermissionSet (createable and updateable in the API, Object
   * Reference "PermissionSet"): the row is the metadata component, so it goes through the same
   * rule as a deploy and a failure is the rule's message as FIELD_INTEGRITY_EXCEPTION.
   * Returns the record id.
   */
  private writePermissionSet(id: string | undefined, fields: Record<string, unknown>): string {
    const existing = id ? this.listMetadata('PermissionSet').find((c) => sameId(c.id, id)) : undefined;
    if (id && !existing) throw sfErrors.notFound();
    const def = this.sobjects.get('PermissionSet') as SObjectDef;
    const value: XmlRecord = structuredClone(existing?.value ?? {});
    const permissions = new Map(
      listOf<XmlRecord>(value.userPermissions).map((p) => [String(p.name), p.enabled === true]),
    );
    let name = existing?.fullName;
    for (const [key, raw] of Object.entries(fields)) {
      if (key === 'attributes') continue;
      const field = fieldOf(def, key);
      if (!field) throw sfErrors.noSuchField(key, 'PermissionSet');
      if (field.name === 'Name') name = String(raw);
      else if (field.name === 'Label') value.label = String(raw);
      else if (field.name === 'Description') value.description = String(raw);
      else if (field.name === 'HasActivationRequired') value.hasActivationRequired = raw === true;
      else if (field.name === 'LicenseId') {
        const license = raw === null ? undefined : this.findRow('PermissionSetLicense', String(raw));
        if (raw !== null && !license) throw sfErrors.invalidCrossReference('LicenseId');
        if (license) value.license = String(license.DeveloperName);
        else delete value.license;
      } else if (field.name.startsWith('Permissions') && field.type === 'boolean') {
        permissions.set(field.name.slice('Permissions'.length), raw === true);
      } else throw sfErrors.invalidFieldForInsertUpdate(field.name);
    }
    const missing = [!name ? 'Name' : '', value.label === undefined ? 'Label' : ''].filter((f) => f !== '');
    if (missing.length > 0) throw sfErrors.requiredFieldMissing(missing);
    if (!existing && this.getMetadata('PermissionSet', String(name))) throw sfErrors.duplicateValue();
    value.userPermissions = [...permissions]
      .filter(([, enabled]) => enabled)
      .sort(([a], [b]) => compareText(a, b))
      .map(([permission]) => ({ enabled: true, name: permission }));
    if (existing && name !== existing.fullName) delete this.state.metadata.PermissionSet[existing.fullName];
    try {
      return this.deployComponent('PermissionSet', String(name), 'PermissionSet', value, 66).id;
    } catch (error) {
      throw dmlErrorOf(error);
    }
  }

  permissionSetLicense(name: string): SRecord | undefined {
    return this.rows('PermissionSetLicense').find((r) => r.DeveloperName === name || r.MasterLabel === name);
  }

  // ------------------------------------------------------------------ seeding

  /** Adds existing state (see EmulatorSeed); data goes through the data rules and throws as Salesforce would. */
  seed(seed: EmulatorSeed): void {
    applySeed(this, seed);
  }

  /** Rows of an sObject, for inspection in tests. */
  records(object: string): SRecord[] {
    return structuredClone(this.rows(object));
  }

  addForeignUsername(username: string): void {
    this.state.foreignUsernames.push(username.toLowerCase());
  }

  insertRaw(object: string, row: SRecord): SRecord {
    this.storedRows(object).push(row);
    this.touch();
    return row;
  }

  installedAppPolicy(appId: string): { ipRelaxation: string } | undefined {
    return this.state.installedAppPolicies[appId];
  }

  setInstalledAppPolicy(appId: string, policy: { ipRelaxation: string }): void {
    this.state.installedAppPolicies[appId] = policy;
  }

  // ------------------------------------------------------------------ computed rows

  private organizationRow(): SRecord {
    return {
      Id: this.info.orgId,
      Name: this.info.orgName,
      InstanceName: this.info.instanceName,
      IsSandbox: this.shape.isSandbox,
      // A scratch org's 30-day default lifetime from now (sf org create scratch --duration-days).
      TrialExpirationDate: this.shape.isScratch
        ? new Date(this.now().getTime() + 30 * 86_400_000).toISOString().replace('Z', '+0000')
        : null,
      NamespacePrefix: null,
      OrganizationType: 'Enterprise Edition',
      CreatedDate: '2024-01-01T00:00:00.000+0000',
      LastModifiedDate: '2024-01-01T00:00:00.000+0000',
    };
  }

  private permissionSetRows(): SRecord[] {
    return this.listMetadata('PermissionSet').map((c) => {
      const enabled = new Set(
        (Array.isArray(c.value.userPermissions)
          ? c.value.userPermissions
          : c.value.userPermissions
            ? [c.value.userPermissions]
            : []
        )
          .filter((p): p is XmlRecord => typeof p === 'object' && !Array.isArray(p) && p.enabled === true)
          .map((p) => String(p.name)),
      );
      const license =
        typeof c.value.license === 'string' ? this.permissionSetLicense(c.value.license) : undefined;
      const row: SRecord = {
        Id: c.id,
        Name: c.fullName,
        Label: typeof c.value.label === 'string' ? c.value.label : c.fullName,
        Description: typeof c.value.description === 'string' ? c.value.description : null,
        LicenseId: license ? String(license.Id) : null,
        ProfileId: null,
        IsOwnedByProfile: false,
        IsCustom: true,
        HasActivationRequired: c.value.hasActivationRequired === true,
        NamespacePrefix: null,
        Type: 'Regular',
        CreatedDate: c.createdDate,
        LastModifiedDate: c.lastModifiedDate,
      };
      for (const p of this.shape.userPermissions) row[`Permissions${p.apiName}`] = enabled.has(p.apiName);
      return row;
    });
  }

  /** Object Reference "PermissionSet": permission sets owned by profiles can be queried but not modified. */
  private refuseProfileOwned(id: string): void {
    if (this.profilePermissionSetRows().some((r) => sameId(String(r.Id), id)))
      throw new SalesforceError(
        'INSUFFICIENT_ACCESS_OR_READONLY',
        'insufficient access rights on object id (a permission set owned by a profile)',
        400,
      );
  }

  /**
   * The permission set each profile owns (facts/org-baseline.json, profilePermissionSets): read
   * only, never a PermissionSet component (listMetadata and retrieve leave it out). Its id is
   * derived from the profile's (pod "P" + the profile id's second pod character), so it is the
   * same after a restore and never one the id generator (pod "EM") issues.
   */
  private profilePermissionSetRows(): SRecord[] {
    return this.state.records.Profile.map((profile) => {
      const profileId = String(profile.Id);
      const fact = this.shape.profiles.find((p) => p.name === profile.Name);
      const name = fact?.ownedPermissionSetName ?? `X${profileId}`;
      const granted = fact?.permissions;
      const row: SRecord = {
        Id: derivedId('0PS', profileId),
        Name: name,
        Label: name.slice(1),
        Description: null,
        LicenseId: null,
        ProfileId: profileId,
        IsOwnedByProfile: true,
        IsCustom: false,
        HasActivationRequired: false,
        NamespacePrefix: null,
        Type: ORG_BASELINE.profilePermissionSets.type,
        CreatedDate: profile.CreatedDate ?? null,
        LastModifiedDate: profile.LastModifiedDate ?? null,
      };
      for (const p of this.shape.userPermissions)
        row[`Permissions${p.apiName}`] = granted === 'all' || (granted?.includes(p.apiName) ?? false);
      return row;
    });
  }

  /** Every user holds the permission set of its profile (Salesforce Help article 000394118). */
  private profileAssignmentRows(): SRecord[] {
    return this.state.records.User.filter((u) => typeof u.ProfileId === 'string').map((u) => ({
      Id: derivedId('0Pa', String(u.Id)),
      AssigneeId: u.Id,
      PermissionSetId: derivedId('0PS', String(u.ProfileId)),
      PermissionSetGroupId: null,
      IsActive: true,
      CreatedDate: u.CreatedDate ?? null,
      LastModifiedDate: u.CreatedDate ?? null,
    }));
  }

  private toolingRows(object: string): SRecord[] {
    if (object === 'SandboxProcess') return [];
    if (object === 'PermissionDependency') {
      const rows: SRecord[] = [];
      let n = 0;
      for (const [permission, required] of this.shape.dependencies) {
        for (const requiredPermission of required) {
          n++;
          rows.push({
            Id: `2PD${'0'.repeat(12 - String(n).length)}${n}AAA`,
            Permission: permission,
            PermissionType: 'User Permission',
            RequiredPermission: requiredPermission,
            RequiredPermissionType: 'User Permission',
          });
        }
      }
      return rows;
    }
    return [];
  }

  private initStandardData(): void {
    const stamp = '2024-01-01T00:00:00.000+0000';
    const licenses = new Map<string, string>();
    for (const license of ORG_BASELINE.userLicenses) {
      const Id = this.newId('UserLicense');
      licenses.set(license.name, Id);
      this.state.records.UserLicense.push({
        Id,
        Name: license.name,
        LicenseDefinitionKey: license.licenseDefinitionKey,
        TotalLicenses: license.totalLicenses,
        UsedLicenses: license.name === 'Salesforce' ? 1 : 0,
        Status: 'Active',
      });
    }
    let adminProfileId = '';
    for (const p of this.shape.profiles) {
      const Id = this.newId('Profile');
      if (p.name === 'System Administrator') adminProfileId = Id;
      this.state.records.Profile.push({
        Id,
        Name: p.name,
        UserLicenseId: licenses.get(p.userLicense) ?? null,
        UserType: 'Standard',
        Description: null,
        CreatedDate: stamp,
        LastModifiedDate: stamp,
      });
      this.putMetadata('Profile', p.fullName, { custom: false, userLicense: p.userLicense });
    }
    for (const license of ORG_BASELINE.permissionSetLicenses) {
      const psl: SRecord = {
        Id: this.newId('PermissionSetLicense'),
        DeveloperName: license.developerName,
        MasterLabel: license.masterLabel,
        PermissionSetLicenseKey: license.developerName,
        Status: 'Active',
        TotalLicenses: license.totalLicenses,
        UsedLicenses: 0,
        ExpirationDate: null,
        CreatedDate: stamp,
        LastModifiedDate: stamp,
      };
      // What the licence allows: all permissions unless a seed says otherwise (no public list);
      // read it from MaximumPermissions<Name>.
      for (const p of this.shape.userPermissions) psl[`MaximumPermissions${p.apiName}`] = true;
      this.state.records.PermissionSetLicense.push(psl);
    }
    const [first, ...rest] = this.info.username.split('@')[0].split('.');
    this.state.records.User.push({
      Id: this.info.userId,
      Username: this.info.username,
      FirstName: rest.length > 0 ? capital(first) : 'Admin',
      LastName: rest.length > 0 ? capital(rest.join(' ')) : capital(first),
      Name: rest.length > 0 ? `${capital(first)} ${capital(rest.join(' '))}` : `Admin ${capital(first)}`,
      Alias: 'admin',
      Email: this.info.username,
      CommunityNickname: 'admin',
      TimeZoneSidKey: 'America/Los_Angeles',
      LocaleSidKey: 'en_US',
      EmailEncodingKey: 'UTF-8',
      LanguageLocaleKey: 'en_US',
      ProfileId: adminProfileId,
      IsActive: true,
      UserType: 'Standard',
      Title: null,
      Department: null,
      CreatedDate: stamp,
      LastModifiedDate: stamp,
    });
    this.state.version = 0;
  }
}

/** An id of `prefix` derived from another record's id (its pod "EM"/"EF" → "PM"/"PF", then its 10 digits). */
function derivedId(prefix: string, fromId: string): string {
  return to18(`${prefix}P${fromId.charAt(4)}${fromId.slice(5, 15)}`);
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A refused metadata change reached through the REST API, in the REST error shape. */
function dmlErrorOf(error: unknown): unknown {
  if (!(error instanceof ComponentRejected)) return error;
  return new SalesforceError(
    'FIELD_INTEGRITY_EXCEPTION',
    error.problems.map((p) => p.message).join('; '),
    400,
  );
}

function dedupe(problems: ComponentProblem[]): ComponentProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => (seen.has(p.message) ? false : (seen.add(p.message), true)));
}
