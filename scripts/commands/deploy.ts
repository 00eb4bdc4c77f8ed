/**
 * `reco-sf deploy [--target-org X] [--dry-run] [--yes] [--json] [--config F] [--wait MIN] [--resume ID]`:
 * gate → connect → snapshot → adapt → guards → deploy → data → verify → record, as explicit steps
 * in scripts/org/deploy-run/; this file renders. Fleets (`--target-org A --target-org B …`,
 * `--targets-file F`, `--concurrency N`) run that same single-org path once per org.
 */
import { createInterface } from 'node:readline/promises';
import type { Diagnostic } from '../core/diagnostic';
import { info, printJson, printProblems } from '../core/output';
import { fleetExitCode, fleetJsonOrgs, fleetWarnings, formatFleetTable, formatOrgError } from '../org/fleet';
import { formatHandoff } from '../org/handoff';
import { formatSummary } from '../org/verify';
import {
  runDeploy,
  type DeployCommandOptions,
  type DeployCommandResult,
  type FleetRun,
  type Prompter,
} from '../org/deploy-run';

export type { DeployCommandOptions, DeployCommandResult, Prompter } from '../org/deploy-run';

export const terminalPrompter: Prompter = {
  interactive: process.stdin.isTTY === true && process.stderr.isTTY === true,
  async confirm(question) {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    try {
      return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
    } finally {
      rl.close();
    }
  },
};

function printHuman(result: DeployCommandResult, warnings: Diagnostic[]): void {
  printProblems(warnings);
  info(formatSummary(result.summary));
  if (result.noChanges) info(`no changes: ${result.targetOrg} already holds the Reco integration`);
  else if (result.dryRun)
    info(`dry run: validation ${result.validationId ?? '(none needed)'} passed; nothing was changed`);
  else
    info(
      `deployed${result.deployId ? ` ${result.deployId}${result.quickDeploy ? ' (quick deploy)' : ''}` : ''}; verified${result.receipt ? `; receipt ${result.receipt}` : ''}`,
    );
  if (result.handoff) info(`\n${formatHandoff(result.handoff)}`);
}

function printFleet(run: FleetRun, json: boolean): number {
  const { outcomes } = run;
  const warnings = fleetWarnings(run.shared, outcomes);
  const code = fleetExitCode(outcomes);
  if (json) {
    printJson(code, { orgs: fleetJsonOrgs(outcomes) }, warnings);
    return code;
  }
  printProblems(warnings);
  for (const o of outcomes)
    if (o.error !== undefined) process.stderr.write(formatOrgError(o.target, o.error));
  info(formatFleetTable(outcomes, { concurrency: run.concurrency, wallMs: run.wallMs }));
  return code;
}

export async function deployCommand(
  opts: DeployCommandOptions,
  prompter: Prompter = terminalPrompter,
): Promise<number> {
  const done = await runDeploy(opts, prompter);
  if (done.fleet) return printFleet(done.run, done.opts.json);
  if (done.opts.json) printJson(0, done.result, done.warnings);
  else printHuman(done.result, done.warnings);
  return 0;
}
