/**
 * Case 3 worker, run as its own process per size so that memory numbers are not mixed up:
 *   node --expose-gc scale-worker.js ranges <N> <runs>
 *   node --expose-gc scale-worker.js permset <N> <runs>
 * Prints one JSON line: { times: ms[], heapMb, rssMb, problems }.
 *
 * `ranges`: an org holding N random trusted ranges (IPv4 and IPv6, about a third overlapping
 * their neighbour) and our three; the work measured is what a deploy does with them: merge
 * (union), render the Security settings file, and validate it (structure + range rules).
 * `permset`: validate a permission set file holding N user permissions (structure + rules
 * against the project's config), as `reco-sf validate` does for every file.
 */
import { join } from 'node:path';
import { PERMISSIONS } from '../../scripts/catalog/catalog';
import { securitySettingsKind } from '../../scripts/components/securitySettings';
import { runOfflinePipeline } from '../../scripts/generate/pipeline';
import { parseMetadata, renderMetadata, type XmlRecord } from '../../scripts/core/xml';
import { checkMetadataRules } from '../../scripts/validate/file-rules';
import { checkMetadataText } from '../../scripts/validate/structure';
import type { Diagnostic } from '../../scripts/core/diagnostic';
import type { Model } from '../../scripts/core/model';

/** mulberry32: a small seeded PRNG, so every run sees the same "random" org. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function v4(value: number): string {
  return [24, 16, 8, 0].map((s) => (value >>> s) & 255).join('.');
}

function v6(value: bigint): string {
  const groups: string[] = [];
  for (let i = 7; i >= 0; i--) groups.push(((value >> BigInt(i * 16)) & 0xffffn).toString(16));
  return groups.join(':');
}

/** N org ranges: public IPv4 (first octet 20–99) and global IPv6 (2a0x::/16s); ~1/3 overlap the previous one. */
export function randomOrgRanges(
  n: number,
  seed = 42,
): Array<{ start: string; end: string; description: string }> {
  const random = prng(seed);
  const out: Array<{ start: string; end: string; description: string }> = [];
  let last4: { start: number; end: number } | undefined;
  let last6: { start: bigint; end: bigint } | undefined;
  for (let i = 0; i < n; i++) {
    const overlap = random() < 0.33;
    if (random() < 0.7) {
      const size = 1 + Math.floor(random() * 4096);
      const start =
        overlap && last4
          ? last4.start + Math.floor(random() * (last4.end - last4.start + 1))
          : (20 + Math.floor(random() * 80)) * 2 ** 24 + Math.floor(random() * 2 ** 24);
      const end = Math.min(start + size - 1, 2 ** 32 - 1);
      last4 = { start, end };
      out.push({ start: v4(start), end: v4(end), description: `org range ${i}` });
    } else {
      const prefix = BigInt(0x2a00 + Math.floor(random() * 16)) << 112n;
      const start =
        overlap && last6
          ? last6.start + (last6.end - last6.start) / 2n
          : prefix | (BigInt(Math.floor(random() * 2 ** 32)) << 80n);
      const end = start + (1n << BigInt(64 + Math.floor(random() * 16))) - 1n;
      last6 = { start, end };
      out.push({ start: v6(start), end: v6(end), description: `org range ${i}` });
    }
  }
  return out;
}

const OURS: XmlRecord = {
  networkAccess: {
    ipRanges: [
      { start: '203.0.113.0', end: '203.0.113.255', description: 'Reco egress pool' },
      { start: '198.51.100.10', end: '198.51.100.20', description: 'Reco egress pool' },
      { start: '2001:db8:7ec0::', end: '2001:db8:7ec0:ffff:ffff:ffff:ffff:ffff', description: 'Reco IPv6' },
    ],
  },
};

const SECURITY_FILE = 'force-app/main/default/settings/Security.settings-meta.xml';
const PERMSET_FILE = 'force-app/main/default/permissionsets/Bloated.permissionset-meta.xml';

function mergeAndValidate(org: XmlRecord): Diagnostic[] {
  const merged = securitySettingsKind.merge(OURS, org);
  const text = renderMetadata('SecuritySettings', merged);
  const structural = checkMetadataText(text, SECURITY_FILE);
  return [...structural, ...checkMetadataRules(parseMetadata(text, SECURITY_FILE), SECURITY_FILE, text)];
}

/** A permission set as found in a customer's org: N enabled user permissions, a few object permissions. */
export function bloatedPermissionSet(n: number): string {
  const known = PERMISSIONS.map((p) => p.apiName).filter((a): a is string => a !== null);
  const names = new Set<string>(known.slice(0, Math.min(known.length, n)));
  for (let i = 0; names.size < n; i++) names.add(`OrgPermission${String(i).padStart(4, '0')}`);
  const value: XmlRecord = {
    description: 'Everything anyone ever asked for',
    hasActivationRequired: false,
    label: 'Bloated',
    objectPermissions: ['Account', 'Contact', 'Case', 'Opportunity'].map((object) => ({
      allowCreate: false,
      allowDelete: false,
      allowEdit: false,
      allowRead: true,
      modifyAllRecords: false,
      object,
      viewAllRecords: false,
    })),
    userPermissions: [...names].sort().map((name) => ({ enabled: true, name })),
  };
  return renderMetadata('PermissionSet', value);
}

function validatePermissionSet(text: string, model: Model | undefined): Diagnostic[] {
  const structural = checkMetadataText(text, PERMSET_FILE);
  return [...structural, ...checkMetadataRules(parseMetadata(text, PERMSET_FILE), PERMSET_FILE, text, model)];
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function timed(work: () => Diagnostic[]): { ms: number; heapMb: number; problems: number } {
  gc();
  const before = process.memoryUsage().heapUsed;
  const started = process.hrtime.bigint();
  const result = work();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  // Heap still held when the work ends (the merged document, the parse tree, the problems), before any GC.
  const heapMb = (process.memoryUsage().heapUsed - before) / 2 ** 20;
  return { ms, heapMb, problems: result.length };
}

function rangesWork(n: number): () => Diagnostic[] {
  const org: XmlRecord = { networkAccess: { ipRanges: randomOrgRanges(n) } };
  return () => mergeAndValidate(org);
}

function permsetWork(n: number): () => Diagnostic[] {
  const repo = join(__dirname, '..', '..', '..');
  const model = runOfflinePipeline(repo, join(repo, 'config', 'reco.config.json')).model;
  const text = bloatedPermissionSet(n);
  return () => validatePermissionSet(text, model);
}

export interface WorkerResult {
  /** Per size: the measured times (ms), the largest heap growth (MB) and the problem count. */
  sizes: Record<string, { times: number[]; heapMb: number; problems: number }>;
  /** Peak RSS of this worker process (MB). */
  rssMb: number;
}

/**
 * `ranges|permset <sizes,comma-separated> <rounds>`: one warm-up round, then rounds that visit
 * the sizes in turn (100, 1000, 10000, 100, …) so that drift hits every size alike.
 */
function main(): void {
  const [mode, sizesText, roundsText] = process.argv.slice(2);
  const sizes = (sizesText ?? '').split(',').map(Number);
  const rounds = Number(roundsText);
  if (sizes.some((n) => !Number.isInteger(n) || n < 1) || !Number.isInteger(rounds) || rounds < 1)
    throw new Error('usage: ranges|permset <N[,N…]> <rounds>');
  const make = mode === 'ranges' ? rangesWork : mode === 'permset' ? permsetWork : undefined;
  if (!make) throw new Error(`unknown mode ${String(mode)}`);
  const works = sizes.map((n) => ({ n, work: make(n) }));
  const result: WorkerResult = { sizes: {}, rssMb: 0 };
  for (const { n } of works) result.sizes[String(n)] = { times: [], heapMb: 0, problems: 0 };
  for (let round = 0; round <= rounds; round++) {
    for (const { n, work } of works) {
      const sample = timed(work);
      if (round === 0) continue; // warm-up: JIT
      const entry = result.sizes[String(n)];
      entry.times.push(sample.ms);
      entry.heapMb = Math.max(entry.heapMb, sample.heapMb);
      entry.problems = sample.problems;
    }
  }
  result.rssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

if (require.main === module) main();
