/** The errors of connecting name the org the user gave, and the command that fixes them. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  checkOrgName,
  connectError,
  orgError,
  sessionExpiredError,
  startProbe,
} from '../../scripts/org/connect';
import { RecoError } from '../../scripts/core/errors';
import { triesOf, withRetry } from '../../scripts/org/retry';

const notFound = Object.assign(new Error('No authorization information found for acme.'), {
  name: 'NamedOrgNotFoundError',
});

describe('connectError', () => {
  it('Given an unknown alias, When connecting, Then ORG_NOT_FOUND with the login command for that alias', () => {
    const error = connectError(notFound, 'acme');
    expect(error.code).toBe('ORG_NOT_FOUND');
    expect(error.fix).toBe(
      'log in first: sf org login web --alias acme  (a sandbox: add --instance-url https://test.salesforce.com)',
    );
    expect(error.fix).not.toMatch(/<alias>|<url>|<org>/);
  });

  it('Given an unknown username, When connecting, Then the hint logs in as that user, with no alias', () => {
    expect(connectError(notFound, 'admin@acme.example.com').fix).toBe(
      'log in first: sf org login web, as admin@acme.example.com  (a sandbox: add --instance-url https://test.salesforce.com)',
    );
  });

  it("Given npm start's alias, When it is not found, Then the hint says where it lives and to use npm start -- --keep", () => {
    const error = connectError(notFound, 'reco-emulator');
    expect(error.code).toBe('ORG_NOT_FOUND');
    expect(error.fix).toContain('.reco/emulator/sf-home');
    expect(error.fix).toContain('npm start -- --keep');
  });

  it('Given an expired session, Then the login hint names the alias', () => {
    expect(sessionExpiredError('acme').fix).toBe(
      'log in again: sf org login web --alias acme  (a sandbox: add --instance-url https://test.salesforce.com)',
    );
  });
});

function reset(): Error {
  return Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
}

describe('checkOrgName', () => {
  it.each(['../evil', '/tmp/evil', '..\\evil', 'a/b', 'emu\u0000x', '~/x', '.hidden', '', 'x'.repeat(256)])(
    'Given %j, then ORG_NAME_INVALID (exit 2) before @salesforce/core sees it',
    (name) => {
      expect(() => checkOrgName(name)).toThrow(
        expect.objectContaining({ code: 'ORG_NAME_INVALID', exitCode: 2 }),
      );
    },
  );

  it('Given aliases and usernames, then nothing is refused', () => {
    for (const name of ['emu', 'acme-uat', 'admin@acme.com.uat', 'reco_2', 'a.b@c.d'])
      expect(() => checkOrgName(name)).not.toThrow();
  });

  it('names the targets-file line it came from', () => {
    expect(() => checkOrgName('../x', { file: 'orgs.txt', line: 3 })).toThrow(/^orgs\.txt:3: /);
  });
});

describe('transient faults', () => {
  it('Given a reset left after the retries, then ORG_UNREACHABLE says how many tries and where, never ORG_NOT_FOUND', async () => {
    const error = await withRetry(() => Promise.reject(reset()), { retries: 2, baseMs: 0 }).catch(
      (e: unknown) => e,
    );
    expect(triesOf(error)).toBe(3);
    const mapped = connectError(error, 'acme', {
      tries: triesOf(error),
      instanceUrl: 'https://acme.my.salesforce.com',
    });
    expect(mapped).toMatchObject({ code: 'ORG_UNREACHABLE', exitCode: 1 });
    expect(mapped.message).toContain('did not answer (3 tries: ECONNRESET)');
    expect(mapped.message).toContain('https://acme.my.salesforce.com');
  });

  it('Given a 503 after connecting, then orgError names the org and its instance URL; a session error stays SESSION_EXPIRED', () => {
    const org = { target: 'acme', conn: { instanceUrl: 'https://acme.example' } } as Parameters<
      typeof orgError
    >[1];
    const unavailable = Object.assign(new Error('Service Unavailable'), { errorCode: 'SERVER_UNAVAILABLE' });
    expect(orgError(unavailable, org)).toMatchObject({ code: 'ORG_UNREACHABLE' });
    const expired = Object.assign(new Error('Session expired'), { errorCode: 'INVALID_SESSION_ID' });
    expect(orgError(expired, org)).toMatchObject({ code: 'SESSION_EXPIRED' });
    const ours = new RecoError('X', 'y');
    expect(orgError(ours, org)).toBe(ours);
  });
});

describe('startProbe', () => {
  let server: Server;
  let answer: () => void = () => undefined;
  const received: string[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      received.push(`${request.method ?? ''} ${request.url ?? ''}`);
      // The answer waits for the test: `sent` must not wait for it.
      answer = () => response.end('[]');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('Given a reachable org, then `sent` resolves once the GET of /services/data is on the wire, before the answer; `done` on the answer', async () => {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const probe = startProbe(`${url}/`, 'emu');
    if (!probe) throw new Error('no probe (a proxy variable is set)');
    let done = false;
    void probe.done.then(() => (done = true));
    await probe.sent;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(received).toEqual(['GET /services/data']);
    expect(done).toBe(false);
    answer();
    await expect(probe.done).resolves.toBeUndefined();
  });

  it('Given this process blocked past the wait right after sending (a slow synchronous load), then an answer that came meanwhile is reachable, not ORG_UNREACHABLE', async () => {
    const quick = createServer((_request, response) => response.end('[]'));
    await new Promise<void>((resolve) => quick.listen(0, '127.0.0.1', resolve));
    try {
      const probe = startProbe(`http://127.0.0.1:${(quick.address() as AddressInfo).port}`, 'emu', 200);
      if (!probe) throw new Error('no probe (a proxy variable is set)');
      await probe.sent;
      // Blocks the event loop twice as long as the probe waits, as loading @salesforce/core can under load.
      const until = Date.now() + 400;
      while (Date.now() < until);
      await expect(probe.done).resolves.toBeUndefined();
    } finally {
      await new Promise((resolve) => quick.close(resolve));
    }
  });

  it('Given an org that never answers, then `done` rejects with ORG_UNREACHABLE: no answer within the wait', async () => {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const probe = startProbe(url, 'silent', 200);
    if (!probe) throw new Error('no probe (a proxy variable is set)');
    await expect(probe.done).rejects.toMatchObject({
      code: 'ORG_UNREACHABLE',
      exitCode: 1,
      message: expect.stringContaining(`cannot reach silent at ${url}: no answer within`) as unknown,
    });
  });

  it('Given nothing listening, then `sent` still resolves and `done` rejects with ORG_UNREACHABLE naming the URL', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((resolve) => closed.close(resolve));
    const probe = startProbe(url, 'down');
    if (!probe) throw new Error('no probe (a proxy variable is set)');
    const outcome = probe.done.catch((e: unknown) => e);
    await probe.sent;
    expect(await outcome).toMatchObject({
      code: 'ORG_UNREACHABLE',
      exitCode: 1,
      message: `cannot reach down at ${url}: nothing accepts connections there (the org or the local emulator is down, or the port is wrong)`,
    });
  });
});
