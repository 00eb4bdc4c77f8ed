/**
 * `validate` and `generate` command lines are read without commander (scripts/cli-direct.ts):
 * every line that path accepts must be read exactly as commander reads it (same options handed
 * to the command, no error), and every other line must be left to commander.
 */
import fc from 'fast-check';
import type { Command } from 'commander';
import { buildProgram } from '../../scripts/cli';
import { directCommand } from '../../scripts/cli-direct';

type Read = { ok: true; opts: object } | { ok: false; code?: string };

/** What commander hands the command's action for `argv`, with the action replaced and output muted. */
async function commanderReads(argv: string[]): Promise<Read> {
  const program = buildProgram({ code: 0 });
  const mute = { writeOut: () => undefined, writeErr: () => undefined };
  program.configureOutput(mute);
  let opts: object | undefined;
  for (const command of program.commands as Command[])
    command.configureOutput(mute).action((given: object) => {
      opts = { ...given };
    });
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    return { ok: false, code: (error as { code?: string }).code };
  }
  return opts ? { ok: true, opts } : { ok: false };
}

const tokens = [
  '--json',
  '--no-cache',
  '--cache',
  '--check',
  '--config',
  '--config=other.json',
  '--config=',
  '--config=-x.json',
  '-c',
  '-cother.json',
  '-c=x.json',
  'x.json',
  '-x.json',
  '',
  '--',
  '-',
  '-h',
  '--help',
  '--version',
  '--target-org',
  '--unknown',
  '-jc',
];

describe('command lines read without commander', () => {
  it('reads validate and generate as commander does, options by their camelCase names', () => {
    expect(directCommand(['validate'])?.opts).toEqual({ cache: true });
    expect(directCommand(['validate', '--no-cache', '--json', '-c', 'a.json'])?.opts).toEqual({
      cache: false,
      json: true,
      config: 'a.json',
    });
    expect(directCommand(['generate', '--check', '--config=b.json', '--config', 'c.json'])?.opts).toEqual({
      check: true,
      config: 'c.json',
    });
  });

  it('leaves help, typos, missing values, positionals and other commands to commander', () => {
    for (const argv of [
      [],
      ['validate', '--help'],
      ['validate', '-h'],
      ['validate', '--jsno'],
      ['validate', '--config'],
      ['validate', '-c', '--json'],
      ['validate', 'extra'],
      ['generate', '--no-cache'],
      ['plan', '--json'],
      ['--version'],
      ['toString'],
    ])
      expect(directCommand(argv)).toBeUndefined();
  });

  it('every line it accepts, commander accepts and reads the same way (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('validate', 'generate'),
        fc.array(fc.constantFrom(...tokens), { maxLength: 5 }),
        async (name, args) => {
          const argv = [name, ...args];
          const direct = directCommand(argv);
          if (!direct) return;
          expect(await commanderReads(argv)).toEqual({ ok: true, opts: direct.opts });
        },
      ),
      { numRuns: 300 },
    );
  });
});
