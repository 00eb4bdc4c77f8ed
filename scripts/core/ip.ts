/**
 * IP range maths for trusted ranges. Parsing and special-range classification come from
 * ipaddr.js (it knows every IANA special block for both families); we add BigInt arithmetic
 * for sizes, ordering and overlap.
 */
import ipaddr from 'ipaddr.js';
import { LIMITS } from '../catalog/catalog';

export type IpFamily = 4 | 6;

export interface ParsedIp {
  family: IpFamily;
  value: bigint;
  /** Canonical text (IPv6 compressed, lower case). */
  text: string;
}

export interface IpRangeInput {
  start: string;
  end: string;
  description?: string;
}

export interface ParsedRange {
  start: ParsedIp;
  end: ParsedIp;
  description?: string;
}

/** Strict parse: IPv4 must be four decimal octets (no octal/hex/short forms that ipaddr.js would accept). */
export function parseIp(text: string): ParsedIp | undefined {
  const trimmed = text.trim();
  if (trimmed !== text || trimmed === '') return undefined;
  if (trimmed.includes(':')) {
    if (!ipaddr.IPv6.isValid(trimmed)) return undefined;
    const addr = ipaddr.IPv6.parse(trimmed);
    return { family: 6, value: bytesToBigInt(addr.toByteArray()), text: addr.toString() };
  }
  if (!/^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/.test(trimmed))
    return undefined;
  const addr = ipaddr.IPv4.parse(trimmed);
  return { family: 4, value: bytesToBigInt(addr.toByteArray()), text: addr.toString() };
}

function bytesToBigInt(bytes: number[]): bigint {
  return bytes.reduce((acc, b) => (acc << 8n) | BigInt(b), 0n);
}

function bigIntToText(value: bigint, family: IpFamily): string {
  const count = family === 4 ? 4 : 16;
  const bytes: number[] = [];
  for (let i = count - 1; i >= 0; i--) bytes.push(Number((value >> BigInt(i * 8)) & 0xffn));
  return ipaddr.fromByteArray(bytes).toString();
}

/** Expands `a.b.c.d/n` or `x::/n` into its first and last address; undefined when not valid CIDR. */
export function cidrToRange(cidr: string): { start: string; end: string } | undefined {
  const match = /^(.+)\/(\d{1,3})$/.exec(cidr.trim());
  if (!match) return undefined;
  const base = parseIp(match[1]);
  const prefix = Number(match[2]);
  if (!base) return undefined;
  const bits = base.family === 4 ? 32 : 128;
  if (prefix > bits) return undefined;
  const hostBits = BigInt(bits - prefix);
  const mask = (1n << hostBits) - 1n;
  const start = base.value & ~mask & ((1n << BigInt(bits)) - 1n);
  const end = start | mask;
  return { start: bigIntToText(start, base.family), end: bigIntToText(end, base.family) };
}

export function rangeSize(range: ParsedRange): bigint {
  return range.end.value - range.start.value + 1n;
}

export function maxRangeSize(family: IpFamily): bigint {
  return family === 4 ? LIMITS.ipv4MaxAddresses : LIMITS.ipv6MaxAddresses;
}

export function overlaps(a: ParsedRange, b: ParsedRange): boolean {
  return a.start.family === b.start.family && a.start.value <= b.end.value && b.start.value <= a.end.value;
}

/** The ipaddr.js range name ('private', 'loopback', 'reserved', …) when an address is not public unicast. */
export function specialRangeOf(ip: ParsedIp): string | undefined {
  const addr = ipaddr.parse(ip.text);
  const name = addr.range();
  return name === 'unicast' ? undefined : name;
}

/** Identity of a range for merging: exact start and end, compared canonically. */
export function rangeKey(range: { start: string; end: string }): string {
  const start = parseIp(range.start)?.text ?? range.start;
  const end = parseIp(range.end)?.text ?? range.end;
  return `${start}-${end}`;
}

/** Finds every overlapping pair in one pass over ranges sorted by start (n log n + pairs reported). */
export function overlappingPairs(ranges: ParsedRange[]): Array<[number, number]> {
  const order = ranges
    .map((r, i) => ({ r, i }))
    .sort((x, y) =>
      x.r.start.family !== y.r.start.family
        ? x.r.start.family - y.r.start.family
        : x.r.start.value < y.r.start.value
          ? -1
          : x.r.start.value > y.r.start.value
            ? 1
            : 0,
    );
  const pairs: Array<[number, number]> = [];
  const active: Array<{ r: ParsedRange; i: number }> = [];
  for (const item of order) {
    for (let k = active.length - 1; k >= 0; k--) {
      const other = active[k];
      if (other.r.start.family !== item.r.start.family || other.r.end.value < item.r.start.value)
        active.splice(k, 1);
    }
    for (const other of active) pairs.push([Math.min(other.i, item.i), Math.max(other.i, item.i)]);
    active.push(item);
  }
  return pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}

const DOCUMENTATION_BLOCKS = ['192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24', '2001:db8::/32'].map(
  (c) => cidrToRange(c) as { start: string; end: string },
);

/** RFC 5737 / RFC 3849 documentation ranges: what example configs should use. */
export function isDocumentationRange(range: ParsedRange): boolean {
  return DOCUMENTATION_BLOCKS.some((block) => {
    const start = parseIp(block.start) as ParsedIp;
    const end = parseIp(block.end) as ParsedIp;
    return (
      start.family === range.start.family && range.start.value >= start.value && range.end.value <= end.value
    );
  });
}
