/**
 * `reco-sf handoff`'s orchestration: the model (with this org's targets-file values), the
 * integration user looked up in the org, the password state, the steps left. The command renders.
 */
import type { Connection } from '@salesforce/core';
import { RecoError } from '../core/errors';
import { invocationOf, recoCommand } from '../core/org-args';
import { loadModel, withTargetValues } from '../review/context';
import { readPassword } from '../review/read-facts';
import { connectToOrg } from './connect';
import { buildHandoff, sendPasswordEmail, type Handoff, type PasswordEmail } from './handoff';
import { withRetry } from './retry';
import { forOrg, identityOf } from './username';
import { soqlString } from './snapshot';

/** What this run did when it sent nothing, as the org tells it: a link from an earlier run pending, no password ever set, or one set. */
async function passwordEmailState(
  conn: Connection,
  apiVersion: string,
  userId: string,
): Promise<PasswordEmail> {
  const state = await readPassword(conn, apiVersion, userId, []);
  return state === 'reset-pending' ? 'sent-earlier' : state === 'never-set' ? 'not-sent' : 'not-needed';
}

/** `reco-sf handoff`'s options as the command line gives them. */
export interface HandoffOptions {
  targetOrg?: string;
  /** This org's own values (username=, email=) from its line of a targets file. */
  targetsFile?: string;
  config?: string;
  json?: boolean;
  sendPasswordEmail?: boolean;
}

/**
 * The hand-off for the org: its login URL, the integration user's password state and the steps
 * left; with `sendPasswordEmail`, Salesforce is asked to e-mail a password-set link first.
 * @throws RecoError USER_MISSING (exit 1) before a deploy; the org's refusal of the e-mail.
 */
export async function runHandoff(opts: HandoffOptions): Promise<Handoff> {
  const loaded = withTargetValues(await loadModel(opts.config, opts.json === true), opts);
  const org = await connectToOrg(opts.targetOrg, loaded.model.apiVersion, loaded.root);
  const model = forOrg(loaded.model, identityOf(org));
  const result = await withRetry(
    async () =>
      await org.conn.query<{ Id: string }>(
        `SELECT Id FROM User WHERE Username = ${soqlString(model.user.username)}`,
      ),
  );
  const invocation = invocationOf(opts, org.target);
  const [user] = result.records;
  if (!user)
    throw new RecoError(
      'USER_MISSING',
      `the integration user ${model.user.username} does not exist in ${org.target} yet`,
      { fix: `run ${recoCommand('deploy', invocation)} first`, exitCode: 1 },
    );
  if (opts.sendPasswordEmail) await sendPasswordEmail(org.conn, org.apiVersion, user.Id);
  const handoff: Handoff = buildHandoff(
    model,
    org.conn.instanceUrl,
    opts.sendPasswordEmail ? 'sent' : await passwordEmailState(org.conn, org.apiVersion, user.Id),
    invocation,
  );
  return handoff;
}
