/**
 * Trusted IP range rules, shared by the config check, the file check and the org merge:
 * valid addresses, one family per range, start ≤ end, Salesforce's size limits, duplicates and
 * overlaps among the given ranges, and a warning for private or reserved space.
 */
import { fileLocation, type Diagnostic, type Severity } from '../core/diagnostic';
import {
  coversTooMuch,
  isDocumentationRange,
  maxRangeSize,
  overlappingPairs,
  parseIp,
  rangeKey,
  rangeSize,
  specialRangeOf,
  type ParsedRange,
} from '../core/ip';
import { LIMITS } from '../catalog/catalog';

export interface RangeToCheck {
  start: string;
  end: string;
  description?: string;
  /** Where the range came from, for messages. */
  file: string;
  line?: number;
  field?: string;
  /** Shown in messages, e.g. the CIDR the user wrote. */
  label?: string;
}

function at(
  range: RangeToCheck,
  severity: Severity,
  code: string,
  message: string,
  fix?: string,
): Diagnostic {
  const location = fileLocation(range.file, { line: range.line, path: range.field });
  return { severity, code, message, location, source: 'salesforce', ...(fix ? { fix } : {}) };
}

function describe(range: RangeToCheck): string {
  return range.label ?? `${range.start}–${range.end}`;
}

/** Checks one range on its own; returns the parsed range when it is usable for pairwise checks. */
function checkOne(
  range: RangeToCheck,
  problems: Diagnostic[],
  options: RangeCheckOptions,
): ParsedRange | undefined {
  const start = parseIp(range.start);
  const end = parseIp(range.end);
  const zoned = [range.start, range.end].find((a) => a.includes('%'));
  if (zoned) {
    problems.push(
      at(
        range,
        'error',
        'IP_ZONE_ID',
        `"${zoned}" carries a zone id (%…), which names a network interface of one host, not an address Salesforce can trust`,
        `write ${zoned.replace(/%.*$/, '')}`,
      ),
    );
    return undefined;
  }
  if (!start)
    problems.push(
      at(range, 'error', 'IP_INVALID', `start address "${range.start}" is not a valid IPv4 or IPv6 address`),
    );
  if (!end)
    problems.push(
      at(range, 'error', 'IP_INVALID', `end address "${range.end}" is not a valid IPv4 or IPv6 address`),
    );
  if (range.description !== undefined && range.description.length > LIMITS.descriptionMax) {
    problems.push(
      at(
        range,
        'error',
        'IP_DESCRIPTION_TOO_LONG',
        `description is ${range.description.length} characters; the limit is ${LIMITS.descriptionMax}`,
      ),
    );
  }
  if (!start || !end) return undefined;
  if (start.family !== end.family) {
    problems.push(
      at(
        range,
        'error',
        'IP_MIXED_FAMILY',
        `range ${describe(range)} mixes IPv${start.family} and IPv${end.family}`,
        'both ends must be the same family',
      ),
    );
    return undefined;
  }
  if (start.value > end.value) {
    problems.push(
      at(
        range,
        'error',
        'IP_REVERSED',
        `range ${describe(range)} starts after it ends`,
        `swap them: start ${range.end}, end ${range.start}`,
      ),
    );
    return undefined;
  }
  const parsed: ParsedRange = { start, end, description: range.description };
  const size = rangeSize(parsed);
  const limit = maxRangeSize(start.family);
  if (size > limit) {
    const smallest = start.family === 4 ? '/7' : '/32';
    problems.push(
      at(
        range,
        'error',
        'IP_RANGE_TOO_LARGE',
        `range ${describe(range)} holds ${size} addresses; Salesforce allows at most ${limit} (a ${smallest}) for IPv${start.family}`,
        'split it or narrow it',
      ),
    );
  }
  const special = specialRangeOf(start) ?? specialRangeOf(end);
  // Reco's policy, not Salesforce's: only for ranges the config asks for (options.recoPolicy).
  if (special && options.recoPolicy !== false && !(options.demo && isDocumentationRange(parsed))) {
    problems.push({
      ...at(
        range,
        'warning',
        'IP_SPECIAL_RANGE',
        `range ${describe(range)} is in ${special} address space; Reco connects from public addresses`,
        'check the range with Reco Support',
      ),
      source: 'policy',
    });
  }
  return parsed;
}

export interface RangeCheckOptions {
  /** A demo config: documentation ranges (203.0.113.0/24, 2001:db8::/32, …) are expected, not warned about. */
  demo?: boolean;
  /**
   * Apply Reco's policy (IP_SPECIAL_RANGE: Reco connects from public addresses); default true.
   * False for another team's Security settings file, which only Salesforce's rules judge.
   */
  recoPolicy?: boolean;
}

export function checkRanges(ranges: RangeToCheck[], options: RangeCheckOptions = {}): Diagnostic[] {
  const problems: Diagnostic[] = [];
  const parsed: Array<{ range: RangeToCheck; parsed: ParsedRange }> = [];
  for (const range of ranges) {
    const p = checkOne(range, problems, options);
    if (p) parsed.push({ range, parsed: p });
  }
  const seen = new Map<string, RangeToCheck>();
  const duplicates = new Set<number>();
  parsed.forEach(({ range }, index) => {
    const key = rangeKey(range);
    const first = seen.get(key);
    if (first) {
      duplicates.add(index);
      problems.push(
        at(
          range,
          'error',
          'IP_DUPLICATE',
          `range ${describe(range)} is listed twice (first at ${first.field ?? first.line ?? first.file})`,
        ),
      );
    } else seen.set(key, range);
  });
  for (const { family, share } of coversTooMuch(parsed.map((p) => p.parsed))) {
    const first = parsed[0].range;
    problems.push({
      severity: 'error',
      code: 'IP_RANGES_COVER_ALL',
      message: `together these ranges trust ${share}% of all IPv${family} addresses (IPv4 written as IPv4-mapped, IPv4-compatible, NAT64, 6to4 or Teredo IPv6 included); a trusted range skips the login IP check, so this trusts nearly anyone`,
      location: fileLocation(first.file, { path: first.field?.replace(/\/\d+$/, ''), line: first.line }),
      source: 'salesforce',
      fix: "list only Reco's egress ranges (see the vendor guide); never 0.0.0.0/1-style halves or ::ffff:0:0/96",
    });
  }
  for (const [a, b] of overlappingPairs(parsed.map((p) => p.parsed))) {
    if (duplicates.has(a) || duplicates.has(b)) continue;
    const first = parsed[a].range;
    const second = parsed[b].range;
    problems.push(
      at(
        second,
        'warning',
        'IP_OVERLAP',
        `range ${describe(second)} overlaps ${describe(first)}`,
        'merge them into one range',
      ),
    );
  }
  return problems;
}
