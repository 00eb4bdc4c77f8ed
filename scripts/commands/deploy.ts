/**
 * `reco-sf deploy [--target-org X] [--dry-run] [--yes] [--json] [--config F] [--wait MIN] [--resume ID]`:
 * offline gate → connect → snapshot → adapt → guards → merge/diff → deploy → data → verify → receipt.
 * Each step lives in scripts/org/; this file only wires them and decides what to print.
 * Fleets (`--target-org A --target-org B …`, `--targets-file F`, `--concurrency N`) run that same
 * single-org path once per org through scripts/org/fleet.ts.
 */
import { relative } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { buildComponents } from '../components';
import { errorOf, formatProblem, RecoError } from '../core/errors';
import { info, printJson, printProblems } from '../core/output';
import { configPathFor, findProjectRoot } from '../core/project';
import { runOfflinePipeline } from '../generate/pipeline';
import { adaptToOrg, type AdaptResult, type PartDecision } from '../org/adapt';
import { describeExtras, pendingChanges, planChanges, type ChangeSet } from '../org/changes';
import { connectToOrg, sessionExpiredError, type OrgConnection } from '../org/connect';
import {
  dataFailedError,
  dataPlanIsEmpty,
  planData,
  runDataSteps,
  type DataPlan,
  type DataResult,
} from '../org/data';
import {
  deployChanges,
  DeployFailedError,
  failuresOf,
  waitForDeploy,
  type DeployOutcome,
} from '../org/deploy';
import {
  concurrencyOf,
  fleetExitCode,
  fleetJsonOrgs,
  fleetWarnings,
  formatFleetTable,
  formatOrgError,
  runFleet,
  selectTargets,
  type FleetOutcome,
  type TargetSelection,
} from '../org/fleet';
import { Progress } from '../org/progress';
import { writeReceipt, type Receipt } from '../org/receipt';
import { isSessionExpired } from '../org/retry';
import { snapshotRequest, takeSnapshot } from '../org/snapshot';
import { isProduction, type OrgSnapshot } from '../org/types';
import { formatSummary, summarise, verificationProblems, type SummaryRow } from '../org/verify';
import type { Model } from '../core/model';
import { checkPlanHash } from '../review/hash';

export interface DeployCommandOptions {
  /** One org, or several (a fleet: the option repeated). */
  targetOrg?: string | string[];
  /** A file naming one org a line (`#` comments): a fleet. */
  targetsFile?: string;
  /** Fleet: how many orgs at once (default min(4, targets)); commander passes a string. */
  concurrency?: string | number;
  dryRun?: boolean;
  yes?: boolean;
  json?: boolean;
  config?: string;
  /** Minutes (commander passes a string). */
  wait?: string | number;
  resume?: string;
  /** The hash `reco-sf plan` printed: refuse when the config or org changed since (exit 2). */
  planHash?: string;
}

export interface DeployCommandResult {
  orgId: string;
  targetOrg: string;
  dryRun: boolean;
  /** True when the org already held everything: no deploy call, no data call. */
  noChanges: boolean;
  validationId: string | null;
  deployId: string | null;
  quickDeploy: boolean;
  parts: PartDecision[];
  summary: SummaryRow[];
  receipt: string | null;
}

/** How the command asks for confirmation; tests replace it. */
export interface Prompter {
  interactive: boolean;
  confirm(question: string): Promise<boolean>;
}

const DEFAULT_WAIT_MINUTES = 33;

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

function waitMinutes(value: string | number | undefined): number {
  if (value === undefined) return DEFAULT_WAIT_MINUTES;
  const minutes = Number(value);
  if (!Number.isFinite(minutes) || minutes < 0)
    throw new RecoError('INVALID_WAIT', `--wait must be a number of minutes, got "${value}"`);
  return minutes;
}

/** Step 1: the offline gate. Any error stops here, before any network call. */
function offlineModel(opts: DeployCommandOptions, root: string): { model: Model; warnings: string[] } {
  const offline = runOfflinePipeline(root, configPathFor(root, opts.config));
  const errors = errorOf(offline.problems);
  if (!offline.model || errors.length > 0) {
    if (!opts.json) printProblems(offline.problems);
    throw new RecoError(
      'CONFIG_INVALID',
      `${offline.configFile} has ${errors.length} error(s); nothing was sent to the org:\n${errors.map((p) => `  ${formatProblem(p)}`).join('\n')}`,
      {
        file: offline.configFile,
        hint: 'run reco-sf validate for details',
      },
    );
  }
  return {
    model: offline.model,
    warnings: offline.problems.filter((p) => p.severity === 'warning').map((p) => p.message),
  };
}

function adaptOrThrow(model: Model, snapshot: OrgSnapshot): AdaptResult {
  const adapted = adaptToOrg(model, snapshot);
  if (adapted.errors.length > 0) {
    const lines = adapted.errors
      .map((e) => `  ${e.code}: ${e.message}${e.hint ? `\n    fix: ${e.hint}` : ''}`)
      .join('\n');
    throw new RecoError(
      adapted.errors[0].code,
      `the org cannot take this config; nothing was changed:\n${lines}`,
      { hint: adapted.errors[0].hint },
    );
  }
  return adapted;
}

interface GuardInput {
  opts: DeployCommandOptions;
  snapshot: OrgSnapshot;
  changeSet: ChangeSet;
  dataPlan: DataPlan;
  prompter: Prompter;
  target: string;
}

/** Permission-set extras, production confirmation and reactivation on production. */
async function runGuards({
  opts,
  snapshot,
  changeSet,
  dataPlan,
  prompter,
  target,
}: GuardInput): Promise<void> {
  if (changeSet.permissionSetExtras.length > 0 && !opts.yes) {
    throw new RecoError(
      'PERMISSION_SET_HAS_EXTRAS',
      `the org's permission set holds permissions the config does not; deploying would disable them:\n${describeExtras(changeSet.permissionSetExtras)}`,
      {
        hint: `add them to permissionSet.additionalPermissions, or remove them: reco-sf deploy --target-org ${target} --yes`,
      },
    );
  }
  if (dataPlan.unfreeze && !opts.yes && !opts.dryRun) {
    throw new RecoError(
      'USER_FROZEN',
      `the integration user ${snapshot.user?.username ?? ''} is frozen; someone may have frozen it on purpose, so unfreezing it needs --yes`,
      { hint: `check why it was frozen, then unfreeze it: reco-sf deploy --target-org ${target} --yes` },
    );
  }
  const changes = pendingChanges(changeSet).length > 0 || !dataPlanIsEmpty(dataPlan);
  if (opts.dryRun || !changes || !isProduction(snapshot) || opts.yes) return;
  if (dataPlan.user.action === 'reactivate') {
    throw new RecoError(
      'PRODUCTION_REACTIVATION',
      `the integration user ${snapshot.user?.username ?? ''} is inactive; reactivating a user in production needs --yes`,
      {
        hint: `check why it was deactivated, then reactivate it: reco-sf deploy --target-org ${target} --yes`,
      },
    );
  }
  const question = `${target} is a PRODUCTION org (${snapshot.organization.name}). Deploy the Reco integration?`;
  if (!prompter.interactive || opts.json) {
    throw new RecoError(
      'PRODUCTION_NOT_CONFIRMED',
      `${target} is a production org; refusing to change it without confirmation`,
      { hint: `run it in a terminal to confirm, or: reco-sf deploy --target-org ${target} --yes` },
    );
  }
  if (!(await prompter.confirm(question)))
    throw new RecoError('PRODUCTION_NOT_CONFIRMED', 'not confirmed; nothing was changed');
}

/** How to carry on when a deploy outlives --wait: resume it against the same org. */
const resumeHint =
  (target: string) =>
  (id: string): string =>
    `wait for it with: reco-sf deploy --target-org ${target} --resume ${id}  (or simply run reco-sf deploy --target-org ${target} again later)`;

/** --resume: wait for an earlier deploy to finish, then carry on like a normal (idempotent) run. */
async function resumeDeploy(
  org: OrgConnection,
  id: string,
  minutes: number,
  progress: Progress,
): Promise<void> {
  const sdr = await import('@salesforce/source-deploy-retrieve');
  const status = await waitForDeploy(sdr, org.conn, id, Date.now() + minutes * 60_000, {
    waitMinutes: minutes,
    onProgress: (t) => progress.update(t),
    stillRunningHint: resumeHint(org.target),
  });
  const ok = status.success === true || String(status.success) === 'true';
  if (!ok)
    throw new DeployFailedError(
      id,
      failuresOf(status, []),
      status.checkOnly === true || String(status.checkOnly) === 'true',
    );
}

function receiptOf(
  org: OrgConnection,
  started: Date,
  outcome: DeployOutcome | null,
  changeSet: ChangeSet,
  data: DataResult | null,
  warnings: string[],
): Receipt {
  return {
    version: 1,
    orgId: org.orgId,
    targetOrg: org.target,
    apiVersion: org.apiVersion,
    startedAt: started.toISOString(),
    finishedAt: new Date().toISOString(),
    dryRun: false,
    deployId: outcome?.deployId ?? null,
    components: pendingChanges(changeSet).map((c) => ({
      key: c.key,
      type: c.type,
      fullName: c.fullName,
      state: c.state,
      prior: c.current,
    })),
    records: data?.records ?? [],
    warnings,
  };
}

function printHuman(result: DeployCommandResult, warnings: string[]): void {
  for (const w of warnings) process.stderr.write(`Warning: ${w}\n`);
  info(formatSummary(result.summary));
  if (result.noChanges) info(`no changes: ${result.targetOrg} already holds the Reco integration`);
  else if (result.dryRun)
    info(`dry run: validation ${result.validationId ?? '(none needed)'} passed; nothing was changed`);
  else
    info(
      `deployed${result.deployId ? ` ${result.deployId}${result.quickDeploy ? ' (quick deploy)' : ''}` : ''}; verified${result.receipt ? `; receipt ${result.receipt}` : ''}`,
    );
}

export async function deployCommand(
  opts: DeployCommandOptions,
  prompter: Prompter = terminalPrompter,
): Promise<number> {
  const selection = selectTargets(opts, process.cwd());
  if (selection.fleet) return deployFleet(opts, selection);
  const started = new Date();
  const root = findProjectRoot();
  const minutes = waitMinutes(opts.wait);
  const { model, warnings } = offlineModel(opts, root);
  const progress = Progress.for({ json: opts.json });
  progress.update('connecting');
  const org = await connectToOrg(selection.targets[0], model.apiVersion, root);
  try {
    const result = await deployToOrg({
      opts,
      model,
      warnings,
      org,
      progress,
      prompter,
      minutes,
      root,
      started,
    });
    progress.done();
    if (opts.json) printJson(0, result, warnings);
    else printHuman(result, warnings);
    return 0;
  } catch (error) {
    progress.done();
    if (isSessionExpired(error)) throw sessionExpiredError(org.target, error);
    throw error;
  }
}

/** A fleet never asks: production orgs without --yes are refused, not prompted N times. */
const FLEET_PROMPTER: Prompter = { interactive: false, confirm: () => Promise.resolve(false) };

/** Fleet mode: the single-org run below for each target, `--concurrency` at once; one table at the end. */
async function deployFleet(opts: DeployCommandOptions, selection: TargetSelection): Promise<number> {
  const unsupported =
    opts.resume !== undefined ? '--resume' : opts.planHash !== undefined ? '--plan-hash' : undefined;
  if (unsupported)
    throw new RecoError(
      'FLEET_OPTION_UNSUPPORTED',
      `${unsupported} belongs to one org's deploy or plan; it cannot apply to a fleet`,
      { hint: 'run it with a single --target-org' },
    );
  const concurrency = concurrencyOf(opts.concurrency, selection.targets.length);
  const root = findProjectRoot();
  const minutes = waitMinutes(opts.wait);
  const offline = offlineModel(opts, root);
  const shared = [...selection.warnings, ...offline.warnings];
  const claimed = new Set<string>();
  const wallStarted = Date.now();
  const outcomes = await runFleet<DeployCommandResult>({
    targets: selection.targets,
    concurrency,
    json: opts.json,
    sharedWarnings: shared,
    runOne: (target, { progress, warnings }) =>
      deployFleetOrg(target, claimed, {
        opts,
        model: structuredClone(offline.model),
        warnings,
        progress,
        prompter: FLEET_PROMPTER,
        minutes,
        root,
        started: new Date(),
      }),
  });
  printFleet(outcomes, { json: opts.json, shared, concurrency, wallMs: Date.now() - wallStarted });
  return fleetExitCode(outcomes);
}

/** One org of a fleet: connect, refuse an org another target already covers, then the single-org run. */
async function deployFleetOrg(
  target: string,
  claimed: Set<string>,
  ctx: Omit<RunContext, 'org'>,
): Promise<DeployCommandResult> {
  ctx.progress.update('connecting');
  const org = await connectToOrg(target, ctx.model.apiVersion, ctx.root);
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
    if (isSessionExpired(error)) throw sessionExpiredError(org.target, error);
    if (error instanceof RecoError && error.code === 'PRODUCTION_NOT_CONFIRMED') {
      throw new RecoError(
        error.code,
        `${target} is a production org; a fleet deploy never asks, so it was left unchanged`,
        { hint: "pass --yes to deploy to the fleet's production orgs too" },
      );
    }
    throw error;
  }
}

function printFleet(
  outcomes: Array<FleetOutcome<DeployCommandResult>>,
  meta: { json?: boolean; shared: string[]; concurrency: number; wallMs: number },
): void {
  const warnings = fleetWarnings(meta.shared, outcomes);
  if (meta.json) {
    printJson(fleetExitCode(outcomes), { orgs: fleetJsonOrgs(outcomes) }, warnings);
    return;
  }
  for (const w of warnings) process.stderr.write(`Warning: ${w}\n`);
  for (const o of outcomes)
    if (o.error !== undefined) process.stderr.write(formatOrgError(o.target, o.error));
  info(formatFleetTable(outcomes, meta));
}

interface RunContext {
  opts: DeployCommandOptions;
  model: Model;
  warnings: string[];
  org: OrgConnection;
  progress: Progress;
  prompter: Prompter;
  minutes: number;
  root: string;
  started: Date;
}

async function deployToOrg(ctx: RunContext): Promise<DeployCommandResult> {
  const { opts, model, warnings, org, progress } = ctx;
  const dryRun = opts.dryRun === true;
  if (opts.resume) await resumeDeploy(org, opts.resume, ctx.minutes, progress);
  progress.update(`reading ${org.target}`);
  const request = snapshotRequest(model, buildComponents(model));
  const snapshot = await takeSnapshot(org.conn, org.orgId, org.apiVersion, request);
  if (opts.planHash !== undefined) checkPlanHash(model, snapshot, opts.planHash, org.target);
  const adapted = adaptOrThrow(model, snapshot);
  warnings.push(...adapted.warnings);
  const components = buildComponents(adapted.model);
  const changeSet = planChanges(components, snapshot);
  const dataPlan = planData(adapted.model, snapshot, adapted.profile);
  await runGuards({ opts, snapshot, changeSet, dataPlan, prompter: ctx.prompter, target: org.target });

  const pending = pendingChanges(changeSet);
  const base = { orgId: org.orgId, targetOrg: org.target, dryRun, parts: adapted.parts };
  const summary = (): SummaryRow[] =>
    summarise(changeSet.changes, adapted.parts, dataPlan, { dryRun, username: model.user.username });
  if (pending.length === 0 && dataPlanIsEmpty(dataPlan)) {
    return {
      ...base,
      noChanges: true,
      validationId: null,
      deployId: null,
      quickDeploy: false,
      summary: summary(),
      receipt: null,
    };
  }

  const outcome =
    pending.length > 0
      ? await deployChanges(org.conn, org.apiVersion, pending, {
          dryRun,
          waitMinutes: ctx.minutes,
          onProgress: (t) => progress.update(t),
          stillRunningHint: resumeHint(org.target),
        })
      : null;
  if (dryRun)
    return {
      ...base,
      noChanges: false,
      validationId: outcome?.validationId ?? null,
      deployId: null,
      quickDeploy: false,
      summary: summary(),
      receipt: null,
    };

  progress.update('data steps: integration user and assignments');
  const data = await runDataSteps(org.conn, dataPlan, adapted.model, snapshot, org.apiVersion);
  if (data.errors.length > 0) {
    writeReceipt(ctx.root, receiptOf(org, ctx.started, outcome, changeSet, data, warnings));
    throw dataFailedError(data.errors);
  }

  progress.update('verifying');
  const after = await takeSnapshot(org.conn, org.orgId, org.apiVersion, {
    ...snapshotRequest(adapted.model, components),
    dependencies: false,
  });
  const problems = verificationProblems(components, after, true);
  const receipt = relative(
    ctx.root,
    writeReceipt(ctx.root, receiptOf(org, ctx.started, outcome, changeSet, data, warnings)),
  );
  if (problems.length > 0) {
    throw new RecoError(
      'VERIFY_FAILED',
      `the deploy finished, but the org does not hold what the config asks:\n${problems.map((p) => `  ${p}`).join('\n')}`,
      { exitCode: 1, hint: `see ${receipt}` },
    );
  }
  return {
    ...base,
    noChanges: false,
    validationId: outcome?.validationId ?? null,
    deployId: outcome?.deployId ?? null,
    quickDeploy: outcome?.quickDeploy ?? false,
    summary: summary(),
    receipt,
  };
}
