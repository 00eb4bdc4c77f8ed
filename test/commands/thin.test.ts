/**
 * Commands are thin (issue 15): a command parses its typed options, calls one orchestration
 * function in scripts/org or scripts/review, and renders. A command file past 150 lines holds
 * logic that belongs in those layers.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const COMMANDS_DIR = join(__dirname, '..', '..', 'scripts', 'commands');
const MAX_LINES = 150;

const commandFiles = readdirSync(COMMANDS_DIR).filter((f) => f.endsWith('.ts'));
const linesOf = (file: string): number =>
  readFileSync(join(COMMANDS_DIR, file), 'utf8').replace(/\n$/, '').split('\n').length;

describe('scripts/commands', () => {
  it('has the command files (the listing itself works)', () => {
    expect(commandFiles).toEqual(expect.arrayContaining(['deploy.ts', 'start.ts', 'verify.ts']));
  });

  it.each(commandFiles)(`%s is at most ${MAX_LINES} lines`, (file) => {
    expect(linesOf(file)).toBeLessThanOrEqual(MAX_LINES);
  });

  it('passes no untyped options bag from the command line to a command', () => {
    const cli = readFileSync(join(__dirname, '..', '..', 'scripts', 'cli.ts'), 'utf8');
    expect(cli).not.toMatch(/Record<string, unknown>/);
    expect(cli).not.toMatch(/as Action\b/);
  });
});
