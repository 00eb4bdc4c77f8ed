/**
 * The real `sf` CLI deploys this repository (plain `sf project deploy start`) to an org that has
 * trusted ranges of its own: .forceignore keeps Security.settings out, so they survive. Then
 * `reco-sf deploy`, reading the auth `sf` wrote, adds ours to them. Two `sf` calls (~3 s each).
 */
import type { EmulatorHandle } from '../../scripts/emulator';
import { useHarness, useSfLoggedInOrg } from './deploy-harness';

const OFFICE = { description: 'office', end: '10.1.0.255', start: '10.1.0.0' };
const VPN = { end: '2001:db8:1::ffff', start: '2001:db8:1::' };

function ranges(org: EmulatorHandle): unknown[] {
  const value = org.store.getMetadata('Settings', 'Security')?.value as
    { networkAccess?: { ipRanges?: unknown[] } } | undefined;
  return value?.networkAccess?.ipRanges ?? [];
}

describe('plain sf project deploy start of this repository', () => {
  const h = useHarness();
  const plain = useSfLoggedInOrg(
    h,
    { shape: ['shield', 'sandbox'], seed: { trustedIpRanges: [OFFICE, VPN] } },
    'emu',
  );
  const org = plain.org;

  it("deploys force-app without touching the org's trusted ranges; reco-sf deploy then merges ours in", async () => {
    const sf = await plain.sf(['project', 'deploy', 'start', '--target-org', 'emu']);
    expect(sf.code).toBe(0);
    const files = (sf.json as { result: { files: Array<{ fullName: string; type: string }> } }).result.files;
    expect(files.map((f) => f.fullName)).toContain('Reco_Integration');
    expect(files.map((f) => f.fullName)).not.toContain('Security');
    expect(ranges(org)).toEqual([OFFICE, VPN]);

    // Without a lock the committed set lacks "View Event Log Object Data": the org never had it
    // enabled, and verify must not claim it was removed.
    const verify = await h.run(['verify', '--target-org', 'emu', '--json']);
    expect(verify.code).toBe(3);
    const drift = (verify.json?.result as { drift: Array<{ code: string; message: string }> }).drift;
    expect(drift.find((d) => d.code === 'PERMISSION_REMOVED')?.message).toBe(
      'permission ViewEventLogObjects (View Event Log Object Data) is not enabled in Reco_Integration: never enabled there, or removed since (by hand, or by a plain sf deploy without a lock); the org does not say which',
    );

    const run = await h.run(['deploy', '--target-org', 'emu', '--json']);
    expect(run.code).toBe(0);
    expect(ranges(org).slice(0, 2)).toEqual([OFFICE, VPN]);
    expect(ranges(org)).toHaveLength(5);
    // The committed file cannot name "View Event Log Object Data" (no public API name); reco-sf
    // resolves it by label in the org, so the permission set gains it. Everything else sf deployed is unchanged.
    expect(run.json?.result?.summary).toEqual(
      expect.arrayContaining([
        { component: 'PermissionSet:Reco_Integration', state: 'updated' },
        { component: 'Settings:Event', state: 'unchanged' },
        { component: 'ExternalClientApplication:Reco_Integration', state: 'unchanged' },
        { component: 'Settings:Security', state: 'updated' },
      ]),
    );
    const ps = org.store.getMetadata('PermissionSet', 'Reco_Integration')?.value as {
      userPermissions: Array<{ name: string }>;
    };
    expect(ps.userPermissions.map((p) => p.name)).toContain('ViewEventLogObjects');
  });
});
