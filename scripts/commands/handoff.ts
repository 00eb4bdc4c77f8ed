/**
 * `reco-sf handoff [--target-org X] [--send-password-email] [--json]`: the steps left after a
 * deploy (set the password, log in as the integration user, Allow in Reco) with the org's login
 * URL; optionally asks Salesforce to e-mail the integration user a password-set link. Exit 0, or
 * 1 when the integration user does not exist yet (deploy first) or the e-mail was refused.
 */
import { RecoError } from '../core/errors';
import { info, printJson } from '../core/output';
import { connectToOrg } from '../org/connect';
import type { Connection } from '@salesforce/core';
import {
  buildHandoff,
  formatHandoff,
  sendPasswordEmail,
  type Handoff,
  type PasswordEmail,
} from '../org/handoff';
import { soqlString } from '../org/snapshot';
import { withRetry } from '../org/retry';
import { loadModel } from '../review/context';
import { readPassword } from '../review/read-facts';

/** The password step as the org tells it: a link pending, none ever sent, or a password set. */
async function passwordEmailState(
  conn: Connection,
  apiVersion: string,
  userId: string,
): Promise<PasswordEmail> {
  const state = await readPassword(conn, apiVersion, userId, []);
  return state === 'reset-pending' ? 'sent' : state === 'never-set' ? 'skipped' : 'not-needed';
}

export async function handoffCommand(opts: {
  targetOrg?: string;
  config?: string;
  json?: boolean;
  sendPasswordEmail?: boolean;
}): Promise<number> {
  const loaded = await loadModel(opts.config, opts.json === true);
  const { model } = loaded;
  const org = await connectToOrg(opts.targetOrg, model.apiVersion, loaded.root);
  const result = await withRetry(
    async () =>
      await org.conn.query<{ Id: string }>(
        `SELECT Id FROM User WHERE Username = ${soqlString(model.user.username)}`,
      ),
  );
  const [user] = result.records;
  if (!user)
    throw new RecoError(
      'USER_MISSING',
      `the integration user ${model.user.username} does not exist in ${org.target} yet`,
      { fix: `run reco-sf deploy --target-org ${org.target} first`, exitCode: 1 },
    );
  if (opts.sendPasswordEmail) await sendPasswordEmail(org.conn, org.apiVersion, user.Id);
  const handoff: Handoff = buildHandoff(
    model,
    org.conn.instanceUrl,
    opts.sendPasswordEmail ? 'sent' : await passwordEmailState(org.conn, org.apiVersion, user.Id),
    org.target,
  );
  if (opts.json) printJson<Handoff>(0, handoff, []);
  else info(formatHandoff(handoff));
  return 0;
}
