/**
 * Teardown from a clone whose config is missing or invalid: the org's ownership record decides
 * what goes, so it plans the same steps as with the config (names from the record), warns
 * TEARDOWN_WITHOUT_CONFIG, and with --yes takes away only what reco-sf added.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EmulatorHandle } from '../../scripts/emulator';
import { rangesOf } from '../../scripts/components/securitySettings';
import { useHarness } from './deploy-harness';

const ORG_RANGES = [{ description: 'office', end: '10.1.0.255', start: '10.1.0.0' }];
const SET = 'Acme_Reco_Access';
const USER = 'reco-integration@example.com.reco';

interface TeardownJson {
  steps: Array<{ description: string; kind: string }>;
  kept: string[];
}

describe('reco-sf teardown without a usable local config', () => {
  const h = useHarness();
  let org: EmulatorHandle;
  let withConfig: TeardownJson;
  const configFile = (): string => join(h.project, 'config', 'reco.config.json');

  beforeAll(async () => {
    org = await h.org({
      shape: ['shield', 'sandbox'],
      seed: {
        trustedIpRanges: ORG_RANGES,
        settings: { Event: { enableDeleteMonitoringData: true, enableEventLogWaveIntegration: false } },
      },
    });
    h.writeConfig((c) => (c.permissionSet.name = SET));
    expect((await h.run(['deploy', '--target-org', 'emu', '--json'])).code).toBe(0);
    const planned = await h.run(['teardown', '--target-org', 'emu', '--json']);
    expect(planned.code).toBe(0);
    withConfig = planned.json?.result as unknown as TeardownJson;
    expect(withConfig.steps.length).toBeGreaterThan(4);
  });

  it('Given the config file missing, When tearing down without --yes, Then it plans the same steps from the record and warns', async () => {
    rmSync(configFile());
    const version = org.store.version;
    const run = await h.run(['teardown', '--target-org', 'emu', '--json']);
    expect(run.code).toBe(0);
    expect(run.json?.result).toMatchObject({ steps: withConfig.steps, kept: withConfig.kept });
    expect(run.json?.warnings).toEqual([
      expect.objectContaining({
        code: 'TEARDOWN_WITHOUT_CONFIG',
        location: { file: 'config/reco.config.json' },
        message: expect.stringContaining('CONFIG_NOT_FOUND') as unknown,
        fix: expect.stringContaining('restore or fix config/reco.config.json') as unknown,
      }),
    ]);
    expect(org.store.version).toBe(version);
  });

  it('Given an invalid config, When tearing down with --yes, Then only what reco-sf added is gone', async () => {
    writeFileSync(configFile(), '{ "apiVersion": ');
    const run = await h.run(['teardown', '--target-org', 'emu', '--yes']);
    expect(run.stderr).toContain('TEARDOWN_WITHOUT_CONFIG');
    expect(run.stderr).not.toContain('Error');
    expect(run.code).toBe(0);
    expect(rangesOf(org.store.getMetadata('Settings', 'Security')?.value)).toEqual(ORG_RANGES);
    expect(org.store.getMetadata('Settings', 'Event')?.value).toMatchObject({
      enableDeleteMonitoringData: true,
      enableEventLogWaveIntegration: false,
    });
    expect(org.store.getMetadata('PermissionSet', SET)).toBeUndefined();
    expect(org.store.listMetadata('ExternalClientApplication')).toEqual([]);
    expect(org.store.rows('User').find((u) => u.Username === USER)?.IsActive).toBe(false);
    expect(org.store.storedRows('PermissionSetAssignment')).toEqual([]);
    expect(org.store.rows('PermissionSetLicenseAssign')).toEqual([]);
    expect(org.store.getMetadata('StaticResource', 'RecoSfOwnership')).toBeUndefined();
    const again = await h.run(['teardown', '--target-org', 'emu', '--yes']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('nothing left to remove');
  });
});
