/**
 * Connecting with the user's existing `sf` auth (aliases, usernames, the default target org).
 * @salesforce/core is loaded here, lazily, so offline commands never pay for it. Tokens stay
 * inside the Connection: nothing here prints or returns them.
 */
import type {
  ConfigAggregator as CoreConfigAggregator,
  Connection,
  Logger as CoreLogger,
  StateAggregator as CoreStateAggregator,
} from '@salesforce/core';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { RecoError } from '../core/errors';
import { errorCodes, isSessionExpired, isTransient, triesOf, withRetry, type RetryOptions } from './retry';

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

/**
 * One of @salesforce/core's published entry points (its package.json `exports`: `stateAggregator`,
 * `configAggregator`, …): a fifth of the modules of its index, which loads jsforce and every API.
 * The project's `moduleResolution: node` cannot see `exports`, hence the untyped specifier and the
 * type the caller names (the same classes the index exports: it re-exports these files).
 */
async function coreModule<T>(entry: 'stateAggregator' | 'configAggregator' | 'logger'): Promise<T> {
  if (entry !== 'logger') await quietCoreLogger();
  const specifier: string = `@salesforce/core/${entry}`;
  return (await import(specifier)) as T;
}

/**
 * Makes core's root logger an in-memory one (its `useMemoryLogger` option) before core makes its
 * own: that one starts a worker thread (pino's thread-stream) to append to the sf CLI's log file,
 * about 0.15 s of CPU before the first request, for log lines reco-sf never shows. Whoever sets
 * SF_LOG_LEVEL (or SFDX_LOG_LEVEL) to debug keeps core's log file as usual.
 */
async function quietCoreLogger(): Promise<void> {
  if (process.env.SF_LOG_LEVEL || process.env.SFDX_LOG_LEVEL) return;
  const { Logger } = await coreModule<{ Logger: typeof CoreLogger }>('logger');
  try {
    void new Logger({ name: Logger.ROOT_NAME, useMemoryLogger: true });
  } catch {
    // RedundantRootLoggerError: this process made its root logger already (an earlier call, or core itself).
  }
}

const stateModule = (): Promise<{ StateAggregator: typeof CoreStateAggregator }> =>
  coreModule<{ StateAggregator: typeof CoreStateAggregator }>('stateAggregator');

/** The default target org from the sf config, like the CLI (`sf config set target-org …`). */
export async function defaultTargetOrg(projectPath?: string): Promise<string | undefined> {
  // The submodule, not core's index: reading the config needs neither jsforce nor the Org.
  const { ConfigAggregator } = await coreModule<{ ConfigAggregator: typeof CoreConfigAggregator }>(
    'configAggregator',
  );
  // The aggregator caches per project path; a long-lived process (tests) may have changed the config since.
  await ConfigAggregator.clearInstance(projectPath);
  const aggregator = await ConfigAggregator.create(projectPath ? { projectPath } : undefined);
  const value = aggregator.getPropertyValue<string>('target-org');
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * An org name (alias or username) must be a name, not a path: @salesforce/core builds the auth
 * file's path from it, so `../evil` would load a JSON file outside the auth store. Throws
 * RecoError ORG_NAME_INVALID (exit 2) before core ever sees such a name. `where` names the
 * targets-file line the name came from.
 */
export function checkOrgName(name: string, where?: { file: string; line: number }): void {
  // eslint-disable-next-line no-control-regex -- control characters are what this refuses
  const bad = /[/\\\u0000-\u001f\u007f]|\.\./.exec(name);
  if (name === '' || name.length > 255 || bad || name.startsWith('.') || name.startsWith('~')) {
    const shown = JSON.stringify(name.slice(0, 80));
    throw new RecoError(
      'ORG_NAME_INVALID',
      `${where ? `${where.file}:${where.line}: ` : ''}${shown} is not an org alias or username${bad ? ` (it holds ${JSON.stringify(bad[0])}, which only paths have)` : ''}`,
      {
        file: where?.file,
        line: where?.line,
        fix: 'name an org by the alias or username `sf org list` shows',
      },
    );
  }
}

/** The username an alias or username stands for, from the sf alias/username store only; ORG_NOT_FOUND when the store has none. */
async function knownUsername(target: string): Promise<string> {
  const { StateAggregator } = await stateModule();
  // The store caches per HOME; a long-lived process (tests) may have logged in since.
  await StateAggregator.clearInstanceAsync();
  const state = await StateAggregator.getInstance();
  const username = state.aliases.resolveUsername(target);
  checkOrgName(username);
  if (!(await state.orgs.hasFile(username))) throw orgNotFoundError(target);
  return username;
}

/** Connect attempts: Org.create only reads, so transient failures are retried. */
const CONNECT_RETRY: RetryOptions = { retries: 3, baseMs: 250 };

/**
 * The org `targetOrg` (alias or username; else the default target org) names, connected through
 * the user's sf auth: the alias is resolved, the org probed for reachability (the first request),
 * then the Connection made for `apiVersion`.
 * @throws RecoError NO_TARGET_ORG, ORG_NAME_INVALID, ORG_NOT_FOUND (exit 2); ORG_UNREACHABLE,
 *   SESSION_EXPIRED, ORG_CONNECT_FAILED (exit 1).
 */
export async function connectToOrg(
  targetOrg: string | undefined,
  apiVersion: string,
  projectPath?: string,
  retry: RetryOptions = CONNECT_RETRY,
): Promise<OrgConnection> {
  const target = targetOrg ?? (await defaultTargetOrg(projectPath));
  if (!target) {
    throw new RecoError('NO_TARGET_ORG', 'no org given and no default target org is set', {
      fix: `pass --target-org <alias|username>, or log in and set a default: ${loginHint('<alias>', true)}`,
    });
  }
  checkOrgName(target);
  const username = await knownUsername(target);
  // The probe needs only the instance URL the auth store holds (no token): it goes out first,
  // and core's index (jsforce, the Org: most of the start-up) loads while it is in flight.
  const storedUrl = await instanceUrlOf(username);
  const probe = storedUrl ? startProbe(storedUrl, target) : undefined;
  const probeOutcome = probe ? settle(probe.done) : undefined;
  // Loading blocks the event loop: the probe is first put on the wire, then answered meanwhile.
  if (probe) await probe.sent;
  const { Org } = await loadCore();
  const probeError = await probeOutcome;
  if (probeError) throw probeError;
  let tries = 0;
  let org;
  try {
    org = await withRetry(() => {
      tries++;
      return Org.create({ aliasOrUsername: username });
    }, retry);
  } catch (error) {
    throw connectError(error, target, { tries: Math.max(tries, triesOf(error)), instanceUrl: storedUrl });
  }
  const conn = org.getConnection(apiVersion);
  if (conn.instanceUrl !== storedUrl) await probeInstance(conn.instanceUrl, target);
  return { conn, orgId: org.getOrgId(), username: org.getUsername() ?? username, target, apiVersion };
}

/** A promise's rejection as a value, so that it can wait unobserved while other work runs. */
function settle(promise: Promise<void>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * @salesforce/core's index, in two steps with a turn of the event loop before each: `require` is
 * synchronous, so a request in flight (the probe) is only read between the steps. jsforce is the
 * largest part of core's load.
 */
async function loadCore(): Promise<typeof import('@salesforce/core')> {
  await nextTurn();
  await import('@jsforce/jsforce-node');
  await nextTurn();
  return import('@salesforce/core');
}

/** The instance URL the auth store holds for a username (for messages; never a token). */
async function instanceUrlOf(username: string): Promise<string | undefined> {
  try {
    const { StateAggregator } = await stateModule();
    const state = await StateAggregator.getInstance();
    const auth = await state.orgs.read(username, false, false);
    return typeof auth?.instanceUrl === 'string' ? auth.instanceUrl : undefined;
  } catch {
    return undefined;
  }
}

/** "The org did not answer": transient failures (resets, 503s) after every retry, exit 1. */
export function unreachableError(
  target: string,
  tries: number,
  instanceUrl?: string,
  cause?: unknown,
): RecoError {
  return new RecoError(
    'ORG_UNREACHABLE',
    `the org "${target}"${instanceUrl ? ` (${instanceUrl})` : ''} did not answer (${tries} ${tries === 1 ? 'try' : 'tries'}: ${errorCodes(cause).find((c) => c !== 'Error') ?? 'no response'})`,
    {
      fix: `check the network or Salesforce status (https://status.salesforce.com), then run the same command again`,
      exitCode: 1,
      cause,
    },
  );
}

/** How long the reachability probe waits for the org's first answer. */
export const PROBE_TIMEOUT_MS = 5000;

/**
 * One unauthenticated GET of `/services/data` (the REST API's version list, open to anyone) with
 * a short timeout, so that an org that cannot be reached fails in seconds with its URL and the
 * likely cause, instead of after every retry of every read. Any HTTP answer means reachable.
 * Skipped behind a proxy (HTTPS_PROXY / HTTP_PROXY), which only the connection itself honours.
 * @throws RecoError ORG_UNREACHABLE (exit 1) naming the instance URL, the cause and the fix.
 */
export async function probeInstance(instanceUrl: string, target: string): Promise<void> {
  if (!instanceUrl) return;
  await startProbe(instanceUrl, target)?.done;
}

export interface Probe {
  /** Resolves once the request is written to the socket, or has failed. Never rejects. */
  sent: Promise<void>;
  /** Resolves on any HTTP answer; rejects with ORG_UNREACHABLE. */
  done: Promise<void>;
}

/**
 * Starts the probe of {@link probeInstance}; undefined behind a proxy. node:http(s) rather than
 * fetch: fetch's first call loads undici (~80 ms), and `finish` tells when the request is sent.
 * `timeoutMs`: how long to wait for the answer (tests shorten it).
 */
export function startProbe(
  instanceUrl: string,
  target: string,
  timeoutMs = PROBE_TIMEOUT_MS,
): Probe | undefined {
  if (behindProxy()) return undefined;
  const url = new URL(`${instanceUrl.replace(/\/$/, '')}/services/data`);
  let markSent = (): void => undefined;
  const sent = new Promise<void>((resolve) => (markSent = resolve));
  const done = new Promise<void>((resolve, reject) => {
    const fail = (error: unknown): void => {
      markSent();
      reject(probeFailedError(instanceUrl, target, error));
    };
    try {
      const send = url.protocol === 'http:' ? httpRequest : httpsRequest;
      const request = send(url, (response) => {
        cancelTimeout();
        response.destroy();
        resolve();
      });
      const cancelTimeout = afterResponsiveWait(timeoutMs, () =>
        request.destroy(
          Object.assign(new Error('the org did not answer the probe'), { name: 'TimeoutError' }),
        ),
      );
      request.on('finish', markSent);
      request.on('error', (error) => {
        cancelTimeout();
        fail(error);
      });
      request.end();
    } catch (error) {
      fail(error);
    }
  });
  return { sent, done };
}

/**
 * Calls `onTimeout` once this process has waited `ms` milliseconds in which it could have read an
 * answer. Time its event loop spent blocked (e.g. loading @salesforce/core synchronously on a
 * loaded machine, while the org's answer sits unread in the socket) counts as at most two of the
 * ten checks the wait is made of, so a slow start is never taken for an org that does not answer.
 * @returns a function that cancels the wait.
 */
function afterResponsiveWait(ms: number, onTimeout: () => void): () => void {
  const slice = ms / 10;
  let waited = 0;
  let last = Date.now();
  let timer: NodeJS.Timeout;
  const check = (): void => {
    const now = Date.now();
    waited += Math.min(now - last, 2 * slice);
    last = now;
    if (waited >= ms) onTimeout();
    else timer = setTimeout(check, slice).unref();
  };
  timer = setTimeout(check, slice).unref();
  return () => clearTimeout(timer);
}

function behindProxy(): boolean {
  return ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'].some(
    (v) => (process.env[v] ?? '') !== '',
  );
}

/**
 * The fix when nothing listens at a loopback URL: a local emulator. It takes a new port (and
 * token) at every start, so starting it again never revives the saved login: npm start's org is
 * kept up with --keep; a standalone one needs a fresh `sf org login access-token`.
 */
const EMULATOR_DOWN_FIX =
  'a local emulator gets a new port at every start, so the login saved for <org> points at a port nothing listens on: ' +
  "for npm start's emulated org run npm start -- --keep (it stays up and prints the commands that reach it); " +
  'for a standalone one start reco-sf emulator again and log in again with the sf org login access-token command it prints (--alias <org>)';

function isLoopback(instanceUrl: string | undefined): boolean {
  try {
    const host = new URL(instanceUrl ?? '').hostname;
    return host === 'localhost' || host === '[::1]' || /^127\./.test(host);
  } catch {
    return false;
  }
}

/**
 * Why an org could not be reached, and what fixes it, by the network error's code (and, for a
 * refused connection, whether `instanceUrl` is a local emulator's loopback address).
 */
export function unreachableCause(error: unknown, instanceUrl?: string): { cause: string; fix: string } {
  const codes = errorCodes(error);
  const has = (...names: string[]): boolean => codes.some((c) => names.includes(c));
  if (has('ENOTFOUND', 'EAI_AGAIN'))
    return {
      cause: 'its host name does not resolve (a mistyped or renamed My Domain, or no DNS / network)',
      fix: 'check the My Domain in Setup > My Domain and log in again with the right URL: sf org login web --instance-url https://<my-domain>.my.salesforce.com',
    };
  if (has('ECONNREFUSED'))
    return {
      cause:
        'nothing accepts connections there (the org or the local emulator is down, or the port is wrong)',
      fix: isLoopback(instanceUrl)
        ? EMULATOR_DOWN_FIX
        : 'check the URL with: sf org display --target-org <org>',
    };
  if (
    has('TimeoutError', 'AbortError', 'ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'ENETUNREACH', 'EHOSTUNREACH')
  )
    return {
      cause: `no answer within ${PROBE_TIMEOUT_MS / 1000} s (a VPN or firewall between you and Salesforce, or no network)`,
      fix: 'connect to the network or VPN that reaches Salesforce, or set HTTPS_PROXY for your proxy, then run it again',
    };
  if (codes.some((c) => /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/.test(c)))
    return {
      cause:
        "its TLS certificate is not trusted (a proxy that inspects TLS, or a URL that is not the org's own domain)",
      fix: "set NODE_EXTRA_CA_CERTS to your proxy's CA file, or log in again with the org's My Domain URL",
    };
  return {
    cause: `the connection failed (${codes.join(', ') || (error instanceof Error ? error.message : String(error))})`,
    fix: 'check the URL with: sf org display --target-org <org>',
  };
}

/** The reachability probe failed: ORG_UNREACHABLE with the URL, the likely cause and its fix (exit 1). */
export function probeFailedError(instanceUrl: string, target: string, error: unknown): RecoError {
  const { cause, fix } = unreachableCause(error, instanceUrl);
  return new RecoError('ORG_UNREACHABLE', `cannot reach ${target} at ${instanceUrl}: ${cause}`, {
    fix: fix.replaceAll('<org>', target),
    exitCode: 1,
    cause: error,
  });
}

/** Turns @salesforce/core's auth errors into ours, with the login command that fixes them. */
export function connectError(
  error: unknown,
  target: string,
  context: { tries?: number; instanceUrl?: string } = {},
): RecoError {
  if (error instanceof RecoError) return error;
  if (isTransient(error)) return unreachableError(target, context.tries ?? 1, context.instanceUrl, error);
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
    return orgNotFoundError(target, error);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new RecoError('ORG_CONNECT_FAILED', `could not connect to "${target}": ${message}`, {
    fix: `check the org with: sf org display --target-org ${target}`,
    exitCode: 1,
    cause: error,
  });
}

/** ORG_NOT_FOUND (exit 2) with the login command that makes `target` known. */
function orgNotFoundError(target: string, cause?: unknown): RecoError {
  return new RecoError('ORG_NOT_FOUND', `no authenticated org is known as "${target}"`, {
    fix: target === EMULATOR_ALIAS ? EMULATOR_HINT : `log in first: ${loginHint(target)}`,
    cause,
  });
}

export function sessionExpiredError(target: string, cause?: unknown): RecoError {
  return new RecoError(
    'SESSION_EXPIRED',
    `the session for "${target}" has expired or was revoked, and it cannot be refreshed`,
    {
      fix: `log in again: ${loginHint(target)}`,
      exitCode: 1,
      cause,
    },
  );
}

/**
 * Errors after connecting, in the user's terms: an expired session says how to log in again; a
 * transient failure left after the retries says the org did not answer, with the tries and the
 * instance URL (never "log in first"). Anything else is returned as it is.
 */
export function orgError(error: unknown, org: Pick<OrgConnection, 'target' | 'conn'>): unknown {
  if (error instanceof RecoError) return error;
  if (isSessionExpired(error)) return sessionExpiredError(org.target, error);
  if (isTransient(error)) return unreachableError(org.target, triesOf(error), org.conn.instanceUrl, error);
  return error;
}

/**
 * The last line for "run again" errors that reached the CLI without a command explaining them: an
 * expired session becomes SESSION_EXPIRED with the `sf org login` fix, a reset, timeout or 503
 * ORG_UNREACHABLE with the fix to run again; never UNEXPECTED. Anything else is returned as it is.
 */
export function retryableError(error: unknown, target: string | undefined): unknown {
  if (error instanceof RecoError) return error;
  const name = target ?? 'target-org';
  if (isSessionExpired(error)) return sessionExpiredError(name, error);
  if (isTransient(error)) return unreachableError(name, triesOf(error), undefined, error);
  return error;
}
