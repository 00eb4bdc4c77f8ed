/**
 * `reco-sf teardown` in an org that changed since the deploy: it lost Real-Time Event Monitoring
 * (the emulator's `event-monitoring-only` shape, started from the state a full Shield org held
 * after the deploy), and its Event Monitoring settings were never set before reco-sf (absent
 * fields hold their documented default, false).
 */
import type { EmulatorHandle } from '../../scripts/emulator';
import { useHarness } from './deploy-harness';

interface TeardownJson {
  steps: Array<{ description: string; kind: string }>;
  kept: string[];
  outcomes: Array<{ description: string; status: string }>;
}

describe('teardown of an org that lost an add-on', () => {
  const h = useHarness();
  let full: EmulatorHandle;
  let lost: EmulatorHandle;

  beforeAll(async () => {
    // Event Monitoring settings the org never set: only one field, and not the analytics one.
    full = await h.org(
      { shape: ['shield', 'sandbox'], seed: { settings: { Event: { enableDeleteMonitoringData: false } } } },
      'acme',
    );
  });

  it('Given a deploy on a full Shield org, Then the Event Manager is on and the analytics setting never set before is recorded with its default', async () => {
    const run = await h.run(['deploy', '--target-org', 'acme', '--json']);
    expect(run.code).toBe(0);
    expect(full.store.getMetadata('Settings', 'Event')?.value.enableEventLogWaveIntegration).toBe(true);
    // A StaticResource's content travels base64-encoded (Metadata API, StaticResource.content).
    const content = String(full.store.getMetadata('StaticResource', 'RecoSfOwnership')?.value.content);
    const record = JSON.parse(Buffer.from(content, 'base64').toString('utf8')) as {
      eventSettingsPrior: Record<string, boolean>;
      eventManager: string[];
    };
    expect(record.eventSettingsPrior).toEqual({ enableEventLogWaveIntegration: false });
    expect(record.eventManager.length).toBeGreaterThan(0);
  });

  it('Given the org then lost Real-Time Event Monitoring, When tearing down with --yes, Then the Event Manager step is left out and reported, and the rest is torn down (exit 0)', async () => {
    // The same org (the emulator's default identity) after its add-on expired; the first stays unused.
    const saved = full.store.snapshot();
    lost = await h.org({ shape: ['event-monitoring-only', 'sandbox'] }, 'acme');
    lost.store.restoreSaved(saved);

    const dry = await h.run(['teardown', '--target-org', 'acme', '--json']);
    const planned = dry.json?.result as unknown as TeardownJson;
    expect(planned.steps.map((s) => s.description).join('\n')).not.toContain('Event Manager');
    expect(planned.kept.join('\n')).toMatch(
      /not done: switch off \d+ Event Manager entit\(ies\) reco-sf switched on \(the org no longer has Real-Time Event Monitoring/,
    );

    const run = await h.run(['teardown', '--target-org', 'acme', '--yes', '--json']);
    expect(run.code).toBe(0);
    const result = run.json?.result as unknown as TeardownJson;
    expect(result.outcomes.every((o) => o.status !== 'failed')).toBe(true);
    expect(lost.store.getMetadata('StaticResource', 'RecoSfOwnership')).toBeUndefined();
    expect(lost.store.getMetadata('PermissionSet', 'Reco_Integration')).toBeUndefined();
    // The analytics setting reco-sf switched on goes back to its documented default.
    expect(lost.store.getMetadata('Settings', 'Event')?.value.enableEventLogWaveIntegration).toBe(false);
  });

  it('Given that teardown, When tearing down again, Then nothing is left to remove', async () => {
    const run = await h.run(['teardown', '--target-org', 'acme', '--yes', '--json']);
    expect(run.code).toBe(0);
    expect((run.json?.result as unknown as TeardownJson).steps).toEqual([]);
  });
});
