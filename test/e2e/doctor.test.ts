/** `reco-sf doctor` end to end: seeded login IP ranges, an exhausted licence, the vendor's app, a Shield-less org. */
import type { EmulatorHandle } from '../../scripts/emulator';
import { PROFILES } from '../../scripts/catalog/catalog';
import type { Diagnostic } from '../../scripts/core/diagnostic';
import { useHarness } from './deploy-harness';
import { masked } from './review-harness';

interface DoctorJson {
  findings: Diagnostic[];
}
const findingsOf = (json: unknown): DoctorJson['findings'] =>
  ((json as { result: DoctorJson }).result ?? { findings: [] }).findings;

describe('reco-sf doctor', () => {
  const h = useHarness({ afterEach: 'restore' });
  let org: EmulatorHandle;

  it('Given profile login IP ranges, no free licence seat and the vendor app installed, When diagnosing, Then each is a finding with its fix', async () => {
    org = await h.org({
      shape: ['shield', 'sandbox'],
      seed: {
        profileLoginIpRanges: [
          {
            profile: PROFILES.apiOnly,
            ranges: [{ startAddress: '192.0.2.0', endAddress: '192.0.2.255', description: 'HQ only' }],
          },
        ],
        permissionSetLicenses: [
          { developerName: 'SalesforceAPIIntegrationPsl', totalLicenses: 2, usedLicenses: 2 },
        ],
        installedConnectedApps: [{ name: 'Reco Introspection for Salesforce', ipRelaxation: 'enforce' }],
      },
    });
    h.writeConfig((c) => {
      c.oauthApp.kind = 'installed';
    });
    const version = org.store.version;
    const run = await h.run(['doctor', '--target-org', 'emu', '--json']);
    expect(run.code).toBe(1);
    expect(org.store.version).toBe(version);
    const findings = findingsOf(run.json);
    expect(findings.map((f) => f.code)).toEqual([
      'PROFILE_LOGIN_IP_RANGES',
      'OAUTH_IP_RELAXATION_UNKNOWN',
      'PSL_SEATS_EXHAUSTED',
      'USER_MISSING',
    ]);
    expect(findings[0]).toEqual({
      code: 'PROFILE_LOGIN_IP_RANGES',
      severity: 'error',
      source: 'org',
      message: `the integration user's profile "${PROFILES.apiOnly}" has 1 login IP range(s): 192.0.2.0–192.0.2.255`,
      why: 'Salesforce refuses the OAuth grant ("Grant Failure Due to Login IP Range") when Reco connects from outside these ranges, unless the OAuth app Reco Introspection for Salesforce relaxes IP restrictions',
      fix: 'in Setup: Setup > Connected Apps > Connected Apps OAuth Usage > Reco Introspection for Salesforce: Install (if not yet installed) > Edit Policies > OAuth Policies > IP Relaxation: Relax IP restrictions > Save',
    });
    expect(findings[2].message).toBe(
      'the permission set licence SalesforceAPIIntegrationPsl has no free seat (2 of 2 used)',
    );
    expect(masked(run.json)).toMatchSnapshot();
  });

  it('Given a Shield-less org and a config that requires Shield, When diagnosing in text, Then Shield is reported missing with the fix', async () => {
    await h.org({ shape: ['no-shield', 'sandbox'] });
    h.writeConfig((c) => {
      c.eventMonitoring.mode = 'required';
    });
    const run = await h.run(['doctor', '--target-org', 'emu']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('✗ SHIELD_MISSING  eventMonitoring.mode is required, but the org lacks: ');
    expect(run.stdout).toContain(
      '    fix: in Setup: Ask your Salesforce account executive for Shield / Event Monitoring, or set eventMonitoring.mode to "auto" in config/reco.config.json',
    );
  });

  it('Given a healthy deployed org, When diagnosing, Then exit 0 with no errors', async () => {
    await h.org({ shape: ['shield', 'sandbox'] });
    expect((await h.run(['deploy', '--target-org', 'emu', '--json'])).code).toBe(0);
    const run = await h.run(['doctor', '--target-org', 'emu', '--json']);
    expect(run.code).toBe(0);
    expect(findingsOf(run.json).filter((f) => f.severity === 'error')).toEqual([]);
  });
});
