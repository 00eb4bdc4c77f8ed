/**
 * `reco-sf doctor` on the grant and access, end to end against seeded emulator states: the app's
 * permitted users and pre-authorisations, API Access Control, session settings, login hours, the
 * user's password, freeze and activity.
 */
import { PROFILES } from '../../scripts/catalog/catalog';
import type { EmulatorSeed } from '../../scripts/emulator/seed';
import type { Diagnostic } from '../../scripts/core/diagnostic';
import { useHarness } from './deploy-harness';

interface DoctorResult {
  findings: Diagnostic[];
  notChecked: string[];
}
const USERNAME = 'reco-integration@example.com.reco';
const APP = 'Reco Introspection for Salesforce';
const apiOnlyUser = (
  extra: Record<string, string | boolean> = {},
): NonNullable<EmulatorSeed['users']>[number] => ({
  Username: USERNAME,
  LastName: 'Reco Integration',
  profileName: PROFILES.apiOnly,
  ...extra,
});

describe('reco-sf doctor: the grant and access', () => {
  const h = useHarness({ afterEach: 'restore' });

  async function doctor(
    seed: EmulatorSeed,
    installed = true,
  ): Promise<{ code: number; result: DoctorResult }> {
    await h.org({ shape: ['shield', 'sandbox'], seed });
    if (installed)
      h.writeConfig((c) => {
        c.oauthApp.kind = 'installed';
      });
    const run = await h.run(['doctor', '--target-org', 'emu', '--json']);
    return { code: run.code, result: (run.json?.result ?? {}) as unknown as DoctorResult };
  }
  const find = (r: DoctorResult, code: string): Diagnostic | undefined =>
    r.findings.find((f) => f.code === code);

  it("Given the vendor's app admits only admin-approved users and nothing of the user's is pre-authorised, When diagnosing, Then it is an error with the Setup path", async () => {
    const { code, result } = await doctor({
      installedConnectedApps: [{ name: APP, ipRelaxation: 'relax', adminApprovedUsersOnly: true }],
    });
    expect(code).toBe(1);
    const finding = find(result, 'OAUTH_USER_NOT_PREAUTHORIZED');
    expect(finding?.severity).toBe('error');
    expect(finding?.message).toContain(
      'read: ConnectedApplication.OptionsAllowAdminApprovedUsersOnly, SetupEntityAccess',
    );
    expect(finding?.why).toContain("user hasn't approved this consumer");
    expect(finding?.fix).toBe(
      `in Setup: Setup > Connected Apps > Manage Connected Apps > ${APP} > Manage Permission Sets > Reco_Integration`,
    );
  });

  it("Given our permission set is pre-authorised on the vendor's app, When diagnosing, Then the grant is not a finding", async () => {
    const { result } = await doctor({
      permissionSets: [{ name: 'Reco_Integration', license: 'SalesforceAPIIntegrationPsl' }],
      installedConnectedApps: [{ name: APP, ipRelaxation: 'relax', adminApprovedUsersOnly: true }],
      access: { preAuthorizations: [{ app: APP, permissionSet: 'Reco_Integration' }] },
    });
    expect(find(result, 'OAUTH_USER_NOT_PREAUTHORIZED')).toBeUndefined();
    expect(find(result, 'OAUTH_PREAUTHORIZATION_UNKNOWN')).toBeUndefined();
  });

  it("Given API Access Control is on and the vendor's app is not installed, When diagnosing, Then the app must be installed first", async () => {
    const { code, result } = await doctor({
      settings: { ConnectedApp: { enableAdminApprovedAppsOnly: true } },
    });
    expect(code).toBe(1);
    expect(find(result, 'API_ACCESS_CONTROL_APP_NOT_INSTALLED')?.fix).toContain(
      `Connected Apps OAuth Usage > ${APP} > Install`,
    );
  });

  it('Given IP enforcement on every request with login ranges on the profile, and sessions locked to IP, When diagnosing, Then relaxation does not excuse the ranges', async () => {
    const { result } = await doctor({
      installedConnectedApps: [{ name: APP, ipRelaxation: 'relax' }],
      settings: {
        Security: { sessionSettings: { enforceIpRangesEveryRequest: true, lockSessionsToIp: true } },
      },
      profileLoginIpRanges: [
        { profile: PROFILES.apiOnly, ranges: [{ startAddress: '192.0.2.0', endAddress: '192.0.2.255' }] },
      ],
    });
    expect(find(result, 'SESSION_IP_ENFORCED_EVERY_REQUEST')?.severity).toBe('error');
    expect(find(result, 'PROFILE_LOGIN_IP_RANGES')?.severity).toBe('error');
    expect(find(result, 'SESSION_LOCKED_TO_IP')?.severity).toBe('warning');
  });

  it('Given login hours on the profile and a user without a password, When diagnosing, Then both are findings with their fixes', async () => {
    const { result } = await doctor(
      {
        users: [apiOnlyUser()],
        access: {
          profileLoginHours: [
            { profile: PROFILES.apiOnly, hours: { mondayStart: '480', mondayEnd: '1080' } },
          ],
        },
      },
      false,
    );
    expect(find(result, 'PROFILE_LOGIN_HOURS')?.message).toBe(
      `the profile "${PROFILES.apiOnly}" restricts login hours (monday 08:00–18:00, in the org's default time zone)`,
    );
    expect(find(result, 'USER_PASSWORD_NEVER_SET')?.fix).toBe(
      'run: reco-sf handoff --target-org emu --send-password-email',
    );
  });

  it('Given a user with a password who is frozen and inactive, When diagnosing, Then both block and the password is not a finding', async () => {
    const { code, result } = await doctor(
      { users: [apiOnlyUser({ IsActive: false, frozen: true })], access: { passwordSet: [USERNAME] } },
      false,
    );
    expect(code).toBe(1);
    expect(result.findings.map((f) => f.code)).toEqual(
      expect.arrayContaining(['USER_INACTIVE', 'USER_FROZEN']),
    );
    expect(find(result, 'USER_PASSWORD_NEVER_SET')).toBeUndefined();
  });
});
