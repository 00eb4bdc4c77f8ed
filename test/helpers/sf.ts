/**
 * Running the real `sf` CLI in tests: a temporary HOME, the quiet offline environment
 * (scripts/core/sf-env.ts), temporary project copies, and login to an emulator.
 * Each `sf` call costs ~3 s: keep CLI tests few.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { QUIET_SF_ENV } from '../../scripts/core/sf-env';
import type { EmulatorHandle, EmulatorOptions } from '../../scripts/emulator';
import { writeProject } from '../builders/project';

export const REPO_ROOT = resolve(__dirname, '..', '..');
const SF_BIN = join(REPO_ROOT, 'node_modules', '.bin', 'sf');

export function sfEnv(home: string): Record<string, string> {
  return {
    HOME: home,
    ...QUIET_SF_ENV,
    // No log file: in-process @salesforce/core would otherwise start a pino worker thread that can
    // keep a Jest worker alive after its suite.
    SF_DISABLE_LOG_FILE: 'true',
  };
}

export interface SfResult {
  code: number;
  stdout: string;
  stderr: string;
  /** Parsed stdout when it is JSON (`--json`). */
  json?: unknown;
}

export function runSf(
  args: string[],
  opts: { cwd: string; home: string; env?: Record<string, string> },
): Promise<SfResult> {
  return spawnSf(args, opts.cwd, { PATH: process.env.PATH ?? '', ...sfEnv(opts.home), ...(opts.env ?? {}) });
}

/** Runs the repository's `sf` with exactly `env`; stdout parsed as JSON when it is. */
export function spawnSf(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<SfResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(SF_BIN, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      let json: unknown;
      try {
        json = JSON.parse(stdout) as unknown;
      } catch {
        json = undefined;
      }
      resolvePromise({ code: code ?? -1, stdout, stderr, json });
    });
  });
}

/**
 * A fresh temporary directory to use as HOME; remove it with `removeDir`. It holds an empty
 * `.sfdx/alias.json`: under Jest, @salesforce/core's ENOENT check (`e instanceof Error`) fails
 * across realms, so in-process use of core needs the file to exist.
 */
export function makeTempHome(): string {
  const home = mkdtempSync(join(tmpdir(), 'reco-sf-home-'));
  mkdirSync(join(home, '.sfdx'), { recursive: true });
  writeFileSync(join(home, '.sfdx', 'alias.json'), JSON.stringify({ orgs: {} }));
  return home;
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Under Jest, @salesforce/core's first write of an auth file fails its cross-realm ENOENT check
 * and leaves the file's lock held forever (its refresh timer then fails once the HOME is gone).
 * An existing file avoids that first-write path: call this before core touches `username`.
 */
export function precreateAuthFile(home: string, username: string): void {
  const authFile = join(home, '.sfdx', `${username}.json`);
  if (!existsSync(authFile)) writeFileSync(authFile, '{}');
}

function heldLocks(home: string): string[] {
  return ['.sfdx', '.sf'].flatMap((sub) => {
    try {
      return readdirSync(join(home, sub)).filter((name) => name.endsWith('.lock'));
    } catch {
      return [];
    }
  });
}

/**
 * Removes a temporary HOME that in-process @salesforce/core used. Core writes some auth-file
 * updates without awaiting them (the API version cache); their lock (proper-lockfile) keeps a
 * timer that stats the lock file, and if the HOME is gone by then the error surfaces in whichever
 * suite runs next. So wait, briefly and boundedly, until no lock is held.
 */
export async function removeHome(home: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (heldLocks(home).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  removeDir(home);
}

/**
 * Puts an sfdx project into `tmpDir`: a copy of `from` (sfdx-project.json, force-app, .forceignore),
 * or, without `from`, a project generated from the demo config fixture (never the repository's own
 * config or force-app). Returns tmpDir.
 */
export function copyProjectTo(tmpDir: string, from?: string): string {
  if (from === undefined) return writeProject(tmpDir);
  for (const entry of ['sfdx-project.json', 'force-app', '.forceignore']) {
    const source = join(from, entry);
    if (existsSync(source)) cpSync(source, join(tmpDir, entry), { recursive: true });
  }
  return tmpDir;
}

/** Registers an emulator with `sf org login access-token` under `alias` in `home`. */
export async function loginToEmulator(
  handle: { url: string; accessToken: string },
  home: string,
  alias: string,
): Promise<SfResult> {
  const result = await runSf(
    ['org', 'login', 'access-token', '--instance-url', handle.url, '--no-prompt', '--alias', alias, '--json'],
    {
      cwd: home,
      home,
      env: { SF_ACCESS_TOKEN: handle.accessToken },
    },
  );
  if (result.code !== 0)
    throw new Error(`sf org login access-token failed (${result.code}): ${result.stdout}${result.stderr}`);
  return result;
}

/** What `useSfAgainstEmulator` gives a describe: the emulated org, the HOME logged in to it, a project. */
export interface SfSession {
  handle: EmulatorHandle;
  home: string;
  project: string;
  /** `sf <args> --json`, run in the project with the session's HOME (target the org with `-o emu`). */
  sf(args: string[]): Promise<SfResult>;
}

/**
 * The set-up every real-`sf` describe repeats, declared once: before its tests, an emulator, a
 * temporary HOME logged in to it as `emu` (`sf org login access-token`) and a temporary project
 * copied from `from` (default: generated from the demo config fixture); after them, all stopped
 * and removed. Call it in the describe's body; use the session only inside its hooks and tests.
 */
export function useSfAgainstEmulator(from?: string, options: EmulatorOptions = {}): SfSession {
  let session: Omit<SfSession, 'sf'> | undefined;
  const get = (): Omit<SfSession, 'sf'> => {
    if (!session) throw new Error('useSfAgainstEmulator: the session exists only inside the describe');
    return session;
  };
  beforeAll(async () => {
    const { startEmulator } = await import('../../scripts/emulator');
    const handle = await startEmulator(options);
    const home = makeTempHome();
    session = { handle, home, project: copyProjectTo(mkdtempSync(join(tmpdir(), 'reco-sf-project-')), from) };
    await loginToEmulator(handle, home, 'emu');
  });
  afterAll(async () => {
    await get().handle.stop();
    removeDir(get().home);
    removeDir(get().project);
  });
  return {
    get handle() {
      return get().handle;
    },
    get home() {
      return get().home;
    },
    get project() {
      return get().project;
    },
    sf: (args) => runSf([...args, '--json'], { cwd: get().project, home: get().home }),
  };
}
