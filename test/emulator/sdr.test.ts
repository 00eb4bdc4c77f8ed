/**
 * The official client libraries in-process: @salesforce/core (AuthInfo, Connection, jsforce's
 * query / sobject / metadata APIs) and source-deploy-retrieve (ComponentSet deploy and retrieve).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type EmulatorHandle } from '../../scripts/emulator';
import { makeTempHome, precreateAuthFile, removeHome, sfEnv } from '../helpers/sf';
import { integrationUserFields, PROJECT_FIXTURE } from './helpers';

type Core = typeof import('@salesforce/core');
type Sdr = typeof import('@salesforce/source-deploy-retrieve');

describe('SDR and @salesforce/core against the emulator', () => {
  let handle: EmulatorHandle;
  let home: string;
  const savedEnv = { ...process.env };
  let core: Core;
  let sdr: Sdr;
  let conn: InstanceType<Core['Connection']>;

  beforeAll(async () => {
    home = makeTempHome();
    Object.assign(process.env, sfEnv(home));
    // Jest gives the test a copy of process.env; os.homedir() reads the real one, so point it here.
    jest.spyOn(os, 'homedir').mockReturnValue(home);
    core = await import('@salesforce/core');
    sdr = await import('@salesforce/source-deploy-retrieve');
    handle = await startEmulator();
    precreateAuthFile(home, handle.username);
    const authInfo = await core.AuthInfo.create({
      accessTokenOptions: { accessToken: handle.accessToken, instanceUrl: handle.url, loginUrl: handle.url },
    });
    conn = await core.Connection.create({ authInfo });
    conn.setApiVersion('66.0');
  });
  afterAll(async () => {
    await handle.stop();
    await removeHome(home);
    process.env = savedEnv;
    jest.restoreAllMocks();
  });

  it('queries with jsforce and creates a user through conn.sobject().create', async () => {
    const profiles = await conn.query<{ Id: string; Name: string }>(
      "SELECT Id, Name FROM Profile WHERE Name = 'Minimum Access - API Only Integrations'",
    );
    expect(profiles.totalSize).toBe(1);
    const created = await conn.sobject('User').create(integrationUserFields(profiles.records[0].Id));
    expect(created).toMatchObject({ success: true });
    const users = await conn.query<{ Name: string; Profile: { Name: string } }>(
      "SELECT Name, Profile.Name FROM User WHERE Alias = 'Reco'",
    );
    expect(users.records[0]).toMatchObject({
      Name: 'Reco Integration',
      Profile: { Name: 'Minimum Access - API Only Integrations' },
    });
  });

  it('deploys a ComponentSet from source and retrieves it back', async () => {
    const set = sdr.ComponentSet.fromSource(join(PROJECT_FIXTURE, 'force-app'));
    const deploy = await set.deploy({ usernameOrConnection: conn });
    const result = await deploy.pollStatus(50, 30);
    expect(result.response.status).toBe('Succeeded');
    expect(result.getFileResponses().filter((f) => f.state === sdr.ComponentStatus.Failed)).toEqual([]);
    expect(result.getFileResponses().map((f) => f.fullName)).toEqual(
      expect.arrayContaining(['Reco_Integration', 'Event', 'RealTimeEvent', 'Reco_App']),
    );

    const output = mkdtempSync(join(tmpdir(), 'reco-sf-retrieve-'));
    try {
      const retrieveSet = new sdr.ComponentSet([
        { fullName: 'Reco_Integration', type: 'PermissionSet' },
        { fullName: 'Event', type: 'Settings' },
      ]);
      const retrieve = await retrieveSet.retrieve({ usernameOrConnection: conn, output, merge: false });
      const retrieved = await retrieve.pollStatus(50, 30);
      expect(retrieved.response.status).toBe('Succeeded');
      const files = retrieved.getFileResponses().map((f) => f.filePath ?? '');
      const ps = files.find((f) => f.endsWith('Reco_Integration.permissionset-meta.xml'));
      expect(ps).toBeDefined();
      const original = readFileSync(
        join(
          PROJECT_FIXTURE,
          'force-app/main/default/permissionsets/Reco_Integration.permissionset-meta.xml',
        ),
        'utf8',
      );
      expect(readFileSync(ps ?? '', 'utf8')).toBe(original);
    } finally {
      rmSync(output, { recursive: true, force: true });
    }
  });

  it('reads, lists and describes metadata through conn.metadata', async () => {
    const ps = (await conn.metadata.read('PermissionSet', 'Reco_Integration')) as unknown as {
      fullName: string;
      label: string;
      userPermissions: Array<{ name: string; enabled: boolean }>;
    };
    expect(ps.fullName).toBe('Reco_Integration');
    expect(ps.label).toBe('Reco Integration');
    expect(ps.userPermissions).toEqual(expect.arrayContaining([{ enabled: true, name: 'ViewSetup' }]));
    const listed = await conn.metadata.list([{ type: 'PermissionSet' }]);
    expect((Array.isArray(listed) ? listed : [listed]).map((l) => l.fullName)).toEqual(['Reco_Integration']);
    const described = await conn.metadata.describe('66.0');
    expect(described.metadataObjects.map((o) => o.xmlName)).toEqual(
      expect.arrayContaining(['PermissionSet', 'Settings', 'ExternalClientApplication']),
    );
  });

  it("reports a rule failure to SDR as a failed file with Salesforce's message", async () => {
    const set = sdr.ComponentSet.fromSource(join(__dirname, 'fixtures', 'bad', 'permissionsets'));
    const deploy = await set.deploy({ usernameOrConnection: conn });
    const result = await deploy.pollStatus(50, 30);
    expect(result.response.status).toBe('Failed');
    const failed = result.getFileResponses().filter((f) => f.state === sdr.ComponentStatus.Failed);
    expect(failed.map((f) => ('error' in f ? f.error : ''))).toEqual([
      'In field: object - no CustomObject named Not_An_Object__c found',
    ]);
  });
});
