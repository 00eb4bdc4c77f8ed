import { appRelaxesIp, diagnose } from '../../scripts/review/doctor';
import { NO_FACTS, type ReviewFacts } from '../../scripts/review/facts';
import type { Model } from '../../scripts/core/model';
import { aDeployedOrg, anEmptyShieldOrg, demoModel, withoutShield } from './builders';

const model = demoModel();
const codes = (findings: ReturnType<typeof diagnose>): string[] => findings.map((f) => f.code);
const withRanges: ReviewFacts = {
  ...NO_FACTS,
  profile: {
    name: 'Minimum Access - API Only Integrations',
    loginIpRanges: [{ startAddress: '192.0.2.1', endAddress: '192.0.2.1' }],
  },
};

const vendorApp = {
  id: '0H4000000000001AAA',
  name: 'Reco Introspection for Salesforce',
  ipRelaxation: 'ENFORCE',
};

function installedModel(): Model {
  return {
    ...model,
    oauthApp: { ...model.oauthApp, kind: 'installed', installedAppName: 'Reco Introspection for Salesforce' },
  };
}

describe('doctor rules', () => {
  it('Given a healthy deployed org, When diagnosing, Then there is nothing to report', () => {
    expect(diagnose(model, aDeployedOrg(model), { ...NO_FACTS, apiEnabled: true }, 'acme')).toEqual([]);
  });

  it('Given login IP ranges and our ECA relaxing IP, When diagnosing, Then the ranges are only a note', () => {
    const [finding] = diagnose(model, aDeployedOrg(model), withRanges, 'acme');
    expect(finding).toMatchObject({ code: 'PROFILE_LOGIN_IP_RANGES', severity: 'info' });
    expect(finding.why).toBe(
      'the OAuth app Reco_Integration relaxes IP restrictions, so the grant goes through despite the ranges',
    );
  });

  it('Given login IP ranges and the ECA enforcing IP, When diagnosing, Then both are problems and the fix is a deploy', () => {
    const org = aDeployedOrg(model, (s) => {
      s.metadata['ExtlClntAppOauthConfigurablePolicies:Reco_Integration_oauthPlcy'] = {
        ipRelaxationPolicyType: 'Enforce',
      };
    });
    const findings = diagnose(model, org, withRanges, 'acme');
    expect(codes(findings)).toEqual(['PROFILE_LOGIN_IP_RANGES', 'OAUTH_IP_NOT_RELAXED']);
    expect(findings[0]).toMatchObject({
      severity: 'error',
      fix: 'run: reco-sf deploy --target-org acme',
    });
  });

  it('Given the vendor app installed with IP enforced (read through the API), When diagnosing, Then the fix is the Setup path', () => {
    const facts: ReviewFacts = {
      ...withRanges,
      installedApp: {
        id: '0H4000000000001AAA',
        name: 'Reco Introspection for Salesforce',
        ipRelaxation: 'ENFORCE',
      },
    };
    const findings = diagnose(installedModel(), aDeployedOrg(model), facts, 'acme');
    expect(codes(findings)).toEqual(['PROFILE_LOGIN_IP_RANGES', 'OAUTH_IP_NOT_RELAXED']);
    expect(findings[1].fix).toBe(
      'in Setup: Setup > Connected Apps > Connected Apps OAuth Usage > Reco Introspection for Salesforce: Install (if not yet installed) > Edit Policies > OAuth Policies > IP Relaxation: Relax IP restrictions > Save',
    );
    expect(
      appRelaxesIp({
        model: installedModel(),
        snapshot: aDeployedOrg(model),
        facts: { ...facts, installedApp: { ...vendorApp, ipRelaxation: 'BYPASS' } },
      }),
    ).toBe(true);
  });

  it('Given the vendor app not installed, When diagnosing, Then OAUTH_APP_NOT_INSTALLED', () => {
    expect(codes(diagnose(installedModel(), aDeployedOrg(model), NO_FACTS, null))).toEqual([
      'OAUTH_APP_NOT_INSTALLED',
    ]);
  });

  it('Given no API Enabled anywhere, When diagnosing, Then API_ACCESS_MISSING; an org without the permission at all is ORG_API_DISABLED', () => {
    expect(codes(diagnose(model, aDeployedOrg(model), { ...NO_FACTS, apiEnabled: false }, null))).toEqual([
      'API_ACCESS_MISSING',
    ]);
    const edition = aDeployedOrg(model, (s) => {
      s.userPermissions = s.userPermissions.filter((p) => p.apiName !== 'ApiEnabled');
    });
    expect(codes(diagnose(model, edition, NO_FACTS, null))).toContain('ORG_API_DISABLED');
  });

  it('Given no free licence seat for a new user, When diagnosing, Then PSL_SEATS_EXHAUSTED with the Setup path', () => {
    const org = anEmptyShieldOrg((s) => {
      if (s.permissionSetLicense) s.permissionSetLicense.usedLicenses = 5;
    });
    const findings = diagnose(model, org, NO_FACTS, null);
    expect(codes(findings)).toEqual(['OAUTH_IP_NOT_RELAXED', 'PSL_SEATS_EXHAUSTED', 'USER_MISSING']);
    expect(findings[1].message).toBe(
      'the permission set licence SalesforceAPIIntegrationPsl has no free seat (5 of 5 used)',
    );
  });

  it('Given a Shield-less org, When the config requires Shield, Then SHIELD_MISSING; in auto mode only a note', () => {
    const noShield = aDeployedOrg(model, (s) => {
      withoutShield(s);
    });
    const required: Model = { ...model, eventMonitoring: { ...model.eventMonitoring, mode: 'required' } };
    expect(codes(diagnose(required, noShield, NO_FACTS, null))).toContain('SHIELD_MISSING');
    const auto = diagnose(model, noShield, NO_FACTS, 'acme').find((f) => f.code === 'SHIELD_PARTS_SKIPPED');
    expect(auto?.severity).toBe('info');
    // The mode already is "auto": the fix must not tell the user to set it to "auto".
    expect(auto?.fix).not.toContain('to "auto"');
    expect(auto?.fix).toContain('then run reco-sf deploy --target-org acme to add the skipped parts');
  });

  it('Given the user frozen, locked out and inactive, When diagnosing, Then each is an error with its fix', () => {
    const org = aDeployedOrg(model, (s) => {
      if (s.user) s.user.isActive = false;
    });
    const findings = diagnose(
      model,
      org,
      { ...NO_FACTS, login: { id: '06x', isFrozen: true, isPasswordLocked: true } },
      'acme',
    );
    expect(codes(findings)).toEqual(['USER_INACTIVE', 'USER_FROZEN', 'USER_PASSWORD_LOCKED']);
    expect(findings.map((f) => f.fix)).toEqual([
      'run: reco-sf deploy --target-org acme --yes',
      'run: reco-sf deploy --target-org acme --yes  (or in Setup: Setup > Users > Users > Reco Integration (reco-integration@example.com.reco) > Unfreeze)',
      'in Setup: Setup > Users > Users > Reco Integration (reco-integration@example.com.reco) > Unlock',
    ]);
  });
});
