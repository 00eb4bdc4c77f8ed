/**
 * EventSettings (Event Monitoring Settings): scalar fields merge field by field in the org, so we
 * deploy only the two fields the vendor guide sets and leave every other field untouched.
 */
import type { EventSettings } from '@salesforce/types/metadata';
import type { Model } from '../core/model';
import type { ComponentChange } from '../org/changes';
import type { Ownership } from '../org/ownership';
import type { XmlRecord } from '../core/xml';
import type { Diagnostic } from '../core/diagnostic';
import { diffScalars, driftAt, driftPerItem, type DriftFix } from './diff';
import {
  SOURCE_ROOT,
  type BuiltComponent,
  type ComponentKind,
  type DiffItem,
  type KindTeardownStep,
  type TeardownFacts,
} from './types';

const OWNED_FIELDS = ['enableDeleteMonitoringData', 'enableEventLogWaveIntegration'] as const;
/** Metadata API Developer Guide, EventSettings: "Default value is false" for both fields. */
const FIELD_DEFAULTS: Readonly<Record<(typeof OWNED_FIELDS)[number], boolean>> = {
  enableDeleteMonitoringData: false,
  enableEventLogWaveIntegration: false,
};

function settingDrift(item: DiffItem, facts: DriftFix): Diagnostic {
  const switchedOff = item.after === false ? 'switched on' : item.after === true ? 'switched off' : 'changed';
  return driftAt(
    facts,
    'SETTING_CHANGED',
    item.component,
    `Event Monitoring setting ${item.path} was ${switchedOff}: it is ${String(item.before ?? '(unset)')}, expected ${String(item.after)}`,
    { path: item.path, expected: item.after, actual: item.before },
  );
}

/** Event Monitoring settings back to their values before reco-sf, where reco-sf changed them and nobody changed them since. */
function eventSettingsStep(input: TeardownFacts): KindTeardownStep[] {
  const key = 'Settings:Event';
  const prior = input.ownership?.eventSettingsPrior ?? {};
  const current = input.snapshot.metadata[key];
  if (!current) return [];
  const restore: XmlRecord = {};
  // The record holds a field only where reco-sf flipped it, so reco-sf set it to !before
  // (whatever the config says now, or with no config at all).
  for (const field of OWNED_FIELDS) {
    const before = prior[field];
    if (typeof before === 'boolean' && current[field] === !before) restore[field] = before;
  }
  const fields = Object.keys(restore);
  if (fields.length === 0) return [];
  const text = fields.map((f) => `${f} = ${String(restore[f])}`).join(', ');
  return [
    {
      description: `restore Event Monitoring settings: ${text}`,
      settings: { key, type: 'Settings', fullName: 'Event', rootType: 'EventSettings', value: restore },
    },
  ];
}

/**
 * The fields this change flips: their values before reco-sf (the first seen wins), for teardown to
 * restore. A field the org never set (or no EventSettings at all) holds its documented default
 * ("Default value is false", Metadata API Developer Guide, EventSettings), so that is its prior.
 */
function recordPrior(next: Ownership, c: ComponentChange): void {
  for (const field of OWNED_FIELDS) {
    const set = c.current?.[field];
    const before = typeof set === 'boolean' ? set : FIELD_DEFAULTS[field];
    if (
      typeof c.value[field] === 'boolean' &&
      before !== c.value[field] &&
      !(field in next.eventSettingsPrior)
    )
      next.eventSettingsPrior[field] = before;
  }
}

export const eventSettingsKind: ComponentKind = {
  id: 'eventSettings',
  rootType: 'EventSettings',
  type: 'Settings',
  member: 'Event',
  lifecycle: 'setting',
  planSection: 'eventSettings',
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
  drift: (change, facts) => driftPerItem(change, facts, (d) => settingDrift(d, facts)),
  teardownOrder: 20,
  teardown: (facts) => eventSettingsStep(facts),
  recordAhead: recordPrior,
};
