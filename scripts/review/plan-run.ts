/**
 * `reco-sf plan`'s orchestration: the offline gate, the org read (or none: an empty org), what
 * earlier configs left, the plan and its hash, and the lock notice. The command renders.
 */
import { RecoError } from '../core/errors';
import { invocationOf } from '../core/org-args';
import { configPathFor } from '../core/project';
import { lockNotice } from '../lock/lock';
import { planUsernameCheck } from '../org/username';
import { defaultTargetOrg } from '../org/connect';
import { demoGuard } from '../org/deploy-run/guards';
import { loadModel, readConvergence, readOrg, withTargetValues } from './context';
import { buildPlan, type Plan } from './plan';

/** `reco-sf plan`'s options as the command line gives them. */
export interface PlanOptions {
  targetOrg?: string;
  /** Per-org values (username, email) from this org's line of a targets file. */
  targetsFile?: string;
  format?: string;
  config?: string;
  json?: boolean;
  ignoreLocalChanges?: boolean;
  /** Plan against an empty org even when sf has a default target org. */
  empty?: boolean;
}

/**
 * The plan. Throws the gate's RecoErrors, BAD_OPTIONS (--empty with --target-org) and
 * DEMO_CONFIG (a demo config against an org that is not the bundled emulator), all exit 2,
 * before anything is read from the org.
 */
export async function runPlan(opts: PlanOptions, quiet: boolean): Promise<Plan> {
  const loaded = withTargetValues(
    await loadModel(opts.config, quiet, {
      checkTree: true,
      ignoreLocalChanges: opts.ignoreLocalChanges === true,
    }),
    opts,
  );
  if (opts.empty && opts.targetOrg !== undefined)
    throw new RecoError('BAD_OPTIONS', '--empty and --target-org exclude each other', {
      fix: 'plan against an org (--target-org) or against an empty one (--empty)',
    });
  // Like every other command: without --target-org, the sf config's default target org.
  const target = opts.empty ? undefined : (opts.targetOrg ?? (await defaultTargetOrg(loaded.root)));
  const read =
    target === undefined
      ? null
      : await readOrg(target, loaded, {
          dependencies: true,
          afterConnect: (org) =>
            demoGuard(
              loaded.model,
              { orgId: org.orgId, instanceUrl: org.conn.instanceUrl },
              invocationOf(opts, org.target),
              'plan',
            ),
        });
  const convergence = read
    ? await readConvergence(read.org.conn, read.org.apiVersion, loaded.model, read.snapshot)
    : null;
  const plan = buildPlan(loaded.model, read?.snapshot ?? null, convergence?.removals);
  plan.warnings.push(...(convergence?.kept ?? []));
  if (read) {
    const username = await planUsernameCheck(read.org, loaded.model, read.snapshot);
    plan.blocking.push(...username.blocking);
    plan.warnings.push(...username.warnings);
  }
  const lock =
    read &&
    lockNotice(
      loaded.root,
      configPathFor(loaded.root, opts.config),
      loaded.model,
      read.snapshot,
      target ?? '',
      {
        target: read.org.target,
        config: opts.config,
      },
    );
  if (lock) plan.warnings.push(lock);
  return plan;
}
