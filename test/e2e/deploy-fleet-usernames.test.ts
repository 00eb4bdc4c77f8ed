/**
 * A fleet against orgs that share one Salesforce username space (as real orgs do): three emulators,
 * each told (`takenUsernames`) which usernames the other orgs and a production org hold. One config
 * username for all is refused with its fix; the README's fleet example (a targets file giving each
 * org its own username) deploys every org.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EmulatorHandle } from '../../scripts/emulator';
import { useHarness } from './deploy-harness';

const CONFIG_USERNAME = 'reco-integration@example.com.reco';
/** The README's targets file (Fleets), as written there. */
const README_TARGETS = `# one org a line, then its own values (a username is unique across all Salesforce orgs)
acme-uat   username=reco-integration@acme.example.com.uat
beta-uat   username=reco-integration@beta.example.com.uat
prod       username=reco-integration@acme.example.com
`;
const OWN: Record<string, string> = {
  'acme-uat': 'reco-integration@acme.example.com.uat',
  'beta-uat': 'reco-integration@beta.example.com.uat',
  prod: 'reco-integration@acme.example.com',
};

describe('a fleet sharing one username space', () => {
  const h = useHarness();
  const orgs: Record<string, EmulatorHandle> = {};

  beforeAll(async () => {
    const aliases = Object.keys(OWN);
    for (const [i, alias] of aliases.entries()) {
      // Every other org's username, and the config's (held by some other org already), are taken.
      const taken = [CONFIG_USERNAME, ...aliases.filter((a) => a !== alias).map((a) => OWN[a])];
      orgs[alias] = await h.org(
        {
          orgNumber: i + 1,
          shape: alias === 'prod' ? ['shield'] : ['shield', 'sandbox'],
          seed: { takenUsernames: taken },
        },
        alias,
      );
    }
  });

  it('Given one config username for three orgs, When deploying the fleet, Then the whole fleet is refused before any org is touched (exit 2)', async () => {
    const versions = Object.fromEntries(Object.entries(orgs).map(([a, o]) => [a, o.store.version]));
    const run = await h.run(['deploy', '-o', 'acme-uat', '-o', 'beta-uat', '-o', 'prod', '--yes', '--json']);
    expect(run.code).toBe(2);
    expect(run.json).toMatchObject({ status: 2, code: 'DUPLICATE_USERNAME' });
    expect(run.json?.message).toContain('the fleet was not deployed');
    expect(run.json?.message).toContain(`beta-uat and acme-uat: ${CONFIG_USERNAME}`);
    expect(run.json?.message).toContain(`prod and acme-uat: ${CONFIG_USERNAME}`);
    expect(String(run.json?.fix)).toContain('{orgId}');
    for (const [alias, org] of Object.entries(orgs)) expect(org.store.version).toBe(versions[alias]);
  });

  it('Given one org and a username another org holds, When planning and deploying, Then both refuse it with the fix before the metadata deploy, and the org is untouched', async () => {
    const org = orgs['acme-uat'];
    const version = org.store.version;
    const users = org.store.rows('User').length;
    const plan = await h.run(['plan', '-o', 'acme-uat', '--json']);
    expect(plan.code).toBe(2);
    const blocking = (plan.json?.result as { blocking: Array<{ code: string; fix?: string }> }).blocking;
    expect(blocking.map((b) => b.code)).toEqual(['DUPLICATE_USERNAME']);
    expect(blocking[0].fix).toContain('"acme-uat username=<name>" in a targets file');
    const deploy = await h.run(['deploy', '-o', 'acme-uat', '--json']);
    expect(deploy.code).toBe(2);
    expect(deploy.json).toMatchObject({ code: 'DUPLICATE_USERNAME' });
    expect(deploy.json?.message).toContain(
      `the username ${CONFIG_USERNAME} is already held by another Salesforce org`,
    );
    // The trial create was rolled back (allOrNone) and no deploy was sent.
    expect(org.store.version).toBe(version);
    expect(org.store.rows('User')).toHaveLength(users);
    expect(org.store.getMetadata('StaticResource', 'RecoSfOwnership')).toBeUndefined();
    expect(org.requestLog().some((r) => r.soapOperation === 'deploy')).toBe(false);
  });

  it('Given a username pattern with {alias}, When deploying the fleet, then verifying and planning each org, Then each org gets and keeps its own user (handoff and teardown name it too)', async () => {
    h.writeConfig((c) => {
      c.integrationUser.username = 'reco-integration@{alias}.example.com';
    });
    try {
      const run = await h.run([
        'deploy',
        '-o',
        'acme-uat',
        '-o',
        'beta-uat',
        '-o',
        'prod',
        '--yes',
        '--json',
      ]);
      expect(run.code).toBe(0);
      for (const [alias, org] of Object.entries(orgs)) {
        const user = org.store
          .rows('User')
          .find((u) => u.Username === `reco-integration@${alias}.example.com`);
        expect(user?.IsActive).toBe(true);
      }
      for (const alias of Object.keys(orgs)) {
        const verify = await h.run(['verify', '-o', alias, '--json']);
        expect(verify.json?.result).toMatchObject({ inSync: true });
      }
      const plan = await h.run(['plan', '-o', 'beta-uat', '--json']);
      expect(plan.code).toBe(0);
      expect((plan.json?.result as { user: { action: string } }).user.action).toBe('unchanged');
      // A no-change re-run sends no trial create: its one composite request is the snapshot's.
      const before = orgs.prod.requestLog().length;
      const again = await h.run(['deploy', '-o', 'prod', '--yes', '--json']);
      expect(again.json?.result).toMatchObject({ noChanges: true });
      const composite = orgs.prod
        .requestLog()
        .slice(before)
        .filter((r) => r.method === 'POST' && r.path.endsWith('/composite'));
      expect(composite).toHaveLength(1);
      const handoff = await h.run(['handoff', '-o', 'acme-uat', '--json']);
      expect(handoff.json?.result).toMatchObject({ username: 'reco-integration@acme-uat.example.com' });
      const teardown = await h.run(['teardown', '-o', 'beta-uat', '--json']);
      expect(JSON.stringify(teardown.json?.result)).toContain('reco-integration@beta-uat.example.com');
    } finally {
      h.restoreConfig();
    }
  });

  it("Given the README's targets file, When deploying the fleet as the README says, Then every org gets its own user", async () => {
    writeFileSync(join(h.project, 'orgs.txt'), README_TARGETS);
    const run = await h.run(['deploy', '--targets-file', 'orgs.txt', '--concurrency', '8', '--yes']);
    expect(run.stderr).not.toContain('Error');
    expect(run.code).toBe(0);
    for (const [alias, org] of Object.entries(orgs)) {
      const user = org.store.rows('User').find((u) => u.Username === OWN[alias]);
      expect(user?.IsActive).toBe(true);
    }
    // The first run's leftovers (acme-uat's metadata) belong to reco-sf: the org holds one record of them.
    expect(orgs['acme-uat'].store.getMetadata('StaticResource', 'RecoSfOwnership')).toBeDefined();
  });

  it("Given the fleet deployed, When verifying one org with its line of the targets file, Then it is in sync (without it, the config's user is missing)", async () => {
    const withValues = await h.run(['verify', '-o', 'beta-uat', '--targets-file', 'orgs.txt', '--json']);
    expect(withValues.json?.result).toMatchObject({ inSync: true });
    expect(withValues.code).toBe(0);
    expect((await h.run(['verify', '-o', 'beta-uat', '--json'])).code).toBe(3);
  });
});
