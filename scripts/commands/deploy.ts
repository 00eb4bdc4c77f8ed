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
import { RecoError } from '../core/errors';
import { info, printJson } from '../core/output';
import { offlineGate } from '../generate/gate';
import { configPathFor } from '../core/project';
import { lockNotice } from '../lock/lock';
import { adaptToOrg, type AdaptResult, type PartDecision } from '../org/adapt';
import { describeExtras, pendingChanges, planChanges, type ChangeSet } from '../org/changes';
import { connectToOrg, orgError, type OrgConnection } from '../org/connect';
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
  sharedUsernames,
  withOrgValues,
  type FleetOutcome,
  type TargetSelection,
} from '../org/fleet';
import { acquireOrgLock, checkWritable } from '../org/lock';
import {
  buildHandoff,
  formatHandoff,
  sendPasswordEmail,
  type Handoff,
  type PasswordEmail,
} from '../org/handoff';
import { Progress } from '../org/progress';
import { writeReceipt, type Receipt } from '../org/receipt';
import {
  ownershipChange,
  ownershipOf,
  recordAhead,
  withdrawDroppedRanges,
  type Ownership,
} from '../org/ownership';
import { readConvergence } from '../review/context';
import { settledRecord, type ConvergencePlan } from '../review/converge';
import { deleteComponents, runTeardown } from '../review/teardown-run';
import { snapshotRequest, takeSnapshot } from '../org/snapshot';
import { rangesOf, unionRanges, type IpRange } from '../components/securitySettings';
import type { XmlRecord } from '../core/xml';
import { lostRanges, readSecurity, sameRanges, SECURITY_KEY, securityChange } from '../org/range-watch';
import { rangeKey } from '../core/ip';
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
  /** Deploy from the config even when force-app/ is invalid or out of sync with it. */
  ignoreLocalChanges?: boolean;
  /** The hash `reco-sf plan` printed: refuse when the config or org changed since (exit 2). */
  planHash?: string;
  /** commander's `--no-user-email`: false when the new user must not get the password-set e-mail. */
  userEmail?: boolean;
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
  /** What is left to do by hand (absent on a dry run). */
  handoff?: Handoff;
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

/** Step 1: the offline gate (config and committed tree). Any error stops here, before any network call. */
async function offlineModel(
  opts: DeployCommandOptions,
): Promise<{ root: string; model: Model; warnings: string[] }> {
  return offlineGate({
    config: opts.config,
    json: opts.json,
    checkTree: true,
    ignoreLocalChanges: opts.ignoreLocalChanges === true,
  });
}

function adaptOrThrow(model: Model, snapshot: OrgSnapshot): AdaptResult {
  const adapted = adaptToOrg(model, snapshot);
  if (adapted.errors.length > 0) {
    const lines = adapted.errors
      .map((e) => `  ${e.code}: ${e.message}${e.fix ? `\n    fix: ${e.fix}` : ''}`)
      .join('\n');
    throw new RecoError(
      adapted.errors[0].code,
      `the org cannot take this config; nothing was changed:\n${lines}`,
      { fix: adapted.errors[0].fix },
    );
  }
  return adapted;
}

interface GuardInput {
  opts: DeployCommandOptions;
  snapshot: OrgSnapshot;
  changeSet: ChangeSet;
  dataPlan: DataPlan;
  /** Removals count as changes: the production guard applies to them too. */
  convergence: ConvergencePlan;
  prompter: Prompter;
  target: string;
}

/** Permission-set extras, production confirmation and reactivation on production. */
async function runGuards({
  opts,
  snapshot,
  changeSet,
  dataPlan,
  convergence,
  prompter,
  target,
}: GuardInput): Promise<void> {
  if (changeSet.permissionSetExtras.length > 0 && !opts.yes) {
    throw new RecoError(
      'PERMISSION_SET_HAS_EXTRAS',
      `the org's permission set holds permissions the config does not; deploying would disable them:\n${describeExtras(changeSet.permissionSetExtras)}`,
      {
        fix: `add them to permissionSet.additionalPermissions, or remove them: reco-sf deploy --target-org ${target} --yes`,
      },
    );
  }
  if (dataPlan.unfreeze && !opts.yes && !opts.dryRun) {
    throw new RecoError(
      'USER_FROZEN',
      `the integration user ${snapshot.user?.username ?? ''} is frozen; someone may have frozen it on purpose, so unfreezing it needs --yes`,
      { fix: `check why it was frozen, then unfreeze it: reco-sf deploy --target-org ${target} --yes` },
    );
  }
  const changes = pendingChanges(changeSet).length > 0 || !dataPlanIsEmpty(dataPlan) || hasWork(convergence);
  if (opts.dryRun || !changes || !isProduction(snapshot) || opts.yes) return;
  if (dataPlan.user.action === 'reactivate') {
    throw new RecoError(
      'PRODUCTION_REACTIVATION',
      `the integration user ${snapshot.user?.username ?? ''} is inactive; reactivating a user in production needs --yes`,
      {
        fix: `check why it was deactivated, then reactivate it: reco-sf deploy --target-org ${target} --yes`,
      },
    );
  }
  const question = `${target} is a PRODUCTION org (${snapshot.organization.name}). Deploy the Reco integration?`;
  if (!prompter.interactive || opts.json) {
    throw new RecoError(
      'PRODUCTION_NOT_CONFIRMED',
      `${target} is a production org; refusing to change it without confirmation`,
      { fix: `run it in a terminal to confirm, or: reco-sf deploy --target-org ${target} --yes` },
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
  if (result.handoff) info(`\n${formatHandoff(result.handoff)}`);
}

export async function deployCommand(
  opts: DeployCommandOptions,
  prompter: Prompter = terminalPrompter,
): Promise<number> {
  const selection = selectTargets(opts, process.cwd());
  if (selection.fleet) return deployFleet(opts, selection);
  const started = new Date();
  const minutes = waitMinutes(opts.wait);
  const { root, model, warnings } = await offlineModel(opts);
  if (!opts.dryRun) checkWritable(root);
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
    throw orgError(error, org);
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
      { fix: 'run it with a single --target-org' },
    );
  const concurrency = concurrencyOf(opts.concurrency, selection.targets.length);
  const minutes = waitMinutes(opts.wait);
  const offline = await offlineModel(opts);
  const root = offline.root;
  if (!opts.dryRun) checkWritable(root);
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
        fix: `give each org its own username in a targets file: "${target} username=<name>" (see the README, Fleets)`,
      },
    );
  ctx.progress.update('connecting');
  const org = await connectToOrg(target, ctx.model.apiVersion, ctx.root);
  if (claimed.has(org.orgId))
    throw new RecoError(
      'DUPLICATE_ORG',
      `${target} is org ${org.orgId}, which another target of this fleet already deploys`,
      { fix: 'name each org once' },
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
        { fix: "pass --yes to deploy to the fleet's production orgs too" },
      );
    }
    throw orgError(error, org);
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

/**
 * The ownership record (scripts/org/ownership.ts): Reco ranges the config dropped are withdrawn
 * from the Security change, and the record, written ahead of what this run adds, joins the
 * changes. Returns the withdrawn ranges.
 */
function convergeOwnership(
  changeSet: ChangeSet,
  snapshot: OrgSnapshot,
  dataPlan: DataPlan,
  model: Model,
  convergence: ConvergencePlan,
): { withdrawn: IpRange[]; ahead: Ownership } {
  const prior = ownershipOf(snapshot);
  const withdrawn = withdrawDroppedRanges(changeSet.changes, prior, model.trustedRanges);
  let ahead = recordAhead(prior, changeSet.changes, dataPlan, model.user.username);
  const gone = new Set(withdrawn.map((r) => rangeKey(r)));
  ahead.ranges = ahead.ranges.filter((r) => !gone.has(rangeKey(r)));
  // Nothing left to withdraw: the record can forget the stale entries right away.
  if (!hasWork(convergence)) ahead = settledRecord(ahead, convergence);
  const change = ownershipChange(ahead, snapshot);
  if (change) changeSet.changes.push(change);
  return { withdrawn, ahead };
}

function hasWork(convergence: ConvergencePlan): boolean {
  return convergence.steps.length > 0 || convergence.deletions.length > 0;
}

/** After the data steps: the record steps, then one deploy deleting components and writing the settled record. */
async function withdraw(
  org: OrgConnection,
  convergence: ConvergencePlan,
  ahead: Ownership,
  ctx: { minutes: number; progress: Progress },
): Promise<void> {
  if (!hasWork(convergence)) return;
  const run = {
    conn: org.conn,
    apiVersion: org.apiVersion,
    waitMinutes: ctx.minutes,
    onProgress: (t: string) => ctx.progress.update(t),
  };
  const outcome = await runTeardown(run, convergence.steps);
  if (outcome.failed) {
    const failed = outcome.outcomes.find((o) => o.status === 'failed');
    throw new RecoError(
      'CONVERGE_FAILED',
      `the deploy finished, but withdrawing what the config no longer declares stopped at "${failed?.description ?? '?'}": ${failed?.detail ?? ''}`,
      {
        exitCode: 1,
        fix: 'fix the cause and run reco-sf deploy again (the ownership record still lists it)',
      },
    );
  }
  await deleteComponents(run, convergence.deletions, settledRecord(ahead, convergence));
}

function describeLost(lost: IpRange[]): string[] {
  return lost.map(
    (r) => `the trusted range ${r.start}–${r.end} the org held during this run is missing afterwards`,
  );
}

/**
 * The post-deploy check against every snapshot of the run: a range seen during the run and
 * missing now (another admin's deploy raced ours) is put back by a follow-up merge, with a
 * warning; `after` is updated with what the org then holds.
 */
async function restoreLostRanges(
  org: OrgConnection,
  ctx: RunContext,
  seen: Array<XmlRecord | null>,
  after: OrgSnapshot,
  withdrawn: IpRange[],
): Promise<void> {
  const lost = lostRanges(seen, after.metadata[SECURITY_KEY], withdrawn);
  if (lost.length === 0) return;
  const current = after.metadata[SECURITY_KEY] ?? null;
  ctx.progress.update(`restoring ${lost.length} trusted range(s) missing after the deploy`);
  await deployChanges(
    org.conn,
    org.apiVersion,
    [securityChange(unionRanges(rangesOf(current ?? undefined), lost), current)],
    { dryRun: false, waitMinutes: ctx.minutes, onProgress: (t) => ctx.progress.update(t) },
  );
  ctx.warnings.push(
    `${lost.length} trusted range(s) the org held during this run were missing after the deploy (another change raced it) and were restored: ${lost.map((r) => `${r.start}–${r.end}`).join(', ')}`,
  );
  after.metadata[SECURITY_KEY] = await readSecurity(org.conn, org.apiVersion);
}

/** Salesforce: "Usernames must be unique across all Salesforce orgs" (Salesforce Help, "Create Users"). */
function duplicateUsernameError(username: string, target: string): RecoError {
  return new RecoError(
    'DUPLICATE_USERNAME',
    `the username ${username} is already held by another Salesforce org (usernames are unique across all orgs); the integration user was not created in ${target}`,
    {
      exitCode: 2,
      fix: `choose a username for this org: integrationUser.username in the config, or "${target} username=<name>" in a targets file; then run reco-sf deploy again`,
    },
  );
}

/** One run at a time per org (scripts/org/lock.ts); a dry run changes nothing and takes no lock. */
async function deployToOrg(ctx: RunContext): Promise<DeployCommandResult> {
  if (ctx.opts.dryRun === true) return deployLocked(ctx);
  const lock = acquireOrgLock(
    ctx.root,
    { orgId: ctx.org.orgId, instanceUrl: ctx.org.conn.instanceUrl, target: ctx.org.target },
    'deploy',
  );
  if (lock.tookOver)
    ctx.warnings.push(
      `took over the lock of a run that is gone (pid ${lock.tookOver.pid}, started ${lock.tookOver.startedAt}); this run completes what it left`,
    );
  try {
    return await deployLocked(ctx);
  } finally {
    lock.release();
  }
}

async function deployLocked(ctx: RunContext): Promise<DeployCommandResult> {
  const { opts, model, warnings, org, progress } = ctx;
  const dryRun = opts.dryRun === true;
  if (opts.resume) await resumeDeploy(org, opts.resume, ctx.minutes, progress);
  progress.update(`reading ${org.target}`);
  const request = snapshotRequest(model, buildComponents(model));
  const snapshot = await takeSnapshot(org.conn, org.orgId, org.apiVersion, request);
  const convergence = await readConvergence(org.conn, org.apiVersion, model, snapshot);
  if (opts.planHash !== undefined) checkPlanHash(model, snapshot, opts.planHash, org.target);
  const adapted = adaptOrThrow(model, snapshot);
  warnings.push(...adapted.warnings.map((w) => w.message));
  const lock = lockNotice(configPathFor(ctx.root, opts.config), model, snapshot, org.target);
  if (lock) warnings.push(lock);
  const components = buildComponents(adapted.model);
  const dataPlan = planData(adapted.model, snapshot, adapted.profile);
  const merge = (): { changeSet: ChangeSet; withdrawn: IpRange[]; ahead: Ownership } => {
    const set = planChanges(components, snapshot);
    return { changeSet: set, ...convergeOwnership(set, snapshot, dataPlan, adapted.model, convergence) };
  };
  let { changeSet, withdrawn, ahead } = merge();
  /** Every Security value this run saw: none of their ranges may be missing afterwards. */
  const seen: Array<XmlRecord | null> = [snapshot.metadata[SECURITY_KEY] ?? null];
  await runGuards({
    opts,
    snapshot,
    changeSet,
    dataPlan,
    convergence,
    prompter: ctx.prompter,
    target: org.target,
  });

  const pending = pendingChanges(changeSet);
  const base = { orgId: org.orgId, targetOrg: org.target, dryRun, parts: adapted.parts };
  const summary = (): SummaryRow[] =>
    summarise(changeSet.changes, adapted.parts, dataPlan, {
      dryRun,
      username: model.user.username,
      removals: convergence.removals,
    });
  const handoff = (email: PasswordEmail): Handoff =>
    buildHandoff(model, org.conn.instanceUrl, email, org.target);
  if (pending.length === 0 && dataPlanIsEmpty(dataPlan) && !hasWork(convergence)) {
    return {
      ...base,
      noChanges: true,
      validationId: null,
      deployId: null,
      quickDeploy: false,
      summary: summary(),
      receipt: null,
      handoff: handoff('not-needed'),
    };
  }

  const outcome =
    pending.length > 0
      ? await deployChanges(org.conn, org.apiVersion, pending, {
          dryRun,
          waitMinutes: ctx.minutes,
          targetOrg: org.target,
          onProgress: (t) => progress.update(t),
          stillRunningHint: resumeHint(org.target),
          // Re-read the org's ranges right before the quick deploy; re-merge when another admin changed them.
          refresh: async (sent) => {
            if (!sent.some((c) => c.key === SECURITY_KEY)) return null;
            const now = await readSecurity(org.conn, org.apiVersion);
            if (sameRanges(now, snapshot.metadata[SECURITY_KEY] ?? null)) return null;
            seen.push(now);
            snapshot.metadata[SECURITY_KEY] = now;
            ({ changeSet, withdrawn, ahead } = merge());
            return pendingChanges(changeSet);
          },
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
    if (data.errors.some((e) => e.code === 'DUPLICATE_USERNAME'))
      throw duplicateUsernameError(model.user.username, org.target);
    throw dataFailedError(data.errors);
  }
  const passwordEmail = await passwordEmailFor(ctx, dataPlan, data.records, warnings);

  await withdraw(org, convergence, ahead, { minutes: ctx.minutes, progress });

  progress.update('verifying');
  const after = await takeSnapshot(org.conn, org.orgId, org.apiVersion, {
    ...snapshotRequest(adapted.model, components),
    dependencies: false,
  });
  await restoreLostRanges(org, ctx, seen, after, withdrawn);
  const problems = [
    ...verificationProblems(components, after, true),
    ...describeLost(lostRanges(seen, after.metadata[SECURITY_KEY], withdrawn)),
  ];
  const receipt = relative(
    ctx.root,
    writeReceipt(ctx.root, receiptOf(org, ctx.started, outcome, changeSet, data, warnings)),
  );
  if (problems.length > 0) {
    throw new RecoError(
      'VERIFY_FAILED',
      `the deploy finished, but the org does not hold what the config asks:\n${problems.map((p) => `  ${p}`).join('\n')}`,
      { exitCode: 1, fix: `see ${receipt}` },
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
    handoff: handoff(passwordEmail),
  };
}

/**
 * A user reco-sf just created has no password: ask Salesforce to e-mail it a password-set link
 * (unless --no-user-email). A refusal is a warning, not a failure: the deploy itself succeeded.
 */
async function passwordEmailFor(
  ctx: RunContext,
  dataPlan: DataPlan,
  records: Receipt['records'],
  warnings: string[],
): Promise<PasswordEmail> {
  if (dataPlan.user.action !== 'create') return 'not-needed';
  if (ctx.opts.userEmail === false) return 'skipped';
  const userId = records.find((r) => r.sobject === 'User' && r.action === 'created')?.id;
  if (!userId) return 'failed';
  ctx.progress.update('asking Salesforce to e-mail the integration user a password-set link');
  try {
    await sendPasswordEmail(ctx.org.conn, ctx.org.apiVersion, userId);
    return 'sent';
  } catch (error) {
    const code = (error as { errorCode?: unknown }).errorCode;
    warnings.push(
      `Salesforce did not send the password-set e-mail (${typeof code === 'string' ? code : 'request failed'}); run: reco-sf handoff --target-org ${ctx.org.target} --send-password-email`,
    );
    return 'failed';
  }
}
