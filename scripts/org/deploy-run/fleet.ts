/**
 * Fleet mode (`--target-org A --target-org B …`, `--targets-file F`): the single-org run of
 * run.ts once per org, `--concurrency` at once, through scripts/org/fleet.ts.
 */
import type { Diagnostic } from '../../core/diagnostic';
import { RecoError } from '../../core/errors';
import type { Model } from '../../core/model';
import { invocationOf, orgArgs, shellWord, switchArgs } from '../../core/org-args';
import { orgError, type OrgConnection } from '../connect';
import { connectStep } from './connect-step';
import {
  concurrencyOf,
  orgProgress,
  prepareFleet,
  runFleet,
  withOrgValues,
  type PreparedOrg,
  type FleetOutcome,
  type TargetSelection,
} from '../fleet';
import { gateStep } from './gate';
import { deployToOrg } from './run';
import { type DeployCommandResult, type DeployOptions, type Prompter, type RunContext } from './types';

/** A fleet never asks: production orgs without --yes are refused, not prompted N times. */
const FLEET_PROMPTER: Prompter = { interactive: false, confirm: () => Promise.resolve(false) };

export interface FleetRun {
  outcomes: Array<FleetOutcome<DeployCommandResult>>;
  shared: Diagnostic[];
  concurrency: number;
  wallMs: number;
}

/**
 * Every org of the selection, each on its own (one org's failure never stops another).
 * @throws RecoError FLEET_OPTION_UNSUPPORTED (exit 2) for --resume or --plan-hash, and the gate's errors.
 */
export async function deployFleet(opts: DeployOptions, selection: TargetSelection): Promise<FleetRun> {
  const unsupported =
    opts.resume !== undefined ? '--resume' : opts.planHash !== undefined ? '--plan-hash' : undefined;
  if (unsupported)
    throw new RecoError(
      'FLEET_OPTION_UNSUPPORTED',
      `${unsupported} belongs to one org's deploy or plan; it cannot apply to a fleet`,
      { fix: 'run it with a single --target-org' },
    );
  const concurrency = opts.concurrency ?? concurrencyOf(undefined, selection.targets.length);
  const offline = await gateStep(opts);
  const shared = [...selection.warnings, ...offline.warnings];
  const modelFor = (target: string): Model =>
    withOrgValues(structuredClone(offline.model), selection.values?.[target]);
  const wallStarted = Date.now();
  // Every org connected and its username resolved before any is changed (DUPLICATE_USERNAME refuses the fleet).
  const prepared = await prepareFleet({
    targets: selection.targets,
    concurrency,
    modelFor,
    connect: (target) => connectStep(target, modelFor(target), offline.root, opts),
    onConnect: (target) => orgProgress(target, opts.json).update('connecting'),
  });
  const outcomes = await runFleet<DeployCommandResult>({
    targets: selection.targets,
    concurrency,
    json: opts.json,
    sharedWarnings: shared,
    runOne: (target, { progress, warnings }) =>
      deployFleetOrg(target, prepared.get(target) ?? {}, {
        opts,
        model: modelFor(target),
        warnings,
        progress,
        prompter: FLEET_PROMPTER,
        root: offline.root,
        started: new Date(),
      }),
  });
  return { outcomes, shared, concurrency, wallMs: Date.now() - wallStarted };
}

/** One org of a fleet, connected and its username resolved by prepareFleet: the single-org run. */
async function deployFleetOrg(
  target: string,
  prepared: PreparedOrg<OrgConnection, Model>,
  ctx: Omit<RunContext, 'org'>,
): Promise<DeployCommandResult> {
  if (prepared.error !== undefined || !prepared.org) throw prepared.error;
  const org = prepared.org;
  try {
    const result = await deployToOrg({ ...ctx, org, model: prepared.model ?? ctx.model });
    ctx.progress.update(
      result.noChanges ? 'no changes' : result.dryRun ? 'dry run passed' : 'deployed and verified',
    );
    return result;
  } catch (error) {
    if (error instanceof RecoError && error.code === 'PRODUCTION_NOT_CONFIRMED') {
      throw new RecoError(
        error.code,
        `${target} is a production org; a fleet deploy never asks, so it was left unchanged`,
        {
          fix: `pass --yes to deploy to the fleet's production orgs too: ${fleetCommand(ctx.opts)} --yes`,
        },
      );
    }
    throw orgError(error, org);
  }
}

/**
 * The fleet's command as the user gave it (every --target-org, --config, --targets-file and the
 * run's switches but --yes, which the fix adds), for a fix that reruns it.
 */
function fleetCommand(opts: DeployOptions): string {
  const orgs = opts.targetOrgs.map((t) => ` --target-org ${shellWord(t)}`).join('');
  const files = orgArgs({ target: null, config: opts.config, targetsFile: opts.targetsFile });
  return `reco-sf deploy${orgs}${files}${switchArgs('deploy', invocationOf(opts, ''), '--yes')}`;
}
