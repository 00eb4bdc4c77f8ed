import { adaptToOrg } from '../../scripts/org/adapt';
import { dataPlanIsEmpty, dataResultOf, dataSubrequests, planData } from '../../scripts/org/data';
import { Progress, progressMode } from '../../scripts/org/progress';
import { receiptFileName } from '../../scripts/org/receipt';
import { allSettledOrThrow, isSessionExpired, isTransient, withRetry } from '../../scripts/org/retry';
import {
  compositeRequests,
  snapshotFromResponses,
  snapshotRequest,
  soqlString,
} from '../../scripts/org/snapshot';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scratchCommands, shellLine } from '../../scripts/commands/scratch';
import { userDefinition } from '../../scripts/generate/project';
import { aConfig, aProject, removeTempDirs, runCli } from '../builders/project';
import { buildComponents } from '../../scripts/components';
import { aModel } from '../builders/model';
import { aSnapshot } from './builders';

const existingUser = (s: ReturnType<typeof aSnapshot>, isActive = true): void => {
  const m = aModel().user;
  s.user = {
    id: '005000000000001AAA',
    username: m.username,
    isActive,
    profileId: '00e',
    profileName: 'x',
    fields: {
      FirstName: null,
      LastName: m.lastName,
      Alias: m.alias,
      Email: m.email,
      TimeZoneSidKey: m.timeZoneSidKey,
      LocaleSidKey: m.localeSidKey,
      EmailEncodingKey: m.emailEncodingKey,
      LanguageLocaleKey: m.languageLocaleKey,
    },
    login: { id: '060000000000001AAA', isFrozen: false },
  };
};

describe('data steps', () => {
  it('creates a missing user, then assigns the licence, then the permission set (looked up in the same request)', () => {
    const model = aModel();
    const snapshot = aSnapshot();
    const plan = planData(model, snapshot, { id: '00e1' });
    expect(plan.user.action).toBe('create');
    expect(plan.user.set).toMatchObject({ Username: model.user.username, ProfileId: '00e1', Alias: 'Reco' });
    const requests = dataSubrequests(plan, model, snapshot, '66.0');
    expect(requests.map((r) => `${r.method} ${r.referenceId}`)).toEqual([
      'POST user',
      'POST psl',
      'GET ps',
      'POST psa',
    ]);
    expect(requests[1].body).toEqual({
      AssigneeId: '@{user.id}',
      PermissionSetLicenseId: '0PL000000000001AAA',
    });
    expect(requests[3].body).toEqual({ AssigneeId: '@{user.id}', PermissionSetId: '@{ps.records[0].Id}' });
  });

  it('changes nothing when the user matches and both assignments exist', () => {
    const plan = planData(
      aModel(),
      aSnapshot(
        (s) => (existingUser(s), (s.assignments = { permissionSet: true, permissionSetLicense: true })),
      ),
      null,
    );
    expect(dataPlanIsEmpty(plan)).toBe(true);
    expect(dataSubrequests(plan, aModel(), aSnapshot(), '66.0')).toEqual([]);
  });

  it('corrects drifted owned fields and reactivates, keeping the prior values', () => {
    const snapshot = aSnapshot((s) => {
      existingUser(s, false);
      if (s.user) s.user.fields.Email = 'old@example.com';
      s.permissionSet = { id: '0PS1', name: 'Reco_Integration', label: 'Reco Integration' };
    });
    const plan = planData(aModel(), snapshot, null);
    expect(plan.user).toMatchObject({
      action: 'reactivate',
      set: { Email: 'reco-integration@example.com', IsActive: true },
      prior: { Email: 'old@example.com', IsActive: false },
    });
    const requests = dataSubrequests(plan, aModel(), snapshot, '66.0');
    expect(requests.map((r) => `${r.method} ${r.referenceId}`)).toEqual([
      'PATCH user',
      'POST psl',
      'POST psa',
    ]);
    expect(requests[2].body).toEqual({ AssigneeId: '005000000000001AAA', PermissionSetId: '0PS1' });
  });

  it('unfreezes a frozen user through its UserLogin, and records the prior freeze', () => {
    const snapshot = aSnapshot((s) => {
      existingUser(s);
      if (s.user) s.user.login = { id: '060000000000001AAA', isFrozen: true };
      s.assignments = { permissionSet: true, permissionSetLicense: true };
    });
    const plan = planData(aModel(), snapshot, null);
    expect(plan.unfreeze).toBe('060000000000001AAA');
    expect(dataPlanIsEmpty(plan)).toBe(false);
    const requests = dataSubrequests(plan, aModel(), snapshot, '66.0');
    expect(requests).toEqual([
      {
        method: 'PATCH',
        url: '/services/data/v66.0/sobjects/UserLogin/060000000000001AAA',
        referenceId: 'login',
        body: { IsFrozen: false },
      },
    ]);
    const result = dataResultOf(plan, [{ referenceId: 'login', httpStatusCode: 204, body: null }]);
    expect(result.records).toEqual([
      { sobject: 'UserLogin', id: '060000000000001AAA', action: 'updated', prior: { IsFrozen: true } },
    ]);
    expect(
      planData(
        aModel(),
        aSnapshot((s) => existingUser(s)),
        null,
      ).unfreeze,
    ).toBeNull();
  });

  it('reports every failed record, not only the first', () => {
    const plan = planData(aModel(), aSnapshot(), { id: '00e1' });
    const result = dataResultOf(plan, [
      { referenceId: 'user', httpStatusCode: 201, body: { id: '005new', success: true } },
      {
        referenceId: 'psl',
        httpStatusCode: 400,
        body: [{ errorCode: 'FIELD_INTEGRITY_EXCEPTION', message: 'no seats' }],
      },
      { referenceId: 'ps', httpStatusCode: 200, body: { records: [{ Id: '0PS' }] } },
      {
        referenceId: 'psa',
        httpStatusCode: 400,
        body: [{ errorCode: 'FIELD_INTEGRITY_EXCEPTION', message: 'licence missing' }],
      },
    ]);
    expect(result.errors.map((e) => e.location)).toEqual([
      { entity: { type: 'PermissionSetLicenseAssign', name: 'permission set licence assignment' } },
      { entity: { type: 'PermissionSetAssignment', name: 'permission set assignment' } },
    ]);
    expect(result.records).toEqual([
      { sobject: 'User', id: '005new', action: 'created' },
      { sobject: 'PermissionSetLicenseAssign', id: null, action: 'failed' },
      { sobject: 'PermissionSetAssignment', id: null, action: 'failed' },
    ]);
  });
});

describe('snapshot', () => {
  it('asks for everything in one composite of GETs', () => {
    const model = aModel();
    const requests = compositeRequests(snapshotRequest(model, buildComponents(model)), '66.0');
    expect(requests.every((r) => r.method === 'GET')).toBe(true);
    expect(requests.length).toBeLessThanOrEqual(25);
    expect(decodeURIComponent(requests.find((r) => r.referenceId === 'user')?.url ?? '')).toContain(
      "WHERE Username = 'reco-integration@example.com.reco'",
    );
  });

  it('escapes SOQL strings', () => {
    expect(soqlString("O'Brien\\x")).toBe("'O\\'Brien\\\\x'");
  });

  it('reads the responses into a plain snapshot', () => {
    const model = aModel();
    const req = snapshotRequest(model, buildComponents(model));
    const ok = (
      referenceId: string,
      body: unknown,
    ): [string, { referenceId: string; httpStatusCode: number; body: unknown }] => [
      referenceId,
      { referenceId, httpStatusCode: 200, body },
    ];
    const responses = new Map([
      ok('permissionSetDescribe', {
        fields: [
          { name: 'PermissionsViewSetup', label: 'View Setup and Configuration', type: 'boolean' },
          { name: 'Name', label: 'Name', type: 'string' },
        ],
      }),
      ok('global', { sobjects: [{ name: 'ApiAnomalyEventStore' }, { name: 'Account' }] }),
      ok('organization', {
        records: [
          {
            Name: 'Acme',
            IsSandbox: false,
            OrganizationType: 'Enterprise Edition',
            TrialExpirationDate: null,
          },
        ],
      }),
      ok('profiles', { records: [{ Id: '00e1', Name: 'Minimum Access - API Only Integrations' }] }),
      ok('license', {
        records: [
          {
            Id: '0PL1',
            DeveloperName: 'SalesforceAPIIntegrationPsl',
            MasterLabel: 'x',
            Status: 'Active',
            TotalLicenses: 5,
            UsedLicenses: 0,
          },
        ],
      }),
      ok('user', {
        records: [
          {
            Id: '005',
            Username: 'u',
            IsActive: true,
            ProfileId: '00e1',
            Profile: { Name: 'P' },
            Alias: 'Reco',
          },
        ],
      }),
      ok('permissionSet', { records: [] }),
      ok('psAssignment', { records: [] }),
      ok('pslAssignment', { records: [{ Id: '2LA' }] }),
    ]);
    const snapshot = snapshotFromResponses(req, responses, {
      orgId: '00D',
      apiVersion: '66.0',
      permissionDependencies: [],
      metadata: {},
    });
    expect(snapshot.userPermissions).toEqual([
      { apiName: 'ViewSetup', label: 'View Setup and Configuration' },
    ]);
    expect(snapshot.objects).toEqual(['ApiAnomalyEventStore']);
    expect(snapshot.user).toMatchObject({
      id: '005',
      profileName: 'P',
      fields: { Alias: 'Reco', Email: null },
    });
    expect(snapshot.assignments).toEqual({ permissionSet: false, permissionSetLicense: true });
    expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot);
    expect(adaptToOrg(model, snapshot).errors.length).toBeGreaterThan(0);
  });
});

describe('retry', () => {
  const sleep = (): Promise<void> => Promise.resolve();
  it('retries transient errors and gives up on others', async () => {
    let calls = 0;
    const flaky = async (): Promise<string> => {
      calls++;
      if (calls < 3) throw Object.assign(new Error('reset'), { code: 'ECONNRESET' });
      return 'ok';
    };
    await expect(withRetry(flaky, { retries: 4, baseMs: 1, sleep })).resolves.toBe('ok');
    expect(calls).toBe(3);
    calls = 0;
    const hard = async (): Promise<string> => {
      calls++;
      throw Object.assign(new Error('bad'), { errorCode: 'MALFORMED_QUERY' });
    };
    await expect(withRetry(hard, { retries: 4, baseMs: 1, sleep })).rejects.toThrow('bad');
    expect(calls).toBe(1);
  });

  it('allSettledOrThrow resolves like Promise.all, and rejects only after every request has settled', async () => {
    await expect(allSettledOrThrow([Promise.resolve(1), Promise.resolve('a')])).resolves.toEqual([1, 'a']);
    const events: string[] = [];
    let finishSlow: () => void = () => undefined;
    const slow = new Promise<string>((resolve) => {
      finishSlow = () => {
        events.push('slow settled');
        resolve('slow');
      };
    });
    const expired = Promise.reject(Object.assign(new Error('expired'), { errorCode: 'INVALID_SESSION_ID' }));
    const later = Promise.reject(new Error('second failure'));
    const all = allSettledOrThrow([slow, expired, later]).catch((error: Error) => {
      events.push(`rejected: ${error.message}`);
    });
    await new Promise((r) => setImmediate(r));
    expect(events).toEqual([]); // Promise.all would have rejected already, with slow still running
    finishSlow();
    await all;
    expect(events).toEqual(['slow settled', 'rejected: expired']);
  });

  it('recognises codes on causes too', () => {
    expect(
      isTransient(
        new TypeError('fetch failed', { cause: Object.assign(new Error('x'), { code: 'UND_ERR_SOCKET' }) }),
      ),
    ).toBe(true);
    expect(isSessionExpired(Object.assign(new Error('x'), { errorCode: 'INVALID_SESSION_ID' }))).toBe(true);
  });
});

describe('progress', () => {
  const sink = (isTTY: boolean): { out: string[]; write(t: string): void; isTTY: boolean } => {
    const out: string[] = [];
    return { out, isTTY, write: (t: string) => void out.push(t) };
  };
  it('redraws one line on a TTY, prints plain lines in CI, and nothing with --json', () => {
    expect(progressMode({ json: true })).toBe('silent');
    expect(progressMode({ env: { CI: 'true' }, stream: sink(true) })).toBe('plain');
    expect(progressMode({ env: {}, stream: sink(false) })).toBe('plain');
    const tty = sink(true);
    const p = Progress.for({ env: {}, stream: tty });
    p.update('validating');
    p.update('validating');
    p.update('go');
    p.done();
    expect(tty.out).toEqual(['\rvalidating', '\rgo        ', '\n']);
  });
});

describe('receipt and scratch', () => {
  afterAll(removeTempDirs);

  it('names receipts by org and time, without characters file systems refuse', () => {
    expect(receiptFileName('00Dabc', new Date('2026-01-02T03:04:05.678Z'))).toBe(
      '00Dabc-2026-01-02T03-04-05-678Z.json',
    );
  });

  it('builds the scratch commands: create org, create user, then deploy', () => {
    const commands = scratchCommands({ devHub: 'hub', alias: 'reco1', durationDays: '3' }).map((c) =>
      shellLine(c.argv),
    );
    expect(commands).toEqual([
      'sf org create scratch --definition-file config/project-scratch-def.json --target-dev-hub hub --alias reco1 --duration-days 3 --wait 15',
      'sf org create user --definition-file config/reco-user-def.json --target-org reco1',
      'reco-sf deploy --target-org reco1',
    ]);
    expect(() => scratchCommands({ devHub: '' })).toThrow(expect.objectContaining({ code: 'NO_DEV_HUB' }));
    expect(() => scratchCommands({ devHub: 'h', durationDays: '99' })).toThrow(
      expect.objectContaining({ code: 'INVALID_DURATION' }),
    );
    expect(shellLine(['a b', "it's"])).toBe("'a b' 'it'\\''s'");
  });

  it('writes no Username into the user definition for a username pattern (Salesforce would refuse the raw pattern)', async () => {
    const pattern = aModel((c) => {
      c.integrationUser.username = 'reco-{alias}@acme.example.com.reco';
    });
    expect(userDefinition(pattern)).not.toHaveProperty('Username');
    expect(userDefinition(pattern)).toMatchObject({ LastName: pattern.user.lastName });
    expect(userDefinition(aModel())).toMatchObject({ Username: aModel().user.username });
    // generate writes it so, and `reco-sf scratch` then leaves `sf org create user` out.
    const project = aProject(
      aConfig((c) => {
        c.integrationUser.username = 'reco-{alias}@acme.example.com.reco';
      }),
    );
    const def = JSON.parse(readFileSync(join(project, 'config', 'reco-user-def.json'), 'utf8')) as object;
    expect(def).not.toHaveProperty('Username');
    const printed = await runCli(project, ['scratch', '--dev-hub', 'hub', '--print']);
    expect(printed.code).toBe(0);
    expect(printed.stdout).not.toContain('sf org create user');
    expect(printed.stdout).toContain('reco-sf deploy --target-org reco-scratch');
  });

  it('leaves sf org create user out when the username is a pattern: the deploy creates the user under the resolved name', () => {
    const commands = scratchCommands({ devHub: 'hub', alias: 'reco1' }, true).map((c) =>
      c.argv.slice(0, 4).join(' '),
    );
    expect(commands).toEqual(['sf org create scratch', 'reco-sf deploy --target-org reco1']);
  });
});
