/**
 * The reco-sf command line. Each command's module is loaded only when that command runs, so
 * offline commands never pay for @salesforce/core or SDR. The command lines CI runs most
 * (`validate`, `generate`) are read without commander when util.parseArgs reads them exactly as
 * commander would (see ./cli-direct); anything else (help, errors, the other commands) goes
 * through commander, loaded then.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as Commander from 'commander';
import { directCommand } from './cli-direct';
import { RecoError } from './core/errors';
import { reportError } from './core/output';
import { SHAPE_NAMES } from './emulator/shape-names';

type Command = Commander.Command;
type Option = Commander.Option;

/**
 * commander, on first use: its index requires node:child_process (for executable subcommands),
 * and both together are ~10% of a warm `validate`, which does not need them.
 */
function commander(): typeof Commander {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily, see above
  return require('commander') as typeof Commander;
}

/** A command: its own typed options (the flags commander parsed, by their camelCase names) → exit code. */
export type Action<O> = (opts: O) => Promise<number>;

/**
 * Wraps a lazily imported command so that every error goes through one reporter and exit code.
 * The options reach the command as its own interface; only `--json` is read here, to report.
 */
function run<O extends object>(
  load: () => Promise<Action<O>>,
  exit: { code: number },
): (opts: O) => Promise<void> {
  return async (opts) => {
    try {
      exit.code = await (await load())(opts);
    } catch (error) {
      // An expired session or a lost answer that no command explained still gets its fix.
      const { retryableError } = await import('./org/connect');
      const given = opts as { json?: unknown; targetOrg?: unknown };
      const target = typeof given.targetOrg === 'string' ? given.targetOrg : undefined;
      exit.code = reportError(retryableError(error, target), given.json === true);
    }
  };
}

const targetOrg = (): Option =>
  new (commander().Option)(
    '-o, --target-org <alias|username>',
    'org alias or username (default: the sf config target-org)',
  );
const json = (): Option =>
  new (commander().Option)('--json', 'print one JSON object: { status, result, warnings }');
/** For one org's reviews: its own values from the targets file a fleet deploy used. */
const orgValues = (): Option =>
  new (commander().Option)(
    '--targets-file <file>',
    "this org's own values (username=, email=) from its line in a targets file",
  );
const configOpt = (): Option =>
  new (commander().Option)('-c, --config <file>', 'integration config').default(
    undefined,
    'config/reco.config.json',
  );

/**
 * The version in package.json (one level up from scripts/, two from dist/scripts/): one small
 * file read, so `--version` loads nothing heavy. 'unknown' when no reco-sf package.json is found.
 */
export function packageVersion(): string {
  for (const up of [['..'], ['..', '..']]) {
    try {
      const pkg = JSON.parse(readFileSync(join(__dirname, ...up, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'reco-sf' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // not at this level: try the next one up
    }
  }
  return 'unknown';
}

/**
 * `jsonErrors`: the command line has --json, so a usage error is reported by main() as one JSON object
 * on stdout, not by commander as text (set here: subcommands copy it when they are added).
 */
export function buildProgram(exit: { code: number }, jsonErrors = false): Command {
  const program = new (commander().Command)('reco-sf')
    .description('Generate, validate, plan, deploy and verify the Salesforce side of the Reco integration.')
    .version(packageVersion(), '-v, --version', 'print the version of reco-sf (from its package.json)')
    .showHelpAfterError(!jsonErrors)
    .exitOverride();
  if (jsonErrors) program.configureOutput({ outputError: () => undefined });

  program
    .command('generate')
    .description('write force-app/ and config/ from the integration config')
    .addOption(configOpt())
    .option('--check', 'write nothing; exit 3 (drift) and list the files that differ from the config')
    .addOption(json())
    .action(run(async () => (await import('./commands/generate')).generateCommand, exit));

  program
    .command('validate')
    .description(
      'check the config and every file of every package directory in sfdx-project.json offline (exit 2 on any error)',
    )
    .addOption(configOpt())
    .option('--no-cache', 'always resolve the component set with source-deploy-retrieve (skip .reco/cache)')
    .addOption(json())
    .action(run(async () => (await import('./commands/validate')).validateCommand, exit));

  program
    .command('emulator')
    .description('run the local Salesforce org emulator on 127.0.0.1')
    .option('-p, --port <port>', 'port (0 = any free port)', '0')
    .option(
      '--shape <names>',
      `org shape(s), comma-separated: ${SHAPE_NAMES.join(', ')} (default: the seed's shape, else shield; --shape wins over the seed's)`,
    )
    .option('--seed <file>', 'JSON seed file with existing org state')
    .option('--log <file>', 'write a JSONL request log')
    .option(
      '--org-number <n>',
      'give this emulator its own org id and admin username (to run several side by side)',
    )
    .action(run(async () => (await import('./commands/emulator')).emulatorCommand, exit));

  program
    .command('start')
    .description(
      'the full flow against the bundled org emulator: start it, deploy, verify, print the summary (npm start)',
    )
    .option('--shape <names>', `emulated org shape(s), comma-separated: ${SHAPE_NAMES.join(', ')}`, 'shield')
    .option('--fresh', 'forget the emulated org state kept in .reco/emulator')
    .option(
      '--keep',
      'keep the emulator running after the deploy (until Ctrl+C) and print the commands that reach it',
    )
    .addOption(configOpt())
    .addOption(json())
    .action(run(async () => (await import('./commands/start')).startCommand, exit));

  program
    .command('wsdl-schema')
    .description('regenerate scripts/wsdl/metadata-schema.json from a Metadata API WSDL')
    .option('--wsdl <file>', 'Metadata WSDL (default: scripts/wsdl/metadata-v66.wsdl)')
    .option('--out <file>', 'output schema file (default: scripts/wsdl/metadata-schema.json)')
    .action(run(async () => (await import('./commands/wsdl-schema')).wsdlSchemaCommand, exit));

  program
    .command('docs')
    .description('regenerate the README sections that come from the config schema and the catalog')
    .option('--check', 'write nothing; exit 3 (drift) when the README is stale')
    .action(run(async () => (await import('./commands/docs')).docsCommand, exit));

  registerOrgCommands(program, exit);
  return program;
}

/** Commands that talk to an org. */
function registerOrgCommands(program: Command, exit: { code: number }): void {
  const { Option } = commander();
  program
    .command('plan')
    .description(
      'read-only: what a deploy would change, field by field, and the plan hash deploy --plan-hash can require',
    )
    .addOption(
      new Option(
        '-o, --target-org <alias|username>',
        "org alias or username (default: the sf config's target-org; without one, an empty org)",
      ),
    )
    .option(
      '--empty',
      'plan against an empty org (what the package contains), even with a default target-org',
    )
    .addOption(
      new Option('--format <format>', 'output format').choices(['text', 'markdown', 'json']).default('text'),
    )
    .option(
      '--ignore-local-changes',
      'go ahead even when force-app/ is invalid or out of sync with the config (the deploy is built from the config)',
    )
    .addOption(orgValues())
    .addOption(configOpt())
    .addOption(json())
    .action(run(async () => (await import('./commands/plan')).planCommand, exit));

  program
    .command('lock')
    .description(
      'record what reco-sf resolves in the org (permission API names, Shield) in config/reco.lock.json and regenerate force-app/ for that org shape',
    )
    .addOption(targetOrg())
    .addOption(configOpt())
    .addOption(json())
    .action(run(async () => (await import('./commands/lock')).lockCommand, exit));

  program
    .command('verify')
    .description(
      'read-only drift check: exit 0 in sync, 3 on drift, 1 org unreadable, 2 invalid config or unknown org',
    )
    .addOption(targetOrg())
    .addOption(orgValues())
    .addOption(configOpt())
    .addOption(json())
    .action(run(async () => (await import('./commands/verify')).verifyCommand, exit));

  program
    .command('doctor')
    .description(
      'diagnose set-up problems: login IP ranges, IP relaxation, API access, licence seats, Shield, frozen user',
    )
    .addOption(targetOrg())
    .addOption(orgValues())
    .addOption(configOpt())
    .addOption(json())
    .action(run(async () => (await import('./commands/doctor')).doctorCommand, exit));

  program
    .command('teardown')
    .description("remove what reco-sf added (from the org's ownership record); a dry run unless --yes")
    .addOption(targetOrg())
    .option('-y, --yes', 'remove it for real (default: only list what would be removed)')
    .addOption(configOpt())
    .addOption(json())
    .action(run(async () => (await import('./commands/teardown')).teardownCommand, exit));

  program
    .command('deploy')
    .description(
      'set the integration up in an org: preflight, merge, validate, deploy, user and assignments, verify',
    )
    .addOption(
      new Option(
        '-o, --target-org <alias|username>',
        'org alias or username (default: the sf config target-org); repeat it to deploy to several orgs',
      ).argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]),
    )
    .option(
      '--targets-file <file>',
      'deploy to every org the file names (one alias or username a line, # comments); with --target-org, only that org, with its own values (username=, email=) from its line',
    )
    .option('--concurrency <n>', 'with several orgs: how many to deploy at once (default: min(4, orgs))')
    .option('--dry-run', 'validate only (check-only deploy) and print what would change')
    .option(
      '-y, --yes',
      'no confirmation on production; allow removing extra permissions from an existing permission set, reactivating (production) or unfreezing the integration user',
    )
    .option('-w, --wait <minutes>', 'how long to wait for the deploy before printing its id (default 33)')
    .option('--resume <id>', 'wait for an earlier deploy that was still running, then finish the setup')
    .option(
      '--plan-hash <hash>',
      'refuse (exit 2) unless the config and org still match this reviewed plan (reco-sf plan)',
    )
    .option(
      '--ignore-local-changes',
      'go ahead even when force-app/ is invalid or out of sync with the config (the deploy is built from the config)',
    )
    .option('--no-user-email', 'do not ask Salesforce to e-mail a new integration user a password-set link')
    .addOption(configOpt())
    .addOption(json())
    .action(run(async () => (await import('./commands/deploy')).deployCommand, exit));

  program
    .command('handoff')
    .description(
      'the manual steps left after a deploy (password, log in as the integration user, Allow in Reco), with the org login URL',
    )
    .addOption(targetOrg())
    .addOption(orgValues())
    .option('--send-password-email', 'ask Salesforce to e-mail the integration user a password-set link')
    .addOption(configOpt())
    .addOption(json())
    .action(run(async () => (await import('./commands/handoff')).handoffCommand, exit));

  program
    .command('scratch')
    .description(
      'create a scratch org from config/project-scratch-def.json, create the user, deploy (needs a Dev Hub)',
    )
    .requiredOption('--dev-hub <alias>', 'Dev Hub alias or username')
    .option('-a, --alias <alias>', 'alias of the new scratch org', 'reco-scratch')
    .option('-d, --duration-days <days>', 'scratch org lifetime in days', '7')
    .option('--print', 'print the commands instead of running them')
    .addOption(configOpt())
    .addOption(json())
    .action(run(async () => (await import('./commands/scratch')).scratchCommand, exit));
}

/**
 * A usage error commander threw (unknown option or command, missing value, no command) as the
 * error `--json` prints: INVALID_ARGUMENT, exit 2, with commander's own message.
 */
function usageError(error: unknown, program: Command, argv: string[]): RecoError {
  const { code, message } = error as { code?: string; message?: string };
  const text =
    code === 'commander.help' || !message
      ? 'no command given'
      : message.replace(/^error: /, '').replace(/\n+/g, ' ');
  const command = program.commands.find((c) => c.name() === argv[0]);
  const help = command ? `reco-sf ${command.name()} --help` : 'reco-sf --help';
  return new RecoError('INVALID_ARGUMENT', text, { exitCode: 2, fix: `see ${help}` });
}

/**
 * An option that takes a value followed by a flag (`--target-org --json`; any `--word`, or one of
 * the command's short flags): commander would take the flag as the value (an org named "--json");
 * it is a missing value.
 * @throws CommanderError commander.optionMissingArgument, as commander words it.
 */
function refuseFlagAsValue(program: Command, argv: string[]): void {
  const command = program.commands.find((c) => c.name() === argv[0]);
  if (!command) return;
  const flagOf = (word: string | undefined) =>
    command.options.find((o) => word !== undefined && (o.long === word.split('=')[0] || o.short === word));
  argv.forEach((word, i) => {
    const option = flagOf(word);
    const next = argv[i + 1];
    if (option?.required && !word.includes('=') && (flagOf(next) || /^--[a-z]/.test(next ?? '')))
      command.error(`error: option '${option.flags}' argument missing`, {
        code: 'commander.optionMissingArgument',
        exitCode: 2,
      });
  });
}

export async function main(argv: string[]): Promise<number> {
  const exit = { code: 0 };
  const direct = directCommand(argv);
  if (direct) {
    await run(direct.load, exit)(direct.opts);
    return exit.code;
  }
  const json = argv.includes('--json');
  const program = buildProgram(exit, json);
  try {
    refuseFlagAsValue(program, argv);
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    // commander throws on --help/--version (exit 0) and on usage errors (exit 2; as text, commander
    // printed the message already).
    const code = (error as { exitCode?: number }).exitCode;
    if (code === 0) return 0;
    return json ? reportError(usageError(error, program, argv), true) : 2;
  }
  return exit.code;
}
