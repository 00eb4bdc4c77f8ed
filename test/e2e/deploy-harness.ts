/**
 * Harness for `reco-sf deploy` end to end against the in-process emulator: a temporary HOME where
 * @salesforce/core registers the emulator under an alias (no `sf` process), a temporary project
 * generated from the demo config fixture (receipts land there), and the real CLI entry point run in-process with stdout captured.
 */
import type { Diagnostic } from '../../scripts/core/diagnostic';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type EmulatorHandle, type EmulatorOptions } from '../../scripts/emulator';
import { main } from '../../scripts/cli';
import { ownedPaths } from '../../scripts/generate/project';
import { runOfflinePipeline } from '../../scripts/generate/pipeline';
import { compareTree, writeTree } from '../../scripts/generate/write';
import {
  copyProjectTo,
  loginToEmulator,
  makeTempHome,
  precreateAuthFile,
  removeHome,
  runSf,
  sfEnv,
  type SfResult,
} from '../helpers/sf';
import { writeProject, type ConfigFile } from '../builders/project';
import { standIn } from '../emulator/helpers';

export interface Harness {
  home: string;
  project: string;
  /** Starts an emulator and registers it under `alias` for @salesforce/core. */
  org(options?: EmulatorOptions, alias?: string): Promise<EmulatorHandle>;
  writeConfig(change: (c: ConfigFile) => void): void;
  restoreConfig(): void;
  run(args: string[]): Promise<RunResult>;
  stopAll(): Promise<void>;
  cleanup(): Promise<void>;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  json?: {
    status: number;
    result?: Record<string, unknown>;
    /** Each warning in the one Diagnostic shape. */
    warnings?: Diagnostic[];
    code?: string;
    message?: string;
    fix?: string;
    diagnostics?: Diagnostic[];
    [k: string]: unknown;
  };
  ms: number;
}

/** What `reco-sf generate` does after a config edit, so the committed tree stays in sync (the deploy gate checks it). */
function regenerate(project: string, configPath: string): void {
  const offline = runOfflinePipeline(project, configPath);
  if (offline.project && offline.model)
    writeTree(
      project,
      offline.project.files,
      compareTree(project, offline.project.files, ownedPaths(offline.model)),
    );
}

export function createHarness(): Harness {
  const home = makeTempHome();
  const project = writeProject(mkdtempSync(join(tmpdir(), 'reco-sf-e2e-project-')));
  const configPath = join(project, 'config', 'reco.config.json');
  const originalConfig = readFileSync(configPath, 'utf8');
  // No log file: core's pino file transport is a worker thread that would outlive the tests.
  Object.assign(process.env, sfEnv(home));
  delete process.env.CI;
  // os.homedir() reads the real environment, not Jest's copy: point it at the temp HOME.
  jest.spyOn(os, 'homedir').mockReturnValue(home);
  const handles: EmulatorHandle[] = [];
  return {
    home,
    project,
    async org(options = {}, alias = 'emu') {
      const handle = await startEmulator(options);
      handles.push(handle);
      precreateAuthFile(home, handle.username);
      const core = await import('@salesforce/core');
      const authInfo = await core.AuthInfo.create({
        accessTokenOptions: {
          accessToken: handle.accessToken,
          instanceUrl: handle.url,
          loginUrl: handle.url,
        },
      });
      await authInfo.handleAliasAndDefaultSettings({ alias, setDefault: false, setDefaultDevHub: false });
      return handle;
    },
    writeConfig(change) {
      const config = JSON.parse(originalConfig) as ConfigFile;
      change(config);
      writeFileSync(configPath, JSON.stringify(config, null, 2));
      regenerate(project, configPath);
    },
    restoreConfig() {
      writeFileSync(configPath, originalConfig);
      regenerate(project, configPath);
    },
    async run(args) {
      const out: string[] = [];
      const err: string[] = [];
      const stdout = jest
        .spyOn(process.stdout, 'write')
        .mockImplementation((chunk: string | Uint8Array) => (out.push(String(chunk)), true));
      const stderr = jest
        .spyOn(process.stderr, 'write')
        .mockImplementation((chunk: string | Uint8Array) => (err.push(String(chunk)), true));
      const cwd = process.cwd();
      process.chdir(project);
      const started = Date.now();
      let code: number;
      try {
        code = await main(args);
      } finally {
        process.chdir(cwd);
        stdout.mockRestore();
        stderr.mockRestore();
      }
      const text = out.join('');
      let json: RunResult['json'];
      try {
        json = JSON.parse(text) as RunResult['json'];
      } catch {
        json = undefined;
      }
      return { code, stdout: text, stderr: err.join(''), json, ms: Date.now() - started };
    },
    async stopAll() {
      for (const h of handles.splice(0)) await h.stop();
    },
    async cleanup() {
      await removeHome(home);
      rmSync(project, { recursive: true, force: true });
    },
  };
}

export interface HarnessHooks {
  /**
   * After each test: stop the emulators it started ('stop'), and also put the config back as it
   * was ('restore'). Omitted: nothing per test (the describe shares its emulators).
   */
  afterEach?: 'stop' | 'restore';
}

/**
 * The set-up every harness-based describe repeats, declared once: a harness created before its
 * tests, the per-test clean-up `hooks` ask for, and at the end every emulator stopped, the HOME
 * and project removed and the mocks restored. Call it in the describe's body; the returned
 * harness may only be used inside its hooks and tests.
 */
export function useHarness(hooks: HarnessHooks = {}): Harness {
  let harness: Harness | undefined;
  const h = (): Harness => {
    if (!harness) throw new Error('useHarness: the harness exists only inside the describe');
    return harness;
  };
  beforeAll(() => {
    harness = createHarness();
  });
  if (hooks.afterEach)
    afterEach(async () => {
      if (hooks.afterEach === 'restore') h().restoreConfig();
      await h().stopAll();
    });
  afterAll(async () => {
    await h().stopAll();
    await h().cleanup();
    jest.restoreAllMocks();
  });
  return {
    get home() {
      return h().home;
    },
    get project() {
      return h().project;
    },
    org: (options, alias) => h().org(options, alias),
    writeConfig: (change) => h().writeConfig(change),
    restoreConfig: () => h().restoreConfig(),
    run: (args) => h().run(args),
    stopAll: () => h().stopAll(),
    cleanup: () => h().cleanup(),
  };
}

/**
 * `useHarness` with the one org its describe's tests share: started with `options` and
 * registered as `alias` before them (then the describe's own `beforeAll`s run).
 */
export function useHarnessOrg(
  options: EmulatorOptions = {},
  alias = 'emu',
): { h: Harness; org: EmulatorHandle } {
  const h = useHarness();
  let org: EmulatorHandle | undefined;
  beforeAll(async () => {
    org = await h.org(options, alias);
  });
  return { h, org: standIn(() => org, 'useHarnessOrg') };
}

/** An org the real `sf` CLI is logged in to, and a project for `sf` to deploy: see useSfLoggedInOrg. */
export interface SfLoggedInOrg {
  org: EmulatorHandle;
  /** The project's folder (generated from the demo config fixture). */
  project(): string;
  /** `sf <args> --json` in the project, with the harness's HOME. */
  sf(args: string[]): Promise<SfResult>;
}

/**
 * For the describe's tests: an emulator started with `options` that the real `sf` CLI is logged
 * in to as `alias` (`sf org login access-token`, in the harness's HOME, so that reco-sf reads
 * the same login) and a temporary project generated from the demo config; both stopped and
 * removed after them. Call it in the describe's body, after `useHarness`.
 */
export function useSfLoggedInOrg(h: Harness, options: EmulatorOptions, alias: string): SfLoggedInOrg {
  let org: EmulatorHandle | undefined;
  let project: string | undefined;
  beforeAll(async () => {
    org = await startEmulator(options);
    project = copyProjectTo(mkdtempSync(join(tmpdir(), 'reco-sf-sf-project-')));
    await loginToEmulator(org, h.home, alias);
  });
  afterAll(async () => {
    await org?.stop();
    if (project) rmSync(project, { recursive: true, force: true });
  });
  const folder = (): string => {
    if (!project) throw new Error('useSfLoggedInOrg: the project exists only inside the describe');
    return project;
  };
  return {
    org: standIn(() => org, 'useSfLoggedInOrg'),
    project: folder,
    sf: (args) => runSf([...args, '--json'], { cwd: folder(), home: h.home }),
  };
}

/** The user permissions the org's Reco_Integration permission set lists (none: no such set). */
export function permissionsOf(org: EmulatorHandle): string[] {
  const value = org.store.getMetadata('PermissionSet', 'Reco_Integration')?.value as
    { userPermissions?: Array<{ name: string }> } | undefined;
  return (value?.userPermissions ?? []).map((p) => p.name);
}

/** Requests made since `from` (an index into the request log). */
export function requestsSince(
  handle: EmulatorHandle,
  from: number,
): ReturnType<EmulatorHandle['requestLog']> {
  return handle.requestLog().slice(from);
}

export function deployCalls(entries: ReturnType<EmulatorHandle['requestLog']>): number {
  return entries.filter((e) => e.soapOperation === 'deploy' || e.soapOperation === 'deployRecentValidation')
    .length;
}
