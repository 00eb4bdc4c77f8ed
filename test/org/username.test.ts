/**
 * The integration username per org: placeholders ({orgId}, {alias}, {myDomain}) checked offline
 * and resolved per org, the rolled-back trial create that tells a username another org holds
 * (against the emulator, whose composite allOrNone rolls back as Salesforce documents), and the
 * fleet's refusal of a shared username before any org is deployed.
 */
import { fileAt } from '../../scripts/core/diagnostic';
import type { Connection } from '@salesforce/core';
import { PROFILES } from '../../scripts/catalog/catalog';
import { checkConfigObject } from '../../scripts/core/config';
import { RecoError } from '../../scripts/core/errors';
import { patternProblems, sampleUsername } from '../../scripts/core/username-pattern';
import { startEmulator, type EmulatorHandle } from '../../scripts/emulator';
import type { DataPlan } from '../../scripts/org/data';
import { prepareFleet } from '../../scripts/org/fleet';
import {
  checkUsername,
  forOrg,
  myDomainOf,
  probeOutcome,
  resolveUsername,
  type OrgIdentity,
} from '../../scripts/org/username';
import { demoConfig } from '../builders/project';
import { integrationUserFields, soql } from '../emulator/helpers';

const ORG: OrgIdentity = {
  orgId: '00D5g000004AbCdEAA',
  target: 'acme-uat',
  instanceUrl: 'https://acme--uat.sandbox.my.salesforce.com',
};

describe('username placeholders', () => {
  it('resolves {orgId} (lower-cased), {alias} and {myDomain} for one org', () => {
    expect(resolveUsername('reco@acme.com.{orgId}', ORG)).toBe('reco@acme.com.00d5g000004abcdeaa');
    expect(resolveUsername('reco@acme.com.{alias}', ORG)).toBe('reco@acme.com.acme-uat');
    expect(resolveUsername('reco@{myDomain}.acme.com', ORG)).toBe('reco@acme--uat.acme.com');
    expect(resolveUsername('reco@acme.com', ORG)).toBe('reco@acme.com');
  });

  it('reads the My Domain name of production, sandbox and scratch URLs, and none elsewhere', () => {
    expect(myDomainOf('https://acme.my.salesforce.com')).toBe('acme');
    expect(myDomainOf('https://acme--uat.sandbox.my.salesforce.com')).toBe('acme--uat');
    expect(myDomainOf('https://site-1234-dev-ed.scratch.my.salesforce.com')).toBe('site-1234-dev-ed');
    expect(myDomainOf('http://127.0.0.1:6101')).toBeNull();
    expect(myDomainOf('https://na1.salesforce.com')).toBeNull();
  });

  it('refuses, with the fix, a value the org cannot give or a result that is not a username (exit 2)', () => {
    const byUsername = { ...ORG, target: 'admin@acme.com' };
    expect(() => resolveUsername('reco@acme.com.{alias}', byUsername)).toThrow(
      expect.objectContaining({ code: 'USERNAME_PATTERN', exitCode: 2 }),
    );
    const emulator = { ...ORG, instanceUrl: 'http://127.0.0.1:6101' };
    expect(() => resolveUsername('reco@{myDomain}.acme.com', emulator)).toThrow(/not a My Domain URL/);
    expect(() => resolveUsername(`reco@acme.com.${'x'.repeat(80)}{alias}`, ORG)).toThrow(
      /at most 80 characters/,
    );
    expect(() => resolveUsername('reco@acme.com.{toString}', ORG)).toThrow(
      /unknown placeholder \{toString\}/,
    );
  });

  it('leaves the model as it is when the username has no placeholder', () => {
    const model = { user: { ...demoConfig().integrationUser, username: 'reco@acme.com' } };
    expect(forOrg(model as never, ORG)).toBe(model);
  });

  it('names unknown placeholders and stray braces offline; a pattern is judged on a stand-in value', () => {
    expect(patternProblems('reco@acme.com.{orgId}')).toEqual([]);
    expect(patternProblems('reco@acme.com.{orgid}')).toEqual([
      'unknown placeholder {orgid}: use {orgId}, {alias}, {myDomain}',
    ]);
    expect(patternProblems('reco@acme.com.orgId}')).toEqual([
      'a "{" or "}" that does not enclose a placeholder',
    ]);
    expect(sampleUsername('reco@{alias}.com')).toBe('reco@x.com');
  });

  it('the config schema refuses an unknown placeholder at /integrationUser/username, naming the known ones', () => {
    const config = demoConfig();
    config.integrationUser.username = 'reco@acme.com.{sandbox}';
    const problems = checkConfigObject(config, 'reco.config.json').problems;
    expect(problems.map((p) => [p.code, fileAt(p)?.path])).toEqual([
      ['CONFIG_SCHEMA', '/integrationUser/username'],
    ]);
    expect(problems[0].message).toContain('{orgId}, {alias}, {myDomain}');
    config.integrationUser.username = 'reco@acme.com.{orgId}';
    expect(checkConfigObject(config, 'reco.config.json').problems).toEqual([]);
  });
});

describe('the rolled-back trial create', () => {
  let h: EmulatorHandle;
  let profileId: string;
  const conn = (): Connection =>
    ({
      request: async (r: { method: string; url: string; body?: string }) => {
        const response = await fetch(`${h.url}${r.url}`, {
          method: r.method,
          headers: { Authorization: `Bearer ${h.accessToken}`, 'Content-Type': 'application/json' },
          body: r.body,
        });
        return (await response.json()) as unknown;
      },
    }) as unknown as Connection;
  const plan = (username: string, action: DataPlan['user']['action'] = 'create'): DataPlan => ({
    user: {
      action,
      id: null,
      set: integrationUserFields(profileId, { Username: username }),
      prior: {},
    },
    unfreeze: null,
    permissionSetLicense: 'assign',
    permissionSet: 'assign',
  });

  beforeAll(async () => {
    h = await startEmulator({ seed: { takenUsernames: ['taken.elsewhere@example.com'] } });
    const profiles = await soql(h, `SELECT Id FROM Profile WHERE Name = '${PROFILES.apiOnly}'`);
    profileId = (profiles.body as { records: Array<{ Id: string }> }).records[0].Id;
  });
  afterAll(() => h.stop());

  it('Given a free username, Then it is free, and the org holds no new user and no change afterwards', async () => {
    const users = h.store.rows('User').length;
    const version = h.store.version;
    expect(await checkUsername(conn(), plan('free.name@example.com'), '66.0')).toEqual({ status: 'free' });
    expect(h.store.rows('User')).toHaveLength(users);
    expect(h.store.version).toBe(version);
  });

  it('Given a username another org holds, Then it is taken (DUPLICATE_USERNAME on the create)', async () => {
    expect(await checkUsername(conn(), plan('Taken.Elsewhere@example.com'), '66.0')).toEqual({
      status: 'taken',
    });
  });

  it('Given another refusal of the create, Then it is reported with its code', async () => {
    const bad = plan('bad.alias@example.com');
    bad.user.set.Alias = 'waytoolongalias';
    expect(await checkUsername(conn(), bad, '66.0')).toMatchObject({
      status: 'refused',
      errorCode: 'STRING_TOO_LONG',
    });
  });

  it('Given a user already in this org, Then no request is sent', async () => {
    const before = h.requestLog().length;
    expect(await checkUsername(conn(), plan('x@example.com', 'none'), '66.0')).toEqual({
      status: 'not-needed',
    });
    expect(h.requestLog()).toHaveLength(before);
  });

  it('reads the composite answer: the create’s own error, or the deliberate failure after it', () => {
    const halted = [{ errorCode: 'PROCESSING_HALTED', message: 'rolled back' }];
    expect(
      probeOutcome([
        { referenceId: 'probeUser', httpStatusCode: 400, body: halted },
        { referenceId: 'rollback', httpStatusCode: 400, body: [{ errorCode: 'INVALID_FIELD' }] },
      ]),
    ).toEqual({ status: 'free' });
    expect(
      probeOutcome([
        { referenceId: 'probeUser', httpStatusCode: 400, body: [{ errorCode: 'DUPLICATE_USERNAME' }] },
        { referenceId: 'rollback', httpStatusCode: 400, body: halted },
      ]),
    ).toEqual({ status: 'taken' });
  });
});

describe('prepareFleet', () => {
  const org = (target: string, orgId: string) => ({
    target,
    orgId,
    conn: { instanceUrl: `https://${target}.my.salesforce.com` },
  });
  const modelOf = (username: string) => () => ({ user: { ...demoConfig().integrationUser, username } });

  it('Given a pattern, Then each org gets its own username and nothing is refused', async () => {
    const prepared = await prepareFleet({
      targets: ['a', 'b'],
      concurrency: 2,
      modelFor: modelOf('reco@acme.com.{myDomain}') as never,
      connect: (t) => Promise.resolve(org(t, `00D${t}`)),
    });
    expect([...prepared.values()].map((p) => p.model?.user.username)).toEqual([
      'reco@acme.com.a',
      'reco@acme.com.b',
    ]);
  });

  it('Given two orgs resolving to one username, Then the whole fleet is refused (DUPLICATE_USERNAME, exit 2)', async () => {
    const run = prepareFleet({
      targets: ['a', 'b', 'c'],
      concurrency: 1,
      modelFor: ((t: string) => modelOf(t === 'c' ? 'other@acme.com' : 'reco@acme.com')()) as never,
      connect: (t) => Promise.resolve(org(t, `00D${t}`)),
    });
    await expect(run).rejects.toBeInstanceOf(RecoError);
    await expect(run).rejects.toMatchObject({ code: 'DUPLICATE_USERNAME', exitCode: 2 });
    await expect(run).rejects.toThrow('b and a: reco@acme.com');
  });

  it('Given one org unreachable and one named twice, Then those two carry their own error and the rest is ready', async () => {
    const prepared = await prepareFleet({
      targets: ['a', 'down', 'a-again'],
      concurrency: 3,
      modelFor: modelOf('reco@acme.com.{alias}') as never,
      connect: (t) =>
        t === 'down' ? Promise.reject(new Error('ECONNRESET')) : Promise.resolve(org(t, '00Dsame')),
    });
    expect(prepared.get('a')?.error).toBeUndefined();
    expect(prepared.get('down')?.error).toEqual(new Error('ECONNRESET'));
    expect(prepared.get('a-again')?.error).toMatchObject({ code: 'DUPLICATE_ORG' });
  });
});
