/**
 * `npm start` (reco-sf start) end to end, as a user runs it: the built binary in a fresh project
 * copy. The first run deploys into the bundled emulator; the second finds the kept org state and
 * reports no changes. Needs dist/, which `npm ci` builds (prepare script).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConfigFile } from '../builders/project';
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

describe('npm start (reco-sf start)', () => {
  const project = mkdtempSync(join(tmpdir(), 'reco-sf-start-'));
  beforeAll(() => {
    for (const entry of ['sfdx-project.json', 'config', 'force-app', '.forceignore'])
      cpSync(join(REPO_ROOT, entry), join(project, entry), { recursive: true });
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
    expect(requestsOf(first.out)).toBeLessThanOrEqual(20);
    expect(first.out).not.toMatch(/00D\w{12,15}!/); // the access token is never printed
    expect(first.out).not.toContain('insecure protocol');
    expect(existsSync(join(project, '.reco', 'emulator', 'org-state.json'))).toBe(true);

    const second = start(project);
    expect(second.code).toBe(0);
    expect(second.out).toContain('no changes: reco-emulator already holds the Reco integration');
    expect(second.out).toMatch(/PermissionSet:Reco_Integration\s+unchanged/);
    expect(requestsOf(second.out)).toBeLessThanOrEqual(8);
  });

  it('Given the kept org state, When the username changes in the config, Then start converges to the new user (ids never repeat)', () => {
    const path = join(project, 'config', 'reco.config.json');
    const config = JSON.parse(readFileSync(path, 'utf8')) as ConfigFile;
    config.integrationUser.username = 'reco-integration-renamed@example.com.reco';
    writeFileSync(path, JSON.stringify(config, null, 2));
    const third = start(project);
    expect(third.out).not.toContain('DUPLICATE_VALUE');
    expect(third.code).toBe(0);
    expect(third.out).toMatch(/User reco-integration-renamed@example\.com\.reco\s+created/);
    expect(third.out).toMatch(/deactivate the user reco-integration@example\.com\.reco.*\s+removed/);
    expect(start(project).out).toContain('no changes');
  });
});
