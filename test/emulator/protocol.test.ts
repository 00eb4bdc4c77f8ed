/** Wire protocol over plain HTTP: what the `sf` CLI's login sequence and SOAP clients need. */
import { startEmulator, type EmulatorHandle } from '../../scripts/emulator';
import { rest, soap, soql, useEmulator } from './helpers';

describe('emulator wire protocol', () => {
  const handle = useEmulator();

  // Its start-up time is measured by `npm run bench` (scale case), not asserted here.
  it('listens on 127.0.0.1 with a token of the 00D…!… form', () => {
    expect(handle.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(handle.accessToken).toMatch(/^00D[A-Za-z0-9]{12}![A-Za-z0-9_-]+$/);
    expect(handle.orgId.startsWith(handle.accessToken.slice(0, 15))).toBe(true);
  });

  it("lists the shape's event stores in the global describe only where the org has Shield", async () => {
    const names = async (h: EmulatorHandle): Promise<string[]> =>
      (
        (await rest(h, 'GET', '/services/data/v66.0/sobjects')).body as { sobjects: Array<{ name: string }> }
      ).sobjects.map((s) => s.name);
    expect(await names(handle)).toEqual(
      expect.arrayContaining(['ApiAnomalyEventStore', 'SessionHijackingEventStore', 'PermissionSet']),
    );
    const plain = await startEmulator({ shape: 'no-shield' });
    try {
      const list = await names(plain);
      expect(list).toContain('PermissionSet');
      expect(list).not.toContain('ApiAnomalyEventStore');
    } finally {
      await plain.stop();
    }
  });

  it('answers userinfo, the version list and the version resources', async () => {
    const info = await rest(handle, 'GET', '/services/oauth2/userinfo');
    expect(info.status).toBe(200);
    expect(info.body).toMatchObject({
      user_id: handle.userId,
      organization_id: handle.orgId,
      preferred_username: handle.username,
    });
    const versions = await rest(handle, 'GET', '//services/data');
    const list = versions.body as Array<{ version: string; url: string }>;
    expect(list[list.length - 1]).toMatchObject({ version: '66.0', url: '/services/data/v66.0' });
    const resources = await rest(handle, 'GET', '//services/data/v66.0');
    expect(resources.body).toMatchObject({
      query: '/services/data/v66.0/query',
      tooling: '/services/data/v66.0/tooling',
    });
  });

  it('reads the logged-in user and the Organization record the CLI asks for', async () => {
    const user = await rest(handle, 'GET', `/services/data/v51.0/sobjects/User/${handle.userId}`);
    expect(user.body).toMatchObject({ Username: handle.username, attributes: { type: 'User' } });
    const org = await soql(
      handle,
      'SELECT Name, InstanceName, IsSandbox, TrialExpirationDate, NamespacePrefix, OrganizationType FROM Organization',
    );
    expect(org.body).toMatchObject({
      totalSize: 1,
      done: true,
      records: [{ Name: 'Reco Emulated Org', IsSandbox: false, TrialExpirationDate: null }],
    });
  });

  it('says "not a Dev Hub" with INVALID_TYPE for ScratchOrgInfo, in Salesforce\'s error shape', async () => {
    const r = await soql(handle, 'SELECT Id FROM ScratchOrgInfo limit 1');
    expect(r.status).toBe(400);
    const [error] = r.body as Array<{ errorCode: string; message: string }>;
    expect(error.errorCode).toBe('INVALID_TYPE');
    expect(error.message).toContain("sObject type 'ScratchOrgInfo' is not supported.");
  });

  it('answers the SourceMember describe with NOT_FOUND (no source tracking) and an empty SandboxProcess query', async () => {
    const r = await rest(handle, 'GET', '/services/data/v66.0/tooling/sobjects/SourceMember/describe');
    expect(r.status).toBe(404);
    expect(r.body).toEqual([{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]);
    const sandbox = await soql(
      handle,
      `SELECT Id, Status FROM SandboxProcess WHERE SandboxOrganization='${handle.orgId.slice(0, 15)}' ORDER BY CreatedDate DESC`,
      true,
    );
    expect(sandbox.body).toEqual({ totalSize: 0, done: true, records: [] });
  });

  it('refuses a wrong token: REST 401 INVALID_SESSION_ID, SOAP fault sf:INVALID_SESSION_ID', async () => {
    const r = await rest(
      handle,
      'GET',
      '/services/data/v66.0/query?q=SELECT+Id+FROM+User',
      undefined,
      '00DEM0000000001!wrong',
    );
    expect(r.status).toBe(401);
    expect(r.body).toEqual([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
    const s = await soap(handle, 'listMetadata', '<queries><type>PermissionSet</type></queries>', 'nope');
    expect(s.status).toBe(500);
    expect(s.fault).toEqual({
      faultcode: 'sf:INVALID_SESSION_ID',
      faultstring: 'INVALID_SESSION_ID: Invalid Session ID found in SessionHeader: Illegal Session',
    });
  });

  it('fails unsupported calls loudly with NOT_IMPLEMENTED, never an empty success', async () => {
    const r = await rest(handle, 'GET', '/services/data/v66.0/search?q=FIND');
    expect(r.status).toBe(501);
    expect((r.body as Array<{ errorCode: string }>)[0].errorCode).toBe('NOT_IMPLEMENTED');
    const s = await soap(handle, 'createMetadata', '<metadata/>');
    expect(s.fault?.faultcode).toBe('sf:NOT_IMPLEMENTED');
    expect(s.fault?.faultstring).toBe(
      'The reco-sf emulator does not implement the Metadata API operation createMetadata',
    );
  });

  it('answers an unknown deploy id with INVALID_CROSS_REFERENCE_KEY', async () => {
    const s = await soap(
      handle,
      'checkDeployStatus',
      '<asyncProcessId>0AfEM0000000999</asyncProcessId><includeDetails>true</includeDetails>',
    );
    expect(s.fault).toEqual({
      faultcode: 'sf:INVALID_CROSS_REFERENCE_KEY',
      faultstring: 'INVALID_CROSS_REFERENCE_KEY: invalid cross reference id: 0AfEM0000000999',
    });
  });

  it('describes PermissionSet with a Permissions<Name> field per permission, labelled as in Setup', async () => {
    const r = await rest(handle, 'GET', '/services/data/v66.0/sobjects/PermissionSet/describe');
    const fields = (r.body as { fields: Array<{ name: string; label: string; type: string }> }).fields;
    expect(fields.find((f) => f.label === 'View Event Log Object Data')).toEqual(
      expect.objectContaining({ name: 'PermissionsViewEventLogObjects', type: 'boolean' }),
    );
    expect(fields.find((f) => f.name === 'PermissionsViewDataLeakageEvents')?.label).toBe(
      'View Real-Time Event Monitoring Data',
    );
    expect(fields.find((f) => f.name === 'PermissionsApiEnabled')?.label).toBe('API Enabled');
  });

  it('serves concurrent clients', async () => {
    const results = await Promise.all(
      Array.from({ length: 40 }, () => soql(handle, 'SELECT Id, Name FROM Profile')),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
  });
});

describe('SOQL subset', () => {
  const handle = useEmulator({
    shape: 'legacy-profile',
    seed: {
      users: [
        {
          Username: 'reco.one@example.com',
          LastName: 'One',
          profileName: 'Salesforce API Only System Integrations',
        },
        { Username: 'reco.two@example.com', LastName: 'Two', profileName: 'Standard User' },
      ],
    },
  });

  const records = async (q: string): Promise<Array<Record<string, unknown>>> => {
    const r = await soql(handle, q);
    if (r.status !== 200) throw new Error(`query failed: ${r.text}`);
    return (r.body as { records: Array<Record<string, unknown>> }).records;
  };

  it('follows relationship fields like Profile.Name, with WHERE on them', async () => {
    const rows = await records(
      "SELECT Username, Profile.Name FROM User WHERE Profile.Name = 'Salesforce API Only System Integrations'",
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      Username: 'reco.one@example.com',
      Profile: { attributes: { type: 'Profile' }, Name: 'Salesforce API Only System Integrations' },
    });
  });

  it('supports AND / OR / NOT, IN, LIKE, ORDER BY and LIMIT', async () => {
    expect(
      (await records("SELECT Username FROM User WHERE Username LIKE 'reco.%' ORDER BY Username DESC")).map(
        (r) => r.Username,
      ),
    ).toEqual(['reco.two@example.com', 'reco.one@example.com']);
    expect(
      await records(
        "SELECT Username FROM User WHERE LastName IN ('One','Two') AND NOT (LastName = 'Two') LIMIT 5",
      ),
    ).toHaveLength(1);
    expect(
      await records("SELECT Id FROM User WHERE LastName = 'One' OR LastName = 'Two' LIMIT 1"),
    ).toHaveLength(1);
  });

  it('only the deprecated API-only profile exists in the legacy-profile shape', async () => {
    const names = (await records('SELECT Name FROM Profile')).map((r) => r.Name);
    expect(names).toContain('Salesforce API Only System Integrations');
    expect(names).not.toContain('Minimum Access - API Only Integrations');
  });

  it("reports MALFORMED_QUERY and INVALID_FIELD in Salesforce's shape", async () => {
    const malformed = await soql(handle, 'SELECT FROM User');
    expect(malformed.status).toBe(400);
    expect(malformed.body).toEqual([
      { errorCode: 'MALFORMED_QUERY', message: "unexpected token: 'FROM' at column 8" },
    ]);
    const group = await soql(handle, 'SELECT Name FROM Profile GROUP BY Name');
    expect(group.status).toBe(501);
    expect((group.body as Array<{ errorCode: string }>)[0].errorCode).toBe('NOT_IMPLEMENTED');
    const field = await soql(handle, 'SELECT Nope FROM User');
    const [error] = field.body as Array<{ errorCode: string; message: string }>;
    expect(error.errorCode).toBe('INVALID_FIELD');
    expect(error.message).toContain("No such column 'Nope' on entity 'User'.");
  });

  it("answers PermissionDependency from the catalog's declared dependencies only", async () => {
    const r = await soql(
      handle,
      "SELECT Permission, RequiredPermission FROM PermissionDependency WHERE Permission = 'ModifyMetadata'",
      true,
    );
    expect((r.body as { records: unknown[] }).records).toEqual([
      expect.objectContaining({ Permission: 'ModifyMetadata', RequiredPermission: 'ViewSetup' }),
    ]);
    const apiEnabled = await soql(
      handle,
      "SELECT Permission FROM PermissionDependency WHERE RequiredPermission = 'ApiEnabled'",
      true,
    );
    expect((apiEnabled.body as { totalSize: number }).totalSize).toBe(0);
  });
});
