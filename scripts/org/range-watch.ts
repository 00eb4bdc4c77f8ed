/**
 * Watching the org's trusted ranges during a run that deploys SecuritySettings (which replaces
 * every range): re-read them right before a quick deploy, and after the run find any range seen
 * during it that is gone. Shared by deploy and teardown.
 */
import type { Connection } from '@salesforce/core';
import {
  rangesOf,
  SECURITY_KEY,
  SECURITY_PATH,
  securityChange,
  type IpRange,
} from '../components/securitySettings';
import { rangeKey } from '../core/ip';
import type { XmlRecord } from '../core/xml';
import { retrieveComponents } from './retrieve';

export { SECURITY_KEY, SECURITY_PATH, securityChange };

/** The org's SecuritySettings now (one retrieve: retrieve + checkRetrieveStatus). */
export async function readSecurity(conn: Connection, apiVersion: string): Promise<XmlRecord | null> {
  const read = await retrieveComponents(conn, apiVersion, [
    { type: 'Settings', fullName: 'Security', path: SECURITY_PATH },
  ]);
  return read[SECURITY_KEY] ?? null;
}

const keysOf = (value: XmlRecord | null | undefined): string[] =>
  rangesOf(value ?? undefined).map((r) => rangeKey(r));

/** Same ranges in the same order (descriptions aside). */
export function sameRanges(a: XmlRecord | null | undefined, b: XmlRecord | null | undefined): boolean {
  return keysOf(a).join(',') === keysOf(b).join(',');
}

/** Ranges of any `seen` value that `now` lacks, except those in `skip` (withdrawn or removed on purpose). */
export function lostRanges(
  seen: Array<XmlRecord | null | undefined>,
  now: XmlRecord | null | undefined,
  skip: Array<{ start: string; end: string }>,
): IpRange[] {
  const have = new Set(keysOf(now));
  const skipped = new Set(skip.map((r) => rangeKey(r)));
  const lost = new Map<string, IpRange>();
  for (const value of seen)
    for (const r of rangesOf(value ?? undefined))
      if (!have.has(rangeKey(r)) && !skipped.has(rangeKey(r))) lost.set(rangeKey(r), r);
  return [...lost.values()];
}
