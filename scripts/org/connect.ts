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

const LOGIN_HINT = 'sf org login web --alias <alias>  (or: sf org login access-token --instance-url <url>)';

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
      hint: `pass --target-org <alias|username>, or log in and set a default: ${LOGIN_HINT.replace('--alias <alias>', '--alias <alias> --set-default')}`,
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
      hint: `log in first: ${LOGIN_HINT}`,
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
      hint: `log in again: sf org login web --alias ${target}  (or: sf org login access-token)`,
      exitCode: 1,
      cause,
    },
  );
}
