/**
 * EventSettings (Event Monitoring Settings): scalar fields merge field by field in the org, so we
 * deploy only the two fields the vendor guide sets and leave every other field untouched.
 */
import type { EventSettings } from '@salesforce/types/metadata';
import type { Model } from '../core/model';
import type { XmlRecord } from '../core/xml';
import { diffScalars } from './diff';
import { SOURCE_ROOT, type BuiltComponent, type ComponentKind } from './types';

const OWNED_FIELDS = ['enableDeleteMonitoringData', 'enableEventLogWaveIntegration'] as const;

export const eventSettingsKind: ComponentKind = {
  id: 'eventSettings',
  rootType: 'EventSettings',
  type: 'Settings',
  build(model: Model): BuiltComponent[] {
    if (model.eventMonitoring.mode === 'off') return [];
    const value: Pick<EventSettings, (typeof OWNED_FIELDS)[number]> = {
      enableDeleteMonitoringData: model.eventMonitoring.deleteMonitoringData,
      enableEventLogWaveIntegration: model.eventMonitoring.analyticsIntegration,
    };
    return [
      {
        type: 'Settings',
        fullName: 'Event',
        path: `${SOURCE_ROOT}/settings/Event.settings-meta.xml`,
        rootType: 'EventSettings',
        value: value as XmlRecord,
      },
    ];
  },
  merge: (desired) => desired,
  diff: (desired, current, component) => diffScalars(component, [...OWNED_FIELDS], desired, current),
};
