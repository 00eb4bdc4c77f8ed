import { eventSettingsKind } from '../../scripts/components/eventSettings';
import { aModel, realWorld } from '../builders/model';

describe('eventSettings kind', () => {
  it('builds the two fields the vendor guide sets, and nothing else', () => {
    const built = eventSettingsKind.build(aModel());
    expect(built.map((c) => [c.type, c.fullName, c.path, c.rootType])).toEqual([
      ['Settings', 'Event', 'force-app/main/default/settings/Event.settings-meta.xml', 'EventSettings'],
    ]);
    expect(built[0].value).toEqual({
      enableDeleteMonitoringData: false,
      enableEventLogWaveIntegration: true,
    });
  });

  it('follows the config (analytics off, delete on)', () => {
    const [c] = eventSettingsKind.build(
      aModel((cfg) =>
        Object.assign(cfg.eventMonitoring, { analyticsIntegration: false, deleteMonitoringData: true }),
      ),
    );
    expect(c.value).toEqual({ enableDeleteMonitoringData: true, enableEventLogWaveIntegration: false });
  });

  it('builds nothing when event monitoring is off', () => {
    expect(eventSettingsKind.build(aModel((c) => (c.eventMonitoring.mode = 'off')))).toEqual([]);
  });

  it('merge sends only our fields (settings merge field by field in the org)', () => {
    const [c] = eventSettingsKind.build(aModel());
    expect(eventSettingsKind.merge(c.value, realWorld('Event.settings-meta.xml'))).toEqual(c.value);
  });

  it('Given the real-world org (delete monitoring data on), diff reports that one change and ignores the org fields we do not own', () => {
    const [c] = eventSettingsKind.build(aModel());
    expect(eventSettingsKind.diff(c.value, realWorld('Event.settings-meta.xml'), 'Settings:Event')).toEqual([
      {
        component: 'Settings:Event',
        path: 'enableDeleteMonitoringData',
        kind: 'change',
        before: true,
        after: false,
      },
    ]);
    expect(eventSettingsKind.diff(c.value, undefined, 'Settings:Event').map((i) => i.kind)).toEqual([
      'add',
      'add',
    ]);
  });
});
