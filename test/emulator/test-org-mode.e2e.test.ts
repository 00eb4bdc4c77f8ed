/**
 * `npm run test:org -- --target-org ALIAS` (real-org mode), run the way a maintainer runs it, with
 * a standalone `reco-sf emulator` standing in for their org: the emulator is started as its own
 * process, logged in to with the exact `sf org login access-token` command it prints (an ordinary
 * sf org in that HOME, no test-harness shortcut), and the package.json `test:org` script runs the
 * real-org scenarios against it. So real-org mode cannot rot while no real org is at hand, and its
 * production guard is checked against an org that says it is production the way a real one does
 * (Organization.IsSandbox false, no TrialExpirationDate). Needs dist/ (`npm ci` builds it).
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { QUIET_SF_ENV } from '../../scripts/core/sf-env';
import { REPO_ROOT } from '../helpers/sf';

const BIN = join(REPO_ROOT, 'bin', 'reco-sf.js');

interface Standalone {
  child: ChildProcessWithoutNullStreams;
  url: string;
  token: string;
  /** The line it printed: how to register it with the sf CLI. */
  loginCommand: string;
  logFile: string;
}

/** A maintainer's shell: their HOME, `sf` on PATH (the repository's), a quiet offline sf. */
function shellEnv(home: string): NodeJS.ProcessEnv {
  return {
    PATH: [join(REPO_ROOT, 'node_modules', '.bin'), process.env.PATH ?? ''].join(delimiter),
    HOME: home,
    ...QUIET_SF_ENV,
  };
}

async function startStandalone(home: string, shape: string): Promise<Standalone> {
  const logFile = join(home, 'requests.jsonl');
  const child = spawn(process.execPath, [BIN, 'emulator', '--shape', shape, '--log', logFile], {
    cwd: home,
    env: shellEnv(home),
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  for (let i = 0; i < 300 && !out.includes('\n'); i++) await new Promise((r) => setTimeout(r, 100));
  const match = /at (http:\/\/127\.0\.0\.1:\d+); register it with: (SF_ACCESS_TOKEN='([^']+)' sf .*)\n/.exec(
    out,
  );
  if (!match) {
    child.kill('SIGTERM');
    throw new Error(`reco-sf emulator printed no login command: ${out}`);
  }
  return { child, url: match[1], loginCommand: match[2], token: match[3], logFile };
}

async function stop(emulator: Standalone): Promise<void> {
  const exited = new Promise((resolve) => emulator.child.on('close', resolve));
  emulator.child.kill('SIGTERM');
  await exited;
}

/** Runs a command line in `sh`, as a maintainer types it. */
function shell(command: string, home: string, timeout = 600_000): { code: number | null; out: string } {
  const run = spawnSync('sh', ['-c', command], {
    cwd: REPO_ROOT,
    env: shellEnv(home),
    encoding: 'utf8',
    timeout,
  });
  return { code: run.status, out: `${run.stdout}\n${run.stderr}` };
}

/** The package.json script behind `npm run test:org`, with `-- --target-org ALIAS`. */
function testOrgCommand(alias: string): string {
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  return `${pkg.scripts['test:org']} --target-org ${alias}`;
}

async function query<T>(emulator: Standalone, soql: string): Promise<T[]> {
  const response = await fetch(`${emulator.url}/services/data/v66.0/query?q=${encodeURIComponent(soql)}`, {
    headers: { Authorization: `Bearer ${emulator.token}` },
  });
  return ((await response.json()) as { records: T[] }).records;
}

function requestsOf(emulator: Standalone): Array<{ method: string; path: string; soapOperation?: string }> {
  return readFileSync(emulator.logFile, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as { method: string; path: string; soapOperation?: string });
}

describe('npm run test:org against a standalone reco-sf emulator logged in as an ordinary org', () => {
  let home: string;

  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'reco-sf-maintainer-'));
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  it('Given a sandbox, When test:org runs, Then every real-org scenario passes and the org is left without what it added', async () => {
    const emulator = await startStandalone(home, 'sandbox');
    try {
      const login = shell(emulator.loginCommand.replace('--alias reco-emulator', '--alias my-sandbox'), home);
      expect(login.out).toContain('Successfully authorized');
      expect(login.code).toBe(0);

      const run = shell(testOrgCommand('my-sandbox'), home);
      expect(run.out).toContain('lifecycle against the real org my-sandbox');
      expect(run.out).toMatch(/Tests:\s+7 passed, 7 total/);
      expect(run.code).toBe(0);

      // It created and removed: no Reco_Test_ permission set is left, its user is deactivated.
      const sets = await query<{ Name: string }>(emulator, 'SELECT Name FROM PermissionSet');
      expect(sets.filter((s) => s.Name.startsWith('Reco_Test_'))).toEqual([]);
      const users = await query<{ Username: string; IsActive: boolean }>(
        emulator,
        'SELECT Username, IsActive FROM User',
      );
      const throwaway = users.filter((u) => u.Username.startsWith('reco-test-'));
      expect(throwaway).toHaveLength(1);
      expect(throwaway[0].IsActive).toBe(false);
      expect(requestsOf(emulator).some((r) => r.soapOperation === 'deploy')).toBe(true);
      // Never mistaken for its own: every profile's permission set is still there and still held.
      const profiles = await query<{ Id: string }>(emulator, 'SELECT Id FROM Profile');
      const owned = await query<{ Name: string }>(
        emulator,
        'SELECT Name FROM PermissionSet WHERE IsOwnedByProfile = true',
      );
      expect(owned).toHaveLength(profiles.length);
      const held = await query<{ PermissionSet: { IsOwnedByProfile: boolean } }>(
        emulator,
        "SELECT PermissionSet.IsOwnedByProfile FROM PermissionSetAssignment WHERE Assignee.Username LIKE 'reco-test-%'",
      );
      expect(held.map((a) => a.PermissionSet.IsOwnedByProfile)).toEqual([true]);
    } finally {
      await stop(emulator);
    }
  }, 600_000);

  it('Given a production org, When test:org runs, Then it refuses after reading Organization, having changed nothing', async () => {
    const emulator = await startStandalone(home, 'production');
    try {
      expect(shell(emulator.loginCommand, home).code).toBe(0);
      const run = shell(testOrgCommand('reco-emulator'), home);
      expect(run.out).toContain(
        'reco-emulator is a production org: test:org runs only against a scratch org or sandbox',
      );
      expect(run.code).not.toBe(0);
      const requests = requestsOf(emulator);
      expect(requests.some((r) => r.path.includes('/query'))).toBe(true);
      expect(requests.filter((r) => r.method !== 'GET')).toEqual([]);
    } finally {
      await stop(emulator);
    }
  }, 600_000);
});
