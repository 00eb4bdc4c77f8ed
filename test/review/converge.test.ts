import { emptyOwnership, type Ownership } from '../../scripts/org/ownership';
import { planConvergence, settledRecord, staleUsers } from '../../scripts/review/converge';
import type { OwnedUserState } from '../../scripts/review/teardown';
import { aModel } from '../builders/model';
import { aSnapshot } from '../org/builders';

const model = aModel();
const OLD = 'reco-old@example.com.reco';

function staleUser(created: boolean): OwnedUserState {
  return {
    record: { username: OLD, created, permissionSetLicense: true, permissionSet: true },
    id: '005000000000009AAA',
    isActive: true,
    login: { id: '060000000000001AAA', isFrozen: false },
    permissionSetAssignments: ['0Pa000000000001AAA'],
    permissionSetLicenseAssignments: ['2LA000000000001AAA'],
  };
}

const record = (change: Partial<Ownership>): Ownership => ({ ...emptyOwnership(), ...change });
const builtKeys = new Set(['PermissionSet:Reco_Integration', 'ConnectedApp:Reco_Integration']);

describe('planConvergence', () => {
  it('Given a renamed user reco-sf created, When converging, Then its assignments go and it is frozen and deactivated', () => {
    const ownership = record({ users: [staleUser(true).record] });
    expect(staleUsers(ownership, model).map((u) => u.username)).toEqual([OLD]);
    const plan = planConvergence({
      model,
      snapshot: aSnapshot(),
      ownership,
      users: [staleUser(true)],
      builtKeys,
    });
    expect(plan.steps.map((s) => s.action.kind)).toEqual([
      'delete-record',
      'delete-record',
      'freeze-user',
      'deactivate-user',
    ]);
    expect(plan.removals[0].reason).toBe(
      `the config's integration user is now ${model.user.username}; reco-sf set up ${OLD} under an earlier config or with other per-org values (a targets file line)`,
    );
    expect(settledRecord(ownership, plan).users).toEqual([]);
  });

  it("Given a renamed user reco-sf did not create, When converging, Then only reco-sf's assignments go and the user stays active", () => {
    const plan = planConvergence({
      model,
      snapshot: aSnapshot(),
      ownership: record({ users: [staleUser(false).record] }),
      users: [staleUser(false)],
      builtKeys,
    });
    expect(plan.steps.map((s) => s.action.kind)).toEqual(['delete-record', 'delete-record']);
  });

  it('Given the app of another kind in the record, When converging, Then its components are deleted children first', () => {
    const ownership = record({
      created: [
        { type: 'ExternalClientApplication', fullName: 'Reco_Integration' },
        { type: 'ExtlClntAppOauthSettings', fullName: 'Reco_Integration_oauth' },
        { type: 'PermissionSet', fullName: 'Reco_Integration' },
      ],
    });
    const snapshot = aSnapshot((s) => {
      s.metadata['ExternalClientApplication:Reco_Integration'] = {};
      s.metadata['ExtlClntAppOauthSettings:Reco_Integration_oauth'] = {};
    });
    const plan = planConvergence({ model, snapshot, ownership, users: [], builtKeys });
    expect(plan.deletions).toEqual([
      { type: 'ExtlClntAppOauthSettings', fullName: 'Reco_Integration_oauth' },
      { type: 'ExternalClientApplication', fullName: 'Reco_Integration' },
    ]);
    expect(settledRecord(ownership, plan).created).toEqual([
      { type: 'PermissionSet', fullName: 'Reco_Integration' },
    ]);
  });

  it('Given a recorded component the org no longer has, When converging, Then nothing is planned and the record forgets it', () => {
    const ownership = record({
      created: [{ type: 'ExternalClientApplication', fullName: 'Reco_Integration' }],
    });
    const snapshot = aSnapshot((s) => (s.metadata['ExternalClientApplication:Reco_Integration'] = null));
    const plan = planConvergence({ model, snapshot, ownership, users: [], builtKeys });
    expect(plan.deletions).toEqual([]);
    expect(plan.removals).toEqual([]);
    expect(settledRecord(ownership, plan).created).toEqual([]);
  });

  it('Given no record, When converging, Then nothing is withdrawn', () => {
    const plan = planConvergence({ model, snapshot: aSnapshot(), ownership: null, users: [], builtKeys });
    expect(plan).toEqual({ steps: [], deletions: [], removals: [], settledUsers: [], missing: [], kept: [] });
  });

  describe("an External Client App's global OAuth settings once oauthApp.callbackUrl is removed", () => {
    const GLOBAL = { type: 'ExtlClntAppGlobalOauthSettings', fullName: 'Reco_Integration_glblOauth' };
    const APP = { type: 'ExternalClientApplication', fullName: 'Reco_Integration' };
    const ownership = record({ created: [APP, GLOBAL] });
    const snapshot = aSnapshot((s) => {
      s.metadata['ExternalClientApplication:Reco_Integration'] = {};
      s.metadata['ExtlClntAppGlobalOauthSettings:Reco_Integration_glblOauth'] = {
        callbackUrl: 'https://cb.example.com/x',
      };
    });
    const eca = (name: string) =>
      aModel((c) => {
        c.oauthApp.kind = 'external-client-app';
        c.oauthApp.name = name;
        delete c.oauthApp.callbackUrl;
      });
    const keys = (name: string) => new Set([`ExternalClientApplication:${name}`]);

    it('Given the same app, When converging, Then they stay (no removal), the record keeps them, and a warning names the config key', () => {
      const plan = planConvergence({
        model: eca('Reco_Integration'),
        snapshot,
        ownership,
        users: [],
        builtKeys: keys('Reco_Integration'),
      });
      expect(plan.deletions).toEqual([]);
      expect(plan.removals).toEqual([]);
      expect(plan.kept).toEqual([
        expect.objectContaining({
          code: 'CALLBACK_URL_UNMANAGED',
          location: { configPath: 'oauthApp.callbackUrl' },
          message: expect.stringContaining('the callback URL in the org (https://cb.example.com/x)'),
        }),
      ]);
      expect(settledRecord(ownership, plan).created).toEqual([APP, GLOBAL]);
    });

    it('Given the app renamed, When converging, Then the old app goes with its settings, settings first', () => {
      const plan = planConvergence({
        model: eca('Reco_Other'),
        snapshot,
        ownership,
        users: [],
        builtKeys: keys('Reco_Other'),
      });
      expect(plan.kept).toEqual([]);
      expect(plan.deletions).toEqual([GLOBAL, APP]);
    });
  });
});
