/**
 * The release engineer's flow with a lock: `reco-sf deploy`, `reco-sf lock`, then a plain
 * `sf project deploy start` of the repository (real sf CLI) removes nothing, and `reco-sf verify`
 * exits 0: the locked permission set names "View Event Log Object Data" by the org's API name. On a
 * Shield-less org the plain deploy fails without a lock for that shape and succeeds with one. `deploy`, `plan` and `validate` say when the lock is missing or does not fit.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startEmulator, type EmulatorHandle } from '../../scripts/emulator';
import { loginToEmulator, runSf, type SfResult } from '../helpers/sf';
import { useHarness } from './deploy-harness';

function permissions(org: EmulatorHandle): string[] {
  const ps = org.store.getMetadata('PermissionSet', 'Reco_Integration')?.value as
    { userPermissions?: Array<{ name: string; enabled: boolean }> } | undefined;
  return (ps?.userPermissions ?? []).filter((p) => p.enabled).map((p) => p.name);
}

describe('reco-sf lock, then a plain sf deploy of the repository', () => {
  const h = useHarness();
  const orgs: EmulatorHandle[] = [];
  let shield: EmulatorHandle;

  // Both orgs log in before reco-sf first runs: in-process @salesforce/core caches the aliases it read.
  beforeAll(async () => {
    shield = await org('shield', ['shield', 'sandbox']);
    await org('basic', ['no-shield', 'sandbox']);
  });
  afterAll(async () => {
    for (const org of orgs) await org.stop();
  });

  async function org(alias: string, shape: string[]): Promise<EmulatorHandle> {
    // Each org its own identity (org id, admin username), so the two logins do not share an auth file.
    const handle = await startEmulator({ shape: shape as never, orgNumber: orgs.length + 1 });
    orgs.push(handle);
    await loginToEmulator(handle, h.home, alias);
    return handle;
  }

  const sfDeploy = async (alias: string): Promise<SfResult> =>
    runSf(['project', 'deploy', 'start', '--target-org', alias, '--json'], { cwd: h.project, home: h.home });
  /** A plain sf deploy that must succeed; on a failure the assertion shows what sf printed. */
  const expectSfDeployed = (sf: SfResult): void =>
    expect({ code: sf.code, printed: sf.code === 0 ? '' : sf.stdout + sf.stderr }).toEqual({
      code: 0,
      printed: '',
    });

  it('Shield org: deploy, lock, plain sf deploy removes nothing, verify exits 0', async () => {
    const deploy = await h.run(['deploy', '--target-org', 'shield', '--json']);
    expect(deploy.code).toBe(0);
    expect(deploy.json?.warnings?.map((w) => w.message).join('\n')).toContain(
      'no config/reco.lock.json for shield',
    );
    expect(permissions(shield)).toContain('ViewEventLogObjects');

    const lock = await h.run(['lock', '--target-org', 'shield', '--json']);
    expect(lock.code).toBe(0);
    expect(lock.json?.result).toMatchObject({
      lock: 'config/reco.lock.json',
      summary: { resolvedByLabel: { 'View Event Log Object Data': 'ViewEventLogObjects' } },
      written: expect.arrayContaining([
        'config/reco.lock.json',
        'force-app/main/default/permissionsets/Reco_Integration.permissionset-meta.xml',
      ]) as unknown,
    });
    const committed = readFileSync(
      join(h.project, 'force-app/main/default/permissionsets/Reco_Integration.permissionset-meta.xml'),
      'utf8',
    );
    expect(committed).toContain('<name>ViewEventLogObjects</name>');
    expect(await h.run(['generate', '--check'])).toMatchObject({ code: 0 });
    const validate = await h.run(['validate', '--json']);
    expect(validate.code).toBe(0);
    expect(JSON.stringify(validate.json)).not.toContain('LOCK_');

    expectSfDeployed(await sfDeploy('shield'));
    expect(permissions(shield)).toContain('ViewEventLogObjects');
    const verify = await h.run(['verify', '--target-org', 'shield', '--json']);
    expect(verify.json?.result).toMatchObject({ inSync: true });
    expect(verify.code).toBe(0);
    const again = await h.run(['deploy', '--target-org', 'shield', '--json']);
    expect(again.json?.warnings?.map((w) => w.message).join('\n') ?? '').not.toContain('reco.lock.json');
  });

  it('Shield-less org: the Shield lock does not fit (plan says so); a lock for it makes the plain sf deploy succeed and verify exit 0', async () => {
    const plan = await h.run(['plan', '--target-org', 'basic', '--json']);
    expect(plan.json?.warnings?.map((w) => w.message).join('\n')).toContain(
      'config/reco.lock.json describes another org shape than basic',
    );
    const failing = await sfDeploy('basic');
    expect(failing.code).not.toBe(0);

    const lock = await h.run(['lock', '--target-org', 'basic', '--json']);
    expect(lock.code).toBe(0);
    expect((lock.json?.result as { summary: { features: string[] } }).summary.features).not.toContain(
      'EventMonitoring',
    );
    expect(await h.run(['deploy', '--target-org', 'basic', '--json'])).toMatchObject({ code: 0 });
    expectSfDeployed(await sfDeploy('basic'));
    const verify = await h.run(['verify', '--target-org', 'basic', '--json']);
    expect(verify.code).toBe(0);
  });
});
