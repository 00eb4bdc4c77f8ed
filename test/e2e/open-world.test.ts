/**
 * An open-world project end to end: reco-sf's files share the repository with another team's
 * package directory, and the org holds entries reco-sf's catalog does not know.
 * - `reco-sf deploy` to an org whose Event Manager holds entities from a production retrieve
 *   (UniversalAnomalyEvent…) keeps them exactly as they were.
 * - A stray metadata-format `settings/Security.settings` (with an empty networkAccess) in another
 *   package directory never reaches the org through a plain `sf project deploy start` (real CLI):
 *   .forceignore covers both formats, so the org keeps every trusted range.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseMetadata, listOf, type XmlRecord } from '../../scripts/core/xml';
import type { EmulatorHandle } from '../../scripts/emulator';
import { useHarness, useSfLoggedInOrg } from './deploy-harness';

const FIXTURES = join(__dirname, '..', 'fixtures', 'open-world');
const OFFICE = { description: 'office', end: '10.1.0.255', start: '10.1.0.0' };

function ranges(org: EmulatorHandle): unknown[] {
  const value = org.store.getMetadata('Settings', 'Security')?.value as
    { networkAccess?: { ipRanges?: unknown[] } } | undefined;
  return value?.networkAccess?.ipRanges ?? [];
}

function events(org: EmulatorHandle): Map<string, boolean> {
  const value = org.store.getMetadata('Settings', 'RealTimeEvent')?.value;
  return new Map(
    listOf<XmlRecord>(value?.realTimeEvents).map((e) => [String(e.entityName), e.isEnabled === true]),
  );
}

describe('open world, end to end', () => {
  const h = useHarness();

  it("Given an org whose Event Manager holds a production retrieve's entities the catalog does not know, when reco-sf deploys, then they are kept as they were and ours are switched on", async () => {
    const retrieve = parseMetadata(
      readFileSync(join(FIXTURES, 'production-events/settings/RealTimeEvent.settings-meta.xml'), 'utf8'),
      'RealTimeEvent',
    ).value;
    const org = await h.org(
      { shape: ['shield', 'sandbox'], seed: { settings: { RealTimeEvent: retrieve } } },
      'prod-events',
    );
    const before = events(org);
    expect(before.get('UniversalAnomalyEventStore')).toBe(true);
    expect(before.get('UniversalAnomalyEvent')).toBe(false);
    const run = await h.run(['deploy', '--target-org', 'prod-events', '--json']);
    expect(run.json?.message ?? '').toBe('');
    expect(run.code).toBe(0);
    const after = events(org);
    for (const [name, enabled] of before)
      if (!after.get(name)) expect([name, after.get(name)]).toEqual([name, enabled]);
    for (const name of ['UniversalAnomalyEventStore', 'UniversalAnomalyEvent', 'UniversalAnomalyEventStream'])
      expect([name, after.get(name)]).toEqual([name, before.get(name)]);
    expect(after.get('LoginEvent')).toBe(true);
  });

  describe('a stray metadata-format Security.settings in another package directory', () => {
    const stray = useSfLoggedInOrg(
      h,
      { shape: ['shield', 'sandbox'], seed: { trustedIpRanges: [OFFICE] } },
      'stray',
    );
    const org = stray.org;

    beforeAll(() => {
      const project = stray.project();
      cpSync(join(FIXTURES, 'retrieved'), join(project, 'retrieved'), { recursive: true });
      const sfdx = JSON.parse(readFileSync(join(project, 'sfdx-project.json'), 'utf8')) as {
        packageDirectories: Array<{ path: string }>;
      };
      sfdx.packageDirectories.push({ path: 'retrieved' });
      writeFileSync(join(project, 'sfdx-project.json'), JSON.stringify(sfdx, null, 2) + '\n');
    });

    it('never reaches the org through a plain sf project deploy start: the org keeps its trusted ranges', async () => {
      const sf = await stray.sf(['project', 'deploy', 'start', '--target-org', 'stray']);
      expect(sf.code).toBe(0);
      const files = (sf.json as { result: { files: Array<{ fullName: string; type: string }> } }).result
        .files;
      expect(files.map((f) => `${f.type}:${f.fullName}`)).not.toContain('Settings:Security');
      expect(files.map((f) => f.fullName)).toContain('Reco_Integration');
      expect(ranges(org)).toEqual([OFFICE]);
    });
  });
});
