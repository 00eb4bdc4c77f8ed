/**
 * The options a printed fix must repeat so that, copied, it does the same thing as the run that
 * printed it: the org, the config file and the targets file the user named. Without them a
 * copied `reco-sf deploy --target-org X` would read the default config, and an org of a targets
 * file would fall back to the config's default username.
 */

/** The org and files a command ran with. */
export interface Invocation {
  /** The org's alias or username as given (or resolved from the sf default); null: none. */
  target: string | null | undefined;
  /** `--config`, as the user typed it (relative to where they ran it). */
  config?: string;
  /** `--targets-file`, as the user typed it. */
  targetsFile?: string;
}

/** An invocation against one known org. */
export type OrgInvocation = Invocation & { target: string };

/** The invocation of a command run against `target` with the files its options name. */
export function invocationOf(opts: { config?: string; targetsFile?: string }, target: string): OrgInvocation {
  return { target, config: opts.config, targetsFile: opts.targetsFile };
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

/** `reco-sf COMMAND<org args><extra>`, e.g. `reco-sf deploy --target-org X --config F --yes`. */
export function recoCommand(command: string, args: OrgArgs, extra = ''): string {
  return `reco-sf ${command}${orgArgs(args)}${extra ? ` ${extra}` : ''}`;
}

/** The config file a fix names: the one the user gave, else the default. */
export function configName(args: OrgArgs): string {
  return (typeof args === 'object' && args?.config) || 'config/reco.config.json';
}
