/**
 * The baseline org: what a new Enterprise Edition org holds (profiles, licences, objects,
 * hundreds of standard permissions, an admin), and real-world-shaped permission sets deploying
 * as on a real org: valid ones succeed, references to what the org lacks fail with Salesforce's
 * messages.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startEmulator } from '../../scripts/emulator';
import { REPO_ROOT } from '../helpers/sf';
import { deploy, permissionSetXml, rest, soql, useEmulator, withManifest } from './helpers';

const ps = (name: string, xml: string): Record<string, string> =>
  withManifest({ [`permissionsets/${name}.permissionset`]: xml });

describe('the baseline org', () => {
  const handle = useEmulator();

  it('holds the standard profiles, licences, an admin and hundreds of standard user permissions', async () => {
    const profiles = (await soql(handle, 'SELECT Name FROM Profile')).body as {
      records: Array<{ Name: string }>;
    };
    expect(profiles.records.map((r) => r.Name)).toEqual(
      expect.arrayContaining([
        'System Administrator',
        'Standard User',
        'Read Only',
        'Minimum Access - API Only Integrations',
      ]),
    );
    const admin = (await soql(handle, `SELECT Profile.Name FROM User WHERE Username = '${handle.username}'`))
      .body as { records: Array<{ Profile: { Name: string } }> };
    expect(admin.records[0].Profile.Name).toBe('System Administrator');
    const licenses = (await soql(handle, 'SELECT Name FROM UserLicense')).body as {
      records: Array<{ Name: string }>;
    };
    expect(licenses.records.map((r) => r.Name)).toEqual(['Salesforce', 'Salesforce Integration']);
    const describe = (await rest(handle, 'GET', '/services/data/v66.0/sobjects/PermissionSet/describe'))
      .body as {
      fields: Array<{ name: string; label: string }>;
    };
    const permissions = describe.fields.filter((f) => f.name.startsWith('Permissions'));
    expect(permissions.length).toBeGreaterThanOrEqual(300);
    expect(permissions).toContainEqual(
      expect.objectContaining({ name: 'PermissionsFreezeUsers', label: 'Freeze Users' }),
    );
  });

  it('deploys a permission set of standard permissions, objects, fields, apps and tabs', async () => {
    const xml = permissionSetXml({
      label: 'Helpdesk Admin',
      permissions: [
        'ApiUserOnly',
        'FreezeUsers',
        'ManageIpAddresses',
        'ManageRoles',
        'ResetPasswords',
        'ViewAnomalyEvents',
        'ViewRoles',
        'ViewSetup',
      ],
      objects: ['Asset', 'Campaign', 'Product2'],
      extra:
        '<applicationVisibilities><application>standard__Sales</application><visible>true</visible></applicationVisibilities>' +
        '<fieldPermissions><editable>false</editable><field>Account.Industry</field><readable>true</readable></fieldPermissions>' +
        '<tabSettings><tab>standard-Account</tab><visibility>Visible</visibility></tabSettings>',
    });
    const r = await deploy(handle, ps('Helpdesk_Admin', xml));
    expect(r.failures).toEqual([]);
    expect(r.success).toBe(true);
  });

  it("fails references to what the org lacks with Salesforce's messages", async () => {
    const xml = permissionSetXml({
      label: 'Broken',
      permissions: ['ManageUsers'],
      objects: ['Proposal__c'],
      extra:
        '<applicationVisibilities><application>Acme_App</application><visible>true</visible></applicationVisibilities>' +
        '<classAccesses><apexClass>AcmeController</apexClass><enabled>true</enabled></classAccesses>' +
        '<fieldPermissions><editable>false</editable><field>Account.Acme_Score__c</field><readable>true</readable></fieldPermissions>' +
        '<fieldPermissions><editable>false</editable><field>Account.NoSuchField</field><readable>true</readable></fieldPermissions>',
    });
    const r = await deploy(handle, ps('Broken', xml));
    expect(r.success).toBe(false);
    expect(r.failures.map((f) => f.problem).sort()).toEqual([
      'In field: apexClass - no ApexClass named AcmeController found',
      'In field: application - no CustomApplication named Acme_App found',
      'In field: field - no CustomField named Account.Acme_Score__c found',
      'In field: field - no CustomField named Account.NoSuchField found',
      'In field: object - no CustomObject named Proposal__c found',
      'Permission ManageUsers depends on permission(s): AssignPermissionSets, DelegatedTwoFactor, FreezeUsers, ManageInternalUsers, ManageIpAddresses, ManageLoginAccessPolicies, ManagePasswordPolicies, ManageProfilesPermissionsets, ManageRoles, ManageSharing, MonitorLoginHistory, ViewAllUsers',
    ]);
  });

  it('refuses a Shield permission in an org without Shield', async () => {
    const plain = await startEmulator({ shape: 'no-shield' });
    try {
      const r = await deploy(plain, ps('Threats', permissionSetXml({ permissions: ['ViewAnomalyEvents'] })));
      expect(r.failures.map((f) => f.problem)).toEqual(['Unknown user permission: ViewAnomalyEvents']);
    } finally {
      await plain.stop();
    }
  });

  it('fails a real-world permission set whose custom object and fields the org lacks', async () => {
    const xml = readFileSync(
      join(
        REPO_ROOT,
        'test',
        'fixtures',
        'real-world',
        'Simply_Retirement_Min_Access.permissionset-meta.xml',
      ),
      'utf8',
    );
    const r = await deploy(handle, ps('Simply_Retirement_Min_Access', xml));
    expect(r.success).toBe(false);
    const problems = r.failures.map((f) => f.problem);
    expect(problems).toContain('In field: object - no CustomObject named Proposal__c found');
    expect(problems).toContain('In field: field - no CustomField named Proposal__c.Access_Code__c found');
  });

  it('has a permission set owned by each profile: queryable (IsOwnedByProfile), never a PermissionSet component', async () => {
    const rows = (
      await soql(
        handle,
        'SELECT Id, Name, Label, IsOwnedByProfile, IsCustom, Profile.Name FROM PermissionSet',
      )
    ).body as {
      records: Array<{
        Id: string;
        Name: string;
        Label: string;
        IsOwnedByProfile: boolean;
        IsCustom: boolean;
        Profile: { Name: string } | null;
      }>;
    };
    const owned = rows.records.filter((r) => r.IsOwnedByProfile);
    expect(owned.map((r) => r.Profile?.Name).sort()).toEqual(
      handle.store
        .records('Profile')
        .map((p) => String(p.Name))
        .sort(),
    );
    const admin = owned.find((r) => r.Profile?.Name === 'System Administrator');
    expect(admin).toMatchObject({
      Name: 'X00ex00000018ozh_128_09_04_12_1',
      Label: '00ex00000018ozh_128_09_04_12_1',
      IsCustom: false,
    });
    const standardUser = owned.find((r) => r.Profile?.Name === 'Standard User');
    expect(standardUser?.Name).toMatch(/^X00e\w{15}$/);
    expect(standardUser?.Label).toBe(standardUser?.Name.slice(1));
    const components = handle.store.listMetadata('PermissionSet').map((c) => c.fullName);
    for (const r of owned) expect(components).not.toContain(r.Name);

    // The API-only profile's set grants API access; its users hold it without any assignment made.
    const api = (
      await soql(
        handle,
        "SELECT PermissionsApiEnabled, PermissionsApiUserOnly FROM PermissionSet WHERE Profile.Name = 'Minimum Access - API Only Integrations'",
      )
    ).body as { records: Array<Record<string, boolean>> };
    expect(api.records).toEqual([
      expect.objectContaining({ PermissionsApiEnabled: true, PermissionsApiUserOnly: true }),
    ]);
    const held = (
      await soql(
        handle,
        `SELECT Id, PermissionSet.Name, PermissionSet.IsOwnedByProfile FROM PermissionSetAssignment WHERE Assignee.Username = '${handle.username}'`,
      )
    ).body as { records: Array<{ Id: string; PermissionSet: { Name: string; IsOwnedByProfile: boolean } }> };
    expect(held.records).toEqual([
      expect.objectContaining({
        PermissionSet: expect.objectContaining({ Name: admin?.Name, IsOwnedByProfile: true }),
      }),
    ]);

    // Queried, not modified: no update, no delete, no (un)assignment.
    const update = await rest(handle, 'PATCH', `/services/data/v66.0/sobjects/PermissionSet/${admin?.Id}`, {
      Label: 'Mine now',
    });
    expect(update.status).toBe(400);
    expect(update.body).toEqual([expect.objectContaining({ errorCode: 'INSUFFICIENT_ACCESS_OR_READONLY' })]);
    const remove = await rest(handle, 'DELETE', `/services/data/v66.0/sobjects/PermissionSet/${admin?.Id}`);
    expect(remove.status).toBe(400);
    const unassign = await rest(
      handle,
      'DELETE',
      `/services/data/v66.0/sobjects/PermissionSetAssignment/${held.records[0].Id}`,
    );
    expect(unassign.body).toEqual([
      expect.objectContaining({
        errorCode: 'INVALID_CROSS_REFERENCE_KEY',
        message: "You can't assign or unassign this permission set because it's associated with a profile.",
      }),
    ]);
    const assign = await rest(handle, 'POST', '/services/data/v66.0/sobjects/PermissionSetAssignment', {
      AssigneeId: handle.userId,
      PermissionSetId: standardUser?.Id,
    });
    expect(assign.status).toBe(400);
    expect(handle.store.records('PermissionSetAssignment')).toHaveLength(1);
  });
});

describe('org kinds', () => {
  it('a scratch org reports IsSandbox false and a TrialExpirationDate within 30 days; production and sandbox none', async () => {
    for (const [shape, sandbox, trial] of [
      ['scratch', false, true],
      ['sandbox', true, false],
      ['production', false, false],
    ] as const) {
      const handle = await startEmulator({ shape });
      try {
        const org = handle.store.records('Organization')[0];
        expect({ shape, sandbox: org.IsSandbox, trial: org.TrialExpirationDate !== null }).toEqual({
          shape,
          sandbox,
          trial,
        });
        if (trial) {
          const days =
            (Date.parse(String(org.TrialExpirationDate).replace('+0000', 'Z')) - Date.now()) / 86_400_000;
          expect(days).toBeGreaterThan(29);
          expect(days).toBeLessThanOrEqual(30);
        }
      } finally {
        await handle.stop();
      }
    }
    await expect(startEmulator({ shape: ['sandbox', 'scratch'] })).rejects.toThrow(
      "shapes 'sandbox' and 'scratch' exclude each other",
    );
  });
});
