/**
 * `npm start` (reco-sf start) end to end, as a user runs it: the built binary in a fresh project
 * generated from the demo config fixture. The first run deploys into the bundled emulator; the second finds the kept org state and
 * reports no changes. Needs dist/, which `npm ci` builds (prepare script).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeProject, type ConfigFile } from '../builders/project';
import { REPO_ROOT } from '../helpers/sf';

const BIN = join(REPO_ROOT, 'bin', 'reco-sf.js');

function start(project: string, ...args: string[]): { code: number | null; out: string } {
  const env = { ...process.env };
  delete env.CI;
  const result = spawnSync(process.execPath, [BIN, 'start', ...args], {
    cwd: project,
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, out: `${result.stdout}\n${result.stderr}` };
}

function requestsOf(out: string): number {
  const match = /Emulator: (\d+) HTTP requests/.exec(out);
  if (!match) throw new Error(`no request count in:\n${out}`);
  return Number(match[1]);
}

function orgIdOf(out: string): string {
  const match = /Emulator: http:\/\/127\.0\.0\.1:\d+ \(org (00D\w{15}),/.exec(out);
  if (!match) throw new Error(`no org id in:\n${out}`);
  return match[1];
}

describe('npm start (reco-sf start)', () => {
  const project = mkdtempSync(join(tmpdir(), 'reco-sf-start-'));
  beforeAll(() => {
    writeProject(project);
  });
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  it('is built (npm ci runs the prepare script)', () => {
    expect(existsSync(join(REPO_ROOT, 'dist', 'scripts', 'cli.js'))).toBe(true);
  });

  it('Given a fresh project, When started twice, Then it deploys, then reports no changes from the kept org state', () => {
    const first = start(project, '--fresh');
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/PermissionSet:Reco_Integration\s+created/);
    expect(first.out).toMatch(/Settings:RealTimeEvent\s+created/);
    expect(first.out).toMatch(/User reco-integration@example\.com\.reco\s+created/);
    expect(first.out).toContain('(quick deploy); verified; receipt');
    expect(requestsOf(first.out)).toBe(17); // README: a first deploy makes 17 requests
    expect(first.out).not.toMatch(/00D\w{12,15}!/); // the access token is never printed
    expect(first.out).not.toContain('insecure protocol');
    expect(existsSync(join(project, '.reco', 'emulator', 'org-state.json'))).toBe(true);
    expect(existsSync(join(project, '.reco', 'locks', 'start.lock'))).toBe(false);

    // Truthful about the alias: where it lives, that the emulator is gone, and how to keep it.
    expect(first.out).toContain(
      `alias reco-emulator in the isolated sf home ${join(project, '.reco', 'emulator', 'sf-home')}`,
    );
    expect(first.out).toContain(
      'Emulator: stopped. To use the emulated org with other commands, run npm start -- --keep',
    );

    const second = start(project);
    expect(second.code).toBe(0);
    // Its own org, kept across restarts of the same state (and not the fixed id of in-process emulators).
    expect(orgIdOf(second.out)).toBe(orgIdOf(first.out));
    expect(orgIdOf(first.out)).not.toMatch(/^00DEM0000000001/);
    expect(second.out).toContain('no changes: reco-emulator already holds the Reco integration');
    expect(second.out).toMatch(/PermissionSet:Reco_Integration\s+unchanged/);
    expect(requestsOf(second.out)).toBe(5); // README: a second run reads the org (5 requests)
  });

  it('Given --keep, When the deploy is done, Then the emulator stays up and the printed commands reach it; Ctrl+C saves and stops', async () => {
    const env = { ...process.env };
    delete env.CI;
    const child = spawn(process.execPath, [BIN, 'start', '--keep'], { cwd: project, env });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      for (let i = 0; i < 600 && !/sf org display --target-org reco-emulator/.test(out); i++)
        await new Promise((r) => setTimeout(r, 100));
      expect(out).toMatch(/Emulator: kept running at http:\/\/127\.0\.0\.1:\d+ until Ctrl\+C/);
      expect(out).toContain(`From another terminal in ${project}:`);
      const verify = out.split('\n').find((l) => l.includes('bin/reco-sf.js verify'));
      expect(verify?.trim()).toBe(
        `HOME='${join(project, '.reco', 'emulator', 'sf-home')}' SF_USE_GENERIC_UNIX_KEYCHAIN=true node bin/reco-sf.js verify --target-org reco-emulator`,
      );
      // Run the printed command as a user would (this project copy has no bin/: use the repository's).
      const run = spawnSync(
        'sh',
        ['-c', (verify ?? '').replace('node bin/reco-sf.js', `"${process.execPath}" "${BIN}"`)],
        {
          cwd: project,
          env,
          encoding: 'utf8',
          timeout: 60_000,
        },
      );
      expect(run.stdout).toMatch(/verify: reco-emulator \(Reco Emulated Org \d+, /);
      expect(run.stdout).toContain('is in sync with the config');
      expect(run.status).toBe(0);
      // The deploy's next steps name that HOME too: the password e-mail step runs as printed.
      const home = `HOME='${join(project, '.reco', 'emulator', 'sf-home')}' SF_USE_GENERIC_UNIX_KEYCHAIN=true`;
      const resend = new RegExp(`: (${home} node bin/reco-sf\\.js handoff [^)]*)\\)`).exec(out)?.[1];
      expect(resend).toBe(
        `${home} node bin/reco-sf.js handoff --target-org reco-emulator --send-password-email`,
      );
      expect(out).toContain(
        `If the consent fails: ${home} node bin/reco-sf.js doctor --target-org reco-emulator`,
      );
      const handoff = spawnSync(
        'sh',
        ['-c', (resend ?? '').replace('node bin/reco-sf.js', `"${process.execPath}" "${BIN}"`)],
        { cwd: project, env, encoding: 'utf8', timeout: 60_000 },
      );
      expect(handoff.stdout).toContain('reco-integration@example.com');
      expect(handoff.status).toBe(0);
      // A process run by those commands prints its own next steps with that HOME too.
      expect(handoff.stdout).toContain(
        `If the consent fails: ${home} node bin/reco-sf.js doctor --target-org reco-emulator`,
      );
      expect(handoff.stdout).not.toMatch(/: reco-sf /);
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
    expect(out).toContain('Emulator: stopped; org state saved in');
    expect(existsSync(join(project, '.reco', 'locks', 'start.lock'))).toBe(false);
  });

  const lockFile = (): string => join(project, '.reco', 'locks', 'start.lock');
  const writeStartLock = (pid: number): void => {
    mkdirSync(join(project, '.reco', 'locks'), { recursive: true });
    writeFileSync(
      lockFile(),
      JSON.stringify({ pid, host: hostname(), command: 'start', startedAt: '2026-01-01T00:00:00.000Z' }),
    );
  };

  it('Given another start running (its lock holds a live pid), When starting, Then START_LOCKED (exit 1) names it and nothing is touched', () => {
    const state = join(project, '.reco', 'emulator', 'org-state.json');
    const before = readFileSync(state, 'utf8');
    writeStartLock(process.pid); // this test's own process: alive
    try {
      const refused = start(project, '--fresh');
      expect(refused.code).toBe(1);
      expect(refused.out).toContain('Error (START_LOCKED): another npm start is running in this project');
      expect(refused.out).toContain(`pid ${process.pid} on ${hostname()}`);
      expect(refused.out).toContain('delete .reco/locks/start.lock');
      expect(refused.out).not.toContain('Emulator:');
      expect(readFileSync(state, 'utf8')).toBe(before); // --fresh did not remove it
      expect(existsSync(lockFile())).toBe(true); // the other run's lock stays
    } finally {
      rmSync(lockFile(), { force: true });
    }
  });

  it('Given a lock left by a killed start (its pid is gone), When starting, Then it is taken over, the run completes and the lock is removed', () => {
    const gone = spawnSync(process.execPath, ['-e', '0']).pid;
    writeStartLock(gone);
    const run = start(project);
    expect(run.code).toBe(0);
    expect(run.out).toContain('no changes');
    expect(existsSync(lockFile())).toBe(false);
  });

  it("Given org locks left by a killed start's emulated org, When starting, Then they are removed, and a live run's or a real org's lock stays", () => {
    const gone = spawnSync(process.execPath, ['-e', '0']).pid;
    const locks = join(project, '.reco', 'locks');
    mkdirSync(locks, { recursive: true });
    const owner = (pid: number): string =>
      JSON.stringify({ pid, host: hostname(), command: 'deploy', startedAt: new Date().toISOString() });
    const killed = join(locks, '00DEM0000000042AAA-127.0.0.1_40001.lock');
    const live = join(locks, '00DEM0000000043AAA-127.0.0.1_40002.lock');
    const realOrg = join(locks, '00D000000000001EAA-acme.my.salesforce.com.lock');
    writeFileSync(killed, owner(gone));
    writeFileSync(live, owner(process.pid)); // this test's own process: alive
    writeFileSync(realOrg, owner(gone)); // the next run on that org takes it over, with its warning
    try {
      const run = start(project);
      expect(run.code).toBe(0);
      expect(run.out).toContain('00DEM0000000042AAA-127.0.0.1_40001.lock');
      expect(existsSync(killed)).toBe(false);
      expect(existsSync(live)).toBe(true);
      expect(existsSync(realOrg)).toBe(true);
    } finally {
      for (const file of [killed, live, realOrg]) rmSync(file, { force: true });
    }
  });

  it('Given Ctrl+C during the deploy, When the run ends, Then it ended by the signal and its lock is gone', async () => {
    const env = { ...process.env };
    delete env.CI;
    const child = spawn(process.execPath, [BIN, 'start'], { cwd: project, env });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('close', (_code, signal) => resolve(signal)),
    );
    for (let i = 0; i < 600 && !/Emulator: http:/.test(out); i++) await new Promise((r) => setTimeout(r, 50));
    expect(existsSync(lockFile())).toBe(true);
    child.kill('SIGINT');
    expect(await exited).toBe('SIGINT');
    expect(existsSync(lockFile())).toBe(false);
  });

  it('Given a config the gate refuses, When starting, Then it exits 2 and its lock is gone', () => {
    const path = join(project, 'config', 'reco.config.json');
    const config = readFileSync(path, 'utf8');
    writeFileSync(path, '{ "apiVersion": ');
    try {
      const run = start(project);
      expect(run.code).toBe(2);
      expect(existsSync(lockFile())).toBe(false);
    } finally {
      writeFileSync(path, config);
    }
  });

  it('Given the kept org state, When the username changes in the config, Then start converges to the new user (ids never repeat)', () => {
    const path = join(project, 'config', 'reco.config.json');
    const config = JSON.parse(readFileSync(path, 'utf8')) as ConfigFile;
    config.integrationUser.username = 'reco-integration-renamed@example.com.reco';
    writeFileSync(path, JSON.stringify(config, null, 2));
    // As the README says after a config edit: regenerate, or the offline gate refuses the stale tree.
    expect(spawnSync(process.execPath, [BIN, 'generate'], { cwd: project, encoding: 'utf8' }).status).toBe(0);
    const third = start(project);
    expect(third.out).not.toContain('DUPLICATE_VALUE');
    expect(third.code).toBe(0);
    expect(third.out).toMatch(/User reco-integration-renamed@example\.com\.reco\s+created/);
    expect(third.out).toMatch(/deactivate the user reco-integration@example\.com\.reco.*\s+removed/);
    expect(start(project).out).toContain('no changes');
  });
});
