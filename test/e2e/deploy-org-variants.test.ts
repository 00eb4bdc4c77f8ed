/**
 * `reco-sf deploy` against org shapes the catalog's mapping never produced: Event Monitoring
 * without Real-Time Event Monitoring, Shield without Event Log Objects, and an org declaring a
 * permission dependency the catalog does not know. End to end, through the emulator's own facts.
 */
import { useHarness, permissionsOf } from './deploy-harness';

type Part = { part: string; action: string };
const skipped = (run: { json?: { result?: Record<string, unknown> } }): string[] =>
  ((run.json?.result?.parts ?? []) as Part[]).filter((p) => p.action === 'skip').map((p) => p.part);

describe('reco-sf deploy against org variants the catalog does not model', () => {
  const h = useHarness({ afterEach: 'stop' });

  it('given Event Monitoring without Real-Time Event Monitoring, keeps event log files and skips the rest', async () => {
    const org = await h.org({ shape: ['event-monitoring-only', 'sandbox'] });
    const run = await h.run(['deploy', '--target-org', 'emu', '--json']);
    expect(run.code).toBe(0);
    expect(permissionsOf(org)).toContain('ViewEventLogFiles');
    expect(permissionsOf(org)).not.toContain('ViewDataLeakageEvents');
    expect(permissionsOf(org)).not.toContain('ViewEventLogObjects');
    expect(org.store.getMetadata('Settings', 'RealTimeEvent')).toBeUndefined();
    expect(skipped(run)).toEqual(
      expect.arrayContaining(['RealTimeEventSettings', 'permission View Event Log Object Data']),
    );
    expect(skipped(run)).not.toContain('EventSettings');
    const again = await h.run(['deploy', '--target-org', 'emu', '--json']);
    expect(again.code).toBe(0);
    expect(again.json?.result).toMatchObject({ noChanges: true });
    expect((await h.run(['verify', '--target-org', 'emu', '--json'])).code).toBe(0);
  });

  it('given Shield without Event Log Objects, deploys everything else', async () => {
    const org = await h.org({ shape: ['no-event-log-objects', 'sandbox'] });
    const run = await h.run(['deploy', '--target-org', 'emu', '--json']);
    expect(run.code).toBe(0);
    expect(permissionsOf(org)).toEqual(
      expect.arrayContaining(['ViewEventLogFiles', 'ViewDataLeakageEvents']),
    );
    expect(permissionsOf(org)).not.toContain('ViewEventLogObjects');
    expect(org.store.getMetadata('Settings', 'RealTimeEvent')).toBeDefined();
    expect(skipped(run)).toEqual(['permission View Event Log Object Data']);
    expect((await h.run(['verify', '--target-org', 'emu', '--json'])).code).toBe(0);
  });

  it('given a permission dependency the catalog does not declare, adds the required permission with a warning', async () => {
    const org = await h.org({
      shape: ['sandbox'],
      seed: { permissionDependencies: [{ permission: 'ViewRoles', requires: ['ViewAllUsers'] }] },
    });
    const run = await h.run(['deploy', '--target-org', 'emu', '--json']);
    expect(run.code).toBe(0);
    expect(permissionsOf(org)).toEqual(expect.arrayContaining(['ViewRoles', 'ViewAllUsers']));
    expect(run.json?.warnings?.map((w) => w.message)).toContain(
      'added ViewAllUsers: the org declares that ViewRoles depends on it',
    );
    const verify = await h.run(['verify', '--target-org', 'emu', '--json']);
    expect(verify.code).toBe(0);
    const plan = await h.run(['plan', '--target-org', 'emu', '--format', 'json']);
    expect(plan.code).toBe(0);
  });
});
