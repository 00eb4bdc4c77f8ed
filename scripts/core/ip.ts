/**
 * IP range maths for trusted ranges. Parsing and special-range classification come from
 * ipaddr.js (it knows every IANA special block for both families); we add BigInt arithmetic
 * for sizes, ordering and overlap.
 */
import ipaddr from 'ipaddr.js';
import { LIMITS } from '../catalog/catalog';
import type { Diagnostic } from './diagnostic';

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
  // A zone id (fe80::1%eth0) names an interface of one host; Salesforce has no such thing.
  if (trimmed !== text || trimmed === '' || trimmed.includes('%')) return undefined;
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

/** A CIDR written other than canonically: code IP_ZONE_ID or IP_CIDR_NOT_CANONICAL, the canonical form in the fix and in `data.canonical`. */
function notCanonical(
  code: 'IP_ZONE_ID' | 'IP_CIDR_NOT_CANONICAL',
  message: string,
  canonical: string,
): Diagnostic {
  return {
    code,
    severity: 'error',
    source: 'salesforce',
    message,
    fix: `write "${canonical}"`,
    data: { canonical },
  };
}

/**
 * Why a CIDR the parser can read must still not be accepted as written: a zone id, a prefix
 * with a leading zero or sign (`/024`), or host bits set (`34.117.88.5/28`, whose block is
 * `34.117.88.0/28`). Salesforce stores start and end addresses, so the config must say exactly
 * the block it means; it is never rewritten silently. Undefined when the CIDR is canonical.
 */
export function cidrProblem(cidr: string): Diagnostic | undefined {
  const match = /^(.+)\/([0-9]+)$/.exec(cidr);
  if (!match) return undefined;
  if (match[1].includes('%'))
    return notCanonical(
      'IP_ZONE_ID',
      `"${cidr}" carries a zone id (%…), which names a network interface of one host, not an address range`,
      `${match[1].replace(/%.*$/, '')}/${match[2]}`,
    );
  const expanded = cidrToRange(cidr);
  if (!expanded) return undefined;
  const prefix = Number(match[2]);
  const canonical = `${expanded.start}/${prefix}`;
  const base = parseIp(match[1]) as ParsedIp;
  if (String(prefix) !== match[2])
    return notCanonical(
      'IP_CIDR_NOT_CANONICAL',
      `"${cidr}" writes the prefix length as "/${match[2]}"`,
      canonical,
    );
  if (base.text !== (parseIp(expanded.start) as ParsedIp).text)
    return notCanonical(
      'IP_CIDR_NOT_CANONICAL',
      `"${cidr}" has host bits set: the /${prefix} block holding ${base.text} starts at ${expanded.start}`,
      canonical,
    );
  return undefined;
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

/** Half of an address family or more: no allow-list of a vendor's egress needs that much. */
export const COVER_ALL_SHARE = { numerator: 1n, denominator: 2n };

interface Interval {
  lo: bigint;
  hi: bigint;
}

const IPV4_ALL = (1n << 32n) - 1n;

/**
 * IPv6 blocks that carry an IPv4 address, and where: the low 32 bits (IPv4-mapped ::ffff:0:0/96,
 * RFC 4291 §2.5.5.2; IPv4-compatible ::/96, §2.5.5.1; NAT64 64:ff9b::/96, RFC 6052), bits 80–111
 * (6to4 2002::/16, RFC 3056), or the low 32 bits inverted (Teredo 2001::/32 client, RFC 4380).
 */
const EMBEDDING: Array<{ block: string; shift: bigint; inverted: boolean }> = [
  { block: '::ffff:0:0/96', shift: 0n, inverted: false },
  { block: '::/96', shift: 0n, inverted: false },
  { block: '64:ff9b::/96', shift: 0n, inverted: false },
  { block: '2002::/16', shift: 80n, inverted: false },
  { block: '2001::/32', shift: 0n, inverted: true },
];

function embeddedIpv4(range: ParsedRange): Interval[] {
  const out: Interval[] = [];
  for (const { block, shift, inverted } of EMBEDDING) {
    const b = cidrToRange(block) as { start: string; end: string };
    const blockStart = (parseIp(b.start) as ParsedIp).value;
    const blockEnd = (parseIp(b.end) as ParsedIp).value;
    const lo = range.start.value > blockStart ? range.start.value : blockStart;
    const hi = range.end.value < blockEnd ? range.end.value : blockEnd;
    if (lo > hi) continue;
    const a = (lo >> shift) & IPV4_ALL;
    const z = (hi >> shift) & IPV4_ALL;
    // Spanning more than one embedded copy of IPv4 (or wrapping) covers all of it.
    if ((hi >> shift) - (lo >> shift) > IPV4_ALL || a > z) out.push({ lo: 0n, hi: IPV4_ALL });
    else out.push(inverted ? { lo: IPV4_ALL - z, hi: IPV4_ALL - a } : { lo: a, hi: z });
  }
  return out;
}

function unionSize(intervals: Interval[]): bigint {
  const sorted = [...intervals].sort((x, y) => (x.lo < y.lo ? -1 : x.lo > y.lo ? 1 : 0));
  let total = 0n;
  let current: Interval | undefined;
  for (const i of sorted) {
    if (current && i.lo <= current.hi + 1n) {
      if (i.hi > current.hi) current.hi = i.hi;
    } else {
      if (current) total += current.hi - current.lo + 1n;
      current = { ...i };
    }
  }
  if (current) total += current.hi - current.lo + 1n;
  return total;
}

export interface Coverage {
  /** Distinct IPv4 addresses trusted, counting IPv4 written in IPv6 notations (mapped, 6to4, …). */
  ipv4: bigint;
  ipv6: bigint;
}

/** How much of each family a set of ranges trusts, overlaps counted once. */
export function coverage(ranges: ParsedRange[]): Coverage {
  const v4: Interval[] = [];
  const v6: Interval[] = [];
  for (const r of ranges) {
    if (r.start.family === 4) v4.push({ lo: r.start.value, hi: r.end.value });
    else {
      v6.push({ lo: r.start.value, hi: r.end.value });
      v4.push(...embeddedIpv4(r));
    }
  }
  return { ipv4: unionSize(v4), ipv6: unionSize(v6) };
}

/** Which families a set of ranges trusts half of or more (see COVER_ALL_SHARE). */
export function coversTooMuch(ranges: ParsedRange[]): Array<{ family: IpFamily; share: number }> {
  const { ipv4, ipv6 } = coverage(ranges);
  const out: Array<{ family: IpFamily; share: number }> = [];
  const check = (family: IpFamily, covered: bigint, bits: bigint): void => {
    const space = 1n << bits;
    if (covered * COVER_ALL_SHARE.denominator >= space * COVER_ALL_SHARE.numerator)
      out.push({ family, share: Number((covered * 10000n) / space) / 100 });
  };
  check(4, ipv4, 32n);
  check(6, ipv6, 128n);
  return out;
}
