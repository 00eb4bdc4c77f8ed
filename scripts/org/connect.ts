/**
 * Connecting with the user's existing `sf` auth (aliases, usernames, the default target org).
 * @salesforce/core is loaded here, lazily, so offline commands never pay for it. Tokens stay
 * inside the Connection: nothing here prints or returns them.
 */
import type { Connection } from '@salesforce/core';
import { RecoError } from '../core/errors';
import { errorCodes, isSessionExpired } from './retry';

export interface OrgConnection {
  conn: Connection;
  orgId: string;
  /** The username the alias resolved to. */
  username: string;
  /** What the user asked for (alias or username), for messages. */
  target: string;
  apiVersion: string;
}

/** The alias `npm start` (reco-sf start) registers, in its own isolated sf home. */
export const EMULATOR_ALIAS = 'reco-emulator';

/**
 * How to log in so that `alias` (an alias or a username) names the org (sf org login web; a
 * sandbox logs in at test.salesforce.com). Where no name is known yet, `<alias>` is left for the
 * user to choose.
 */
function loginHint(alias: string, setDefault = false): string {
  const sandbox = '(a sandbox: add --instance-url https://test.salesforce.com)';
  // A username needs no alias: after the login the org is known by it.
  if (alias.includes('@')) return `sf org login web, as ${alias}  ${sandbox}`;
  return `sf org login web --alias ${alias}${setDefault ? ' --set-default' : ''}  ${sandbox}`;
}

/**
 * `reco-emulator` is the alias `npm start` keeps in .reco/emulator/sf-home, not in the user's sf
 * store, and the emulator stops with `npm start`: the way to reach it is `--keep`.
 */
const EMULATOR_HINT = `${EMULATOR_ALIAS} is the emulated org of npm start, registered in its own sf home (.reco/emulator/sf-home) and gone when npm start ends: run npm start -- --keep, which keeps it running and prints the commands that reach it`;

/** The default target org from the sf config, like the CLI (`sf config set target-org …`). */
export async function defaultTargetOrg(projectPath?: string): Promise<string | undefined> {
  const { ConfigAggregator } = await import('@salesforce/core');
  // The aggregator caches per project path; a long-lived process (tests) may have changed the config since.
  await ConfigAggregator.clearInstance(projectPath);
  const aggregator = await ConfigAggregator.create(projectPath ? { projectPath } : undefined);
  const value = aggregator.getPropertyValue<string>('target-org');
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export async function connectToOrg(
  targetOrg: string | undefined,
  apiVersion: string,
  projectPath?: string,
): Promise<OrgConnection> {
  const target = targetOrg ?? (await defaultTargetOrg(projectPath));
  if (!target) {
    throw new RecoError('NO_TARGET_ORG', 'no org given and no default target org is set', {
      hint: `pass --target-org <alias|username>, or log in and set a default: ${loginHint('<alias>', true)}`,
    });
  }
  const { Org } = await import('@salesforce/core');
  let org;
  try {
    org = await Org.create({ aliasOrUsername: target });
  } catch (error) {
    throw connectError(error, target);
  }
  const conn = org.getConnection(apiVersion);
  return { conn, orgId: org.getOrgId(), username: org.getUsername() ?? target, target, apiVersion };
}

/** Turns @salesforce/core's auth errors into ours, with the login command that fixes them. */
export function connectError(error: unknown, target: string): RecoError {
  if (
    isSessionExpired(error) ||
    errorCodes(error).some((c) => c === 'RefreshTokenAuthError' || c === 'AuthInfoExpired')
  )
    return sessionExpiredError(target, error);
  if (
    errorCodes(error).some(
      (c) => c === 'NamedOrgNotFoundError' || c === 'NoAuthInfoFound' || c === 'NoOrgFound',
    )
  ) {
    return new RecoError('ORG_NOT_FOUND', `no authenticated org is known as "${target}"`, {
      hint: target === EMULATOR_ALIAS ? EMULATOR_HINT : `log in first: ${loginHint(target)}`,
      cause: error,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new RecoError('ORG_CONNECT_FAILED', `could not connect to "${target}": ${message}`, {
    hint: `check the org with: sf org display --target-org ${target}`,
    exitCode: 1,
    cause: error,
  });
}

export function sessionExpiredError(target: string, cause?: unknown): RecoError {
  return new RecoError(
    'SESSION_EXPIRED',
    `the session for "${target}" has expired or was revoked, and it cannot be refreshed`,
    {
      hint: `log in again: ${loginHint(target)}`,
      exitCode: 1,
      cause,
    },
  );
}
