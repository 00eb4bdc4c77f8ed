/**
 * Connection readiness, end to end against seeded emulator states: what stops Reco from
 * connecting is caught by `plan` and `deploy` before any deploy call (exit 2, with the config
 * path and the fix).
 */
import { PROFILES } from '../../scripts/catalog/catalog';
import type { EmulatorHandle } from '../../scripts/emulator';
import { useHarness, deployCalls, requestsSince } from './deploy-harness';

interface Blocking {
  code: string;
  message: string;
  fix?: string;
}
const blockingOf = (json: unknown): Blocking[] =>
  ((json as { result?: { blocking?: Blocking[] } }).result?.blocking ?? []) as Blocking[];

describe('connection readiness: plan and deploy block before any deploy call', () => {
  const h = useHarness({ afterEach: 'restore' });
  let org: EmulatorHandle;

  /** Plan (exit 2, the issue returned), then deploy (exit 2, no deploy call, nothing changed). */
  async function expectBlocked(code: string): Promise<Blocking> {
    const plan = await h.run(['plan', '--target-org', 'emu', '--json']);
    expect(plan.code).toBe(2);
    const issue = blockingOf(plan.json).find((b) => b.code === code);
    expect(issue).toBeDefined();
    const from = org.requestLog().length;
    const version = org.store.version;
    const deploy = await h.run(['deploy', '--target-org', 'emu', '--json', '--yes']);
    expect(deploy.code).toBe(2);
    expect(deploy.stdout).toContain(code);
    expect(deployCalls(requestsSince(org, from))).toBe(0);
    expect(org.store.version).toBe(version);
    return issue as Blocking;
  }

  it('Given an existing integration user on a full licence and an interactive profile, When planning and deploying, Then both stop and show what was found', async () => {
    org = await h.org({
      shape: ['shield', 'sandbox'],
      seed: {
        users: [
          {
            Username: 'reco-integration@example.com.reco',
            LastName: 'Reco Integration',
            profileName: 'Standard User',
          },
        ],
      },
    });
    const issue = await expectBlocked('ORG_USER_NOT_API_ONLY');
    expect(issue.message).toBe(
      `the existing user reco-integration@example.com.reco (integrationUser.username) has profile "Standard User" on user licence "Salesforce", not an API-only profile of integrationUser.profiles on the "${PROFILES.userLicense}" licence`,
    );
    expect(issue.fix).toContain(`Profile "${PROFILES.apiOnly}"`);
    const verify = await h.run(['verify', '--target-org', 'emu', '--json']);
    expect(verify.code).toBe(3);
    const drift = (verify.json?.result as { drift: Array<{ code: string; data?: { actual?: string } }> })
      .drift;
    expect(drift.find((d) => d.code === 'USER_NOT_API_ONLY')?.data?.actual).toBe('Standard User');
    const doctor = await h.run(['doctor', '--target-org', 'emu', '--json']);
    expect(doctor.code).toBe(1);
    const findings = (doctor.json?.result as { findings: Array<{ code: string; severity: string }> })
      .findings;
    expect(findings).toContainEqual(
      expect.objectContaining({ code: 'ORG_USER_NOT_API_ONLY', severity: 'error' }),
    );
  });

  it('Given a permission set licence that does not allow View Setup, When planning and deploying, Then both stop naming the config path', async () => {
    org = await h.org({
      shape: ['shield', 'sandbox'],
      seed: {
        permissionSetLicenses: [
          { developerName: 'SalesforceAPIIntegrationPsl', maximumPermissions: { ViewSetup: false } },
        ],
      },
    });
    const issue = await expectBlocked('ORG_PSL_DISALLOWS_PERMISSION');
    expect(issue.message).toBe(
      'the permission set licence SalesforceAPIIntegrationPsl does not allow "View Setup and Configuration" (ViewSetup): its MaximumPermissionsViewSetup is false; named at permissionSet.systemPermissions[10]',
    );
    expect(issue.fix).toContain('remove it from permissionSet.systemPermissions[10]');
  });

  it('Given an opted-in permission the org does not have, When planning, Then the fix names additionalPermissions, not systemPermissions', async () => {
    org = await h.org({ shape: ['shield', 'sandbox'] });
    h.writeConfig((c) => {
      c.permissionSet.additionalPermissions = [
        // A Financial Services Cloud permission: an industry add-on this org does not have.
        { permission: 'FSCComprehensivePermsUser', justification: 'reads financial accounts' },
      ];
    });
    const issue = await expectBlocked('ORG_PERMISSION_MISSING');
    expect(issue.message).toContain('named at permissionSet.additionalPermissions[0].permission');
    expect(issue.fix).toContain('remove it from permissionSet.additionalPermissions[0].permission');
    expect(issue.fix).not.toContain('systemPermissions');
  });

  it('Given a misspelt opted-in permission, When planning, Then the org says which permission was meant', async () => {
    org = await h.org({ shape: ['shield', 'sandbox'] });
    h.writeConfig((c) => {
      c.permissionSet.additionalPermissions = [
        { permission: 'ViewAllUser', justification: 'reads the user list' },
      ];
    });
    const issue = await expectBlocked('ORG_PERMISSION_MISSING');
    expect(issue.fix).toBe(
      'did you mean "ViewAllUsers"? (fix the name at permissionSet.additionalPermissions[0].permission)',
    );
  });

  it('Given the user licence typed as the permission set licence, When validating or planning, Then the offline gate stops with the right licence name', async () => {
    org = await h.org({ shape: ['shield', 'sandbox'] });
    h.writeConfig((c) => {
      c.permissionSet.license = PROFILES.userLicense;
    });
    const from = org.requestLog().length;
    const plan = await h.run(['plan', '--target-org', 'emu']);
    expect(plan.code).toBe(2);
    expect(plan.stderr + plan.stdout).toContain('LICENSE_IS_USER_LICENSE');
    expect(plan.stderr + plan.stdout).toContain(
      'use "SalesforceAPIIntegrationPsl" (Salesforce API Integration)',
    );
    expect(org.requestLog().length).toBe(from);
  });
});
