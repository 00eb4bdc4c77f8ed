/**
 * The command lines CI runs on every push (`reco-sf validate`, `reco-sf generate --check`), read
 * with Node's own `util.parseArgs` instead of commander: commander's index requires
 * node:child_process, and the two cost ~10% of a warm `validate`. A command line is read here
 * only when util.parseArgs (strict: no unknown option, no positional, no option value that
 * starts with a dash) accepts it; every other one (`--help`, a typo, a missing value, any other
 * command) is left to commander, so help and error texts stay commander's.
 * test/cli/cli-direct.test.ts checks that commander reads every accepted line the same way.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Action } from './cli';

type Options = NonNullable<ParseArgsConfig['options']>;
/** No option here is `multiple`, so a value is never a list. */
type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** A command line read without commander: the options as commander hands them to the action. */
export interface DirectCommand {
  opts: object;
  load: () => Promise<Action<object>>;
}

interface DirectEntry {
  /** The command's options as commander defines them in cli.ts (long name → type, short flag). */
  options: Options;
  /** The options object commander builds: camelCase keys, `--no-x` as `x: false`, defaults set. */
  opts: (values: Values) => object;
  load: () => Promise<Action<object>>;
}

const config = { type: 'string', short: 'c' } as const;
const flag = { type: 'boolean' } as const;

/** Only keys commander would set: an option not given is absent (configOpt's default is undefined). */
function given(values: Values, keys: Record<string, string>): Record<string, string | boolean> {
  const opts: Record<string, string | boolean> = {};
  for (const [from, to] of Object.entries(keys)) {
    const value = values[from];
    if (typeof value === 'string' || typeof value === 'boolean') opts[to] = value;
  }
  return opts;
}

const DIRECT: Record<string, DirectEntry> = {
  validate: {
    options: { config, json: flag, 'no-cache': flag },
    opts: (values) => ({
      cache: values['no-cache'] !== true,
      ...given(values, { config: 'config', json: 'json' }),
    }),
    load: async () => (await import('./commands/validate')).validateCommand as Action<object>,
  },
  generate: {
    options: { config, check: flag, json: flag },
    opts: (values) => given(values, { config: 'config', check: 'check', json: 'json' }),
    load: async () => (await import('./commands/generate')).generateCommand as Action<object>,
  },
};

/**
 * The command and its options when `argv` (the arguments after `reco-sf`) is a plain command
 * line of a command in DIRECT; undefined for everything commander must read.
 */
export function directCommand(argv: readonly string[]): DirectCommand | undefined {
  const [name, ...args] = argv;
  const entry = name !== undefined && Object.hasOwn(DIRECT, name) ? DIRECT[name] : undefined;
  if (!entry) return undefined;
  let values: Values;
  try {
    ({ values } = parseArgs({ args, options: entry.options, strict: true, allowPositionals: false }));
  } catch {
    return undefined; // commander prints the error (and its help) as it always has
  }
  return { opts: entry.opts(values), load: entry.load };
}
