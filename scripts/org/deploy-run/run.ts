/**
 * One org's deploy, composed of the steps of this folder: (gate, connect: the caller) → lock →
 * [resume] → snapshot → adapt → merge → guards → deploy → data → withdraw → verify → record.
 */
import { relative } from 'node:path';
import { buildComponents } from '../../components';
import { RecoError } from '../../core/errors';
import { configPathFor } from '../../core/project';
import type { XmlRecord } from '../../core/xml';
import { lockNotice } from '../../lock/lock';
import { forOrg, guardUsername, identityOf } from '../username';
import { pendingChanges, planChanges, type ChangeSet } from '../changes';
import { dataPlanIsEmpty, planData, type DataPlan } from '../data';
import type { DeployOutcome } from '../deploy';
import { buildHandoff, type Handoff, type PasswordEmail } from '../handoff';
import { acquireOrgLock } from '../lock';
import { recoCommand } from '../../core/org-args';
import type { Ownership } from '../ownership';
import { SECURITY_KEY } from '../range-watch';
import { summarise, type SummaryRow } from '../verify';
import type { IpRange } from '../../components/securitySettings';
import { adaptStep } from './adapt';
import { convergeOwnership, withdrawStep } from './converge';
import { dataStep, passwordEmailStep } from './data-step';
import { deployStep, resumeStep } from './deploy-step';
import { guardStep, hasWork } from './guards';
import { receiptOf, recordStep } from './record';
import { invocationOf, type DeployCommandResult, type RunContext } from './types';
import { snapshotStep } from './snapshot-step';
import { verifyStep } from './verify-step';

/** One run at a time per org (scripts/org/lock.ts); a dry run changes nothing and takes no lock. */
export async function deployToOrg(given: RunContext): Promise<DeployCommandResult> {
  // The username's placeholders (scripts/org/username.ts) resolved for this org, for every step.
  const ctx = { ...given, model: forOrg(given.model, identityOf(given.org)), configModel: given.model };
  if (ctx.opts.dryRun) return deployLocked(ctx);
  const lock = acquireOrgLock(
    ctx.root,
    { orgId: ctx.org.orgId, instanceUrl: ctx.org.conn.instanceUrl, target: ctx.org.target },
    'deploy',
  );
  if (lock.tookOver)
    ctx.warnings.push({
      code: 'LOCK_TAKEN_OVER',
      severity: 'warning',
      source: 'tool',
      location: { file: relative(ctx.root, lock.path) },
      message: `took over the lock of a run that is gone (pid ${lock.tookOver.pid}, started ${lock.tookOver.startedAt}); this run completes what it left`,
    });
  try {
    return await deployLocked(ctx);
  } finally {
    lock.release();
  }
}

/** The merge: the changes against the snapshot, with the ownership record's part. */
interface Merged {
  changeSet: ChangeSet;
  withdrawn: IpRange[];
  ahead: Ownership;
}

/** Steps snapshot → adapt → merge → guards: what the run would do, or a refusal. */
async function prepare(ctx: RunContext) {
  const { opts, model, warnings, org, progress } = ctx;
  const invocation = invocationOf(opts, org.target);
  if (opts.resume) await resumeStep(org, opts.resume, opts.waitMinutes, progress, invocation);
  const { snapshot, convergence } = await snapshotStep(ctx);
  // What convergence keeps although the config no longer builds it (an app's part), said each run.
  warnings.push(...convergence.kept);
  const adapted = adaptStep(model, snapshot);
  warnings.push(...adapted.warnings);
  const lock = lockNotice(ctx.root, configPathFor(ctx.root, opts.config), model, snapshot, org.target, {
    target: org.target,
    config: opts.config,
  });
  if (lock) warnings.push(lock);
  const components = buildComponents(adapted.model);
  const dataPlan: DataPlan = planData(adapted.model, snapshot, adapted.profile);
  warnings.push(
    ...(await guardUsername(org.conn, dataPlan, org.apiVersion, model.user.username, org.target)),
  );
  const merge = (): Merged => {
    const set = planChanges(components, snapshot);
    return { changeSet: set, ...convergeOwnership(set, snapshot, dataPlan, adapted.model, convergence) };
  };
  const merged = merge();
  const prompter = ctx.prompter;
  if (await guardStep({ opts, snapshot, ...merged, dataPlan, convergence, prompter, invocation }))
    invocation.switches = { ...invocation.switches, yes: true };
  return { invocation, snapshot, convergence, adapted, components, dataPlan, merge, merged };
}

async function deployLocked(ctx: RunContext): Promise<DeployCommandResult> {
  const { opts, model, warnings, org, progress } = ctx;
  const p = await prepare(ctx);
  const { invocation, snapshot, convergence, adapted, components, dataPlan } = p;
  let merged = p.merged;
  /** Every Security value this run saw: none of their ranges may be missing afterwards. */
  const seen: Array<XmlRecord | null> = [snapshot.metadata[SECURITY_KEY] ?? null];
  const pending = pendingChanges(merged.changeSet);
  const base = { orgId: org.orgId, targetOrg: org.target, dryRun: opts.dryRun, parts: adapted.parts };
  const summary = (): SummaryRow[] =>
    summarise(merged.changeSet.changes, adapted.parts, dataPlan, {
      dryRun: opts.dryRun,
      username: model.user.username,
      removals: convergence.removals,
    });
  const handoff = (email: PasswordEmail): Handoff =>
    buildHandoff(model, org.conn.instanceUrl, email, invocation);
  const ids = (o: DeployOutcome | null, deployed: boolean) => ({
    validationId: o?.validationId ?? null,
    deployId: deployed ? (o?.deployId ?? null) : null,
    quickDeploy: deployed ? (o?.quickDeploy ?? false) : false,
  });
  if (pending.length === 0 && dataPlanIsEmpty(dataPlan) && !hasWork(convergence))
    return {
      ...base,
      noChanges: true,
      ...ids(null, false),
      summary: summary(),
      receipt: null,
      handoff: handoff('not-needed'),
    };

  const outcome = await deployStep({
    org,
    pending,
    dryRun: opts.dryRun,
    minutes: opts.waitMinutes,
    progress,
    invocation,
    snapshot,
    seen,
    remerge: () => {
      merged = p.merge();
      return pendingChanges(merged.changeSet);
    },
  });
  if (opts.dryRun)
    return { ...base, noChanges: false, ...ids(outcome, false), summary: summary(), receipt: null };

  const receipt = (data: Parameters<typeof receiptOf>[4]) =>
    receiptOf(org, ctx.started, outcome, merged.changeSet, data, warnings);
  const data = await dataStep(
    ctx,
    dataPlan,
    adapted.model,
    snapshot,
    (d) => recordStep(ctx.root, receipt(d)),
    invocation,
  );
  const passwordEmail = await passwordEmailStep(ctx, dataPlan, data.records, invocation);
  const again = recoCommand('deploy', invocation);
  await withdrawStep(org, convergence, merged.ahead, { minutes: opts.waitMinutes, progress, again });
  const problems = await verifyStep(ctx, adapted.model, components, seen, merged.withdrawn);
  const written = recordStep(ctx.root, receipt(data));
  if (problems.length > 0) {
    throw new RecoError(
      'VERIFY_FAILED',
      `the deploy finished, but the org does not hold what the config asks:\n${problems.map((x) => `  ${x.message}`).join('\n')}`,
      { exitCode: 1, fix: `see ${written}`, diagnostics: problems },
    );
  }
  return {
    ...base,
    noChanges: false,
    ...ids(outcome, true),
    summary: summary(),
    receipt: written,
    handoff: handoff(passwordEmail),
  };
}
