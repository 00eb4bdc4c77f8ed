/**
 * Step "guards": the refusals a deploy makes after reading the org and before changing it. Each
 * fix repeats the org, --config and --targets-file the run was given.
 */
import { entityOf, type Diagnostic } from '../../core/diagnostic';
import { RecoError } from '../../core/errors';
import type { DiffItem } from '../../components/types';
import type { Model } from '../../core/model';
import { configName, recoCommand, type OrgInvocation } from '../../core/org-args';
import { describeExtras, pendingChanges, type ChangeSet } from '../changes';
import { dataPlanIsEmpty, type DataPlan } from '../data';
import { isBundledEmulator } from '../emulator-marker';
import { isProduction, type OrgSnapshot } from '../types';
import type { ConvergencePlan } from '../../review/converge';
import type { Prompter } from './types';

export interface GuardInput {
  opts: { yes: boolean; dryRun: boolean; json: boolean };
  snapshot: OrgSnapshot;
  changeSet: ChangeSet;
  dataPlan: DataPlan;
  /** Removals count as changes: the production guard applies to them too. */
  convergence: ConvergencePlan;
  prompter: Prompter;
  invocation: OrgInvocation;
}

/** One entry the org's permission set holds beyond the config: an error at it, the guard's fix. */
function extraDiagnostic(extra: DiffItem, fix: string): Diagnostic {
  return {
    code: 'PERMISSION_SET_HAS_EXTRAS',
    severity: 'error',
    source: 'org',
    location: { entity: entityOf(extra.component), path: extra.path },
    message: `${extra.path} is in the org's permission set but not in the config; a deploy would disable it`,
    fix,
  };
}

export function hasWork(convergence: ConvergencePlan): boolean {
  return convergence.steps.length > 0 || convergence.deletions.length > 0;
}

/**
 * Permission-set extras, an unfrozen or reactivated user, and production confirmation.
 * @returns true when the user confirmed a production deploy at the prompt (a printed fix then
 *   needs --yes to run the same way without a terminal).
 * @throws RecoError PERMISSION_SET_HAS_EXTRAS, USER_FROZEN, PRODUCTION_REACTIVATION,
 *   PRODUCTION_NOT_CONFIRMED (exit 2).
 */
export async function guardStep(input: GuardInput): Promise<boolean> {
  const { opts, snapshot, changeSet, dataPlan, convergence, prompter, invocation } = input;
  const target = invocation.target;
  const yes = recoCommand('deploy', invocation, '--yes');
  if (changeSet.permissionSetExtras.length > 0 && !opts.yes) {
    const fix = `add them to permissionSet.additionalPermissions, or remove them: ${yes}`;
    throw new RecoError(
      'PERMISSION_SET_HAS_EXTRAS',
      `the org's permission set holds permissions the config does not; deploying would disable them:\n${describeExtras(changeSet.permissionSetExtras)}`,
      { fix, diagnostics: changeSet.permissionSetExtras.map((d) => extraDiagnostic(d, fix)) },
    );
  }
  if (dataPlan.unfreeze && !opts.yes && !opts.dryRun) {
    throw new RecoError(
      'USER_FROZEN',
      `the integration user ${snapshot.user?.username ?? ''} is frozen; someone may have frozen it on purpose, so unfreezing it needs --yes`,
      { fix: `check why it was frozen, then unfreeze it: ${yes}` },
    );
  }
  const changes = pendingChanges(changeSet).length > 0 || !dataPlanIsEmpty(dataPlan) || hasWork(convergence);
  if (opts.dryRun || !changes || !isProduction(snapshot) || opts.yes) return false;
  if (dataPlan.user.action === 'reactivate') {
    throw new RecoError(
      'PRODUCTION_REACTIVATION',
      `the integration user ${snapshot.user?.username ?? ''} is inactive; reactivating a user in production needs --yes`,
      { fix: `check why it was deactivated, then reactivate it: ${yes}` },
    );
  }
  const question = `${target} is a PRODUCTION org (${snapshot.organization.name}). Deploy the Reco integration?`;
  if (!prompter.interactive || opts.json) {
    throw new RecoError(
      'PRODUCTION_NOT_CONFIRMED',
      `${target} is a production org; refusing to change it without confirmation`,
      { fix: `run it in a terminal to confirm, or: ${yes}` },
    );
  }
  if (!(await prompter.confirm(question)))
    throw new RecoError('PRODUCTION_NOT_CONFIRMED', 'not confirmed; nothing was changed');
  return true;
}

/**
 * A demo config (`"demo": true`: documentation-range IPs, example domains) goes to the bundled
 * emulator only (scripts/org/emulator-marker.ts); deploy and plan check it right after connecting,
 * before anything is read.
 * @throws RecoError DEMO_CONFIG (exit 2) for any other org.
 */
export function demoGuard(
  model: Pick<Model, 'demo'>,
  org: { orgId: string; instanceUrl: string },
  invocation: OrgInvocation,
  command: 'deploy' | 'plan',
): void {
  if (!model.demo || isBundledEmulator(org)) return;
  const config = configName(invocation);
  throw new RecoError(
    'DEMO_CONFIG',
    `${config} is a demo config ("demo": true, documentation-range IPs) and ${invocation.target} (org ${org.orgId}) is not the bundled org emulator; refusing to ${command === 'deploy' ? 'deploy it to' : 'plan against'} a real org, nothing was sent`,
    {
      exitCode: 2,
      file: config,
      field: 'demo',
      fix: `set "demo" to false in ${config} and declare Reco's egress ranges in trustedIpRanges, then: ${recoCommand(command, invocation)}`,
    },
  );
}
