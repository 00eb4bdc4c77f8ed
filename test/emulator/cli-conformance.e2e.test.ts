/**
 * Conformance: the everyday `sf` CLI against the emulator, one command family at a time, each
 * checked on its result (what the org now holds, what the CLI printed), not only its exit code.
 * One emulator, one login, one project copy for all of them: every `sf` call costs ~3 s of CPU.
 */
import { readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { useSfAgainstEmulator, type SfResult } from '../helpers/sf';
import { PROJECT_FIXTURE, permissionSetXml } from './helpers';

type Json = Record<string, unknown>;

// Several `sf` calls per case; under a full parallel run on a busy 2-core machine each takes
// 10–20 s of wall time, beyond the default 120 s a case.
jest.setTimeout(360_000);

describe('sf CLI conformance against the emulator', () => {
  const session = useSfAgainstEmulator(PROJECT_FIXTURE);
  const sf = async (...args: string[]): Promise<SfResult & { result: Json & Json[] }> => {
    const r = await session.sf(args);
    return { ...r, result: ((r.json as Json | undefined)?.result ?? {}) as Json & Json[] };
  };
  const psDir = (): string => join(session.project, 'force-app', 'main', 'default', 'permissionsets');

  it('data query: rows with relationship fields, COUNT(), and NOT_IMPLEMENTED beyond the subset', async () => {
    const rows = await sf('data', 'query', '-o', 'emu', '-q', 'SELECT Id, Username, Profile.Name FROM User');
    expect(rows.code).toBe(0);
    expect(rows.result.records).toEqual([
      expect.objectContaining({
        Username: session.handle.username,
        Profile: expect.objectContaining({ Name: 'System Administrator' }),
      }),
    ]);
    const count = await sf('data', 'query', '-o', 'emu', '-q', 'SELECT COUNT() FROM Profile');
    expect(count.code).toBe(0);
    expect(count.result.totalSize).toBe(session.handle.store.records('Profile').length);
    const grouped = await sf('data', 'query', '-o', 'emu', '-q', 'SELECT Name FROM Profile GROUP BY Name');
    expect(grouped.code).not.toBe(0);
    expect((grouped.json as Json).name).toBe('NOT_IMPLEMENTED');
    expect(String((grouped.json as Json).message)).toContain('GROUP BY');
  });

  it('data create/get/update/delete record, a PermissionSet included', async () => {
    const created = await sf(
      'data',
      'create',
      'record',
      '-o',
      'emu',
      '-s',
      'PermissionSet',
      '-v',
      "Name=Cli_Made Label='Cli Made' PermissionsViewRoles=true",
    );
    expect(created.code).toBe(0);
    const id = String(created.result.id);
    expect(session.handle.store.getMetadata('PermissionSet', 'Cli_Made')?.value.label).toBe('Cli Made');

    const got = await sf('data', 'get', 'record', '-o', 'emu', '-s', 'PermissionSet', '-i', id);
    expect(got.result).toMatchObject({ Name: 'Cli_Made', Label: 'Cli Made', PermissionsViewRoles: true });

    const updated = await sf(
      'data',
      'update',
      'record',
      '-o',
      'emu',
      '-s',
      'PermissionSet',
      '-i',
      id,
      '-v',
      "Label='Cli Renamed'",
    );
    expect(updated.code).toBe(0);
    expect(session.handle.store.getMetadata('PermissionSet', 'Cli_Made')?.value.label).toBe('Cli Renamed');

    const deleted = await sf('data', 'delete', 'record', '-o', 'emu', '-s', 'PermissionSet', '-i', id);
    expect(deleted.code).toBe(0);
    expect(session.handle.store.getMetadata('PermissionSet', 'Cli_Made')).toBeUndefined();
  });

  it('sobject list and describe; org display, list metadata, metadata-types and limits', async () => {
    const list = await sf('sobject', 'list', '-o', 'emu');
    expect(list.result).toEqual(expect.arrayContaining(['User', 'PermissionSet', 'Account']));
    const describe = await sf('sobject', 'describe', '-o', 'emu', '-s', 'PermissionSet');
    expect(describe.result).toMatchObject({ name: 'PermissionSet', createable: true });
    expect((describe.result.fields as Json[]).map((f) => f.name)).toContain('PermissionsViewSetup');

    const display = await sf('org', 'display', '-o', 'emu');
    expect(display.result).toMatchObject({
      id: session.handle.orgId,
      username: session.handle.username,
      connectedStatus: 'Connected',
    });

    const types = await sf('org', 'list', 'metadata-types', '-o', 'emu');
    expect((types.result.metadataObjects as Json[]).map((t) => t.xmlName)).toEqual(
      expect.arrayContaining(['PermissionSet', 'Settings', 'ExternalClientApplication']),
    );
    const profiles = await sf('org', 'list', 'metadata', '-o', 'emu', '-m', 'Profile');
    expect(profiles.result.map((p) => p.fullName)).toContain('Admin');

    const limits = await sf('org', 'list', 'limits', '-o', 'emu');
    expect(limits.result).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'DailyApiRequests', max: expect.any(Number) }),
      ]),
    );
  });

  it('deploy preview, validate and quick', async () => {
    const preview = await sf(
      'project',
      'deploy',
      'preview',
      '-o',
      'emu',
      '--source-dir',
      'force-app',
      '--ignore-conflicts',
    );
    expect(
      (preview.result.toDeploy as Json[]).map((c) => `${String(c.type)}:${String(c.fullName)}`),
    ).toContain('PermissionSet:Reco_Integration');

    const validated = await sf('project', 'deploy', 'validate', '-o', 'emu', '--source-dir', 'force-app');
    expect(validated.code).toBe(0);
    expect(validated.result).toMatchObject({ checkOnly: true, status: 'Succeeded' });
    expect(session.handle.store.getMetadata('PermissionSet', 'Reco_Integration')).toBeUndefined();

    const quick = await sf(
      'project',
      'deploy',
      'quick',
      '-o',
      'emu',
      '--job-id',
      String(validated.result.id),
    );
    expect(quick.code).toBe(0);
    expect(quick.result.status).toBe('Succeeded');
    expect(session.handle.store.getMetadata('PermissionSet', 'Reco_Integration')).toBeDefined();
  });

  it('deploy start --async, then report, resume and cancel', async () => {
    const started = await sf('project', 'deploy', 'start', '-o', 'emu', '--async');
    expect(started.result).toMatchObject({ done: false });
    const jobId = String(started.result.id);
    const report = await sf('project', 'deploy', 'report', '-o', 'emu', '--job-id', jobId);
    expect(report.result.id).toBe(jobId);
    const resumed = await sf('project', 'deploy', 'resume', '--job-id', jobId);
    expect(resumed.result).toMatchObject({ id: jobId, status: 'Succeeded', done: true });

    const another = await sf('project', 'deploy', 'start', '-o', 'emu', '--async');
    const canceled = await sf(
      'project',
      'deploy',
      'cancel',
      '-o',
      'emu',
      '--job-id',
      String(another.result.id),
    );
    expect(canceled.result).toMatchObject({ id: another.result.id, status: 'Canceled' });
  });

  it('assign permset and permsetlicense, re-assigning with Salesforce duplicate answers', async () => {
    const assignPsl = (): ReturnType<typeof sf> =>
      sf('org', 'assign', 'permsetlicense', '-o', 'emu', '-n', 'SalesforceAPIIntegrationPsl');
    const license = await assignPsl();
    expect(license.code).toBe(0);
    expect(license.result.successes).toEqual([
      { name: session.handle.username, value: 'SalesforceAPIIntegrationPsl' },
    ]);
    // The CLI treats Salesforce's "duplicate value found" as already assigned (success with a warning).
    const again = await assignPsl();
    expect(again.code).toBe(0);
    expect(JSON.stringify((again.json as Json).warnings)).toContain('already');

    const assigned = await sf('org', 'assign', 'permset', '-o', 'emu', '-n', 'Reco_Integration');
    expect(assigned.code).toBe(0);
    // Besides the one the admin holds through its profile's own permission set, as on a real org.
    expect(session.handle.store.records('PermissionSetAssignment')).toHaveLength(2);
    const reassigned = await sf('org', 'assign', 'permset', '-o', 'emu', '-n', 'Reco_Integration');
    expect(reassigned.code).toBe(1);
    expect((reassigned.result.failures as Json[])[0].message).toMatch(
      /^Duplicate PermissionSetAssignment\. Assignee: 005\w{12}; Permission Set: 0PS\w{12}$/,
    );
  });

  it('permission sets as a real org lists them: profile-owned ones in data query, never in a PermissionSet retrieve', async () => {
    const query = await sf(
      'data',
      'query',
      '-o',
      'emu',
      '-q',
      'SELECT Name, IsOwnedByProfile FROM PermissionSet',
    );
    expect(query.code).toBe(0);
    const rows = query.result.records as Array<{ Name: string; IsOwnedByProfile: boolean }>;
    const owned = rows.filter((r) => r.IsOwnedByProfile).map((r) => r.Name);
    expect(owned).toHaveLength(session.handle.store.records('Profile').length);
    expect(owned).toContain('X00ex00000018ozh_128_09_04_12_1');

    const retrieved = await sf('project', 'retrieve', 'start', '-o', 'emu', '-m', 'PermissionSet');
    expect(retrieved.code).toBe(0);
    const names = (retrieved.result.files as Json[]).map((f) => String(f.fullName));
    expect(names.sort()).toEqual(
      [...new Set(session.handle.store.listMetadata('PermissionSet').map((c) => c.fullName))].sort(),
    );
    for (const name of owned) expect(names).not.toContain(name);
  });

  it('retrieve start, generate manifest --from-org, and delete source', async () => {
    const extra = join(psDir(), 'Cli_Extra.permissionset-meta.xml');
    writeFileSync(extra, permissionSetXml({ label: 'Cli Extra', permissions: ['ViewRoles'] }));
    expect((await sf('project', 'deploy', 'start', '-o', 'emu', '--source-dir', extra)).code).toBe(0);
    rmSync(extra);

    const retrieved = await sf('project', 'retrieve', 'start', '-o', 'emu', '-m', 'PermissionSet:Cli_Extra');
    expect(retrieved.code).toBe(0);
    expect(readFileSync(extra, 'utf8')).toContain('<name>ViewRoles</name>');

    const manifestDir = join(session.project, 'manifest-out');
    const manifest = await sf(
      'project',
      'generate',
      'manifest',
      '--from-org',
      'emu',
      '--output-dir',
      manifestDir,
    );
    expect(manifest.code).toBe(0);
    const packageXml = readFileSync(join(manifestDir, 'package.xml'), 'utf8');
    expect(packageXml).toContain('<members>Cli_Extra</members>');
    expect(packageXml).toMatch(
      /<members>Admin<\/members>\s*(<members>[^<]+<\/members>\s*)*<name>Profile<\/name>/,
    );

    const deleted = await sf(
      'project',
      'delete',
      'source',
      '-o',
      'emu',
      '-m',
      'PermissionSet:Cli_Extra',
      '--no-prompt',
    );
    expect(deleted.code).toBe(0);
    expect(session.handle.store.getMetadata('PermissionSet', 'Cli_Extra')).toBeUndefined();
    expect(existsSync(extra)).toBe(false);
  });

  it('deploys a Settings member the emulator has no rules for, and retrieves it as deployed', async () => {
    const dir = join(session.project, 'force-app', 'main', 'default', 'settings');
    const file = join(dir, 'ExternalClientApp.settings-meta.xml');
    const xml =
      '<?xml version="1.0" encoding="UTF-8"?>\n<ExternalClientAppSettings xmlns="http://soap.sforce.com/2006/04/metadata">\n    <enableConsumerSecretApiAccess>true</enableConsumerSecretApiAccess>\n</ExternalClientAppSettings>\n';
    writeFileSync(file, xml);
    const r = await sf('project', 'deploy', 'start', '-o', 'emu', '--source-dir', file);
    expect(r.code).toBe(0);
    expect(session.handle.store.readMetadataXml('Settings', 'ExternalClientApp')).toBe(xml);
    rmSync(file);
    const back = await sf('project', 'retrieve', 'start', '-o', 'emu', '-m', 'Settings:ExternalClientApp');
    expect(back.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(xml);
  });
});
