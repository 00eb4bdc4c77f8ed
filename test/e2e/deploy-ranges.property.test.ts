/**
 * Property: whatever trusted ranges the org has and the config asks for, after `reco-sf deploy`
 * (and after a failed deploy followed by a re-run) the org holds exactly their union: the org's
 * own ranges first, unchanged and in order, then the config's that it lacked (identity = exact
 * start and end). Runs against the in-process emulator, its store reset between runs.
 */
import fc from 'fast-check';
import { rangeKey } from '../../scripts/core/ip';
import type { EmulatorHandle } from '../../scripts/emulator';
import { useHarnessOrg } from './deploy-harness';

interface Range {
  start: string;
  end: string;
  description?: string;
}

const ipv4 = (n: number): string => [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.');
/** Public-looking IPv4 ranges (first octet 11–99), up to 4096 addresses. */
const rangeArb: fc.Arbitrary<Range> = fc
  .tuple(
    fc.integer({ min: 11 * 2 ** 24, max: 100 * 2 ** 24 - 5000 }),
    fc.integer({ min: 0, max: 4095 }),
    fc.option(
      fc.string({ minLength: 1, maxLength: 20 }).map((s) => s.replace(/[^\w ]/g, 'x')),
      { nil: undefined },
    ),
  )
  .map(([start, size, description]) => ({
    start: ipv4(start),
    end: ipv4(start + size),
    ...(description ? { description } : {}),
  }));
const rangesArb = (max: number): fc.Arbitrary<Range[]> =>
  fc.uniqueArray(rangeArb, { maxLength: max, selector: (r) => rangeKey(r) });

function orgRanges(org: EmulatorHandle): Range[] {
  const value = org.store.getMetadata('Settings', 'Security')?.value as
    { networkAccess?: { ipRanges?: Range[] } } | undefined;
  return value?.networkAccess?.ipRanges ?? [];
}

function union(existing: Range[], requested: Range[]): string[] {
  const keys = existing.map((r) => rangeKey(r));
  for (const r of requested) if (!keys.includes(rangeKey(r))) keys.push(rangeKey(r));
  return keys;
}

describe('trusted ranges after deploy (property)', () => {
  const { h, org } = useHarnessOrg({ shape: ['shield', 'sandbox'] });
  let clean: unknown;

  beforeAll(async () => {
    clean = org.store.snapshot();
  });

  it("the org ends with exactly the union of its ranges and the config's", async () => {
    await fc.assert(
      fc.asyncProperty(
        rangesArb(8),
        rangesArb(5),
        fc.integer({ min: 0, max: 3 }),
        fc.boolean(),
        async (existing, fresh, reuse, failFirst) => {
          org.store.restore(clean);
          org.setFaults({});
          if (existing.length > 0)
            org.store.putMetadata('Settings', 'Security', {
              networkAccess: { ipRanges: existing.map((r) => ({ ...r })) },
            });
          // Some requested ranges are ones the org already has (maybe described differently): they must not be duplicated.
          const requested = [
            ...existing.slice(0, reuse).map((r) => ({ start: r.start, end: r.end, description: 'ours' })),
            ...fresh.filter((r) => !existing.some((e) => rangeKey(e) === rangeKey(r))),
          ];
          h.writeConfig(
            (c) =>
              (c.trustedIpRanges = requested.map((r) => ({
                start: r.start,
                end: r.end,
                ...(r.description ? { description: r.description } : {}),
              }))),
          );
          if (failFirst) {
            org.setFaults({ componentFailure: { type: 'PermissionSet', fullName: 'Reco_Integration' } });
            const failed = await h.run(['deploy', '--target-org', 'emu', '--json']);
            expect(failed.code).toBe(1);
            expect(orgRanges(org)).toEqual(existing);
            org.setFaults({});
          }
          const run = await h.run(['deploy', '--target-org', 'emu', '--json']);
          expect(run.code).toBe(0);
          const after = orgRanges(org);
          expect(after.map((r) => rangeKey(r))).toEqual(union(existing, requested));
          expect(after.slice(0, existing.length)).toEqual(existing);
        },
      ),
      { numRuns: 25 },
    );
  });
});
