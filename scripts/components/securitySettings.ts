/**
 * SecuritySettings.networkAccess (trusted IP ranges). Deploying it REPLACES every range in the
 * org, so the committed file (ours only) is kept out of plain `sf` deploys by .forceignore and
 * a deploy sends the union: the org's ranges as they are, in their order, then ours that are
 * missing (identity = exact start and end). Nothing of the org's is removed or reordered.
 */
import type { IpRange as SfIpRange } from '@salesforce/types/metadata';

/** A trusted range as read from or written to SecuritySettings; start and end are always present in ours. */
export type IpRange = Required<Pick<SfIpRange, 'start' | 'end'>> & Pick<SfIpRange, 'description'>;
import { rangeKey } from '../core/ip';
import type { Model } from '../core/model';
import { fileLocation, type Diagnostic } from '../core/diagnostic';
import { driftAt } from './diff';
import type { ComponentChange } from '../org/changes';
import type { Ownership } from '../org/ownership';
import { listOf, type XmlRecord } from '../core/xml';
import { checkRanges } from '../validate/ranges';
import { lineOf, linesOf, record, type FileContext, type ProjectContext } from './rules';
import {
  SOURCE_ROOT,
  type BuiltComponent,
  type ComponentKind,
  type DiffItem,
  type DriftFacts,
  type KindTeardownStep,
  type TeardownFacts,
} from './types';

/** The component key of SecuritySettings (`type:member`), as snapshots and changes name it. */
export const SECURITY_KEY = 'Settings:Security';

/** Where the generated SecuritySettings file lives (and a retrieve reads it). */
export const SECURITY_PATH = `${SOURCE_ROOT}/settings/Security.settings-meta.xml`;

export function rangesOf(value: XmlRecord | undefined): IpRange[] {
  const networkAccess = value?.networkAccess;
  if (!networkAccess || typeof networkAccess !== 'object' || Array.isArray(networkAccess)) return [];
  return listOf<XmlRecord>(networkAccess.ipRanges).map((r) => ({
    ...(r.description !== undefined ? { description: String(r.description) } : {}),
    end: String(r.end ?? ''),
    start: String(r.start ?? ''),
  }));
}

/**
 * The org's ranges followed by ours that it lacks. `owned`: the range keys the org's ownership
 * record says reco-sf added; such a range that the config declares takes the config's
 * description (the Setup label reco-sf wrote). The org's own ranges, and their descriptions,
 * stay as they are even where ours has the same start and end.
 */
export function unionRanges(
  current: IpRange[],
  ours: IpRange[],
  owned: ReadonlySet<string> = new Set(),
): IpRange[] {
  const wanted = new Map(ours.map((r) => [rangeKey(r), r]));
  const kept = current.map((r) => {
    const want = wanted.get(rangeKey(r));
    if (!want || !owned.has(rangeKey(r))) return r;
    return {
      ...(want.description !== undefined ? { description: want.description } : {}),
      end: r.end,
      start: r.start,
    };
  });
  const have = new Set(current.map((r) => rangeKey(r)));
  const added = ours.filter((r) => {
    const key = rangeKey(r);
    if (have.has(key)) return false;
    have.add(key);
    return true;
  });
  return [...kept, ...added];
}

/** A range's description as Setup shows it (none: empty). */
const descriptionOf = (r: IpRange): string => r.description ?? '';

function securityDoc(ranges: IpRange[]): XmlRecord {
  return { networkAccess: { ipRanges: ranges as unknown as XmlRecord[] } };
}

function checkSecurity(ctx: FileContext, value: XmlRecord): Diagnostic[] {
  const networkAccess = record(value.networkAccess);
  let from = 0;
  const ranges = listOf<XmlRecord>(networkAccess?.ipRanges).map((r) => {
    const index = ctx.text.indexOf('<ipRanges>', from);
    from = index < 0 ? from : index + 1;
    return {
      start: String(r.start ?? ''),
      end: String(r.end ?? ''),
      description: r.description === undefined ? undefined : String(r.description),
      file: ctx.file,
      line: index < 0 ? undefined : linesOf(ctx).position(index).line,
    };
  });
  return checkRanges(ranges, { demo: ctx.model?.demo, recoPolicy: ctx.scope === 'generated' });
}

/** Ranges reco-sf added whose description in the org is not the config's (the merge writes the config's). */
function descriptionDrift(change: ComponentChange, facts: DriftFacts): Diagnostic[] {
  return change.diff
    .filter((d) => d.kind === 'change' && d.path.endsWith('.description'))
    .map((d) =>
      driftAt(
        facts,
        'TRUSTED_RANGE_CHANGED',
        change.key,
        `trusted IP range ${d.path.replace(/^networkAccess\.ipRanges\[(.*)\]\.description$/, '$1')} has the description "${String(d.before)}" in the org; the config says "${String(d.after)}"`,
        { path: d.path, expected: d.after, actual: d.before },
      ),
    );
}

function rangeDrift(change: ComponentChange, facts: DriftFacts): Diagnostic[] {
  return [...missingRangeDrift(change, facts), ...descriptionDrift(change, facts)];
}

function missingRangeDrift(change: ComponentChange, facts: DriftFacts): Diagnostic[] {
  const have = new Set(rangesOf(change.current ?? undefined).map((r) => rangeKey(r)));
  return facts.model.trustedRanges
    .filter((r) => !have.has(rangeKey(r)))
    .map((r) =>
      driftAt(
        facts,
        'TRUSTED_RANGE_MISSING',
        change.key,
        `trusted IP range ${r.start === r.end ? r.start : `${r.start} – ${r.end}`}${r.description ? ` (${r.description})` : ''} is not in the org (${whyRangeMissing(r, facts)})`,
        { path: `networkAccess.ipRanges[${r.start}-${r.end}]` },
      ),
    );
}

/** A range the record shows reco-sf added was removed since; one it never added was never deployed. */
function whyRangeMissing(range: { start: string; end: string }, facts: DriftFacts): string {
  if (facts.ownedRanges === null || facts.ownedRanges.has(rangeKey(range))) return 'deleted?';
  return 'not deployed yet (run deploy)';
}

function securityStep(input: TeardownFacts, kept: string[]): KindTeardownStep[] {
  const key = SECURITY_KEY;
  const current = rangesOf(input.snapshot.metadata[key] ?? undefined);
  const ours = new Set((input.ownership?.ranges ?? []).map((r) => rangeKey(r)));
  const remove = current.filter((r) => ours.has(rangeKey(r)));
  const stay = current.filter((r) => !ours.has(rangeKey(r)));
  if (stay.length > 0) kept.push(`${stay.length} trusted IP range(s) of the org's own`);
  if (remove.length === 0) return [];
  const value = { networkAccess: { ipRanges: stay as unknown as XmlRecord[] } };
  const list = remove.map((r: IpRange) => (r.start === r.end ? r.start : `${r.start}–${r.end}`)).join(', ');
  return [
    {
      description: `remove ${remove.length} trusted IP range(s) reco-sf added (${list}); the org's ${stay.length} other(s) stay`,
      settings: {
        key,
        type: 'Settings',
        fullName: 'Security',
        rootType: 'SecuritySettings',
        value,
        ranges: {
          remove: remove.map((r) => ({ start: r.start, end: r.end })),
          seen: input.snapshot.metadata[key] ?? null,
        },
      },
    },
  ];
}

/** The ranges this change adds to the org go into the record (never the org's own). */
function recordRanges(next: Ownership, c: ComponentChange): void {
  const had = new Set(rangesOf(c.current ?? undefined).map((r) => rangeKey(r)));
  for (const r of rangesOf(c.value))
    if (!had.has(rangeKey(r))) next.ranges.push({ start: r.start, end: r.end });
}

/** .forceignore patterns that keep SecuritySettings out of every plain `sf` deploy, in both formats. */
export const SECURITY_FORCEIGNORE = ['**/Security.settings-meta.xml', '**/Security.settings'];

/**
 * The trusted-ranges hazard: deploying SecuritySettings replaces every trusted IP range of the
 * org (networkAccess) with the file's ranges (Metadata API Developer Guide, "SecuritySettings":
 * the ranges in the file become the org's list). Any file that resolves to Settings:Security,
 * whatever its name, format or package directory, must be kept out of plain `sf` deploys by
 * .forceignore; `reco-sf deploy` sends the org's ranges merged with Reco's instead. One error
 * per file a plain `sf project deploy start` would send as Settings:Security.
 */
function checkSecuritySettingsHazard(project: ProjectContext): Diagnostic[] {
  const byFile = new Map(project.parsed.map((p) => [p.file, p]));
  return project.resolved
    .filter((r) => r.type === 'Settings' && r.fullName === 'Security')
    .map((r): Diagnostic => {
      const file = byFile.get(r.file);
      const networkAccess = file?.parsed.value.networkAccess as XmlRecord | undefined;
      const count = listOf<XmlRecord>(networkAccess?.ipRanges).length;
      return {
        severity: 'error',
        code: 'TRUSTED_RANGES_HAZARD',
        message: `a plain \`sf project deploy start\` would send ${r.file} (Settings:Security) and replace all of the org's trusted IP ranges with the ${count} in this file`,
        location: fileLocation(r.file, { line: file ? (lineOf(file.text, '<networkAccess') ?? 1) : 1 }),
        source: 'policy',
        fix: `add ${SECURITY_FORCEIGNORE.join(' and ')} to .forceignore (reco-sf deploy merges the org's ranges with Reco's instead)`,
      };
    });
}

/** A Security change sending exactly `ranges` (the range watch of deploy and teardown). */
export function securityChange(ranges: IpRange[], current: XmlRecord | null): ComponentChange {
  return {
    key: SECURITY_KEY,
    type: 'Settings',
    fullName: 'Security',
    rootType: 'SecuritySettings',
    path: SECURITY_PATH,
    kindId: 'securitySettings',
    state: 'update',
    value: securityDoc(ranges),
    current,
    diff: [],
  };
}

export const securitySettingsKind: ComponentKind = {
  id: 'securitySettings',
  rootType: 'SecuritySettings',
  type: 'Settings',
  member: 'Security',
  lifecycle: 'setting',
  planSection: 'trustedRanges',
  build(model: Model): BuiltComponent[] {
    if (model.trustedRanges.length === 0) return [];
    const ranges: IpRange[] = model.trustedRanges.map((r) => ({
      ...(r.description !== undefined ? { description: r.description } : {}),
      end: r.end,
      start: r.start,
    }));
    return [
      {
        type: 'Settings',
        fullName: 'Security',
        path: SECURITY_PATH,
        rootType: 'SecuritySettings',
        value: securityDoc(ranges),
      },
    ];
  },
  merge: (desired, current, ownership) =>
    securityDoc(
      unionRanges(
        rangesOf(current),
        rangesOf(desired),
        new Set((ownership?.ranges ?? []).map((r) => rangeKey(r))),
      ),
    ),
  diff(desired, current, component): DiffItem[] {
    const have = new Map(rangesOf(current).map((r) => [rangeKey(r), r]));
    return rangesOf(desired).flatMap((r): DiffItem[] => {
      const path = `networkAccess.ipRanges[${r.start}-${r.end}]`;
      const old = have.get(rangeKey(r));
      if (!old) return [{ component, path, kind: 'add', after: descriptionOf(r) }];
      if (descriptionOf(old) === descriptionOf(r)) return [];
      return [
        {
          component,
          path: `${path}.description`,
          kind: 'change',
          before: descriptionOf(old),
          after: descriptionOf(r),
        },
      ];
    });
  },
  validateFile: (ctx, value) => checkSecurity(ctx, value),
  drift: (change, facts) => rangeDrift(change, facts),
  teardownOrder: 10,
  teardown: (facts, kept) => securityStep(facts, kept),
  recordAhead: recordRanges,
  validateProject: checkSecuritySettingsHazard,
};
