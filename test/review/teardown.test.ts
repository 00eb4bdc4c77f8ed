import { buildComponents } from '../../scripts/components';
import { OWNERSHIP_MEMBER, type Ownership } from '../../scripts/org/ownership';
import { planTeardown, type TeardownInput } from '../../scripts/review/teardown';
import { deletionFiles } from '../../scripts/review/teardown-run';
import { aDeployedOrg, demoModel } from './builders';

const model = demoModel();
const ORG_RANGE = { description: 'office', end: '10.1.0.255', start: '10.1.0.0' };
const USERNAME = model.user.username;

/** The org's ownership record after a first deploy into an org that had one range and Event settings of its own. */
function firstDeployRecord(): Ownership {
  return {
    version: 1,
    ranges: model.trustedRanges.map((r) => ({ start: r.start, end: r.end })),
    // Every component the config builds that a first deploy creates (the ECA's parts included).
    created: buildComponents(model)
      .filter((c) => c.kind.lifecycle === 'created' && c.kind.planSection !== 'none')
      .map((c) => ({ type: c.type, fullName: c.fullName })),
    eventSettingsPrior: { enableDeleteMonitoringData: true },
    eventManager: [],
    users: [{ username: USERNAME, created: true, permissionSetLicense: true, permissionSet: true }],
  };
}

function input(change: (i: TeardownInput) => void = () => undefined): TeardownInput {
  const snapshot = aDeployedOrg(model, (s) => {
    const security = s.metadata['Settings:Security'] as { networkAccess: { ipRanges: unknown[] } };
    security.networkAccess.ipRanges = [ORG_RANGE, ...security.networkAccess.ipRanges];
  });
  const ownership = firstDeployRecord();
  const i: TeardownInput = {
    model,
    snapshot,
    ownership,
    users: [
      {
        record: ownership.users[0],
        id: '005000000000009AAA',
        isActive: true,
        login: { id: '06x000000000001AAA', isFrozen: false },
        permissionSetAssignments: ['0Pa000000000001AAA'],
        permissionSetLicenseAssignments: ['2LA000000000001AAA'],
      },
    ],
  };
  change(i);
  return i;
}

describe('planTeardown', () => {
  it('Given the record of a first deploy, When planning, Then the steps run assignments, user, settings, then deletes', () => {
    const plan = planTeardown(input());
    expect(plan.steps.map((s) => s.action.kind)).toEqual([
      'delete-record',
      'delete-record',
      'freeze-user',
      'deactivate-user',
      'deploy-settings',
      'deploy-settings',
      'delete-components',
    ]);
    expect(plan.steps.map((s) => s.description)).toContain(
      'restore Event Monitoring settings: enableDeleteMonitoringData = true',
    );
    expect(plan.kept).toEqual(["1 trusted IP range(s) of the org's own"]);
  });

  it("Given the org's own range, When planning, Then Security is deployed with only the org's ranges", () => {
    const step = planTeardown(input()).steps.find((s) => s.action.kind === 'deploy-settings');
    expect(step?.action).toMatchObject({
      kind: 'deploy-settings',
      settings: {
        key: 'Settings:Security',
        type: 'Settings',
        fullName: 'Security',
        rootType: 'SecuritySettings',
        value: { networkAccess: { ipRanges: [ORG_RANGE] } },
      },
    });
  });

  it('Given a range the record does not name (the org held it before), When planning, Then it stays', () => {
    const plan = planTeardown(
      input((i) => {
        if (i.ownership) i.ownership.ranges = i.ownership.ranges.filter((r) => r.start !== '198.51.100.10');
      }),
    );
    expect(plan.steps.find((s) => s.action.kind === 'deploy-settings')?.description).toBe(
      "remove 2 trusted IP range(s) reco-sf added (203.0.113.0–203.0.113.255, 2001:db8:7ec0::–2001:db8:7ec0:ffff:ffff:ffff:ffff:ffff); the org's 2 other(s) stay",
    );
  });

  it('Given a range an earlier config added (no longer in the config), When planning, Then it is removed too', () => {
    const earlier = { start: '192.0.2.1', end: '192.0.2.1' };
    const plan = planTeardown(
      input((i) => {
        i.ownership?.ranges.push(earlier);
        const security = i.snapshot.metadata['Settings:Security'] as {
          networkAccess: { ipRanges: unknown[] };
        };
        security.networkAccess.ipRanges.push(earlier);
      }),
    );
    const step = plan.steps.find((s) => s.action.kind === 'deploy-settings');
    expect(step?.description).toContain('remove 4 trusted IP range(s) reco-sf added');
    expect(step?.description).toContain('192.0.2.1');
  });

  it('Given no ownership record in the org, When planning, Then nothing is removed (no local file can say otherwise)', () => {
    const plan = planTeardown(
      input((i) => {
        i.ownership = null;
        i.users = [];
      }),
    );
    expect(plan.steps).toEqual([]);
  });

  it('Given an app a plain sf deploy created and only its global OAuth settings in the record, When planning, Then the whole app stays and kept says why', () => {
    const plan = planTeardown(
      input((i) => {
        if (i.ownership)
          i.ownership.created = i.ownership.created.filter(
            (c) => c.type === 'PermissionSet' || c.type === 'ExtlClntAppGlobalOauthSettings',
          );
      }),
    );
    const deleted = plan.steps.flatMap((st) =>
      st.action.kind === 'delete-components' ? st.action.components.map((c) => c.type) : [],
    );
    expect(deleted).toEqual(['PermissionSet', 'StaticResource']);
    expect(plan.kept).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^ExternalClientApplication Reco_Integration: in the org, but reco-sf's ownership record does not show it created it/,
        ),
        expect.stringMatching(
          /^ExtlClntAppGlobalOauthSettings Reco_Integration_glblOauth: kept with the rest of its part/,
        ),
      ]),
    );
  });

  it('Given everything but the record already removed, When planning again, Then only the record is deleted', () => {
    const plan = planTeardown(
      input((i) => {
        for (const c of i.ownership?.created ?? []) i.snapshot.metadata[`${c.type}:${c.fullName}`] = null;
        i.snapshot.metadata['Settings:Security'] = { networkAccess: { ipRanges: [ORG_RANGE] } };
        i.snapshot.metadata['Settings:Event'] = {
          enableDeleteMonitoringData: true,
          enableEventLogWaveIntegration: true,
        };
        i.users[0] = {
          ...i.users[0],
          isActive: false,
          permissionSetAssignments: [],
          permissionSetLicenseAssignments: [],
        };
      }),
    );
    expect(plan.steps).toEqual([
      {
        description:
          "delete StaticResource RecoSfOwnership (destructive deploy; the last is reco-sf's ownership record)",
        action: {
          kind: 'delete-components',
          components: [{ type: 'StaticResource', fullName: 'RecoSfOwnership' }],
        },
      },
    ]);
  });

  it('Given a user reco-sf did not create, When planning, Then the user is kept', () => {
    const plan = planTeardown(
      input((i) => {
        i.users[0].record = { ...i.users[0].record, created: false };
      }),
    );
    expect(plan.steps.some((s) => s.action.kind === 'deactivate-user')).toBe(false);
    expect(plan.kept).toContain(`the user ${USERNAME}: reco-sf did not create it`);
  });
});

describe('deletionFiles', () => {
  const eca = { type: 'ExternalClientApplication', fullName: 'Reco_Integration' };
  const oauth = { type: 'ExtlClntAppOauthSettings', fullName: 'Reco_Integration_oauth' };
  const set = { type: 'PermissionSet', fullName: 'Reco_Integration' };
  const header =
    '<?xml version="1.0" encoding="UTF-8"?>\n<Package xmlns="http://soap.sforce.com/2006/04/metadata">\n';
  const types = (name: string, ...members: string[]): string =>
    `    <types>\n${members.map((m) => `        <members>${m}</members>\n`).join('')}        <name>${name}</name>\n    </types>\n`;
  const pkg = (...body: string[]): string =>
    `${header}${body.join('')}    <version>66.0</version>\n</Package>\n`;

  it("puts an app's settings in destructiveChangesPre.xml and the app after them, beside an empty package.xml", async () => {
    const files = await deletionFiles([oauth, eca, set, OWNERSHIP_MEMBER], '66.0');
    expect(files).toEqual([
      { path: 'package.xml', content: pkg() },
      {
        path: 'destructiveChangesPre.xml',
        content: pkg(types('ExtlClntAppOauthSettings', 'Reco_Integration_oauth')),
      },
      {
        path: 'destructiveChangesPost.xml',
        content: pkg(
          types('ExternalClientApplication', 'Reco_Integration'),
          types('PermissionSet', 'Reco_Integration'),
          types('StaticResource', 'RecoSfOwnership'),
        ),
      },
    ]);
  });

  it('writes no destructiveChangesPre.xml when nothing references what goes', async () => {
    const files = await deletionFiles([set, OWNERSHIP_MEMBER], '66.0');
    expect(files.map((f) => f.path)).toEqual(['package.xml', 'destructiveChangesPost.xml']);
  });

  it('deploys the settled ownership record in package.xml beside the deletions', async () => {
    const record: Ownership = { ...firstDeployRecord(), created: [] };
    const files = await deletionFiles([oauth, eca], '66.0', record);
    expect(files.map((f) => f.path)).toEqual([
      'package.xml',
      'destructiveChangesPre.xml',
      'destructiveChangesPost.xml',
      'staticresources/RecoSfOwnership.resource',
      'staticresources/RecoSfOwnership.resource-meta.xml',
    ]);
    expect(files[0].content).toBe(pkg(types('StaticResource', 'RecoSfOwnership')));
    expect(JSON.parse(files[3].content)).toMatchObject({ version: 1, created: [] });
  });
});
