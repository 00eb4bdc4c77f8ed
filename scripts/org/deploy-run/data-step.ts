/** Step "data": the integration user and its assignments, then the password-set e-mail for a new user. */
import { RecoError } from '../../core/errors';
import { recoCommand, type Invocation, type OrgInvocation } from '../../core/org-args';
import { dataFailedError, runDataSteps, type DataPlan, type DataResult } from '../data';
import { sendPasswordEmail, type PasswordEmail } from '../handoff';
import type { Receipt } from '../receipt';
import type { RunContext } from './types';

/** Salesforce: "Usernames must be unique across all Salesforce orgs" (Salesforce Help, "Create Users"). */
export function duplicateUsernameError(username: string, invocation: OrgInvocation): RecoError {
  const target = invocation.target;
  return new RecoError(
    'DUPLICATE_USERNAME',
    `the username ${username} is already held by another Salesforce org (usernames are unique across all orgs); the integration user was not created in ${target}`,
    {
      exitCode: 2,
      fix: `choose a username for this org: integrationUser.username in the config, or "${target} username=<name>" in a targets file; then run ${recoCommand('deploy', invocation)} again`,
    },
  );
}

/**
 * Runs the data steps. On failure, `onFailure` (the receipt) runs first, then throws
 * DUPLICATE_USERNAME (exit 2) or DATA_FAILED (exit 1).
 */
export async function dataStep(
  ctx: RunContext,
  dataPlan: DataPlan,
  model: RunContext['model'],
  snapshot: Parameters<typeof runDataSteps>[3],
  onFailure: (data: DataResult) => void,
  invocation: OrgInvocation,
): Promise<DataResult> {
  ctx.progress.update('data steps: integration user and assignments');
  const data = await runDataSteps(ctx.org.conn, dataPlan, model, snapshot, ctx.org.apiVersion);
  if (data.errors.length > 0) {
    onFailure(data);
    if (data.errors.some((e) => e.code === 'DUPLICATE_USERNAME'))
      throw duplicateUsernameError(ctx.model.user.username, invocation);
    const failed = dataFailedError(data.errors);
    // The same fix, naming the org and the files of this run.
    throw new RecoError(failed.code, failed.message, {
      ...failed.details,
      fix: `fix the cause and run ${recoCommand('deploy', invocation)} again (it picks up where this run stopped)`,
    });
  }
  return data;
}

/**
 * A user reco-sf just created has no password: ask Salesforce to e-mail it a password-set link
 * (unless --no-user-email). A refusal is a warning, not a failure: the deploy itself succeeded.
 */
export async function passwordEmailStep(
  ctx: RunContext,
  dataPlan: DataPlan,
  records: Receipt['records'],
  invocation: Invocation,
): Promise<PasswordEmail> {
  if (dataPlan.user.action !== 'create') return 'not-needed';
  if (!ctx.opts.userEmail) return 'skipped';
  const userId = records.find((r) => r.sobject === 'User' && r.action === 'created')?.id;
  if (!userId) return 'failed';
  ctx.progress.update('asking Salesforce to e-mail the integration user a password-set link');
  try {
    await sendPasswordEmail(ctx.org.conn, ctx.org.apiVersion, userId);
    return 'sent';
  } catch (error) {
    const code = (error as { errorCode?: unknown }).errorCode;
    ctx.warnings.push({
      code: 'PASSWORD_EMAIL_NOT_SENT',
      severity: 'warning',
      source: 'org',
      location: { entity: { type: 'User', name: ctx.model.user.username, id: userId } },
      message: `Salesforce did not send the password-set e-mail (${typeof code === 'string' ? code : 'request failed'})`,
      fix: `run: ${recoCommand('handoff', invocation, '--send-password-email')}`,
    });
    return 'failed';
  }
}
