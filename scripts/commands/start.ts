/**
 * `npm start` / `reco-sf start`: the main job end to end against the bundled org emulator:
 * start it on 127.0.0.1, register it for @salesforce/core under the alias `reco-emulator` in an
 * isolated sf home (.reco/emulator/sf-home), run `reco-sf deploy` (offline gate, preflight,
 * merge, deploy, data, verify, receipt), stop; or, with `--keep`, keep it running until Ctrl+C and
 * print the commands (with that HOME) that reach it.
 * The emulated org's state is kept in .reco/emulator/ so a second run finds everything in
 * place and reports "no changes"; `--fresh` starts from an empty org.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { RecoError } from '../core/errors';
import { formatDiagnostic } from '../core/diagnostic';
import { readJsonInput } from '../core/json';
import { writeFilesAtomic } from '../core/files';
import { info } from '../core/output';
import { findProjectRoot } from '../core/project';
import { QUIET_SF_ENV } from '../core/sf-env';
import type { ShapeName } from '../emulator';
import { EMULATOR_ALIAS } from '../org/connect';

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

/** The emulated org's saved state can be large (every deploy's components); 64 MB is far beyond it. */
const MAX_STATE_BYTES = 64 * 1024 * 1024;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The shape `OrgStore.snapshot()` writes: anything else was not written by us, or was cut short. */
function looksLikeOrgState(value: unknown): boolean {
  return (
    isRecord(value) &&
    isRecord(value.metadata) &&
    isRecord(value.records) &&
    Object.values(value.records).every(Array.isArray) &&
    Array.isArray(value.foreignUsernames) &&
    isRecord(value.installedAppPolicies) &&
    typeof value.version === 'number'
  );
}

/**
 * Reads .reco/emulator/org-state.json strictly. Throws RecoError EMULATOR_STATE_CORRUPT (exit 2)
 * naming the file and the fix (--fresh) when it is unreadable, not JSON, or not an org state.
 */
export function readSavedState(path: string, root: string): unknown {
  const display = relative(root, path) || path;
  const parsed = readJsonInput(path, {
    display,
    maxBytes: MAX_STATE_BYTES,
    root,
    what: 'the saved org state',
  });
  const problem = parsed.ok
    ? looksLikeOrgState(parsed.value)
      ? undefined
      : `${display} is not an emulated org's state (truncated, emptied or replaced)`
    : `${formatDiagnostic(parsed.problem)}`;
  if (problem === undefined && parsed.ok) return parsed.value;
  throw new RecoError('EMULATOR_STATE_CORRUPT', `the saved emulator state cannot be used: ${problem}`, {
    file: display,
    fix: `start afresh with: npm start -- --fresh  (or delete ${display}); the emulated org is then set up again from scratch`,
  });
}

/** Single-quoted for a POSIX shell. */
const shellQuote = (value: string): string => `'${value.replace(/'/g, `'\\''`)}'`;

/**
 * The exact commands that reach the kept emulator from another terminal in the project root: its
 * alias lives only in the isolated sf home, so each command names that HOME (and the generic
 * keychain its key is in). They call the binaries directly, not through npx: under another HOME,
 * npm would lose the user's npm configuration and may look `reco-sf` up in the registry.
 */
export function reachCommands(sfHome: string): string[] {
  const env = `HOME=${shellQuote(sfHome)} SF_USE_GENERIC_UNIX_KEYCHAIN=true`;
  return [
    `${env} node bin/reco-sf.js verify --target-org ${EMULATOR_ALIAS}`,
    `${env} node bin/reco-sf.js doctor --target-org ${EMULATOR_ALIAS}`,
    `${env} node_modules/.bin/sf org display --target-org ${EMULATOR_ALIAS}`,
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

export async function startCommand(opts: StartOptions): Promise<number> {
  const shape = await shapeOf(opts.shape);
  const root = findProjectRoot();
  const stateDir = join(root, '.reco', 'emulator');
  const statePath = join(stateDir, 'org-state.json');
  if (opts.fresh) rmSync(stateDir, { recursive: true, force: true });
  // Read before anything starts: a corrupt state is refused with its fix, and nothing runs.
  const saved = existsSync(statePath) ? readSavedState(statePath, root) : undefined;
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  // @salesforce/core keeps auth files under HOME: an isolated HOME keeps the emulator's alias
  // out of the user's own sf configuration. Must be set before @salesforce/core is loaded.
  const sfHome = join(stateDir, 'sf-home');
  process.env.HOME = sfHome;
  process.env.USERPROFILE = sfHome;
  Object.assign(process.env, QUIET_SF_ENV);
  quietLoopbackWarning();

  const { startEmulator } = await import('../emulator');
  const emulator = await startEmulator({ shape, logFile: join(stateDir, 'requests.jsonl') });
  const say = opts.json ? (line: string) => process.stderr.write(line + '\n') : info;
  try {
    if (saved !== undefined) emulator.store.restoreSaved(saved);
    const { registerAccessToken } = await import('../org/register');
    await registerAccessToken({
      accessToken: emulator.accessToken,
      instanceUrl: emulator.url,
      alias: EMULATOR_ALIAS,
    });
    say(
      `Emulator: ${emulator.url} (org ${emulator.orgId}, shape ${shape.join('+')}), alias ${EMULATOR_ALIAS} in the isolated sf home ${sfHome} (your own sf configuration is untouched)`,
    );
    const before = emulator.requestLog().length;
    const { deployCommand } = await import('./deploy');
    const code = await deployCommand(
      // --yes: the target is the bundled emulator on 127.0.0.1, never a real org, so the
      // production guard (the emulated org reports IsSandbox=false) has nothing to protect.
      { targetOrg: EMULATOR_ALIAS, json: opts.json, config: opts.config, yes: true },
      { interactive: false, confirm: async () => false },
    );
    writeFilesAtomic([{ path: statePath, content: JSON.stringify(emulator.store.snapshot()) }], {
      fileMode: 0o600,
    });
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
        ...reachCommands(sfHome).map((c) => `  ${c}`),
      ].join('\n'),
    );
    await untilSignal();
    writeFilesAtomic([{ path: statePath, content: JSON.stringify(emulator.store.snapshot()) }], {
      fileMode: 0o600,
    });
    say(`Emulator: stopped; org state saved in ${statePath}`);
    return code;
  } finally {
    await emulator.stop();
  }
}
