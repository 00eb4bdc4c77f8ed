/** `reco-sf teardown` end to end: deploy into an org with its own ranges and settings, then take only ours away. */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { rangesOf } from '../../scripts/components/securitySettings';
import { deployCalls, requestsSince, useHarnessOrg } from './deploy-harness';
import { masked } from './review-harness';

const ORG_RANGES = [
  { description: 'office', end: '10.1.0.255', start: '10.1.0.0' },
  { description: 'vpn', end: '10.2.0.1', start: '10.2.0.1' },
];

describe('reco-sf teardown', () => {
  const { h, org } = useHarnessOrg({
    shape: ['shield', 'sandbox'],
    seed: {
      trustedIpRanges: ORG_RANGES,
      settings: { Event: { enableDeleteMonitoringData: true, enableEventLogWaveIntegration: false } },
    },
  });

  it('Given an org reco-sf never deployed to, When tearing down, Then nothing is to remove and nothing changes', async () => {
    const version = org.store.version;
    const run = await h.run(['teardown', '--target-org', 'emu', '--yes']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('nothing left to remove: the org holds nothing reco-sf added');
    expect(org.store.version).toBe(version);
  });

  it('Given a deployed org, When tearing down without --yes, Then it lists the steps and changes nothing', async () => {
    expect((await h.run(['deploy', '--target-org', 'emu', '--json'])).code).toBe(0);
    const version = org.store.version;
    const run = await h.run(['teardown', '--target-org', 'emu', '--json']);
    expect(run.code).toBe(0);
    expect(org.store.version).toBe(version);
    expect(masked(run.json)).toMatchSnapshot();
  });

  it('Given a deployed org and a fresh copy without .reco, When tearing down with --yes, Then only what reco-sf added is gone', async () => {
    // Ownership lives in the org: no local receipt is needed (nor read).
    rmSync(join(h.project, '.reco'), { recursive: true, force: true });
    const from = org.requestLog().length;
    const run = await h.run(['teardown', '--target-org', 'emu', '--yes']);
    expect(run.stderr).not.toContain('Error');
    expect(run.code).toBe(0);
    // One validated settings deploy (check-only + quick deploy) for all settings, one destructive deploy.
    expect(deployCalls(requestsSince(org, from))).toBe(3);
    expect(rangesOf(org.store.getMetadata('Settings', 'Security')?.value)).toEqual(ORG_RANGES);
    expect(org.store.getMetadata('Settings', 'Event')?.value).toMatchObject({
      enableDeleteMonitoringData: true,
      enableEventLogWaveIntegration: false,
    });
    expect(org.store.getMetadata('PermissionSet', 'Reco_Integration')).toBeUndefined();
    expect(org.store.getMetadata('ExternalClientApplication', 'Reco_Integration')).toBeUndefined();
    const user = org.store.rows('User').find((u) => u.Username === 'reco-integration@example.com.reco');
    expect(user?.IsActive).toBe(false);
    // Assignments made (each user's profile-owned one is not: it cannot be removed)
    expect(org.store.storedRows('PermissionSetAssignment')).toEqual([]);
    expect(org.store.rows('PermissionSetLicenseAssign')).toEqual([]);
    expect(org.store.getMetadata('StaticResource', 'RecoSfOwnership')).toBeUndefined();
  });

  it('Given a torn-down org, When tearing down again, Then nothing is left to do and nothing changes', async () => {
    const version = org.store.version;
    const run = await h.run(['teardown', '--target-org', 'emu', '--yes']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('nothing left to remove: the org holds nothing reco-sf added');
    expect(org.store.version).toBe(version);
  });
});
