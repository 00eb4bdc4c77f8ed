/** Shared diff helpers for component kinds: scalar fields and keyed lists. */
import { entityOf, type Diagnostic } from '../core/diagnostic';
import { listOf, type XmlRecord, type XmlValue } from '../core/xml';
import type { ComponentChange } from '../org/changes';
import type { DiffItem, DriftFacts } from './types';

type Scalar = string | number | boolean;
function isScalar(v: XmlValue | undefined): v is Scalar {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

/** Compares the named scalar fields; a field absent from `desired` is not ours and is not compared. */
export function diffScalars(
  component: string,
  fields: string[],
  desired: XmlRecord,
  current: XmlRecord | undefined,
): DiffItem[] {
  const items: DiffItem[] = [];
  for (const field of fields) {
    const after = desired[field];
    if (!isScalar(after)) continue;
    const before = current?.[field];
    if (before === undefined) items.push({ component, path: field, kind: 'add', after });
    else if (isScalar(before) && before !== after)
      items.push({ component, path: field, kind: 'change', before, after });
  }
  return items;
}

/** Compares lists keyed by `keyOf`; entries compared by their scalar fields. */
export function diffKeyedList(
  component: string,
  listName: string,
  desired: XmlValue | undefined,
  current: XmlValue | undefined,
  keyOf: (entry: XmlRecord) => string,
  options: { reportRemovals: boolean } = { reportRemovals: true },
): DiffItem[] {
  const want = new Map(listOf<XmlRecord>(desired).map((e) => [keyOf(e), e]));
  const have = new Map(listOf<XmlRecord>(current).map((e) => [keyOf(e), e]));
  const items: DiffItem[] = [];
  for (const [key, entry] of want) {
    const old = have.get(key);
    if (!old) {
      items.push({ component, path: `${listName}[${key}]`, kind: 'add' });
      continue;
    }
    for (const [field, value] of Object.entries(entry)) {
      const before = old[field];
      if (isScalar(value) && before !== value) {
        items.push({
          component,
          path: `${listName}[${key}].${field}`,
          kind: before === undefined ? 'add' : 'change',
          before: isScalar(before) ? before : undefined,
          after: value,
        });
      }
    }
  }
  if (options.reportRemovals) {
    for (const key of have.keys())
      if (!want.has(key)) items.push({ component, path: `${listName}[${key}]`, kind: 'remove' });
  }
  return items;
}

/** `list[key]` or `list[key].field`, as DiffItem paths are written. */
export function parseDiffPath(path: string): { list: string; key: string; field?: string } | null {
  const match = /^([\w.]+)\[([^\]]+)\](?:\.(\w+))?$/.exec(path);
  return match ? { list: match[1], key: match[2], field: match[3] } : null;
}

/** The member name of a component key (`PermissionSet:Reco_Integration` → `Reco_Integration`). */
export const nameOf = (key: string): string => key.replace(/^[^:]+:/, '');

/** What a drift finding needs of the kinds' drift facts: the fixes for the org and files at hand. */
export type DriftFix = Pick<DriftFacts, 'fix'>;

/**
 * One drift finding of a kind: an error the org's answer shows, at `component` (a `Type:name`
 * key) and `at.path` in it, `at.expected` and `at.actual` as data, and as its fix the deploy for
 * the org and files at hand (`at.needsYes`: the deploy with --yes, when it removes something of
 * the org's; `at.fix`: another fix, e.g. a step in Setup).
 */
export function driftAt(
  facts: DriftFix,
  code: string,
  component: string,
  message: string,
  at: { path?: string; expected?: Scalar; actual?: Scalar; needsYes?: boolean; fix?: string } = {},
): Diagnostic {
  const d: Diagnostic = {
    code,
    severity: 'error',
    source: 'org',
    location: at.path ? { entity: entityOf(component), path: at.path } : { entity: entityOf(component) },
    message,
    fix: at.fix ?? (at.needsYes ? facts.fix.deployYes : facts.fix.deploy),
  };
  if (at.expected !== undefined || at.actual !== undefined)
    d.data = { expected: at.expected, actual: at.actual };
  return d;
}

/** Verify's report for a component the org does not hold: COMPONENT_MISSING. */
export function missingDrift(change: ComponentChange, facts: DriftFix): Diagnostic {
  return driftAt(
    facts,
    'COMPONENT_MISSING',
    change.key,
    `${change.type} ${change.fullName} is not in the org (deleted, or never deployed)`,
  );
}

/** A kind's drift for a pending change: missing when the org lacks it, else `each` changed field or entry. */
export function driftPerItem(
  change: ComponentChange,
  facts: DriftFix,
  each: (item: DiffItem) => Diagnostic,
): Diagnostic[] {
  return change.state === 'create' ? [missingDrift(change, facts)] : change.diff.map(each);
}

/** Verify's report for a kind without its own: missing when the org lacks it, else COMPONENT_CHANGED per changed field. */
export function defaultDrift(change: ComponentChange, facts: DriftFix): Diagnostic[] {
  return driftPerItem(change, facts, (d) =>
    driftAt(
      facts,
      'COMPONENT_CHANGED',
      d.component,
      `${nameOf(d.component)} ${d.path} is ${String(d.before ?? '(unset)')}, expected ${String(d.after ?? '(absent)')}`,
      { path: d.path, expected: d.after, actual: d.before },
    ),
  );
}
