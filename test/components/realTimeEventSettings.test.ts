import { allEventEntityNames } from '../../scripts/catalog/catalog';
import { realTimeEventSettingsKind } from '../../scripts/components/realTimeEventSettings';
import { listOf, type XmlRecord } from '../../scripts/core/xml';
import { aModel, realWorld } from '../builders/model';

type Entry = { entityName: string; isEnabled: boolean };
const entries = (value: XmlRecord | undefined): Entry[] =>
  listOf<XmlRecord>(value?.realTimeEvents).map((e) => ({
    entityName: String(e.entityName),
    isEnabled: e.isEnabled === true,
  }));

describe('realTimeEventSettings kind', () => {
  it('builds one entry per catalog entity, all enabled and sorted, for events "all"', () => {
    const [c] = realTimeEventSettingsKind.build(aModel());
    expect([c.type, c.fullName, c.path]).toEqual([
      'Settings',
      'RealTimeEvent',
      'force-app/main/default/settings/RealTimeEvent.settings-meta.xml',
    ]);
    expect(entries(c.value)).toEqual(
      allEventEntityNames().map((entityName) => ({ entityName, isEnabled: true })),
    );
  });

  it('builds nothing when event monitoring is off, or when neither streaming nor storage is on', () => {
    expect(realTimeEventSettingsKind.build(aModel((c) => (c.eventMonitoring.mode = 'off')))).toEqual([]);
    expect(
      realTimeEventSettingsKind.build(
        aModel((c) => (c.eventMonitoring.eventManager = { events: 'all', streaming: false, storage: false })),
      ),
    ).toEqual([]);
  });

  describe('Given the real-world org file', () => {
    const org = realWorld('RealTimeEvent.settings-meta.xml');
    const orgEntries = entries(org);
    const subset = realTimeEventSettingsKind.build(
      aModel(
        (c) =>
          (c.eventMonitoring.eventManager = {
            events: ['LoginEvent', 'ApiAnomalyEvent'],
            streaming: true,
            storage: false,
          }),
      ),
    )[0];

    it('When merged with a streaming-only subset, then every org entry is kept and ours are switched on', () => {
      expect(orgEntries.filter((e) => !e.isEnabled).length).toBeGreaterThan(0);
      const merged = entries(realTimeEventSettingsKind.merge(subset.value, org));
      const expected = orgEntries
        .map((e) =>
          ['LoginEventStream', 'ApiAnomalyEvent'].includes(e.entityName) ? { ...e, isEnabled: true } : e,
        )
        .sort((a, b) => a.entityName.localeCompare(b.entityName));
      expect(merged).toEqual(expected);
      expect(orgEntries.find((e) => e.entityName === 'LoginEventStream')?.isEnabled).toBe(false);
    });

    it('When the org has an entity we do not know, then the merge keeps it as it is', () => {
      const withUnknown: XmlRecord = {
        realTimeEvents: [
          ...listOf<XmlRecord>(org.realTimeEvents),
          { entityName: 'FutureEvent', isEnabled: false },
        ],
      };
      expect(entries(realTimeEventSettingsKind.merge(subset.value, withUnknown))).toContainEqual({
        entityName: 'FutureEvent',
        isEnabled: false,
      });
    });

    it('diff reports our entries the org has off as changes, and never the org entries we do not own', () => {
      const items = realTimeEventSettingsKind.diff(subset.value, org, 'Settings:RealTimeEvent');
      expect(items.map((i) => [i.kind, i.path, i.before, i.after])).toEqual([
        ['change', 'realTimeEvents[ApiAnomalyEvent].isEnabled', false, true],
        ['change', 'realTimeEvents[LoginEventStream].isEnabled', false, true],
      ]);
    });
  });

  it('Given no org value, diff lists each of ours as an addition', () => {
    const [c] = realTimeEventSettingsKind.build(
      aModel(
        (cfg) =>
          (cfg.eventMonitoring.eventManager = { events: ['FileEvent'], streaming: true, storage: true }),
      ),
    );
    expect(realTimeEventSettingsKind.diff(c.value, undefined, 'x').map((i) => [i.kind, i.path])).toEqual([
      ['add', 'realTimeEvents[FileEvent]'],
      ['add', 'realTimeEvents[FileEventStore]'],
    ]);
  });
});
