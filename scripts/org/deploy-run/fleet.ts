/**
 * Fleet mode (`--target-org A --target-org B …`, `--targets-file F`): the single-org run of
 * run.ts once per org, `--concurrency` at once, through scripts/org/fleet.ts.
 */
import { RecoError } from '../../core/errors';
import type { Model } from '../../core/model';
import { orgArgs, shellWord } from '../../core/org-args';
import { orgError } from '../connect';
import { connectStep } from './connect-step';
import {
  concurrencyOf,
  runFleet,
  sharedUsernames,
  withOrgValues,
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
  shared: string[];
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
      { hint: 'run it with a single --target-org' },
    );
  const concurrency = opts.concurrency ?? concurrencyOf(undefined, selection.targets.length);
  const offline = await gateStep(opts);
  const shared = [...selection.warnings, ...offline.warnings];
  const claimed = new Set<string>();
  const modelFor = (target: string): Model =>
    withOrgValues(structuredClone(offline.model), selection.values?.[target]);
  const sharing = sharedUsernames(selection.targets, (t) => modelFor(t).user.username);
  const wallStarted = Date.now();
  const outcomes = await runFleet<DeployCommandResult>({
    targets: selection.targets,
    concurrency,
    json: opts.json,
    sharedWarnings: shared,
    runOne: (target, { progress, warnings }) =>
      deployFleetOrg(target, claimed, sharing, {
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

/** One org of a fleet: connect, refuse an org another target already covers, then the single-org run. */
async function deployFleetOrg(
  target: string,
  claimed: Set<string>,
  sharing: Map<string, string>,
  ctx: Omit<RunContext, 'org'>,
): Promise<DeployCommandResult> {
  const holder = sharing.get(target);
  if (holder !== undefined)
    throw new RecoError(
      'DUPLICATE_USERNAME',
      `${target} would get the integration user ${ctx.model.user.username}, which ${holder} of this fleet gets too; a Salesforce username is unique across all orgs, so this org was left unchanged`,
      {
        exitCode: 2,
        hint: `give each org its own username in a targets file: "${target} username=<name>" (see the README, Fleets)`,
      },
    );
  ctx.progress.update('connecting');
  const org = await connectStep(target, ctx.model, ctx.root, ctx.opts);
  if (claimed.has(org.orgId))
    throw new RecoError(
      'DUPLICATE_ORG',
      `${target} is org ${org.orgId}, which another target of this fleet already deploys`,
      { hint: 'name each org once' },
    );
  claimed.add(org.orgId);
  try {
    const result = await deployToOrg({ ...ctx, org });
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
          hint: `pass --yes to deploy to the fleet's production orgs too: ${fleetCommand(ctx.opts)} --yes`,
        },
      );
    }
    throw orgError(error, org);
  }
}

/** The fleet's command as the user gave it (every --target-org, --config, --targets-file), for a fix that reruns it. */
function fleetCommand(opts: DeployOptions): string {
  const orgs = opts.targetOrgs.map((t) => ` --target-org ${shellWord(t)}`).join('');
  return `reco-sf deploy${orgs}${orgArgs({ target: null, config: opts.config, targetsFile: opts.targetsFile })}`;
}
