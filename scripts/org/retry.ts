/**
 * Bounded retries with exponential backoff, for operations that are safe to repeat (reads,
 * status polls, read-only composite requests). jsforce already retries GETs; POSTs that only
 * read (composite of GETs, SOAP retrieve/check*Status) come through here. Writes never do.
 */
export interface RetryOptions {
  retries: number;
  baseMs: number;
  /** Called before each retry (progress, logs). */
  onRetry?: (attempt: number, error: unknown) => void;
  sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_RETRY: RetryOptions = { retries: 4, baseMs: 250 };

const TRANSIENT_CODES = new Set([
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'SERVER_UNAVAILABLE',
  'ERROR_HTTP_503',
  'ERROR_HTTP_502',
  'ERROR_HTTP_504',
]);

/** The error codes an error carries (its own `code`/`errorCode`/`name` and those of its causes). */
export function errorCodes(error: unknown): string[] {
  const codes: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const e = current as {
      code?: unknown;
      errorCode?: unknown;
      name?: unknown;
      statusCode?: unknown;
      cause?: unknown;
    };
    // SOAP faults arrive as `sf:CODE` (faultcode); REST errors as plain `CODE`.
    for (const value of [e.code, e.errorCode, e.name])
      if (typeof value === 'string') codes.push(value.replace(/^sf:/, ''));
    if (e.statusCode === 503) codes.push('ERROR_HTTP_503');
    current = e.cause;
  }
  return codes;
}

export function isTransient(error: unknown): boolean {
  if (errorCodes(error).some((c) => TRANSIENT_CODES.has(c))) return true;
  // undici reports a dropped socket as a TypeError('fetch failed') whose cause names the reset;
  // Node's http reports 'socket hang up' with code ECONNRESET (covered above).
  return false;
}

export function isSessionExpired(error: unknown): boolean {
  return errorCodes(error).includes('INVALID_SESSION_ID');
}

/** Errors that mean "run again" (after `sf org login` for a session): never to be turned into a quiet result. */
export function isRetryable(error: unknown): boolean {
  return isSessionExpired(error) || isTransient(error);
}

/** Throws `error` when it means "run again"; for catches that otherwise carry on without what they read. */
export function rethrowRetryable(error: unknown): void {
  if (isRetryable(error)) throw error;
}

/**
 * A fault the org answered with (a SOAP faultcode or REST errorCode such as INVALID_ID_FIELD):
 * the request arrived and was refused. Not one when the answer was lost or is an HTTP status
 * alone (a reset, a timeout, a 5xx), nor an expired session.
 */
export function isOrgFault(error: unknown): boolean {
  if (isRetryable(error)) return false;
  // Salesforce's codes are UPPER_SNAKE (StatusCode in the API guides); Node's and HTTP's own are excluded.
  return errorCodes(error).some(
    (c) => /^[A-Z]+(_[A-Z0-9]+)+$/.test(c) && !/^(ERROR_HTTP|UND_ERR|EAI|ERR)_/.test(c),
  );
}

/** How many times a failed operation was tried (set by withRetry; 1 when it never went through it). */
export function triesOf(error: unknown): number {
  const tries = (error as { recoTries?: unknown } | null)?.recoTries;
  return typeof tries === 'number' ? tries : 1;
}

function withTries(error: unknown, tries: number): unknown {
  if (typeof error === 'object' && error !== null && Object.isExtensible(error))
    Object.defineProperty(error, 'recoTries', { value: tries, enumerable: false, configurable: true });
  return error;
}

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function withRetry<T>(
  operation: () => Promise<T>,
  options: RetryOptions = DEFAULT_RETRY,
): Promise<T> {
  const sleep = options.sleep ?? realSleep;
  for (let attempt = 0; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (attempt >= options.retries || !isTransient(error)) throw withTries(error, attempt + 1);
      options.onRetry?.(attempt + 1, error);
      await sleep(options.baseMs * 2 ** attempt);
    }
  }
}

/**
 * `Promise.all` for concurrent requests to one org, except that it rejects (with the first
 * failure, in argument order) only once every request has settled. With `Promise.all` a command
 * that fails on one request (say, an expired session) returns while the others are still
 * running: jsforce keeps retrying them with backoff (and a 30-minute request timeout) against
 * an org the command has given up on, which keeps the process, or a test worker, alive.
 */
export async function allSettledOrThrow<T extends readonly unknown[] | []>(
  requests: T,
): Promise<{ -readonly [P in keyof T]: Awaited<T[P]> }> {
  const results: PromiseSettledResult<unknown>[] = await Promise.allSettled(requests as readonly unknown[]);
  const values: unknown[] = [];
  for (const result of results) {
    if (result.status === 'rejected') throw result.reason;
    values.push(result.value);
  }
  return values as {
    -readonly [P in keyof T]: Awaited<T[P]>;
  };
}
