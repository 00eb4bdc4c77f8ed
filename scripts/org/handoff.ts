/**
 * The hand-off to the consent: what is left after reco-sf ran, and the one request that lets the
 * new integration user log in.
 *
 * A user inserted through the REST API gets no welcome e-mail (Salesforce sends one only when
 * asked: the SOAP API's EmailHeader.triggerUserEmail, or "Generate new password and notify user"
 * in Setup). The REST API's sObject User Password resource, DELETE
 * `/services/data/vXX.X/sobjects/User/{id}/password` (REST API Developer Guide, "Reset User
 * Password", API 24+), resets the password and e-mails the user a link to set one; it also returns
 * a temporary password in its body, which reco-sf drops unread: never printed, logged or stored.
 */
import type { Connection } from '@salesforce/core';
import type { Model } from '../core/model';
import { recoCommand, type OrgArgs } from '../core/org-args';

/**
 * What this run did about the password-set e-mail: `sent` (this run asked Salesforce to send it),
 * `sent-earlier` (a reset link from an earlier run is still pending; Salesforce does not say when
 * it was sent), `not-sent` (no password was ever set and this run sent nothing), `skipped`
 * (--no-user-email), `failed` (Salesforce refused), `not-needed` (the user has a password).
 */
export type PasswordEmail = 'sent' | 'sent-earlier' | 'not-sent' | 'skipped' | 'failed' | 'not-needed';

export interface Handoff {
  /** The org's own login URL (its My Domain), where the integration user logs in. */
  loginUrl: string;
  username: string;
  email: string;
  passwordEmail: PasswordEmail;
  /** The manual steps left, in order. */
  steps: string[];
}

/**
 * Asks Salesforce to e-mail the user a password-set link. Resolves to nothing: the response
 * (which holds a temporary password) is discarded here, inside this function.
 * @throws the connection's error when Salesforce refuses (e.g. INSUFFICIENT_ACCESS).
 */
export async function sendPasswordEmail(conn: Connection, apiVersion: string, userId: string): Promise<void> {
  // Not retried: a second reset would invalidate the link the first one e-mailed.
  await conn.request({
    method: 'DELETE',
    url: `/services/data/v${apiVersion}/sobjects/User/${userId}/password`,
  });
}

function passwordStep(handoff: Pick<Handoff, 'email' | 'passwordEmail'>, target: OrgArgs): string {
  const resend = recoCommand('handoff', target, '--send-password-email');
  switch (handoff.passwordEmail) {
    case 'sent':
      return `Open the e-mail Salesforce sent to ${handoff.email} and set the integration user's password (the link expires; to send a new one: ${resend})`;
    case 'sent-earlier':
      return `Open the e-mail Salesforce sent to ${handoff.email} (asked for by an earlier run) and set the integration user's password (the link expires; to send a new one: ${resend})`;
    case 'skipped':
    case 'not-sent':
      return `Give the integration user a password: ${resend} (or Setup > Users > Users > the user > Reset Password)`;
    case 'failed':
      return `Salesforce did not send the password e-mail: run ${resend}, or Setup > Users > Users > the user > Reset Password`;
    case 'not-needed':
      return `Make sure you know the integration user's password (to send a reset e-mail to ${handoff.email}: ${resend})`;
  }
}

/**
 * For an app the org owns: what only Setup gives (the consumer key, which Salesforce generates
 * and reco-sf never reads) and, for an External Client App without a configured callback URL,
 * where to set Reco's. Setup paths: Salesforce Help, "Manage External Client App OAuth Settings"
 * and "Get the Consumer Key and Secret of a Connected App" (App Manager › View › Manage Consumer Details).
 */
function ownedAppSteps(model: Model): string[] {
  const app = model.oauthApp;
  if (app.kind === 'external-client-app') {
    const manager = `Setup > External Client Apps > External Client App Manager > ${app.label}`;
    return [
      ...(app.callbackUrl === undefined
        ? [
            `Set the callback URL Reco gives you (oauthApp.callbackUrl is not set, so reco-sf does not manage it; skip this if the app already has Reco's): ${manager} > Edit Settings > OAuth Settings > Callback URL`,
          ]
        : []),
      `Give Reco the app's consumer key (and secret, if Reco asks for it): ${manager} > Settings > OAuth Settings > Consumer Key and Secret`,
    ];
  }
  if (app.kind === 'connected-app')
    return [
      `Give Reco the app's consumer key (and secret, if Reco asks for it): Setup > App Manager > ${app.label} > View > Manage Consumer Details`,
    ];
  return [
    `If Salesforce's login IP ranges or API Access Control apply: Setup > Connected Apps > Connected Apps OAuth Usage > ${app.installedAppName} > Install, then Edit Policies (IP Relaxation: Relax IP restrictions; Permitted Users and pre-authorised permission set ${model.permissionSet.name} as your policy needs)`,
  ];
}

/** The steps left after reco-sf, from the vendor guide's "Integrate Salesforce with Reco". */
export function handoffSteps(
  model: Model,
  handoff: Pick<Handoff, 'loginUrl' | 'username' | 'email' | 'passwordEmail'>,
  target: OrgArgs,
): string[] {
  return [
    passwordStep(handoff, target),
    `In a separate browser profile (or a private window), log in to ${handoff.loginUrl} as ${handoff.username}`,
    ...ownedAppSteps(model),
    'In that same browser, log in to Reco: Configurations > Integrations > Salesforce > Add Integration',
    'On the Salesforce consent page, click Allow; Reco then shows the integration as connected',
    `If the consent fails: ${recoCommand('doctor', target)}`,
  ];
}

/**
 * The login URL shown for an org's instance URL, in the form Salesforce's own are printed
 * (`https://acme.my.salesforce.com`): no trailing slash. An org registered with
 * `--instance-url http://127.0.0.1:PORT/` (the standalone emulator) keeps the slash in its auth.
 */
export function loginUrlOf(instanceUrl: string): string {
  return instanceUrl.replace(/\/+$/, '');
}

/** The hand-off; `instanceUrl`: the org connection's, shown as its login URL (loginUrlOf). */
export function buildHandoff(
  model: Model,
  instanceUrl: string,
  passwordEmail: PasswordEmail,
  target: OrgArgs,
): Handoff {
  const base = {
    loginUrl: loginUrlOf(instanceUrl),
    username: model.user.username,
    email: model.user.email,
    passwordEmail,
  };
  return { ...base, steps: handoffSteps(model, base, target) };
}

export function formatHandoff(handoff: Handoff): string {
  return [
    'Next steps (the consent is yours to give):',
    ...handoff.steps.map((s, i) => `  ${i + 1}. ${s}`),
  ].join('\n');
}
