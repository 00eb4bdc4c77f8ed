import { RecoError } from '../../scripts/core/errors';
import { retryableError } from '../../scripts/org/connect';
import { isOrgFault, isRetryable } from '../../scripts/org/retry';

const withCode = (fields: Record<string, unknown>): Error => Object.assign(new Error('x'), fields);

describe('which errors mean "run again"', () => {
  it("an org's own fault (a SOAP faultcode or REST errorCode) is a refusal; a lost answer, a timeout, an HTTP status or an expired session is not", () => {
    expect(isOrgFault(withCode({ name: 'sf:INVALID_ID_FIELD' }))).toBe(true);
    expect(isOrgFault(withCode({ errorCode: 'INVALID_CROSS_REFERENCE_KEY' }))).toBe(true);
    expect(isOrgFault(withCode({ code: 'ECONNRESET' }))).toBe(false);
    expect(isOrgFault(withCode({ name: 'TimeoutError' }))).toBe(false);
    expect(isOrgFault(withCode({ name: 'ERROR_HTTP_500' }))).toBe(false);
    expect(isOrgFault(withCode({ statusCode: 503 }))).toBe(false);
    expect(isOrgFault(withCode({ errorCode: 'INVALID_SESSION_ID' }))).toBe(false);
    expect(isOrgFault(new TypeError('fetch failed'))).toBe(false);
    expect(isRetryable(withCode({ errorCode: 'INVALID_SESSION_ID' }))).toBe(true);
    expect(isRetryable(withCode({ code: 'ETIMEDOUT' }))).toBe(true);
  });

  it('a retry error no command explained reaches the user with its fix, never as UNEXPECTED', () => {
    const session = retryableError(withCode({ errorCode: 'INVALID_SESSION_ID' }), 'acme');
    expect(session).toBeInstanceOf(RecoError);
    expect((session as RecoError).code).toBe('SESSION_EXPIRED');
    expect((session as RecoError).fix).toContain('sf org login web --alias acme');
    const reset = retryableError(withCode({ code: 'ECONNRESET' }), 'acme') as RecoError;
    expect([reset.code, reset.exitCode]).toEqual(['ORG_UNREACHABLE', 1]);
    expect(reset.fix).toContain('run the same command again');
    const other = new Error('other');
    expect(retryableError(other, 'acme')).toBe(other);
  });
});
