/**
 * Settings rules. Scalar fields merge field by field (a deploy changes only the fields it lists).
 * SecuritySettings.networkAccess REPLACES every trusted range (docs, H; an empty element clears
 * them) and each range must be valid (same family, start ≤ end, size ≤ /7 for IPv4 and /32 for
 * IPv6). RealTimeEventSettings needs Real-Time Event Monitoring and known entities; an entry
 * updates its entity and leaves the others unchanged (M-L). Feature-gated fields come from
 * facts/settings-feature-gates.json.
 */
import { maxRangeSize, parseIp, rangeSize } from '../../core/ip';
import { listOf, type XmlRecord, type XmlValue } from '../../core/xml';
import { ComponentProblem, deployProblems } from '../errors';
import { EVENT_MANAGER, settingsFeatureGate } from '../facts';
import type { MetadataRule, RuleContext } from './context';

function isRecord(value: XmlValue | undefined): value is XmlRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Field-by-field merge of nested records; lists and scalars in `incoming` replace. */
export function mergeFields(existing: XmlRecord | undefined, incoming: XmlRecord): XmlRecord {
  const result: XmlRecord = { ...(existing ?? {}) };
  for (const [key, value] of Object.entries(incoming)) {
    if (value === undefined) continue;
    const before = result[key];
    result[key] = isRecord(value) && isRecord(before) ? mergeFields(before, value) : value;
  }
  return result;
}

function ipRangeProblems(value: XmlRecord): ComponentProblem[] {
  const problems: ComponentProblem[] = [];
  const access = value.networkAccess;
  if (!isRecord(access)) return problems;
  for (const range of listOf<XmlRecord>(access.ipRanges)) {
    const startText = String(range.start ?? '');
    const endText = String(range.end ?? '');
    const start = parseIp(startText);
    const end = parseIp(endText);
    if (!start || !end) {
      problems.push(
        deployProblems.invalidIpRange(
          startText,
          endText,
          `${!start ? startText : endText} is not a valid IP address`,
        ),
      );
    } else if (start.family !== end.family) {
      problems.push(
        deployProblems.invalidIpRange(startText, endText, 'start and end must be the same IP version'),
      );
    } else if (start.value > end.value) {
      problems.push(
        deployProblems.invalidIpRange(
          startText,
          endText,
          'the start address is greater than the end address',
        ),
      );
    } else if (rangeSize({ start, end }) > maxRangeSize(start.family)) {
      problems.push(
        deployProblems.invalidIpRange(
          startText,
          endText,
          `the range is larger than ${start.family === 4 ? '33,554,432 addresses (/7)' : '2^96 addresses (/32)'}`,
        ),
      );
    }
  }
  return problems;
}

export const settingsRule: MetadataRule = {
  check(member: string, root: string, value: XmlRecord, ctx: RuleContext): ComponentProblem[] {
    const problems: ComponentProblem[] = [];
    for (const [field, fieldValue] of Object.entries(value)) {
      const gate = settingsFeatureGate(root, field);
      if (gate && fieldValue === true && !ctx.shape.features.has(gate.requiresFeature)) {
        problems.push(deployProblems.notAvailableForOrg(member));
      }
    }
    if (root === 'RealTimeEventSettings') {
      if (!ctx.shape.features.has(EVENT_MANAGER.requiresFeature))
        return [deployProblems.notAvailableForOrg(member)];
      // The org's own entries (those a retrieve returns) are entities it has, whatever the
      // shape's list says: a deploy that carries them back unchanged must not fail on them.
      const stored = listOf<XmlRecord>(ctx.existing('Settings', member)?.realTimeEvents);
      const entities = new Set([...ctx.shape.eventEntities, ...stored.map((e) => String(e.entityName))]);
      for (const event of listOf<XmlRecord>(value.realTimeEvents)) {
        const name = String(event.entityName ?? '');
        if (!entities.has(name)) problems.push(deployProblems.unknownEventEntity(name));
      }
    }
    if (root === 'SecuritySettings') problems.push(...ipRangeProblems(value));
    return problems;
  },

  merge(existing: XmlRecord | undefined, incoming: XmlRecord): XmlRecord {
    const merged = mergeFields(existing, incoming);
    // networkAccess is replaced as a whole, never merged (an empty element clears every range).
    if (incoming.networkAccess !== undefined) merged.networkAccess = incoming.networkAccess;
    if (incoming.realTimeEvents !== undefined) {
      const byEntity = new Map<string, XmlRecord>();
      for (const e of listOf<XmlRecord>(existing?.realTimeEvents)) byEntity.set(String(e.entityName), e);
      for (const e of listOf<XmlRecord>(incoming.realTimeEvents)) byEntity.set(String(e.entityName), e);
      merged.realTimeEvents = [...byEntity.values()];
    }
    return merged;
  },
};
