/**
 * RealTimeEventSettings (Event Manager): one entry per streaming or storage entity. A deploy
 * carries the org's current entries with ours switched on, so nothing of the org's is lost
 * whether Salesforce treats the list as partial or as a replacement (the docs are unclear, M-L).
 */
import type { RealTimeEvent } from '@salesforce/types/metadata';
import type { Model } from '../core/model';
import { listOf, type XmlRecord } from '../core/xml';
import { diffKeyedList } from './diff';
import { SOURCE_ROOT, type BuiltComponent, type ComponentKind } from './types';

function sortedEvents(events: RealTimeEvent[]): RealTimeEvent[] {
  return [...events].sort((a, b) => a.entityName.localeCompare(b.entityName));
}

export const realTimeEventSettingsKind: ComponentKind = {
  id: 'realTimeEventSettings',
  rootType: 'RealTimeEventSettings',
  type: 'Settings',
  build(model: Model): BuiltComponent[] {
    if (model.eventMonitoring.mode === 'off' || model.eventMonitoring.entities.length === 0) return [];
    const realTimeEvents: RealTimeEvent[] = model.eventMonitoring.entities.map((entityName) => ({
      entityName,
      isEnabled: true,
    }));
    return [
      {
        type: 'Settings',
        fullName: 'RealTimeEvent',
        path: `${SOURCE_ROOT}/settings/RealTimeEvent.settings-meta.xml`,
        rootType: 'RealTimeEventSettings',
        value: { realTimeEvents: sortedEvents(realTimeEvents) } as unknown as XmlRecord,
      },
    ];
  },
  merge(desired, current) {
    const merged = new Map<string, RealTimeEvent>();
    for (const e of listOf<XmlRecord>(current?.realTimeEvents))
      merged.set(String(e.entityName), { entityName: String(e.entityName), isEnabled: e.isEnabled === true });
    for (const e of listOf<XmlRecord>(desired.realTimeEvents))
      merged.set(String(e.entityName), { entityName: String(e.entityName), isEnabled: e.isEnabled === true });
    return { realTimeEvents: sortedEvents([...merged.values()]) } as unknown as XmlRecord;
  },
  diff: (desired, current, component) =>
    diffKeyedList(
      component,
      'realTimeEvents',
      desired.realTimeEvents,
      current?.realTimeEvents,
      (e) => String(e.entityName),
      { reportRemovals: false },
    ),
};
