import type { Receipt } from '../../scripts/org/receipt';
import { NO_FACTS } from '../../scripts/review/facts';
import { planTeardown, type TeardownInput } from '../../scripts/review/teardown';
import { destructiveFiles } from '../../scripts/review/teardown-run';
import { aDeployedOrg, demoModel } from './builders';

const model = demoModel();
const ORG_RANGE = { description: 'office', end: '10.1.0.255', start: '10.1.0.0' };

/** The receipt of a first deploy into an org that had one range and Event settings of its own. */
function firstDeployReceipt(): Receipt {
  return {
    version: 1,
    orgId: '00D000000000001EAA',
    targetOrg: 'acme',
    apiVersion: '66.0',
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: '2026-01-01T00:01:00.000Z',
    dryRun: false,
    deployId: '0Af000000000001AAA',
    components: [
      {
        key: 'PermissionSet:Reco_Integration',
        type: 'PermissionSet',
        fullName: 'Reco_Integration',
        state: 'create',
        prior: null,
      },
      {
        key: 'Settings:Security',
        type: 'Settings',
        fullName: 'Security',
        state: 'update',
        prior: { networkAccess: { ipRanges: [ORG_RANGE] } },
      },
      {
        key: 'Settings:Event',
        type: 'Settings',
        fullName: 'Event',
        state: 'update',
        prior: { enableDeleteMonitoringData: true, enableEventLogWaveIntegration: true },
      },
      {
        key: 'ExternalClientApplication:Reco_Integration',
        type: 'ExternalClientApplication',
        fullName: 'Reco_Integration',
        state: 'create',
        prior: null,
      },
    ],
    records: [
      { sobject: 'User', id: '005000000000009AAA', action: 'created' },
      { sobject: 'PermissionSetLicenseAssign', id: '2LA000000000001AAA', action: 'created' },
      { sobject: 'PermissionSetAssignment', id: '0Pa000000000001AAA', action: 'created' },
    ],
    warnings: [],
  };
}

function input(change: (i: TeardownInput) => void = () => undefined): TeardownInput {
  const snapshot = aDeployedOrg(model, (s) => {
    const security = s.metadata['Settings:Security'] as { networkAccess: { ipRanges: unknown[] } };
    security.networkAccess.ipRanges = [ORG_RANGE, ...security.networkAccess.ipRanges];
  });
  const i: TeardownInput = {
    model,
    snapshot,
    facts: { ...NO_FACTS, login: { id: '06x000000000001AAA', isFrozen: false, isPasswordLocked: false } },
    receipts: [firstDeployReceipt()],
    assignmentIds: { permissionSet: ['0Pa000000000001AAA'], permissionSetLicense: ['2LA000000000001AAA'] },
  };
  change(i);
  return i;
}

describe('planTeardown', () => {
  it('Given a first deploy receipt, When planning, Then the steps run assignments, user, settings, then deletes', () => {
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
    expect(step?.action).toEqual({
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

  it('Given a range that was already in the org before the deploy, When planning, Then it stays', () => {
    const plan = planTeardown(
      input((i) => {
        const prior = i.receipts[0].components[1].prior as { networkAccess: { ipRanges: unknown[] } };
        prior.networkAccess.ipRanges.push({ start: '198.51.100.10', end: '198.51.100.20' });
      }),
    );
    expect(plan.steps.find((s) => s.action.kind === 'deploy-settings')?.description).toBe(
      "remove 2 trusted IP range(s) reco-sf added (203.0.113.0–203.0.113.255, 2001:db8:7ec0::–2001:db8:7ec0:ffff:ffff:ffff:ffff:ffff); the org's 2 other(s) stay",
    );
  });

  it('Given everything already removed, When planning again, Then there is nothing to do', () => {
    const plan = planTeardown(
      input((i) => {
        i.snapshot.metadata['PermissionSet:Reco_Integration'] = null;
        i.snapshot.metadata['ExternalClientApplication:Reco_Integration'] = null;
        i.snapshot.metadata['Settings:Security'] = { networkAccess: { ipRanges: [ORG_RANGE] } };
        i.snapshot.metadata['Settings:Event'] = {
          enableDeleteMonitoringData: true,
          enableEventLogWaveIntegration: true,
        };
        if (i.snapshot.user) i.snapshot.user.isActive = false;
        i.assignmentIds = { permissionSet: [], permissionSetLicense: [] };
      }),
    );
    expect(plan.steps).toEqual([]);
  });

  it('Given a user reco-sf did not create, When planning, Then the user is kept', () => {
    const plan = planTeardown(
      input((i) => {
        i.receipts[0].records = i.receipts[0].records.filter((r) => r.sobject !== 'User');
      }),
    );
    expect(plan.steps.some((s) => s.action.kind === 'deactivate-user')).toBe(false);
    expect(plan.kept).toContain('the user reco-integration@example.com.reco: reco-sf did not create it');
  });
});

describe('destructiveFiles', () => {
  it('writes an empty package.xml and the deletions in plan order', () => {
    const [pkg, destructive] = destructiveFiles(
      [
        { type: 'ExternalClientApplication', fullName: 'Reco_Integration' },
        { type: 'PermissionSet', fullName: 'Reco_Integration' },
      ],
      '66.0',
    );
    expect(pkg).toEqual({
      path: 'package.xml',
      content:
        '<?xml version="1.0" encoding="UTF-8"?>\n<Package xmlns="http://soap.sforce.com/2006/04/metadata">\n    <version>66.0</version>\n</Package>\n',
    });
    expect(destructive.content).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<Package xmlns="http://soap.sforce.com/2006/04/metadata">\n    <types>\n        <members>Reco_Integration</members>\n        <name>ExternalClientApplication</name>\n    </types>\n    <types>\n        <members>Reco_Integration</members>\n        <name>PermissionSet</name>\n    </types>\n    <version>66.0</version>\n</Package>\n',
    );
  });
});
