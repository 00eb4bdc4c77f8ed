/**
 * The sObjects the emulator serves: their fields, which calls they allow, and relationships.
 * Field names, types and flags follow Salesforce's Object Reference; only the fields reco-sf,
 * the `sf` CLI and the tests read are listed. Describe, SOQL and DML all read this one table.
 */
import type { OrgShape } from './shapes';

export type FieldType =
  'id' | 'string' | 'boolean' | 'int' | 'reference' | 'datetime' | 'email' | 'picklist' | 'date';

export interface FieldDef {
  name: string;
  label: string;
  type: FieldType;
  length?: number;
  createable: boolean;
  updateable: boolean;
  nillable: boolean;
  /** Required on create (not nillable, no default): REQUIRED_FIELD_MISSING when absent. */
  requiredOnCreate?: boolean;
  referenceTo?: string;
  relationshipName?: string;
}

export interface SObjectDef {
  name: string;
  label: string;
  labelPlural: string;
  keyPrefix: string;
  createable: boolean;
  updateable: boolean;
  deletable: boolean;
  tooling?: boolean;
  fields: FieldDef[];
}

const id = (): FieldDef => ({
  name: 'Id',
  label: `Record ID`,
  type: 'id',
  createable: false,
  updateable: false,
  nillable: false,
});
const str = (name: string, label: string, length: number, opts: Partial<FieldDef> = {}): FieldDef => ({
  name,
  label,
  type: 'string',
  length,
  createable: true,
  updateable: true,
  nillable: true,
  ...opts,
});
const bool = (name: string, label: string, opts: Partial<FieldDef> = {}): FieldDef => ({
  name,
  label,
  type: 'boolean',
  createable: false,
  updateable: false,
  nillable: false,
  ...opts,
});
const ref = (
  name: string,
  label: string,
  referenceTo: string,
  relationshipName: string,
  opts: Partial<FieldDef> = {},
): FieldDef => ({
  name,
  label,
  type: 'reference',
  length: 18,
  createable: true,
  updateable: false,
  nillable: false,
  referenceTo,
  relationshipName,
  ...opts,
});
const int = (name: string, label: string): FieldDef => ({
  name,
  label,
  type: 'int',
  createable: false,
  updateable: false,
  nillable: false,
});
const readOnly = (f: FieldDef): FieldDef => ({ ...f, createable: false, updateable: false });
const audit = (): FieldDef[] => [
  readOnly({
    name: 'CreatedDate',
    label: 'Created Date',
    type: 'datetime',
    createable: false,
    updateable: false,
    nillable: false,
  }),
  readOnly({
    name: 'LastModifiedDate',
    label: 'Last Modified Date',
    type: 'datetime',
    createable: false,
    updateable: false,
    nillable: false,
  }),
];

function baseObjects(): SObjectDef[] {
  return [
    {
      name: 'Organization',
      label: 'Organization',
      labelPlural: 'Organizations',
      keyPrefix: '00D',
      createable: false,
      updateable: false,
      deletable: false,
      fields: [
        id(),
        readOnly(str('Name', 'Name', 80)),
        readOnly(str('InstanceName', 'Instance Name', 5)),
        bool('IsSandbox', 'Is Sandbox'),
        readOnly({
          name: 'TrialExpirationDate',
          label: 'Trial Expiration Date',
          type: 'datetime',
          createable: false,
          updateable: false,
          nillable: true,
        }),
        readOnly(str('NamespacePrefix', 'Namespace Prefix', 15)),
        readOnly({ ...str('OrganizationType', 'Edition', 40), type: 'picklist' }),
        ...audit(),
      ],
    },
    {
      name: 'User',
      label: 'User',
      labelPlural: 'Users',
      keyPrefix: '005',
      createable: true,
      updateable: true,
      deletable: false,
      fields: [
        id(),
        str('Username', 'Username', 80, { nillable: false, requiredOnCreate: true }),
        str('FirstName', 'First Name', 40),
        str('LastName', 'Last Name', 80, { nillable: false, requiredOnCreate: true }),
        readOnly(str('Name', 'Full Name', 121)),
        str('Alias', 'Alias', 8, { nillable: false, requiredOnCreate: true }),
        { ...str('Email', 'Email', 128, { nillable: false, requiredOnCreate: true }), type: 'email' },
        str('CommunityNickname', 'Nickname', 40),
        {
          ...str('TimeZoneSidKey', 'Time Zone', 40, { nillable: false, requiredOnCreate: true }),
          type: 'picklist',
        },
        {
          ...str('LocaleSidKey', 'Locale', 40, { nillable: false, requiredOnCreate: true }),
          type: 'picklist',
        },
        {
          ...str('EmailEncodingKey', 'Email Encoding', 40, { nillable: false, requiredOnCreate: true }),
          type: 'picklist',
        },
        {
          ...str('LanguageLocaleKey', 'Language', 40, { nillable: false, requiredOnCreate: true }),
          type: 'picklist',
        },
        ref('ProfileId', 'Profile ID', 'Profile', 'Profile', { updateable: true, requiredOnCreate: true }),
        bool('IsActive', 'Active', { createable: true, updateable: true }),
        readOnly({ ...str('UserType', 'User Type', 40), type: 'picklist' }),
        str('Title', 'Title', 80),
        str('Department', 'Department', 80),
        ...audit(),
      ],
    },
    {
      name: 'UserLicense',
      label: 'User License',
      labelPlural: 'User Licenses',
      keyPrefix: '100',
      createable: false,
      updateable: false,
      deletable: false,
      fields: [
        id(),
        readOnly(str('Name', 'Name', 40)),
        readOnly(str('LicenseDefinitionKey', 'License Definition Key', 40)),
        readOnly(int('TotalLicenses', 'Total Licenses')),
        readOnly(int('UsedLicenses', 'Used Licenses')),
        readOnly(str('Status', 'Status', 40)),
      ],
    },
    {
      name: 'Profile',
      label: 'Profile',
      labelPlural: 'Profiles',
      keyPrefix: '00e',
      createable: false,
      updateable: false,
      deletable: false,
      fields: [
        id(),
        readOnly(str('Name', 'Name', 255)),
        ref('UserLicenseId', 'User License ID', 'UserLicense', 'UserLicense', { createable: false }),
        readOnly({ ...str('UserType', 'User Type', 40), type: 'picklist' }),
        readOnly(str('Description', 'Description', 255)),
        ...audit(),
      ],
    },
    {
      name: 'PermissionSetLicense',
      label: 'Permission Set License',
      labelPlural: 'Permission Set Licenses',
      keyPrefix: '0PL',
      createable: false,
      updateable: false,
      deletable: false,
      fields: [
        id(),
        readOnly(str('DeveloperName', 'Permission Set License Name', 80)),
        readOnly(str('MasterLabel', 'Label', 80)),
        readOnly(str('PermissionSetLicenseKey', 'Permission Set License Key', 80)),
        readOnly({ ...str('Status', 'Status', 40), type: 'picklist' }),
        readOnly(int('TotalLicenses', 'Total Licenses')),
        readOnly(int('UsedLicenses', 'Used Licenses')),
        readOnly({
          name: 'ExpirationDate',
          label: 'Expiration Date',
          type: 'date',
          createable: false,
          updateable: false,
          nillable: true,
        }),
        ...audit(),
      ],
    },
    {
      name: 'PermissionSetAssignment',
      label: 'Permission Set Assignment',
      labelPlural: 'Permission Set Assignments',
      keyPrefix: '0Pa',
      createable: true,
      updateable: false,
      deletable: true,
      fields: [
        id(),
        ref('AssigneeId', 'Assignee ID', 'User', 'Assignee', { requiredOnCreate: true }),
        ref('PermissionSetId', 'Permission Set ID', 'PermissionSet', 'PermissionSet', {
          requiredOnCreate: true,
        }),
        ref('PermissionSetGroupId', 'Permission Set Group ID', 'PermissionSetGroup', 'PermissionSetGroup', {
          nillable: true,
        }),
        bool('IsActive', 'Is Active'),
        ...audit(),
      ],
    },
    {
      // One per user, created with it; freezing a user is an update of IsFrozen (API 26+).
      name: 'UserLogin',
      label: 'User Login',
      labelPlural: 'User Logins',
      keyPrefix: '060',
      createable: false,
      updateable: true,
      deletable: false,
      fields: [
        id(),
        readOnly(ref('UserId', 'User ID', 'User', 'User', {})),
        bool('IsFrozen', 'Is Frozen', { updateable: true }),
        readOnly(bool('IsPasswordLocked', 'Is Password Locked')),
        ...audit(),
      ],
    },
    {
      name: 'PermissionSetLicenseAssign',
      label: 'Permission Set License Assignment',
      labelPlural: 'Permission Set License Assignments',
      keyPrefix: '2LA',
      createable: true,
      updateable: false,
      deletable: true,
      fields: [
        id(),
        ref('AssigneeId', 'Assignee ID', 'User', 'Assignee', { requiredOnCreate: true }),
        ref(
          'PermissionSetLicenseId',
          'Permission Set License ID',
          'PermissionSetLicense',
          'PermissionSetLicense',
          { requiredOnCreate: true },
        ),
        ...audit(),
      ],
    },
    {
      name: 'ConnectedApplication',
      label: 'Connected App',
      labelPlural: 'Connected Apps',
      keyPrefix: '0H4',
      createable: false,
      updateable: false,
      deletable: false,
      fields: [
        id(),
        readOnly(str('Name', 'Connected App Name', 80)),
        bool('OptionsAllowAdminApprovedUsersOnly', 'AllowAdminApprovedUsersOnly'),
        bool('OptionsRefreshTokenValidityMetric', 'RefreshTokenValidityMetric'),
        bool('OptionsHasSessionLevelPolicy', 'HasSessionLevelPolicy'),
        readOnly({ ...str('RefreshTokenValidityPeriod', 'Refresh Token Policy:', 40), type: 'int' }),
        readOnly(str('StartUrl', 'Start URL', 2400)),
        ...audit(),
      ],
    },
  ];
}

/** PermissionSet: standard fields plus one `Permissions<Name>` boolean per user permission of the shape. */
function permissionSetObject(shape: OrgShape): SObjectDef {
  return {
    name: 'PermissionSet',
    label: 'Permission Set',
    labelPlural: 'Permission Sets',
    keyPrefix: '0PS',
    createable: false,
    updateable: false,
    deletable: false,
    fields: [
      id(),
      readOnly(str('Name', 'Name', 80)),
      readOnly(str('Label', 'Label', 80)),
      readOnly(str('Description', 'Description', 255)),
      ref('LicenseId', 'License ID', 'PermissionSetLicense', 'License', {
        createable: false,
        nillable: true,
      }),
      ref('ProfileId', 'Profile ID', 'Profile', 'Profile', { createable: false, nillable: true }),
      bool('IsOwnedByProfile', 'Is Owned By Profile'),
      bool('IsCustom', 'Is Custom'),
      bool('HasActivationRequired', 'Has Activation Required'),
      readOnly(str('NamespacePrefix', 'Namespace Prefix', 15)),
      readOnly({ ...str('Type', 'Type', 40), type: 'picklist' }),
      ...shape.userPermissions.map((p) => bool(`Permissions${p.apiName}`, p.label)),
      ...audit(),
    ],
  };
}

/** PermissionSetLicense also carries `MaximumPermissions<Name>` per user permission (Object Reference: PermissionSetLicense). */
function withMaximumPermissions(def: SObjectDef, shape: OrgShape): SObjectDef {
  return {
    ...def,
    fields: [
      ...def.fields,
      ...shape.userPermissions.map((p) => bool(`MaximumPermissions${p.apiName}`, p.label)),
    ],
  };
}

function toolingObjects(): SObjectDef[] {
  return [
    {
      name: 'PermissionDependency',
      label: 'Permission Dependency',
      labelPlural: 'Permission Dependencies',
      keyPrefix: '2PD',
      createable: false,
      updateable: false,
      deletable: false,
      tooling: true,
      fields: [
        id(),
        readOnly(str('Permission', 'Permission', 255)),
        readOnly(str('PermissionType', 'Permission Type', 40)),
        readOnly(str('RequiredPermission', 'Required Permission', 255)),
        readOnly(str('RequiredPermissionType', 'Required Permission Type', 40)),
      ],
    },
    {
      name: 'SandboxProcess',
      label: 'Sandbox Process',
      labelPlural: 'Sandbox Processes',
      keyPrefix: '0GR',
      createable: false,
      updateable: false,
      deletable: false,
      tooling: true,
      fields: [
        id(),
        ...[
          'Status',
          'SandboxName',
          'SandboxInfoId',
          'LicenseType',
          'CopyProgress',
          'SandboxOrganization',
          'SourceId',
          'Description',
          'Features',
        ].map((n) => readOnly(str(n, n, 255))),
        readOnly({
          name: 'EndDate',
          label: 'End Date',
          type: 'datetime',
          createable: false,
          updateable: false,
          nillable: true,
        }),
        ...audit(),
      ],
    },
  ];
}

/** A standard object known only by name: queryable, never written through the emulator. */
function readOnlyObject(name: string): SObjectDef {
  const label = name.replace(/([a-z])([A-Z])/g, '$1 $2');
  return {
    name,
    label,
    labelPlural: `${label}s`,
    keyPrefix: '',
    createable: false,
    updateable: false,
    deletable: false,
    fields: [id()],
  };
}

export class SObjectCatalog {
  private readonly data = new Map<string, SObjectDef>();
  private readonly tooling = new Map<string, SObjectDef>();

  constructor(shape: OrgShape) {
    for (const def of baseObjects()) {
      const full = def.name === 'PermissionSetLicense' ? withMaximumPermissions(def, shape) : def;
      this.data.set(full.name.toLowerCase(), full);
    }
    const ps = permissionSetObject(shape);
    this.data.set(ps.name.toLowerCase(), ps);
    // Every object the org shape has is visible in describes (event stores exist only with Shield),
    // even those the emulator holds no records for.
    for (const name of shape.objects) {
      if (!this.data.has(name.toLowerCase())) this.data.set(name.toLowerCase(), readOnlyObject(name));
    }
    for (const def of toolingObjects()) this.tooling.set(def.name.toLowerCase(), def);
  }

  get(name: string, api: 'data' | 'tooling' = 'data'): SObjectDef | undefined {
    return (api === 'tooling' ? this.tooling : this.data).get(name.toLowerCase());
  }

  all(api: 'data' | 'tooling' = 'data'): SObjectDef[] {
    return [...(api === 'tooling' ? this.tooling : this.data).values()];
  }
}

export function fieldOf(def: SObjectDef, name: string): FieldDef | undefined {
  const lower = name.toLowerCase();
  return def.fields.find((f) => f.name.toLowerCase() === lower);
}

export function relationshipOf(def: SObjectDef, name: string): FieldDef | undefined {
  const lower = name.toLowerCase();
  return def.fields.find((f) => f.relationshipName?.toLowerCase() === lower);
}
