/**
 * What the emulator answers at its limits, and the everyday REST calls the sf CLI makes:
 * valid SOQL beyond its subset is NOT_IMPLEMENTED (never MALFORMED_QUERY), query column metadata,
 * limits, PermissionSet DML, Settings members without a schema stored verbatim, and seeded
 * elements a v66.0 retrieve does not know left out.
 */
import JSZip from 'jszip';
import { startEmulator, type EmulatorHandle } from '../../scripts/emulator';
import { deploy, rest, soap, soql, useEmulator, withManifest } from './helpers';

const NS = 'xmlns="http://soap.sforce.com/2006/04/metadata"';

async function retrieveFiles(
  handle: EmulatorHandle,
  type: string,
  member: string,
  version: string,
): Promise<{ files: Record<string, string>; problems: string[] }> {
  const started = await soap(
    handle,
    'retrieve',
    `<request><apiVersion>${version}</apiVersion><singlePackage>true</singlePackage><unpackaged><types><members>${member}</members><name>${type}</name></types><version>${version}</version></unpackaged></request>`,
  );
  const status = await soap(
    handle,
    'checkRetrieveStatus',
    `<asyncProcessId>${String(started.results[0].id)}</asyncProcessId>`,
  );
  const result = status.results[0] as { zipFile: string; messages?: Array<{ problem: string }> };
  const zip = await JSZip.loadAsync(Buffer.from(result.zipFile, 'base64'));
  const files: Record<string, string> = {};
  for (const name of Object.keys(zip.files)) files[name] = (await zip.file(name)?.async('string')) ?? '';
  return { files, problems: (result.messages ?? []).map((m) => m.problem) };
}

describe('emulator limits and everyday REST', () => {
  const handle = useEmulator();

  it.each([
    ['SELECT ProfileId, COUNT(Id) FROM User GROUP BY ProfileId', 'aggregate functions'],
    ['SELECT Id FROM User GROUP BY ProfileId', 'GROUP BY'],
    ['SELECT Id, (SELECT Id FROM PermissionSetAssignments) FROM User', 'sub-queries'],
    ['SELECT Id FROM User WHERE Id IN (SELECT AssigneeId FROM PermissionSetAssignment)', 'semi-joins'],
    ['SELECT Id FROM User WHERE CreatedDate = TODAY', 'date literals'],
    ['SELECT Id FROM User WHERE CreatedDate = LAST_N_DAYS:7', 'date literals'],
    ['SELECT Id FROM User u', 'object aliases'],
    ['SELECT toLabel(UserType) FROM User', 'function toLabel()'],
    ['SELECT Id FROM User WITH SECURITY_ENFORCED', 'WITH'],
    ['SELECT Id FROM User FOR VIEW', 'FOR VIEW'],
    ['SELECT TYPEOF Owner WHEN User THEN Name END FROM Account', 'TYPEOF'],
  ])('answers %s with NOT_IMPLEMENTED naming %s', async (q, feature) => {
    const r = await soql(handle, q);
    expect(r.status).toBe(501);
    const [error] = r.body as Array<{ errorCode: string; message: string }>;
    expect(error.errorCode).toBe('NOT_IMPLEMENTED');
    expect(error.message).toContain(feature);
  });

  it('still answers a real syntax error with MALFORMED_QUERY', async () => {
    const r = await soql(handle, 'SELECT FROM User');
    expect(r.status).toBe(400);
    expect((r.body as Array<{ errorCode: string }>)[0].errorCode).toBe('MALFORMED_QUERY');
  });

  it('compares date and dateTime literals as instants', async () => {
    const before = await soql(handle, 'SELECT Id FROM User WHERE CreatedDate < 2024-01-02T00:00:00Z');
    expect((before.body as { totalSize: number }).totalSize).toBe(1);
    const after = await soql(handle, 'SELECT Id FROM User WHERE CreatedDate > 2024-01-01');
    expect((after.body as { totalSize: number }).totalSize).toBe(0);
  });

  it('answers columns=true with column metadata, relationships as join columns', async () => {
    const q = 'SELECT Id, Username, Profile.Name, Profile.Id FROM User';
    const r = await rest(handle, 'GET', `/services/data/v66.0/query?q=${encodeURIComponent(q)}&columns=true`);
    expect(r.status).toBe(200);
    const body = r.body as {
      entityName: string;
      columnMetadata: Array<{ columnName: string; joinColumns: Array<{ columnName: string }> }>;
    };
    expect(body.entityName).toBe('User');
    expect(body.columnMetadata.map((c) => c.columnName)).toEqual(['Id', 'Username', 'Profile']);
    expect(body.columnMetadata[2].joinColumns.map((c) => c.columnName)).toEqual(['Name', 'Id']);
  });

  it('serves the org limits', async () => {
    const r = await rest(handle, 'GET', '/services/data/v66.0/limits');
    expect(r.status).toBe(200);
    expect(
      (r.body as Record<string, { Max: number; Remaining: number }>).DailyApiRequests.Max,
    ).toBeGreaterThan(0);
  });

  it('creates, updates and deletes a PermissionSet through REST, with the deploy rules', async () => {
    const created = await rest(handle, 'POST', '/services/data/v66.0/sobjects/PermissionSet', {
      Name: 'Rest_Made',
      Label: 'Rest Made',
      PermissionsViewSetup: true,
      PermissionsViewRoles: true,
    });
    expect(created.status).toBe(201);
    const id = (created.body as { id: string }).id;
    expect(id.startsWith('0PS')).toBe(true);
    expect(handle.store.getMetadata('PermissionSet', 'Rest_Made')?.value.label).toBe('Rest Made');

    const duplicate = await rest(handle, 'POST', '/services/data/v66.0/sobjects/PermissionSet', {
      Name: 'Rest_Made',
      Label: 'Again',
    });
    expect((duplicate.body as Array<{ errorCode: string }>)[0].errorCode).toBe('DUPLICATE_VALUE');

    const broken = await rest(handle, 'PATCH', `/services/data/v66.0/sobjects/PermissionSet/${id}`, {
      PermissionsViewRoles: false,
    });
    expect(broken.status).toBe(400);
    expect((broken.body as Array<{ message: string }>)[0].message).toContain(
      'Permission ViewSetup depends on permission(s): ViewRoles',
    );
    const row = await soql(handle, "SELECT PermissionsViewRoles FROM PermissionSet WHERE Name = 'Rest_Made'");
    expect((row.body as { records: Array<Record<string, unknown>> }).records[0].PermissionsViewRoles).toBe(
      true,
    );

    const renamed = await rest(handle, 'PATCH', `/services/data/v66.0/sobjects/PermissionSet/${id}`, {
      Label: 'Renamed',
    });
    expect(renamed.status).toBe(204);
    expect(handle.store.getMetadata('PermissionSet', 'Rest_Made')?.value.label).toBe('Renamed');

    const deleted = await rest(handle, 'DELETE', `/services/data/v66.0/sobjects/PermissionSet/${id}`);
    expect(deleted.status).toBe(204);
    expect(handle.store.getMetadata('PermissionSet', 'Rest_Made')).toBeUndefined();
  });

  it('stores any Settings member of the WSDL verbatim and returns it as deployed', async () => {
    const eca = `<?xml version="1.0" encoding="UTF-8"?>\n<ExternalClientAppSettings ${NS}>\n    <enableClientSecurityCheck>true</enableClientSecurityCheck>\n    <enableConsumerSecretApiAccess>true</enableConsumerSecretApiAccess>\n</ExternalClientAppSettings>\n`;
    const r = await deploy(handle, withManifest({ 'settings/ExternalClientApp.settings': eca }));
    expect(r.failures).toEqual([]);
    expect(r.success).toBe(true);
    const { files } = await retrieveFiles(handle, 'Settings', 'ExternalClientApp', '66.0');
    expect(files['settings/ExternalClientApp.settings']).toBe(eca);
    const read = await soap(
      handle,
      'readMetadata',
      '<type>Settings</type><fullNames>ExternalClientApp</fullNames>',
    );
    expect(read.text).toContain('<enableConsumerSecretApiAccess>true</enableConsumerSecretApiAccess>');

    const unknown = await deploy(
      handle,
      withManifest({
        'settings/Imaginary.settings': `<ImaginarySettings ${NS}><x>1</x></ImaginarySettings>`,
      }),
    );
    expect(unknown.failures.map((f) => f.problem)).toEqual([
      'Error parsing file: ImaginarySettings is not a Settings type of the Metadata API',
    ]);
  });

  it('leaves out, on retrieve, seeded elements the retrieve API version does not have', async () => {
    const seeded = await startEmulator({
      seed: {
        metadata: [
          {
            type: 'PermissionSet',
            fullName: 'From_Later_Release',
            xml: `<?xml version="1.0" encoding="UTF-8"?><PermissionSet ${NS}><label>Later</label><hasActivationRequired>false</hasActivationRequired><objectPermissions><allowCreate>false</allowCreate><allowDelete>false</allowDelete><allowEdit>false</allowEdit><allowRead>true</allowRead><modifyAllRecords>false</modifyAllRecords><object>Account</object><viewAllFields>true</viewAllFields><viewAllRecords>false</viewAllRecords></objectPermissions><elementFromV70><nested>x</nested></elementFromV70></PermissionSet>`,
          },
        ],
      },
    });
    try {
      const v66 = await retrieveFiles(seeded, 'PermissionSet', 'From_Later_Release', '66.0');
      const at66 = v66.files['permissionsets/From_Later_Release.permissionset'];
      expect(at66).toContain('<viewAllFields>true</viewAllFields>');
      expect(at66).not.toContain('elementFromV70');
      const v62 = await retrieveFiles(seeded, 'PermissionSet', 'From_Later_Release', '62.0');
      const at62 = v62.files['permissionsets/From_Later_Release.permissionset'];
      expect(at62).toContain('<label>Later</label>');
      expect(at62).not.toContain('viewAllFields');
    } finally {
      await seeded.stop();
    }
  });
});
