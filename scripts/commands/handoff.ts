/**
 * `reco-sf handoff [--target-org X] [--send-password-email] [--json]`: the steps left after a
 * deploy (set the password, log in as the integration user, Allow in Reco) with the org's login
 * URL; optionally asks Salesforce to e-mail the integration user a password-set link. Exit 0, or
 * 1 when the integration user does not exist yet (deploy first) or the e-mail was refused.
 */
import { info, printJson } from '../core/output';
import { formatHandoff, type Handoff } from '../org/handoff';
import { runHandoff, type HandoffOptions } from '../org/handoff-run';

export type { HandoffOptions } from '../org/handoff-run';

export async function handoffCommand(opts: HandoffOptions): Promise<number> {
  const handoff = await runHandoff(opts);
  if (opts.json) printJson<Handoff>(0, handoff, []);
  else info(formatHandoff(handoff));
  return 0;
}
