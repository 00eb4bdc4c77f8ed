/**
 * The options a printed fix must repeat so that, copied, it does the same thing as the run that
 * printed it: the org, the config file and the targets file the user named, and the run's own
 * switches the fixed command takes (deploy's --dry-run, --yes, --ignore-local-changes,
 * --no-user-email; plan's --ignore-local-changes). Without them a copied `reco-sf deploy
 * --target-org X` would read the default config, an org of a targets file would fall back to the
 * config's default username, a `--resume` on production would stop at the confirmation, and a
 * run that needed --ignore-local-changes would stop at the offline gate.
 */

/** The org and files a command ran with. */
export interface Invocation {
  /** The org's alias or username as given (or resolved from the sf default); null: none. */
  target: string | null | undefined;
  /** `--config`, as the user typed it (relative to where they ran it). */
  config?: string;
  /** `--targets-file`, as the user typed it. */
  targetsFile?: string;
  /** The run's switches a repeated command needs (each printed only for a command that takes it). */
  switches?: RunSwitches;
}

/** The switches of the run that printed a fix; absent or false: not given. */
export interface RunSwitches {
  dryRun?: boolean;
  yes?: boolean;
  ignoreLocalChanges?: boolean;
  /** `--no-user-email` was given. */
  noUserEmail?: boolean;
}

/** Which switches each command takes, as it spells them (scripts/cli.ts), in the order printed. */
const SWITCHES: Record<string, Array<[keyof RunSwitches, string]>> = {
  deploy: [
    ['dryRun', '--dry-run'],
    ['ignoreLocalChanges', '--ignore-local-changes'],
    ['noUserEmail', '--no-user-email'],
    ['yes', '--yes'],
  ],
  plan: [['ignoreLocalChanges', '--ignore-local-changes']],
};

/** An invocation against one known org. */
export type OrgInvocation = Invocation & { target: string };

/** The invocation of a command run against `target` with the files its options name. */
export function invocationOf(
  opts: {
    config?: string;
    targetsFile?: string;
    dryRun?: boolean;
    yes?: boolean;
    ignoreLocalChanges?: boolean;
    userEmail?: boolean;
  },
  target: string,
): OrgInvocation {
  const switches: RunSwitches = {
    ...(opts.dryRun === true ? { dryRun: true } : {}),
    ...(opts.yes === true ? { yes: true } : {}),
    ...(opts.ignoreLocalChanges === true ? { ignoreLocalChanges: true } : {}),
    ...(opts.userEmail === false ? { noUserEmail: true } : {}),
  };
  return {
    target,
    config: opts.config,
    targetsFile: opts.targetsFile,
    ...(Object.keys(switches).length > 0 ? { switches } : {}),
  };
}

/** What a fix names: an invocation, or just an org (a bare target), or nothing. */
export type OrgArgs = Invocation | string | null | undefined;

/** A value as one POSIX shell word: unchanged when it is plainly safe, single-quoted otherwise. */
export function shellWord(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * The options to repeat, each with a leading space (`` --target-org X --config F --targets-file T``),
 * in that order; '' when there are none.
 */
export function orgArgs(args: OrgArgs): string {
  const inv: Invocation = typeof args === 'string' || args == null ? { target: args } : args;
  const parts: string[] = [];
  if (inv.target) parts.push('--target-org', shellWord(inv.target));
  if (inv.config !== undefined) parts.push('--config', shellWord(inv.config));
  if (inv.targetsFile !== undefined) parts.push('--targets-file', shellWord(inv.targetsFile));
  return parts.map((p) => ` ${p}`).join('');
}

/**
 * The run's switches that `command` takes, each with a leading space, leaving out those `extra`
 * already names; '' when there are none.
 */
export function switchArgs(command: string, args: OrgArgs, extra = ''): string {
  const given = typeof args === 'object' && args ? (args.switches ?? {}) : {};
  const named = new Set(extra.split(/\s+/));
  return (SWITCHES[command] ?? [])
    .filter(([key, flag]) => given[key] === true && !named.has(flag))
    .map(([, flag]) => ` ${flag}`)
    .join('');
}

/**
 * How a printed command starts; see useLauncher. A process run by one of the commands `start
 * --keep` prints (HOME set to the project's .reco/emulator/sf-home, the generic keychain) prints
 * its commands the same way, so that they reach the kept emulator too.
 */
let launcher = keptEmulatorLauncher() ?? 'reco-sf';

function keptEmulatorLauncher(): string | undefined {
  const home = process.env.HOME ?? '';
  const kept = /[/\\]\.reco[/\\]emulator[/\\]sf-home$/.test(home);
  return kept && process.env.SF_USE_GENERIC_UNIX_KEYCHAIN === 'true' ? keptLauncher(home) : undefined;
}

/** How a command for the kept emulator starts, run from the project root: its sf HOME, the generic keychain its key is in. */
export function keptLauncher(sfHome: string): string {
  return `${sfHomeEnv(sfHome)} node bin/reco-sf.js`;
}

/** The environment that finds the kept emulator's alias (scripts/org/start-run.ts). */
export function sfHomeEnv(sfHome: string): string {
  return `HOME='${sfHome.replace(/'/g, `'\\''`)}' SF_USE_GENERIC_UNIX_KEYCHAIN=true`;
}

/**
 * Makes every command printed from now on start with `words` instead of `reco-sf`: `start --keep`
 * prints commands for its emulator, whose alias only its isolated HOME knows
 * (scripts/org/start-run.ts), so they must name that HOME to run as printed.
 */
export function useLauncher(words: string): void {
  launcher = words;
}

/**
 * `reco-sf COMMAND<org args><switches><extra>`, e.g. `reco-sf deploy --target-org X --config F
 * --ignore-local-changes --yes`: the command as it must be typed to succeed as printed.
 */
export function recoCommand(command: string, args: OrgArgs, extra = ''): string {
  return `${launcher} ${command}${orgArgs(args)}${switchArgs(command, args, extra)}${extra ? ` ${extra}` : ''}`;
}

/** The config file a fix names: the one the user gave, else the default. */
export function configName(args: OrgArgs): string {
  return (typeof args === 'object' && args?.config) || 'config/reco.config.json';
}
