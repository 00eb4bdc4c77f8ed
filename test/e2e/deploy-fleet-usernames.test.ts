/**
 * A fleet against orgs that share one Salesforce username space (as real orgs do): three emulators,
 * each told (`takenUsernames`) which usernames the other orgs and a production org hold. One config
 * username for all is refused with its fix; the README's fleet example (a targets file giving each
 * org its own username) deploys every org.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EmulatorHandle } from '../../scripts/emulator';
import { createHarness, type Harness } from './deploy-harness';

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

interface FleetJson {
  result: {
    orgs: Array<{
      targetOrg: string;
      status: number;
      error?: { code: string; message: string; fix?: string };
    }>;
  };
}

describe('a fleet sharing one username space', () => {
  let h: Harness;
  const orgs: Record<string, EmulatorHandle> = {};

  beforeAll(async () => {
    h = createHarness();
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
  afterAll(async () => {
    await h.stopAll();
    await h.cleanup();
    jest.restoreAllMocks();
  });

  it('Given one config username for three orgs, When deploying the fleet, Then every org is refused with the fix, the later ones untouched (exit 2)', async () => {
    const versions = Object.fromEntries(Object.entries(orgs).map(([a, o]) => [a, o.store.version]));
    const run = await h.run(['deploy', '-o', 'acme-uat', '-o', 'beta-uat', '-o', 'prod', '--yes', '--json']);
    expect(run.code).toBe(2);
    const result = (run.json as unknown as FleetJson).result.orgs;
    expect(result.map((o) => [o.targetOrg, o.status, o.error?.code])).toEqual([
      ['acme-uat', 2, 'DUPLICATE_USERNAME'],
      ['beta-uat', 2, 'DUPLICATE_USERNAME'],
      ['prod', 2, 'DUPLICATE_USERNAME'],
    ]);
    expect(result[0].error?.message).toContain(
      `the username ${CONFIG_USERNAME} is already held by another Salesforce org`,
    );
    expect(result[0].error?.fix).toContain('"acme-uat username=<name>" in a targets file');
    expect(result[1].error?.message).toContain('which acme-uat of this fleet gets too');
    expect(orgs['beta-uat'].store.version).toBe(versions['beta-uat']);
    expect(orgs.prod.store.version).toBe(versions.prod);
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
