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
import { listOf, type XmlRecord } from '../core/xml';
import { SOURCE_ROOT, type BuiltComponent, type ComponentKind, type DiffItem } from './types';

export function rangesOf(value: XmlRecord | undefined): IpRange[] {
  const networkAccess = value?.networkAccess;
  if (!networkAccess || typeof networkAccess !== 'object' || Array.isArray(networkAccess)) return [];
  return listOf<XmlRecord>(networkAccess.ipRanges).map((r) => ({
    ...(r.description !== undefined ? { description: String(r.description) } : {}),
    end: String(r.end ?? ''),
    start: String(r.start ?? ''),
  }));
}

/** The org's ranges followed by ours that it lacks. */
export function unionRanges(current: IpRange[], ours: IpRange[]): IpRange[] {
  const have = new Set(current.map((r) => rangeKey(r)));
  const added = ours.filter((r) => {
    const key = rangeKey(r);
    if (have.has(key)) return false;
    have.add(key);
    return true;
  });
  return [...current, ...added];
}

function securityDoc(ranges: IpRange[]): XmlRecord {
  return { networkAccess: { ipRanges: ranges as unknown as XmlRecord[] } };
}

export const securitySettingsKind: ComponentKind = {
  id: 'securitySettings',
  rootType: 'SecuritySettings',
  type: 'Settings',
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
        path: `${SOURCE_ROOT}/settings/Security.settings-meta.xml`,
        rootType: 'SecuritySettings',
        value: securityDoc(ranges),
      },
    ];
  },
  merge: (desired, current) => securityDoc(unionRanges(rangesOf(current), rangesOf(desired))),
  diff(desired, current, component): DiffItem[] {
    const have = new Set(rangesOf(current).map((r) => rangeKey(r)));
    return rangesOf(desired)
      .filter((r) => !have.has(rangeKey(r)))
      .map((r) => ({
        component,
        path: `networkAccess.ipRanges[${r.start}-${r.end}]`,
        kind: 'add' as const,
        after: r.description ?? '',
      }));
  },
};
