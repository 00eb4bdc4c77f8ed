/**
 * RealTimeEventSettings (Event Manager): one entry per streaming or storage entity. A deploy
 * carries the org's current entries with ours switched on, so nothing of the org's is lost
 * whether Salesforce treats the list as partial or as a replacement (the docs are unclear, M-L).
 */
import type { RealTimeEvent } from '@salesforce/types/metadata';
import type { Model } from '../core/model';
import type { ComponentChange } from '../org/changes';
import type { Ownership } from '../org/ownership';
import { listOf, type XmlRecord } from '../core/xml';
import { eventEntity } from '../catalog/catalog';
import type { Diagnostic } from '../core/diagnostic';
import { diffKeyedList, driftAt, driftPerItem, parseDiffPath, type DriftFix } from './diff';
import { nextLine, problemAt, type FileContext } from './rules';
import {
  SOURCE_ROOT,
  type BuiltComponent,
  type ComponentKind,
  type DiffItem,
  type KindTeardownStep,
  type TeardownFacts,
} from './types';
import { compareText } from '../core/order';

function sortedEvents(events: RealTimeEvent[]): RealTimeEvent[] {
  return [...events].sort((a, b) => compareText(a.entityName, b.entityName));
}

function checkRealTimeEvents(ctx: FileContext, value: XmlRecord): Diagnostic[] {
  const problems: Diagnostic[] = [];
  const seen = new Set<string>();
  const cursor = new Map<string, number>();
  for (const entry of listOf<XmlRecord>(value.realTimeEvents)) {
    const name = String(entry.entityName ?? '');
    const needle = `<entityName>${name}</entityName>`;
    const line = nextLine(ctx, needle, cursor);
    if (seen.has(name))
      problems.push(
        problemAt(ctx, needle, 'error', 'DUPLICATE_EVENT', `entity ${name} is listed twice`, undefined, line),
      );
    seen.add(name);
    if (ctx.scope === 'generated' && !eventEntity(name))
      problems.push(
        problemAt(
          ctx,
          needle,
          'error',
          'UNKNOWN_EVENT',
          `unknown Event Manager entity ${name}`,
          'see the Event Manager table in the README',
        ),
      );
  }
  return problems;
}

function entityDrift(item: DiffItem, facts: DriftFix): Diagnostic {
  const entity = parseDiffPath(item.path)?.key ?? item.path;
  return driftAt(
    facts,
    'EVENT_ENTITY_DISABLED',
    item.component,
    `Event Manager entity ${entity} is not enabled`,
    {
      path: item.path,
      expected: true,
      actual: item.before ?? false,
    },
  );
}

/** Event Manager entities reco-sf switched on go back off (the org's other entries are sent unchanged). */
function realTimeEventStep(input: TeardownFacts): KindTeardownStep[] {
  const key = 'Settings:RealTimeEvent';
  const current = input.snapshot.metadata[key];
  if (!current) return [];
  const ours = new Set(input.ownership?.eventManager ?? []);
  const entries = listOf<XmlRecord>(current.realTimeEvents);
  const switchOff = entries
    .filter((e) => e.isEnabled === true && ours.has(String(e.entityName)))
    .map((e) => String(e.entityName));
  if (switchOff.length === 0) return [];
  const realTimeEvents = entries.map((e) => ({
    entityName: String(e.entityName),
    isEnabled: switchOff.includes(String(e.entityName)) ? false : e.isEnabled === true,
  }));
  return [
    {
      description: `switch off ${switchOff.length} Event Manager entit(ies) reco-sf switched on`,
      settings: {
        key,
        type: 'Settings',
        fullName: 'RealTimeEvent',
        rootType: 'RealTimeEventSettings',
        value: { realTimeEvents: realTimeEvents as unknown as XmlRecord[] },
      },
    },
  ];
}

function enabledEntities(value: XmlRecord | null | undefined): Set<string> {
  return new Set(
    listOf<XmlRecord>(value?.realTimeEvents)
      .filter((e) => e.isEnabled === true)
      .map((e) => String(e.entityName)),
  );
}

/** The entities this change switches on go into the record, for teardown to switch off. */
function recordSwitchedOn(next: Ownership, c: ComponentChange): void {
  const wasOn = enabledEntities(c.current);
  for (const e of enabledEntities(c.value)) if (!wasOn.has(e)) next.eventManager.push(e);
}

export const realTimeEventSettingsKind: ComponentKind = {
  id: 'realTimeEventSettings',
  rootType: 'RealTimeEventSettings',
  type: 'Settings',
  member: 'RealTimeEvent',
  lifecycle: 'setting',
  planSection: 'eventManager',
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
  validateFile: (ctx, value) => checkRealTimeEvents(ctx, value),
  drift: (change, facts) => driftPerItem(change, facts, (d) => entityDrift(d, facts)),
  teardownOrder: 30,
  teardown: (facts) => realTimeEventStep(facts),
  recordAhead: recordSwitchedOn,
};
