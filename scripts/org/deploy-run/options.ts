/**
 * Deploy's command line, checked before anything is read or sent: a bad --wait, --concurrency or
 * --resume is a bad command line (exit 2) naming the option and its rule.
 */
import { RecoError } from '../../core/errors';
import { concurrencyOf } from '../fleet';
import type { DeployOptions } from './types';

/** `reco-sf deploy`'s options as commander passes them (strings for numbers). */
export interface DeployCommandOptions {
  /** One org, or several (a fleet: the option repeated). */
  targetOrg?: string | string[];
  /** A file naming one org a line (`#` comments): a fleet. */
  targetsFile?: string;
  /** Fleet: how many orgs at once (default min(4, targets)). */
  concurrency?: string | number;
  dryRun?: boolean;
  yes?: boolean;
  json?: boolean;
  config?: string;
  /** Minutes. */
  wait?: string | number;
  resume?: string;
  /** Deploy from the config even when force-app/ is invalid or out of sync with it. */
  ignoreLocalChanges?: boolean;
  /** The hash `reco-sf plan` printed: refuse when the config or org changed since (exit 2). */
  planHash?: string;
  /** commander's `--no-user-email`: false when the new user must not get the password-set e-mail. */
  userEmail?: boolean;
}

export const DEFAULT_WAIT_MINUTES = 33;

/**
 * --wait in minutes: a number from 0 up.
 * @throws RecoError INVALID_WAIT (exit 2).
 */
export function waitMinutes(value: string | number | undefined): number {
  if (value === undefined) return DEFAULT_WAIT_MINUTES;
  const minutes = typeof value === 'number' ? value : value.trim() === '' ? NaN : Number(value);
  if (!Number.isFinite(minutes) || minutes < 0)
    throw new RecoError(
      'INVALID_WAIT',
      `--wait must be a number of minutes, 0 or more, got "${String(value)}"`,
      { exitCode: 2, field: '--wait' },
    );
  return minutes;
}

/**
 * A deploy id as Salesforce prints it: 15 or 18 letters and digits (Salesforce record ids;
 * "What is a Salesforce ID", Salesforce Help), e.g. 0Af… for a DeployRequest.
 * @throws RecoError INVALID_RESUME_ID (exit 2) for anything else.
 */
export function resumeId(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (/^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/.test(value)) return value;
  throw new RecoError(
    'INVALID_RESUME_ID',
    `--resume must be a deploy id of 15 or 18 letters and digits (as reco-sf deploy printed it, e.g. 0Af…), got "${value}"`,
    { exitCode: 2, field: '--resume', fix: 'copy the id from the "still running" message of the deploy' },
  );
}

/**
 * A plan hash as `reco-sf plan` prints it: a SHA-256, 64 hexadecimal digits (review/hash.ts
 * planHash; case and surrounding blanks do not matter, as checkPlanHash compares trimmed lowercase).
 * Checked offline so a typo is refused before the org is read.
 * @throws RecoError INVALID_PLAN_HASH (exit 2) for anything else.
 */
export function planHashOption(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (/^[0-9a-f]{64}$/i.test(value.trim())) return value;
  throw new RecoError(
    'INVALID_PLAN_HASH',
    `--plan-hash must be the 64 hexadecimal digits of a plan hash (the "Plan hash:" line of reco-sf plan), got "${value}"; nothing was read or sent`,
    {
      exitCode: 2,
      field: '--plan-hash',
      fix: 'run reco-sf plan --target-org ORG and copy its "Plan hash:" value',
    },
  );
}

/** The command line, checked; throws the RecoErrors above (INVALID_PLAN_HASH included) and INVALID_CONCURRENCY (exit 2). */
export function parseDeployOptions(raw: DeployCommandOptions): DeployOptions {
  const targetOrgs =
    raw.targetOrg === undefined ? [] : Array.isArray(raw.targetOrg) ? raw.targetOrg : [raw.targetOrg];
  return {
    targetOrgs,
    ...(raw.targetsFile !== undefined ? { targetsFile: raw.targetsFile } : {}),
    ...(raw.concurrency !== undefined ? { concurrency: concurrencyOf(raw.concurrency, 1) } : {}),
    dryRun: raw.dryRun === true,
    yes: raw.yes === true,
    json: raw.json === true,
    ...(raw.config !== undefined ? { config: raw.config } : {}),
    waitMinutes: waitMinutes(raw.wait),
    ...(raw.resume !== undefined ? { resume: resumeId(raw.resume) } : {}),
    ignoreLocalChanges: raw.ignoreLocalChanges === true,
    ...(raw.planHash !== undefined ? { planHash: planHashOption(raw.planHash) } : {}),
    userEmail: raw.userEmail !== false,
  };
}
