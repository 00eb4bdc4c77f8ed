/**
 * `reco-sf start`'s orchestration: the bundled org emulator started on 127.0.0.1 with the saved
 * org state, registered for @salesforce/core under the alias `reco-emulator` in an isolated sf
 * home (.reco/emulator/sf-home), the deploy run against it, the state saved; with `keep`, the
 * emulator stays up until SIGINT/SIGTERM. The command (scripts/commands/start.ts) renders.
 */
import { existsSync, mkdirSync, rmdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { RecoError } from '../core/errors';
import { writeFilesAtomic } from '../core/files';
import { findProjectRoot } from '../core/project';
import { keptLauncher, orgArgs, sfHomeEnv, useLauncher } from '../core/org-args';
import { QUIET_SF_ENV } from '../core/sf-env';
import type { ShapeName } from '../emulator';
import { EMULATOR_ALIAS } from './connect';
import { readSavedState } from './emulator-state';
import { describeOwner, LOCKS_DIR, sweepDeadEmulatorLocks, takeLockFile } from './lock';

/**
 * @salesforce/core warns "Using insecure protocol: http" for every connection; the bundled
 * emulator is plain http on 127.0.0.1 by design, so that one warning is dropped here (only in
 * `start`, whose target is always the emulator). Every other warning still prints.
 */
function quietLoopbackWarning(): void {
  const emitWarning = process.emitWarning.bind(process);
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const text = typeof warning === 'string' ? warning : warning.message;
    if (/^Using insecure protocol: http: on url: http:\/\/127\.0\.0\.1:/.test(text)) return;
    (emitWarning as (w: string | Error, ...r: unknown[]) => void)(warning, ...rest);
  }) as typeof process.emitWarning;
}

export interface StartOptions {
  shape?: string;
  fresh?: boolean;
  /** Keep the emulator running after the deploy (until SIGINT/SIGTERM) and print how to reach it. */
  keep?: boolean;
  json?: boolean;
  config?: string;
}

/**
 * The exact commands that reach the kept emulator from another terminal in the project root: its
 * alias lives only in the isolated sf home, so each command names that HOME (and the generic
 * keychain its key is in). They call the binaries directly, not through npx: under another HOME,
 * npm would lose the user's npm configuration and may look `reco-sf` up in the registry.
 */
export function reachCommands(sfHome: string, config?: string): string[] {
  const args = orgArgs({ target: EMULATOR_ALIAS, config });
  return [
    `${keptLauncher(sfHome)} verify${args}`,
    `${keptLauncher(sfHome)} doctor${args}`,
    `${sfHomeEnv(sfHome)} node_modules/.bin/sf org display --target-org ${EMULATOR_ALIAS}`,
  ];
}

/** Resolves on the first SIGINT or SIGTERM. */
function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/**
 * The --shape names, checked before anything is written or started.
 * @throws RecoError BAD_SHAPE (exit 2) for an unknown name or names that exclude each other.
 */
async function shapeOf(value: string | undefined): Promise<ShapeName[]> {
  const shape = (value ?? 'shield').split(',').map((s) => s.trim()) as ShapeName[];
  const { resolveShape } = await import('../emulator/shapes');
  try {
    resolveShape(shape);
  } catch (error) {
    throw new RecoError(
      'BAD_SHAPE',
      `--shape ${value ?? ''}: ${error instanceof Error ? error.message : String(error)}`,
      {
        fix: 'see the shapes in README.md (The local org emulator), e.g. npm start -- --shape no-shield',
        exitCode: 2,
      },
    );
  }
  return shape;
}

/** What `runStart` needs from the command: where its lines go, and the deploy to run. */
export interface StartIo {
  say: (line: string) => void;
  /** Runs `reco-sf deploy` against the emulator's alias; returns its exit code. */
  deploy: (targetOrg: string) => Promise<number>;
}

function saveState(statePath: string, state: unknown): void {
  writeFilesAtomic([{ path: statePath, content: JSON.stringify(state) }], { fileMode: 0o600 });
}

/**
 * The whole `start` run, one at a time per project; returns the deploy's exit code.
 * @throws RecoError BAD_SHAPE, EMULATOR_STATE_CORRUPT (exit 2), START_LOCKED (exit 1) before anything starts.
 */
export async function runStart(opts: StartOptions, io: StartIo): Promise<number> {
  const shape = await shapeOf(opts.shape);
  const root = findProjectRoot();
  const release = lockStart(root);
  // Ctrl+C (or SIGTERM) during the deploy ends the process without unwinding: the lock goes first,
  // then the signal is raised again. While --keep waits for it, its own handler ends the run.
  const phase = { keeping: false };
  const onSignal = (signal: NodeJS.Signals): void => {
    if (phase.keeping) return;
    release();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.kill(process.pid, signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.once('exit', release);
  try {
    return await startLocked(opts, io, shape, root, phase);
  } finally {
    release();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('exit', release);
  }
}

/** `.reco/locks/start.lock`: one `start` at a time per project (they share the alias and the saved state). */
export const START_LOCK = '.reco/locks/start.lock';

/**
 * Takes the start lock before anything is touched; a lock of a killed run (dead pid) is taken over.
 * @throws RecoError START_LOCKED (exit 1) naming the running start (pid, host, time).
 */
function lockStart(root: string): () => void {
  const locks = join(root, LOCKS_DIR);
  const created = mkdirSync(locks, { recursive: true });
  const lock = takeLockFile(join(root, START_LOCK), 'start');
  // A run refused later (a corrupt saved state) leaves the project as it found it: the folders
  // made for the lock go with it when nothing else was written there.
  if (lock.taken)
    return () => {
      lock.release();
      if (created !== undefined) removeEmptyUpTo(locks, created);
    };
  throw new RecoError(
    'START_LOCKED',
    `another npm start is running in this project: a ${describeOwner(lock.owner)}; it uses the same emulator alias and saved org state, so this one starts nothing`,
    {
      exitCode: 1,
      file: START_LOCK,
      fix: `wait for it to finish (or stop it with Ctrl+C); if that run is gone, delete ${START_LOCK}`,
    },
  );
}

/** Removes `dir` and its parents up to `top` while they are empty (a non-empty one stops it). */
function removeEmptyUpTo(dir: string, top: string): void {
  for (let d = dir; d.startsWith(top); d = dirname(d)) {
    try {
      rmdirSync(d);
    } catch {
      return;
    }
    if (d === top) return;
  }
}

/** `phase.keeping`: --keep is waiting for Ctrl+C, which then ends the run (and the lock goes in runStart's finally). */
async function startLocked(
  opts: StartOptions,
  io: StartIo,
  shape: ShapeName[],
  root: string,
  phase: { keeping: boolean },
): Promise<number> {
  const stateDir = join(root, '.reco', 'emulator');
  const statePath = join(stateDir, 'org-state.json');
  if (opts.fresh) rmSync(stateDir, { recursive: true, force: true });
  // Read before anything starts: a corrupt state is refused with its fix, and nothing runs.
  const saved = existsSync(statePath) ? readSavedState(statePath, root) : undefined;
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  // A killed start (SIGKILL) leaves its emulated org's lock: that org went with its process.
  const swept = sweepDeadEmulatorLocks(root);
  if (swept.length > 0)
    io.say(`Removed ${swept.length} lock(s) of emulated orgs whose run was killed: ${swept.join(', ')}`);
  // @salesforce/core keeps auth files under HOME: an isolated HOME keeps the emulator's alias
  // out of the user's own sf configuration. Must be set before @salesforce/core is loaded.
  const sfHome = join(stateDir, 'sf-home');
  process.env.HOME = sfHome;
  process.env.USERPROFILE = sfHome;
  Object.assign(process.env, QUIET_SF_ENV);
  quietLoopbackWarning();

  const { newOrgNumber, savedOrgFile, savedOrgParts, startEmulator } = await import('../emulator');
  // The saved org keeps its org id across restarts; a fresh one gets its own (never a standalone emulator's).
  const parts = saved === undefined ? { orgNumber: newOrgNumber() } : savedOrgParts(saved);
  const emulator = await startEmulator({
    shape,
    logFile: join(stateDir, 'requests.jsonl'),
    orgNumber: parts.orgNumber,
  });
  const { say } = io;
  // With --keep, the deploy's next steps (handoff, doctor) run against the kept emulator: printed with its HOME.
  if (opts.keep) useLauncher(keptLauncher(sfHome));
  try {
    if ('state' in parts) emulator.store.restoreSaved(parts.state, parts.idCounts);
    const { registerAccessToken } = await import('./register');
    await registerAccessToken({
      accessToken: emulator.accessToken,
      instanceUrl: emulator.url,
      alias: EMULATOR_ALIAS,
    });
    say(
      `Emulator: ${emulator.url} (org ${emulator.orgId}, shape ${shape.join('+')}), alias ${EMULATOR_ALIAS} in the isolated sf home ${sfHome} (your own sf configuration is untouched)`,
    );
    const before = emulator.requestLog().length;
    const code = await io.deploy(EMULATOR_ALIAS);
    saveState(statePath, savedOrgFile(emulator));
    say(
      `Emulator: ${emulator.requestLog().length - before} HTTP requests; org state kept in ${statePath} (npm start -- --fresh to reset)`,
    );
    if (!opts.keep) {
      say(
        `Emulator: stopped. To use the emulated org with other commands, run npm start -- --keep: it stays up and prints the commands that reach it.`,
      );
      return code;
    }
    say(
      [
        `Emulator: kept running at ${emulator.url} until Ctrl+C (the org state is saved then). From another terminal in ${root}:`,
        ...reachCommands(sfHome, opts.config).map((c) => `  ${c}`),
      ].join('\n'),
    );
    phase.keeping = true;
    await untilSignal();
    saveState(statePath, savedOrgFile(emulator));
    say(`Emulator: stopped; org state saved in ${statePath}`);
    return code;
  } finally {
    await emulator.stop();
  }
}
