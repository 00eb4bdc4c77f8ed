/**
 * `reco-sf deploy`'s orchestration: options checked → gate → connect → demo guard → the org's
 * run (run.ts: lock, snapshot, adapt, guards, deploy, data, verify, record), or the same for
 * every org of a fleet (fleet.ts). The command (scripts/commands/deploy.ts) only renders.
 */
import type { Diagnostic } from '../../core/diagnostic';
import { orgError } from '../connect';
import { connectStep } from './connect-step';
import { selectTargets, withOrgValues } from '../fleet';
import { Progress } from '../progress';
import { deployFleet, type FleetRun } from './fleet';
import { gateStep } from './gate';
import { parseDeployOptions, type DeployCommandOptions } from './options';
import { deployToOrg } from './run';
import { type DeployCommandResult, type DeployOptions, type Prompter } from './types';

export type { DeployCommandOptions } from './options';
export type { DeployCommandResult, DeployOptions, Prompter } from './types';
export type { FleetRun } from './fleet';

export type DeployRun =
  | { fleet: false; opts: DeployOptions; result: DeployCommandResult; warnings: Diagnostic[] }
  | { fleet: true; opts: DeployOptions; run: FleetRun };

/**
 * Runs the deploy the command line asks for. Throws the steps' RecoErrors (exit code on each)
 * for one org; a fleet never throws for one org (each org's error is in its outcome).
 */
export async function runDeploy(raw: DeployCommandOptions, prompter: Prompter): Promise<DeployRun> {
  const opts = parseDeployOptions(raw);
  const selection = selectTargets(
    { targetOrg: opts.targetOrgs, targetsFile: opts.targetsFile },
    process.cwd(),
  );
  if (selection.fleet) return { fleet: true, opts, run: await deployFleet(opts, selection) };
  const started = new Date();
  const gated = await gateStep(opts);
  const { root, warnings } = gated;
  warnings.push(...selection.warnings);
  // One --target-org with --targets-file: that org's own values from its line of the file.
  const model = withOrgValues(gated.model, selection.values?.[selection.targets[0] ?? '']);
  const progress = Progress.for({ json: opts.json });
  progress.update('connecting');
  const org = await connectStep(selection.targets[0], model, root, opts);
  try {
    const result = await deployToOrg({ opts, model, warnings, org, progress, prompter, root, started });
    progress.done();
    return { fleet: false, opts, result, warnings };
  } catch (error) {
    progress.done();
    throw orgError(error, org);
  }
}
