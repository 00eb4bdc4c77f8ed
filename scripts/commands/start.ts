/**
 * `npm start` / `reco-sf start`: the main job end to end against the bundled org emulator:
 * start it on 127.0.0.1, register it for @salesforce/core under the alias `reco-emulator` in an
 * isolated sf home (.reco/emulator/sf-home), run `reco-sf deploy` (offline gate, preflight,
 * merge, deploy, data, verify, receipt), stop; or, with `--keep`, keep it running until Ctrl+C and
 * print the commands (with that HOME) that reach it (scripts/org/start-run.ts).
 * The emulated org's state is kept in .reco/emulator/ so a second run finds everything in
 * place and reports "no changes"; `--fresh` starts from an empty org.
 */
import { info } from '../core/output';
import { runStart, type StartOptions } from '../org/start-run';

export type { StartOptions } from '../org/start-run';
export { reachCommands } from '../org/start-run';
export { readSavedState } from '../org/emulator-state';

export async function startCommand(opts: StartOptions): Promise<number> {
  const say = opts.json ? (line: string) => process.stderr.write(line + '\n') : info;
  return runStart(opts, {
    say: (line) => void say(line),
    // Loaded after runStart has set HOME: nothing may load @salesforce/core before.
    deploy: async (targetOrg) =>
      (await import('./deploy')).deployCommand(
        // --yes: the target is the bundled emulator on 127.0.0.1, never a real org, so the
        // production guard (the emulated org reports IsSandbox=false) has nothing to protect.
        { targetOrg, json: opts.json, config: opts.config, yes: true },
        { interactive: false, confirm: async () => false },
      ),
  });
}
