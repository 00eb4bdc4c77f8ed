/**
 * The fleet's pure parts: the bounded pool, target selection, the per-org outcome, the table,
 * the JSON and the exit code. No org, no network.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Diagnostic } from '../../scripts/core/diagnostic';
import { RecoError } from '../../scripts/core/errors';
import {
  changedCount,
  concurrencyOf,
  fleetExitCode,
  fleetJsonOrgs,
  fleetWarnings,
  formatFleetTable,
  formatOrgError,
  parseTargets,
  runFleet,
  runPool,
  selectTargets,
  statusOf,
  type FleetOutcome,
  type OrgRunResult,
} from '../../scripts/org/fleet';

const warn = (message: string): Diagnostic => ({
  code: 'LOCK_TAKEN_OVER',
  severity: 'warning',
  source: 'tool',
  message,
});
const tick = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const deployed = (changed = 2): OrgRunResult => ({
  noChanges: false,
  dryRun: false,
  summary: [
    ...Array.from({ length: changed }, () => ({ state: 'created' })),
    { state: 'unchanged' },
    { state: 'skipped' },
  ],
});
const unchanged: OrgRunResult = { noChanges: true, dryRun: false, summary: [{ state: 'unchanged' }] };

function outcome(target: string, result: OrgRunResult | undefined, error?: unknown): FleetOutcome {
  return {
    target,
    durationMs: 1234,
    warnings: [],
    ...(result ? { result } : {}),
    ...(error !== undefined ? { error } : {}),
  };
}

const deployFailed = new RecoError('DEPLOY_FAILED', 'deploy 0Af failed', { exitCode: 1 });
const refused = new RecoError('PRODUCTION_NOT_CONFIRMED', 'prod', { fix: 'pass --yes' });

describe('runPool', () => {
  it('never runs more than the limit at once, and runs every item once, results in input order', async () => {
    let running = 0;
    let peak = 0;
    const seen: number[] = [];
    const results = await runPool(
      Array.from({ length: 20 }, (_, i) => i),
      3,
      async (n) => {
        running++;
        peak = Math.max(peak, running);
        seen.push(n);
        await tick(n % 4);
        running--;
        return n * 10;
      },
    );
    expect(peak).toBe(3);
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : -1))).toEqual(
      Array.from({ length: 20 }, (_, i) => i * 10),
    );
  });

  it('records a failure (thrown or rejected) and carries on with the others', async () => {
    const results = await runPool(['a', 'boom', 'c', 'sync', 'e'], 2, (item) => {
      if (item === 'sync') throw new Error('sync throw');
      return item === 'boom' ? Promise.reject(new Error('boom')) : tick(1).then(() => item.toUpperCase());
    });
    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    expect(results[4]).toEqual({ status: 'fulfilled', value: 'E' });
  });

  it('with a limit above the item count, or an empty list, still finishes', async () => {
    expect(await runPool([1, 2], 64, (n) => Promise.resolve(n))).toHaveLength(2);
    expect(await runPool([], 4, () => Promise.resolve(0))).toEqual([]);
  });

  it('with concurrency 1 runs strictly one after the other', async () => {
    const log: string[] = [];
    await runPool(['x', 'y', 'z'], 1, async (s) => {
      log.push(`start ${s}`);
      await tick(2);
      log.push(`end ${s}`);
    });
    expect(log).toEqual(['start x', 'end x', 'start y', 'end y', 'start z', 'end z']);
  });
});

describe('runFleet', () => {
  it('runs each org with its own progress and warnings; one failure does not stop the others', async () => {
    const lines: string[] = [];
    let running = 0;
    let peak = 0;
    const outcomes = await runFleet({
      targets: ['a', 'b', 'c', 'd', 'e'],
      concurrency: 2,
      sharedWarnings: [warn('shared')],
      stream: { write: (t) => lines.push(t) },
      runOne: async (target, ctx) => {
        running++;
        peak = Math.max(peak, running);
        ctx.progress.update('working');
        ctx.warnings.push(warn(`own ${target}`));
        await tick(3);
        running--;
        if (target === 'b') throw deployFailed;
        return deployed();
      },
    });
    expect(peak).toBe(2);
    expect(outcomes.map((o) => o.target)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(outcomes.map(statusOf)).toEqual(['deployed', 'failed', 'deployed', 'deployed', 'deployed']);
    expect(outcomes[1].error).toBe(deployFailed);
    expect(outcomes[0].warnings).toEqual([warn('shared'), warn('own a')]);
    expect(lines).toContain('[a] working\n');
    expect(lines).toContain('[b] failed: DEPLOY_FAILED\n');
    // Each org's own warning keeps its code; its message and data name the org.
    expect(fleetWarnings([warn('shared')], outcomes)).toEqual([
      warn('shared'),
      ...['a', 'b', 'c', 'd', 'e'].map((t) => ({ ...warn(`${t}: own ${t}`), data: { targetOrg: t } })),
    ]);
  });

  it('prints nothing with --json', async () => {
    const lines: string[] = [];
    await runFleet({
      targets: ['a'],
      concurrency: 1,
      json: true,
      stream: { write: (t) => lines.push(t) },
      runOne: async (_t, ctx) => (ctx.progress.update('x'), deployed()),
    });
    expect(lines).toEqual([]);
  });
});

describe('outcomes, exit code, table and JSON', () => {
  const outcomes = [
    outcome('alpha', deployed(3)),
    outcome('beta', unchanged),
    outcome('gamma', undefined, deployFailed),
    outcome('prod', undefined, refused),
  ];

  it('classifies each org and counts what changed', () => {
    expect(outcomes.map(statusOf)).toEqual(['deployed', 'no changes', 'failed', 'refused']);
    expect(outcomes.map(changedCount)).toEqual([3, 0, 0, 0]);
    expect(statusOf(outcome('d', { ...deployed(1), dryRun: true }))).toBe('dry run');
    expect(
      changedCount(outcome('d', { noChanges: false, dryRun: true, summary: [{ state: 'would update' }] })),
    ).toBe(1);
    expect(statusOf(outcome('x', undefined, new Error('socket hang up')))).toBe('failed');
  });

  it('exits 0 only when every org succeeded, 1 when any failed, else 2 when any was refused', () => {
    expect(fleetExitCode([outcomes[0], outcomes[1]])).toBe(0);
    expect(fleetExitCode(outcomes)).toBe(1);
    expect(fleetExitCode([outcomes[0], outcomes[3]])).toBe(2);
    expect(fleetExitCode([outcomes[0], outcome('x', undefined, new Error('not a RecoError'))])).toBe(1);
    expect(fleetExitCode([])).toBe(0);
  });

  it('prints one table: org, result, changed, duration, error code, and a count line', () => {
    const table = formatFleetTable(outcomes, { concurrency: 4, wallMs: 2500 });
    const lines = table.split('\n');
    expect(lines[0]).toMatch(/^ORG\s+RESULT\s+CHANGED\s+DURATION\s+ERROR$/);
    expect(lines[1]).toMatch(/^alpha\s+deployed\s+3\s+1\.2 s$/);
    expect(lines[2]).toMatch(/^beta\s+no changes\s+0\s+1\.2 s$/);
    expect(lines[3]).toMatch(/^gamma\s+failed\s+0\s+1\.2 s\s+DEPLOY_FAILED$/);
    expect(lines[4]).toMatch(/^prod\s+refused\s+0\s+1\.2 s\s+PRODUCTION_NOT_CONFIRMED$/);
    expect(lines[6]).toBe('4 orgs: 1 deployed, 1 no changes, 1 failed, 1 refused (concurrency 4, 2.5 s)');
  });

  it('gives each org its status and result or error (code, message, fix; never the cause)', () => {
    const secret = new RecoError('ORG_CONNECT_FAILED', 'no', {
      exitCode: 1,
      cause: { accessToken: 'SECRET' },
    });
    const orgs = fleetJsonOrgs([...outcomes, outcome('z', undefined, secret)]);
    expect(orgs[0]).toEqual({
      targetOrg: 'alpha',
      status: 0,
      result: deployed(3),
      durationMs: 1234,
      warnings: [],
    });
    expect(orgs[2]).toMatchObject({
      targetOrg: 'gamma',
      status: 1,
      error: { code: 'DEPLOY_FAILED', exitCode: 1 },
    });
    expect(orgs[3]).toMatchObject({
      status: 2,
      error: { code: 'PRODUCTION_NOT_CONFIRMED', fix: 'pass --yes' },
    });
    expect(orgs[2].result).toBeUndefined();
    expect(JSON.stringify(orgs)).not.toContain('SECRET');
  });

  it('formats a failed org for stderr with its code and fix', () => {
    expect(formatOrgError('prod', refused)).toBe(
      '[prod] Error (PRODUCTION_NOT_CONFIRMED): prod\n[prod] Try this: pass --yes\n',
    );
    expect(formatOrgError('x', new Error('boom'))).toBe('[x] Error (UNEXPECTED): boom\n');
  });
});

describe('targets and concurrency', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'reco-fleet-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads one org a line, skipping comments and blank lines', () => {
    expect(
      parseTargets('# staging orgs\nacme-uat\n\n  beta@example.com  # the beta org\r\n#off\n', 'f'),
    ).toEqual(['acme-uat', 'beta@example.com']);
    expect(() => parseTargets('a\nb c\n', 'orgs.txt')).toThrow(
      expect.objectContaining({
        code: 'TARGETS_FILE_INVALID',
        message: expect.stringContaining('orgs.txt:2'),
      }),
    );
  });

  it('is a single-org run for one --target-org or none, a fleet for several or a targets file', () => {
    expect(selectTargets({}, dir)).toEqual({ targets: [], fleet: false, warnings: [] });
    expect(selectTargets({ targetOrg: 'a' }, dir)).toEqual({ targets: ['a'], fleet: false, warnings: [] });
    expect(selectTargets({ targetOrg: ['a'] }, dir).fleet).toBe(false);
    expect(selectTargets({ targetOrg: ['a', 'b'] }, dir)).toEqual({
      targets: ['a', 'b'],
      fleet: true,
      warnings: [],
    });
    writeFileSync(join(dir, 'orgs.txt'), 'b username=rb@x.example.com\nc\n');
    expect(selectTargets({ targetsFile: 'orgs.txt' }, dir)).toMatchObject({
      targets: ['b', 'c'],
      fleet: true,
    });
    // With --target-org, the file gives those orgs their values (as plan, verify and doctor read it): never the whole fleet.
    expect(selectTargets({ targetOrg: 'b', targetsFile: 'orgs.txt' }, dir)).toEqual({
      targets: ['b'],
      fleet: false,
      warnings: [],
      values: { b: { username: 'rb@x.example.com' } },
    });
    const both = selectTargets({ targetOrg: ['a', 'b', 'b'], targetsFile: 'orgs.txt' }, dir);
    expect(both).toMatchObject({
      targets: ['a', 'b'],
      fleet: true,
      values: { b: { username: 'rb@x.example.com' } },
    });
    expect(both.warnings).toEqual([
      {
        code: 'DUPLICATE_TARGET',
        severity: 'warning',
        source: 'tool',
        location: { file: 'orgs.txt' },
        message: 'duplicate targets ignored: each org is deployed once (1 repeated)',
        fix: 'name each org once',
      },
      expect.objectContaining({
        code: 'TARGET_NOT_IN_FILE',
        message: expect.stringMatching(
          /^a has no line in orgs\.txt: its username and e-mail are the config's/,
        ),
      }),
    ]);
    writeFileSync(join(dir, 'one.txt'), 'only\n');
    expect(selectTargets({ targetsFile: 'one.txt' }, dir)).toEqual({
      targets: ['only'],
      fleet: true,
      warnings: [],
    });
  });

  it('refuses a missing or empty targets file (exit 2)', () => {
    writeFileSync(join(dir, 'empty.txt'), '# nothing yet\n');
    expect(() => selectTargets({ targetsFile: 'empty.txt' }, dir)).toThrow(
      expect.objectContaining({ code: 'TARGETS_FILE_EMPTY', exitCode: 2 }),
    );
    expect(() => selectTargets({ targetsFile: 'nope.txt' }, dir)).toThrow(
      expect.objectContaining({ code: 'TARGETS_FILE_NOT_FOUND', exitCode: 2 }),
    );
  });

  it('defaults the concurrency to min(4, targets) and refuses anything but 1 to 64', () => {
    expect(concurrencyOf(undefined, 2)).toBe(2);
    expect(concurrencyOf(undefined, 32)).toBe(4);
    expect(concurrencyOf('8', 32)).toBe(8);
    expect(concurrencyOf(16, 3)).toBe(16);
    for (const bad of ['0', '-1', '1.5', 'many', '65']) {
      expect(() => concurrencyOf(bad, 3)).toThrow(
        expect.objectContaining({ code: 'INVALID_CONCURRENCY', exitCode: 2 }),
      );
    }
  });
});
