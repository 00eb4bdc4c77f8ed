/**
 * Data rules (Object Reference: User): User required fields and limits,
 * Username unique across all orgs, profile must exist, PSL before the PSL-licensed permission
 * set, duplicate assignments, PSL seats; composite allOrNone semantics.
 */
import { startEmulator, type EmulatorHandle } from '../../scripts/emulator';
import { to18 } from '../../scripts/emulator/ids';
import { integrationUserFields, rest, soql } from './helpers';

const V = '/services/data/v66.0';

describe('data rules', () => {
  let h: EmulatorHandle;
  let apiProfileId: string;
  const user = (extra: Record<string, string> = {}): Record<string, string> =>
    integrationUserFields(apiProfileId, extra);

  beforeEach(async () => {
    h = await startEmulator({
      seed: {
        takenUsernames: ['taken.elsewhere@example.com'],
        permissionSets: [
          {
            name: 'Reco_Integration',
            label: 'Reco Integration',
            license: 'SalesforceAPIIntegrationPsl',
            userPermissions: ['ApiEnabled'],
          },
          { name: 'Plain', userPermissions: ['ApiEnabled'] },
        ],
      },
    });
    const r = await soql(h, "SELECT Id FROM Profile WHERE Name = 'Minimum Access - API Only Integrations'");
    apiProfileId = (r.body as { records: Array<{ Id: string }> }).records[0].Id;
  });
  afterEach(() => h.stop());

  const create = (object: string, body: Record<string, unknown>): ReturnType<typeof rest> =>
    rest(h, 'POST', `${V}/sobjects/${object}`, body);
  const idOf = async (q: string): Promise<string> =>
    ((await soql(h, q)).body as { records: Array<{ Id: string }> }).records[0].Id;

  it('creates a user, reads it back, updates and refuses to delete it', async () => {
    const created = await create('User', user());
    expect(created.status).toBe(201);
    const id = (created.body as { id: string }).id;
    expect(id).toMatch(/^005/);
    const read = await rest(h, 'GET', `${V}/sobjects/User/${id}?fields=Name,IsActive`);
    expect(read.body).toMatchObject({ Name: 'Reco Integration', IsActive: true });
    expect((await rest(h, 'PATCH', `${V}/sobjects/User/${id}`, { Title: 'Integration' })).status).toBe(204);
    const del = await rest(h, 'DELETE', `${V}/sobjects/User/${id}`);
    expect(del.body).toEqual([
      {
        errorCode: 'INSUFFICIENT_ACCESS_OR_READONLY',
        message: 'Cannot delete User: entity is not api deletable',
      },
    ]);
  });

  it('keeps a UserLogin per user: freezing is an update of IsFrozen; UserLogin cannot be created', async () => {
    const id = ((await create('User', user())).body as { id: string }).id;
    const q = `SELECT Id, IsFrozen, IsPasswordLocked FROM UserLogin WHERE UserId = '${id}'`;
    const login = (
      (await soql(h, q)).body as {
        records: Array<{ Id: string; IsFrozen: boolean; IsPasswordLocked: boolean }>;
      }
    ).records;
    expect(login).toHaveLength(1);
    expect(login[0]).toMatchObject({ IsFrozen: false, IsPasswordLocked: false });
    expect(login[0].Id).toMatch(/^060/);
    expect(
      (await rest(h, 'PATCH', `${V}/sobjects/UserLogin/${login[0].Id}`, { IsFrozen: true })).status,
    ).toBe(204);
    expect(((await soql(h, q)).body as { records: Array<{ IsFrozen: boolean }> }).records[0].IsFrozen).toBe(
      true,
    );
    const refused = await create('UserLogin', { UserId: id });
    expect(refused.status).toBe(400);
  });

  it('a seed can hold a frozen, password-locked user', async () => {
    const seeded = await startEmulator({
      seed: {
        users: [
          {
            Username: 'frozen@example.com',
            LastName: 'Frozen',
            profileName: 'Minimum Access - API Only Integrations',
            frozen: true,
            passwordLocked: true,
          },
        ],
      },
    });
    try {
      const userId = (
        (await soql(seeded, "SELECT Id FROM User WHERE Username = 'frozen@example.com'")).body as {
          records: Array<{ Id: string }>;
        }
      ).records[0].Id;
      const rows = (
        (await soql(seeded, `SELECT IsFrozen, IsPasswordLocked FROM UserLogin WHERE UserId = '${userId}'`))
          .body as { records: unknown[] }
      ).records;
      expect(rows).toEqual([expect.objectContaining({ IsFrozen: true, IsPasswordLocked: true })]);
    } finally {
      await seeded.stop();
    }
  });

  it('REQUIRED_FIELD_MISSING lists every missing required field', async () => {
    const r = await create('User', { Username: 'x@example.com', LastName: 'X' });
    expect(r.status).toBe(400);
    expect(r.body).toEqual([
      {
        errorCode: 'REQUIRED_FIELD_MISSING',
        message:
          'Required fields are missing: [Alias, Email, TimeZoneSidKey, LocaleSidKey, EmailEncodingKey, LanguageLocaleKey, ProfileId]',
        fields: [
          'Alias',
          'Email',
          'TimeZoneSidKey',
          'LocaleSidKey',
          'EmailEncodingKey',
          'LanguageLocaleKey',
          'ProfileId',
        ],
      },
    ]);
  });

  it('Alias is at most 8 characters (STRING_TOO_LONG)', async () => {
    const r = await create('User', user({ Alias: 'recointeg' }));
    expect(r.body).toEqual([
      {
        errorCode: 'STRING_TOO_LONG',
        message: 'Alias: data value too large: recointeg (max length=8)',
        fields: ['Alias'],
      },
    ]);
  });

  it('Username is unique across this org and all others (DUPLICATE_USERNAME)', async () => {
    expect((await create('User', user())).status).toBe(201);
    const again = await create('User', user({ Email: 'other@example.com' }));
    const elsewhere = await create('User', user({ Username: 'Taken.Elsewhere@example.com' }));
    for (const r of [again, elsewhere]) {
      expect(r.body).toEqual([
        {
          errorCode: 'DUPLICATE_USERNAME',
          message:
            'Duplicate Username.<br>Another user has already selected this username.<br>Please select another.',
          fields: ['Username'],
        },
      ]);
    }
  });

  it('the profile must exist (INVALID_CROSS_REFERENCE_KEY; MALFORMED_ID for a non-profile id)', async () => {
    const missing = await create('User', user({ ProfileId: to18('00eEM0000000999') }));
    expect(missing.body).toEqual([
      {
        errorCode: 'INVALID_CROSS_REFERENCE_KEY',
        message: 'invalid cross reference id',
        fields: ['ProfileId'],
      },
    ]);
    const wrong = await create('User', user({ ProfileId: h.userId }));
    expect(wrong.body).toEqual([
      {
        errorCode: 'MALFORMED_ID',
        message: `Profile ID: id value of incorrect type: ${h.userId}`,
        fields: ['ProfileId'],
      },
    ]);
  });

  it('a PSL-licensed permission set needs the PSL first; duplicates are DUPLICATE_VALUE', async () => {
    const userId = (await create('User', user())).body as { id: string };
    const psId = await idOf("SELECT Id FROM PermissionSet WHERE Name = 'Reco_Integration'");
    const pslId = await idOf(
      "SELECT Id FROM PermissionSetLicense WHERE DeveloperName = 'SalesforceAPIIntegrationPsl'",
    );
    const early = await create('PermissionSetAssignment', { AssigneeId: userId.id, PermissionSetId: psId });
    expect(early.body).toEqual([
      {
        errorCode: 'FIELD_INTEGRITY_EXCEPTION',
        message:
          "Can't assign permission set Reco Integration to user reco.integration@example.com. The user license doesn't allow the permission: Salesforce API Integration",
        fields: ['PermissionSetId'],
      },
    ]);
    expect(
      (await create('PermissionSetLicenseAssign', { AssigneeId: userId.id, PermissionSetLicenseId: pslId }))
        .status,
    ).toBe(201);
    expect(
      (await create('PermissionSetAssignment', { AssigneeId: userId.id, PermissionSetId: psId })).status,
    ).toBe(201);
    const duplicate = await create('PermissionSetAssignment', {
      AssigneeId: userId.id,
      PermissionSetId: psId,
    });
    expect(duplicate.body).toEqual([
      {
        errorCode: 'DUPLICATE_VALUE',
        message: `Duplicate PermissionSetAssignment. Assignee: ${userId.id.slice(0, 15)}; Permission Set: ${psId.slice(0, 15)}`,
      },
    ]);
    const assigned = await soql(
      h,
      `SELECT PermissionSet.Name, Assignee.Username FROM PermissionSetAssignment WHERE AssigneeId = '${userId.id}' AND PermissionSet.IsOwnedByProfile = false`,
    );
    expect((assigned.body as { records: unknown[] }).records).toEqual([
      expect.objectContaining({
        PermissionSet: expect.objectContaining({ Name: 'Reco_Integration' }),
        Assignee: expect.objectContaining({ Username: 'reco.integration@example.com' }),
      }),
    ]);
    const used = await soql(
      h,
      "SELECT UsedLicenses, TotalLicenses, MaximumPermissionsModifyMetadata FROM PermissionSetLicense WHERE DeveloperName = 'SalesforceAPIIntegrationPsl'",
    );
    expect((used.body as { records: unknown[] }).records).toEqual([
      expect.objectContaining({ UsedLicenses: 1, TotalLicenses: 5, MaximumPermissionsModifyMetadata: true }),
    ]);
  });

  it('composite allOrNone: a failure rolls back every subrequest (PROCESSING_HALTED for the others)', async () => {
    const body = {
      allOrNone: true,
      compositeRequest: [
        { method: 'POST', url: `${V}/sobjects/User`, referenceId: 'newUser', body: user() },
        { method: 'GET', url: `${V}/sobjects/User/@{newUser.id}?fields=Username`, referenceId: 'readBack' },
        {
          method: 'POST',
          url: `${V}/sobjects/PermissionSetAssignment`,
          referenceId: 'assign',
          body: { AssigneeId: '@{newUser.id}', PermissionSetId: to18('0PSEM0000000999') },
        },
      ],
    };
    const r = await rest(h, 'POST', `${V}/composite`, body);
    const responses = (
      r.body as {
        compositeResponse: Array<{
          referenceId: string;
          httpStatusCode: number;
          body: Array<{ errorCode: string }>;
        }>;
      }
    ).compositeResponse;
    expect(responses.map((c) => [c.referenceId, c.httpStatusCode, c.body[0]?.errorCode])).toEqual([
      ['newUser', 400, 'PROCESSING_HALTED'],
      ['readBack', 400, 'PROCESSING_HALTED'],
      ['assign', 400, 'INVALID_CROSS_REFERENCE_KEY'],
    ]);
    const users = await soql(h, "SELECT Id FROM User WHERE Username = 'reco.integration@example.com'");
    expect((users.body as { totalSize: number }).totalSize).toBe(0);

    const ok = await rest(h, 'POST', `${V}/composite`, {
      ...body,
      compositeRequest: body.compositeRequest.slice(0, 2),
    });
    const okResponses = (
      ok.body as { compositeResponse: Array<{ httpStatusCode: number; body: Record<string, unknown> }> }
    ).compositeResponse;
    expect(okResponses.map((c) => c.httpStatusCode)).toEqual([201, 200]);
    expect(okResponses[1].body.Username).toBe('reco.integration@example.com');
  });

  it('composite/sobjects: allOrNone rolls back all records; without it each record stands alone', async () => {
    const records = [
      { attributes: { type: 'User' }, ...user() },
      { attributes: { type: 'User' }, ...user({ Username: 'second@example.com', Alias: 'waytoolongalias' }) },
    ];
    const all = await rest(h, 'POST', `${V}/composite/sobjects`, { allOrNone: true, records });
    expect(all.body).toEqual([
      {
        success: false,
        errors: [
          {
            statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
            message:
              'Record rolled back because not all records were valid and the request was using AllOrNone header',
            fields: [],
          },
        ],
      },
      {
        success: false,
        errors: [
          {
            statusCode: 'STRING_TOO_LONG',
            message: 'Alias: data value too large: waytoolongalias (max length=8)',
            fields: ['Alias'],
          },
        ],
      },
    ]);
    expect(
      (await soql(h, "SELECT Id FROM User WHERE Username = 'reco.integration@example.com'")).body,
    ).toMatchObject({ totalSize: 0 });
    const each = await rest(h, 'POST', `${V}/composite/sobjects`, { allOrNone: false, records });
    expect((each.body as Array<{ success: boolean }>).map((r) => r.success)).toEqual([true, false]);
  });
});

describe('seeded org state', () => {
  it('exhausted PSL seats refuse PermissionSetLicenseAssign (LICENSE_LIMIT_EXCEEDED); installed apps are queryable', async () => {
    const h = await startEmulator({
      seed: {
        permissionSetLicenses: [
          { developerName: 'SalesforceAPIIntegrationPsl', totalLicenses: 2, usedLicenses: 2 },
        ],
        users: [
          {
            Username: 'seeded@example.com',
            LastName: 'Seeded',
            profileName: 'Minimum Access - API Only Integrations',
          },
        ],
        installedConnectedApps: [{ name: 'Reco Introspection for Salesforce', ipRelaxation: 'relax' }],
      },
    });
    try {
      const userId = (
        (await soql(h, "SELECT Id FROM User WHERE Username = 'seeded@example.com'")).body as {
          records: Array<{ Id: string }>;
        }
      ).records[0].Id;
      const pslId = (
        (await soql(h, 'SELECT Id FROM PermissionSetLicense')).body as { records: Array<{ Id: string }> }
      ).records[0].Id;
      const r = await rest(h, 'POST', `${V}/sobjects/PermissionSetLicenseAssign`, {
        AssigneeId: userId,
        PermissionSetLicenseId: pslId,
      });
      expect(r.body).toEqual([
        {
          errorCode: 'LICENSE_LIMIT_EXCEEDED',
          message: 'License Limit Exceeded: no Salesforce API Integration licenses are available',
        },
      ]);
      const apps = await soql(h, 'SELECT Name, OptionsAllowAdminApprovedUsersOnly FROM ConnectedApplication');
      expect((apps.body as { records: unknown[] }).records).toEqual([
        expect.objectContaining({
          Name: 'Reco Introspection for Salesforce',
          OptionsAllowAdminApprovedUsersOnly: false,
        }),
      ]);
      const appId =
        (apps.body as { records: Array<{ attributes: { url: string } }> }).records[0].attributes.url
          .split('/')
          .pop() ?? '';
      expect(h.store.installedAppPolicy(appId)).toEqual({ ipRelaxation: 'BYPASS' });
    } finally {
      await h.stop();
    }
  });

  it('a seed file path works, and a seed Salesforce would refuse fails loudly', async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'reco-sf-seed-'));
    try {
      const file = join(dir, 'seed.json');
      writeFileSync(
        file,
        JSON.stringify({ shape: 'no-shield', trustedIpRanges: [{ start: '192.0.2.1', end: '192.0.2.1' }] }),
      );
      const h = await startEmulator({ seed: file });
      expect(h.store.readMetadataXml('Settings', 'Security')).toContain('<start>192.0.2.1</start>');
      expect(h.store.shape.features.has('RealTimeEventMonitoring')).toBe(false);
      await h.stop();
      await expect(
        startEmulator({
          seed: { users: [{ Username: 'a@example.com', LastName: 'A', Alias: 'toolongalias' }] },
        }),
      ).rejects.toThrow('Alias: data value too large: toolongalias (max length=8)');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
