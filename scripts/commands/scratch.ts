/**
 * `reco-sf scratch --dev-hub <alias> [--alias A] [--duration-days N] [--print]` (npm run scratch):
 * 1. `sf org create scratch` from config/project-scratch-def.json;
 * 2. `sf org create user` from config/reco-user-def.json (it has no PSL key, and it must run
 *    before our deploy: the deploy would otherwise create the user itself and this would fail
 *    on the duplicate username);
 * 3. `reco-sf deploy` into the new org, which also assigns the PSL, then the permission set.
 * Needs a Dev Hub, so the tests check the command construction only.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RecoError } from '../core/errors';
import { info, printJson } from '../core/output';
import { findProjectRoot } from '../core/project';
import { SCRATCH_DEF_PATH, USER_DEF_PATH } from '../generate/project';
import { isUsernamePattern } from '../core/username-pattern';

export interface ScratchOptions {
  /** Required; commander enforces it, the check below covers direct calls. */
  devHub?: string;
  alias?: string;
  durationDays?: string | number;
  config?: string;
  print?: boolean;
  json?: boolean;
}

export interface PlannedCommand {
  description: string;
  /** argv[0] is `sf` or `reco-sf`. */
  argv: string[];
}

/**
 * `userPattern`: the user definition's username holds placeholders (scripts/org/username.ts) that
 * only reco-sf fills in, so `sf org create user` is left out and the deploy creates the user.
 */
export function scratchCommands(opts: ScratchOptions, userPattern = false): PlannedCommand[] {
  const alias = opts.alias ?? 'reco-scratch';
  const days = String(opts.durationDays ?? 7);
  if (!/^[1-9]\d?$/.test(days) || Number(days) > 30)
    throw new RecoError('INVALID_DURATION', `--duration-days must be 1 to 30, got "${days}"`);
  const devHub = opts.devHub?.trim() ?? '';
  if (devHub === '')
    throw new RecoError('NO_DEV_HUB', '--dev-hub needs a Dev Hub alias or username', {
      fix: 'log in to your Dev Hub: sf org login web --set-default-dev-hub --alias devhub, then: npm run scratch -- --dev-hub devhub',
    });
  return [
    {
      description: 'create the scratch org',
      argv: [
        'sf',
        'org',
        'create',
        'scratch',
        '--definition-file',
        SCRATCH_DEF_PATH,
        '--target-dev-hub',
        devHub,
        '--alias',
        alias,
        '--duration-days',
        days,
        '--wait',
        '15',
      ],
    },
    ...(userPattern
      ? []
      : [
          {
            description:
              'create the integration user (profile from the definition file; the PSL is assigned by the deploy)',
            argv: ['sf', 'org', 'create', 'user', '--definition-file', USER_DEF_PATH, '--target-org', alias],
          },
        ]),
    {
      description: 'deploy the integration and assign the PSL, then the permission set',
      argv: ['reco-sf', 'deploy', '--target-org', alias, ...(opts.config ? ['--config', opts.config] : [])],
    },
  ];
}

/**
 * Whether config/reco-user-def.json leaves the username to reco-sf: `generate` writes none for a
 * username pattern (an older file may hold the pattern itself). An unreadable file is left to sf.
 */
function userDefinitionIsPattern(root: string): boolean {
  try {
    const def = JSON.parse(readFileSync(join(root, USER_DEF_PATH), 'utf8')) as { Username?: unknown };
    return typeof def.Username !== 'string' || isUsernamePattern(def.Username);
  } catch {
    return false;
  }
}

export function shellLine(argv: string[]): string {
  return argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

function runStep(root: string, step: PlannedCommand): void {
  const [program, ...args] = step.argv;
  const executable = program === 'reco-sf' ? process.execPath : program;
  const fullArgs = program === 'reco-sf' ? [join(root, 'bin', 'reco-sf.js'), ...args] : args;
  info(`$ ${shellLine(step.argv)}`);
  const result = spawnSync(executable, fullArgs, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    throw new RecoError(
      'SCRATCH_STEP_FAILED',
      `${step.description} failed (exit ${result.status ?? result.signal})`,
      { exitCode: 1, fix: `run it by hand: ${shellLine(step.argv)}` },
    );
  }
}

export async function scratchCommand(opts: ScratchOptions): Promise<number> {
  const steps = scratchCommands(opts, userDefinitionIsPattern(findProjectRoot()));
  if (opts.print || opts.json) {
    if (opts.json)
      printJson(0, {
        commands: steps.map((s) => ({ description: s.description, command: shellLine(s.argv) })),
      });
    else for (const s of steps) info(`# ${s.description}\n${shellLine(s.argv)}`);
    return 0;
  }
  const root = findProjectRoot();
  for (const step of steps) runStep(root, step);
  return 0;
}
