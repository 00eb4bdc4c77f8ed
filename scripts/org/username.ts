/**
 * The integration user's username, per org. Salesforce usernames are unique across all orgs
 * ("Usernames must be unique across all Salesforce orgs", Salesforce Help, "Create Users"), so
 * one config serves a fleet, scratch orgs and sandboxes through placeholders that each org
 * fills in (`{orgId}`, `{alias}`, `{myDomain}`), and a username another org already holds is
 * caught before the metadata deploy by a trial create that Salesforce rolls back.
 */
import type { Connection } from '@salesforce/core';
import { RecoError } from '../core/errors';
import type { Model } from '../core/model';
import type { Diagnostic } from '../core/diagnostic';
import { adaptToOrg } from './adapt';
import { planData, type DataPlan } from './data';
import type { OrgSnapshot } from './types';
import {
  isPlaceholder,
  isUsernamePattern,
  PLACEHOLDER,
  patternProblems,
  USERNAME_MAX,
} from '../core/username-pattern';

export { isUsernamePattern, patternProblems, USERNAME_PLACEHOLDERS } from '../core/username-pattern';

const EMAIL_FORM = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** What the org gives the placeholders: known after connecting, without a request. */
export interface OrgIdentity {
  orgId: string;
  /** The name the org was targeted by (an alias or a username). */
  target: string;
  instanceUrl: string;
}

/**
 * The My Domain name of an instance URL: `https://acme--uat.sandbox.my.salesforce.com` → `acme--uat`
 * (My Domain URL formats, Salesforce Help "My Domain URL Formats"); null for any other host.
 */
export function myDomainOf(instanceUrl: string): string | null {
  let host: string;
  try {
    host = new URL(instanceUrl).hostname.toLowerCase();
  } catch {
    return null;
  }
  const match = /^([a-z0-9-]+)\.(?:[a-z0-9-]+\.)*my\.salesforce\.com$/.exec(host);
  return match ? match[1] : null;
}

function patternError(pattern: string, target: string, why: string, fix: string): RecoError {
  return new RecoError(
    'USERNAME_PATTERN',
    `integrationUser.username "${pattern}" cannot be resolved for ${target}: ${why}`,
    {
      exitCode: 2,
      fix: fix,
    },
  );
}

/**
 * The username for one org: the pattern with its placeholders filled in (values lower-cased;
 * usernames are case-insensitive). A name without placeholders is returned as is.
 * @throws RecoError USERNAME_PATTERN (exit 2) when the org cannot give a value or the result is
 * not a username (email form, at most 80 characters).
 */
export function resolveUsername(pattern: string, org: OrgIdentity): string {
  if (!isUsernamePattern(pattern)) return pattern;
  const value = (name: string): string => {
    if (!isPlaceholder(name))
      throw patternError(pattern, org.target, patternProblems(`{${name}}`).join('; '), 'fix the placeholder');
    if (name === 'orgId') return org.orgId.toLowerCase();
    if (name === 'alias') {
      if (org.target.includes('@'))
        throw patternError(
          pattern,
          org.target,
          '{alias} needs an alias, and the org was named by its username',
          `give the org an alias (sf alias set <alias>=${org.target}) and target it by that alias`,
        );
      return org.target.toLowerCase();
    }
    const domain = myDomainOf(org.instanceUrl);
    if (domain === null)
      throw patternError(
        pattern,
        org.target,
        `its instance URL ${org.instanceUrl} is not a My Domain URL (…my.salesforce.com)`,
        'use {orgId} or {alias} instead of {myDomain}',
      );
    return domain;
  };
  const resolved = pattern.replace(PLACEHOLDER, (_, name: string) => value(name));
  if (!EMAIL_FORM.test(resolved) || resolved.length > USERNAME_MAX)
    throw patternError(
      pattern,
      org.target,
      `"${resolved}" is not a username (email form, at most ${USERNAME_MAX} characters)`,
      'change integrationUser.username, or give this org its own "username=…" in a targets file',
    );
  return resolved;
}

/** What an org connection gives the placeholders. */
export function identityOf(org: {
  orgId: string;
  target: string;
  conn: { instanceUrl: string };
}): OrgIdentity {
  return { orgId: org.orgId, target: org.target, instanceUrl: org.conn.instanceUrl };
}

/** The model with the username resolved for one org (unchanged when it holds no placeholder). */
export function forOrg<M extends Pick<Model, 'user'>>(model: M, org: OrgIdentity): M {
  const username = resolveUsername(model.user.username, org);
  return username === model.user.username ? model : { ...model, user: { ...model.user, username } };
}

/** Salesforce: "Usernames must be unique across all Salesforce orgs" (Salesforce Help, "Create Users"). */
export function duplicateUsernameError(username: string, target: string): RecoError {
  return new RecoError(
    'DUPLICATE_USERNAME',
    `the username ${username} is already held by another Salesforce org (usernames are unique across all orgs); nothing was changed in ${target}`,
    {
      exitCode: 2,
      fix: `give this org its own username: integrationUser.username with a placeholder ("reco-integration@acme.com.{orgId}"), or "${target} username=<name>" in a targets file (see the README, Fleets)`,
    },
  );
}

export type UsernameCheck =
  | { status: 'not-needed' }
  | { status: 'free' }
  | { status: 'taken' }
  | { status: 'refused'; errorCode: string; message: string };

/** A field no User has (not even a custom one: those end in __c): its query always fails. */
const ROLLBACK_FIELD = 'RecoSfProbeRollback';

interface SubResponse {
  body: unknown;
  httpStatusCode: number;
  referenceId: string;
}

/**
 * The composite request of the trial create: the User exactly as the data step would create it,
 * then a query that always fails (INVALID_FIELD), so that with `allOrNone` Salesforce rolls the
 * whole request back ("If the value is true, the entire composite request is rolled back", REST
 * API Developer Guide, "Composite Request Body"). Nothing is ever committed.
 */
export function probeRequest(plan: DataPlan, apiVersion: string): Record<string, unknown> {
  const base = `/services/data/v${apiVersion}`;
  const soql = (text: string): string => encodeURIComponent(text);
  return {
    allOrNone: true,
    compositeRequest: [
      { method: 'POST', url: `${base}/sobjects/User`, referenceId: 'probeUser', body: plan.user.set },
      {
        method: 'GET',
        url: `${base}/query?q=${soql(`SELECT ${ROLLBACK_FIELD} FROM User WHERE Id = '`)}@{probeUser.id}${soql("'")}`,
        referenceId: 'rollback',
      },
    ],
  };
}

/**
 * Reads the trial's answer. With allOrNone, the failing subrequest keeps its own error and every
 * other one answers 400 PROCESSING_HALTED ("Composite Subrequest Result", REST API Developer
 * Guide): the create's own error (DUPLICATE_USERNAME) means the name is taken; the deliberate
 * failure of the second subrequest means the create went through, then was rolled back.
 */
export function probeOutcome(responses: SubResponse[]): UsernameCheck {
  const create = responses.find((r) => r.referenceId === 'probeUser');
  const errors = Array.isArray(create?.body)
    ? (create.body as Array<{ errorCode?: string; message?: string }>)
    : [];
  const own = errors.find((e) => e.errorCode !== 'PROCESSING_HALTED');
  if (own?.errorCode === 'DUPLICATE_USERNAME') return { status: 'taken' };
  if (own) return { status: 'refused', errorCode: own.errorCode ?? 'UNKNOWN', message: own.message ?? '' };
  return { status: 'free' };
}

/**
 * Before the metadata deploy: may the data step create the integration user? Only when the plan
 * creates one (a user already in this org needs no probe, so a no-change run sends nothing).
 * One composite request that Salesforce rolls back; never retried (a write).
 */
export async function checkUsername(
  conn: Connection,
  plan: DataPlan,
  apiVersion: string,
): Promise<UsernameCheck> {
  if (plan.user.action !== 'create') return { status: 'not-needed' };
  const response = await conn.request<{ compositeResponse: SubResponse[] }>({
    method: 'POST',
    url: `/services/data/v${apiVersion}/composite`,
    body: JSON.stringify(probeRequest(plan, apiVersion)),
    headers: { 'content-type': 'application/json' },
  });
  return probeOutcome(response.compositeResponse);
}

/**
 * The deploy's and plan's use of the trial: a taken username is an error with its fix (exit 2,
 * before the metadata deploy); any other refusal of the create is a warning (the data step would
 * meet it); a free name, or no user to create, is nothing.
 */
export function usernameIssue(
  check: UsernameCheck,
  username: string,
  target: string,
): { error?: RecoError; warning?: Diagnostic } {
  if (check.status === 'taken') return { error: duplicateUsernameError(username, target) };
  if (check.status === 'refused')
    return {
      warning: {
        code: 'USERNAME_TRIAL_REFUSED',
        severity: 'warning',
        source: 'org',
        location: { entity: { type: 'User', name: username } },
        message: `a trial create of the integration user ${username} (rolled back) was refused: ${check.errorCode} ${check.message}; the data step will meet the same`,
      },
    };
  return {};
}

/** Deploy: throws DUPLICATE_USERNAME (exit 2) before any deploy call; returns USERNAME_TRIAL_REFUSED, if any. */
export async function guardUsername(
  conn: Connection,
  plan: DataPlan,
  apiVersion: string,
  username: string,
  target: string,
): Promise<Diagnostic[]> {
  const issue = usernameIssue(await checkUsername(conn, plan, apiVersion), username, target);
  if (issue.error) throw issue.error;
  return issue.warning ? [issue.warning] : [];
}

/**
 * `plan`: the same trial as the deploy's (only when the org lacks the user and nothing else
 * blocks); a taken username joins the plan's blocking reasons (exit 2).
 */
export async function planUsernameCheck(
  org: { conn: Connection; apiVersion: string; target: string },
  model: Model,
  snapshot: OrgSnapshot,
): Promise<{ blocking: Diagnostic[]; warnings: Diagnostic[] }> {
  const adapted = adaptToOrg(model, snapshot);
  if (adapted.errors.length > 0) return { blocking: [], warnings: [] };
  const plan = planData(adapted.model, snapshot, adapted.profile);
  const issue = usernameIssue(
    await checkUsername(org.conn, plan, org.apiVersion),
    model.user.username,
    org.target,
  );
  return {
    blocking: issue.error ? [{ ...issue.error.diagnostic, source: 'org' }] : [],
    warnings: issue.warning ? [issue.warning] : [],
  };
}
