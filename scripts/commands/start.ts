/**
 * `npm start` / `reco-sf start`: the main job end to end against the bundled org emulator:
 * start it on 127.0.0.1, register it for @salesforce/core under the alias `reco-emulator`,
 * run `reco-sf deploy` (offline gate, preflight, merge, deploy, data, verify, receipt), stop.
 * The emulated org's state is kept in .reco/emulator/ so a second run finds everything in
 * place and reports "no changes"; `--fresh` starts from an empty org.
 */
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../core/files';
import { info } from '../core/output';
import { findProjectRoot } from '../core/project';
import type { ShapeName } from '../emulator';

export const EMULATOR_ALIAS = 'reco-emulator';

/** The environment that keeps @salesforce/core quiet and offline (sf-wire-protocol.md). */
const QUIET_ENV = {
  SF_DISABLE_TELEMETRY: 'true',
  SF_SKIP_NEW_VERSION_CHECK: 'true',
  SF_DISABLE_AUTOUPDATE: 'true',
  SF_AUTOUPDATE_DISABLE: 'true',
  SF_USE_GENERIC_UNIX_KEYCHAIN: 'true',
  SF_DISABLE_SOURCE_MEMBER_POLLING: 'true',
};

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
  json?: boolean;
  config?: string;
}

export async function startCommand(opts: StartOptions): Promise<number> {
  const root = findProjectRoot();
  const stateDir = join(root, '.reco', 'emulator');
  const statePath = join(stateDir, 'org-state.json');
  if (opts.fresh) rmSync(stateDir, { recursive: true, force: true });
  mkdirSync(stateDir, { recursive: true });
  // @salesforce/core keeps auth files under HOME: an isolated HOME keeps the emulator's alias
  // out of the user's own sf configuration. Must be set before @salesforce/core is loaded.
  process.env.HOME = join(stateDir, 'sf-home');
  process.env.USERPROFILE = process.env.HOME;
  Object.assign(process.env, QUIET_ENV);
  quietLoopbackWarning();

  const { startEmulator } = await import('../emulator');
  const shape = (opts.shape ?? 'shield').split(',').map((s) => s.trim()) as ShapeName[];
  const emulator = await startEmulator({ shape, logFile: join(stateDir, 'requests.jsonl') });
  try {
    if (existsSync(statePath)) emulator.store.restoreSaved(JSON.parse(readFileSync(statePath, 'utf8')));
    const { registerAccessToken } = await import('../org/register');
    await registerAccessToken({
      accessToken: emulator.accessToken,
      instanceUrl: emulator.url,
      alias: EMULATOR_ALIAS,
    });
    const say = opts.json ? (line: string) => process.stderr.write(line + '\n') : info;
    say(
      `Emulator: ${emulator.url} (org ${emulator.orgId}, shape ${shape.join('+')}), registered as ${EMULATOR_ALIAS}`,
    );
    const before = emulator.requestLog().length;
    const { deployCommand } = await import('./deploy');
    const code = await deployCommand(
      // --yes: the target is the bundled emulator on 127.0.0.1, never a real org, so the
      // production guard (the emulated org reports IsSandbox=false) has nothing to protect.
      { targetOrg: EMULATOR_ALIAS, json: opts.json, config: opts.config, yes: true },
      { interactive: false, confirm: async () => false },
    );
    writeFileAtomic(statePath, JSON.stringify(emulator.store.snapshot()));
    say(
      `Emulator: ${emulator.requestLog().length - before} HTTP requests; org state kept in ${statePath} (npm start -- --fresh to reset)`,
    );
    return code;
  } finally {
    await emulator.stop();
  }
}
