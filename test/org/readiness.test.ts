/** The readiness checks of adaptToOrg: licence kinds, licence allowances, unknown permissions, the existing user. */
import { PROFILES } from '../../scripts/catalog/catalog';
import { adaptToOrg } from '../../scripts/org/adapt';
import type { OrgSnapshot } from '../../scripts/org/types';
import { aModel } from '../builders/model';
import { aSnapshot } from './builders';

const codes = (r: ReturnType<typeof adaptToOrg>): string[] => r.errors.map((e) => e.code);

/** An org whose integration user exists, active, on the API-only profile, with `userLicenseName`. */
function withApiOnlyUser(userLicenseName: string): OrgSnapshot {
  return aSnapshot((s) => {
    s.user = {
      id: '005000000000001AAA',
      username: 'reco-integration@example.com.reco',
      isActive: true,
      profileId: '00e000000000001AAA',
      profileName: PROFILES.apiOnly,
      userLicenseName,
      fields: {},
      login: null,
    };
  });
}

describe('adaptToOrg readiness checks', () => {
  it('given a licence name the org knows as a user licence, names the guide licence and its free seats', () => {
    const model = aModel((c) => (c.permissionSet.license = 'Reco_Custom_Licence'));
    const snapshot = aSnapshot((s) => {
      s.guideLicense = s.permissionSetLicense;
      s.permissionSetLicense = null;
      s.licenseIsUserLicense = true;
    });
    const [issue] = adaptToOrg(model, snapshot).errors;
    expect(issue.code).toBe('ORG_LICENSE_IS_USER_LICENSE');
    expect(issue.fix).toBe(
      'set permissionSet.license to "SalesforceAPIIntegrationPsl" (Salesforce API Integration): the org has it, 4 of 5 seats free',
    );
  });

  it('given a missing licence that is not a user licence, and the guide licence absent too, asks Salesforce for it', () => {
    const result = adaptToOrg(
      aModel(),
      aSnapshot((s) => (s.permissionSetLicense = null)),
    );
    expect(codes(result)).toEqual(['ORG_PSL_MISSING']);
    expect(result.errors[0].fix).toContain('ask Salesforce for the "Salesforce API Integration" licence');
  });

  it('given a licence that allows every permission, or whose allowances were not read, blocks nothing', () => {
    expect(codes(adaptToOrg(aModel(), aSnapshot()))).toEqual([]);
    const allowed = aSnapshot((s) => {
      if (s.permissionSetLicense) s.permissionSetLicense.maximumPermissions = { ViewSetup: true };
    });
    expect(codes(adaptToOrg(aModel(), allowed))).toEqual([]);
  });

  it('given a licence that forbids a dependency the catalog added, says so instead of naming a config path', () => {
    const snapshot = aSnapshot((s) => {
      if (s.permissionSetLicense) s.permissionSetLicense.maximumPermissions = { ViewRoles: false };
    });
    const model = aModel((c) => {
      c.permissionSet.systemPermissions = c.permissionSet.systemPermissions.filter((k) => k !== 'ViewRoles');
    });
    const [issue] = adaptToOrg(model, snapshot).errors;
    expect(issue.code).toBe('ORG_PSL_DISALLOWS_PERMISSION');
    expect(issue.message).toContain('named at a dependency the catalog adds');
    expect(issue.fix).toContain('remove the permission that needs it');
  });

  it('given a feature-gated permission the org lacks, names the feature that brings it and the config path', () => {
    const snapshot = aSnapshot((s) => {
      s.userPermissions = s.userPermissions.filter((p) => !p.apiName.startsWith('ExternalClientApp'));
    });
    const model = aModel((c) => {
      c.oauthApp.kind = 'installed';
      c.permissionSet.systemPermissions = ['ViewRoles', 'ViewSetup', 'ExternalClientAppViewer'];
    });
    const issue = adaptToOrg(model, snapshot).errors.find((e) => e.code === 'ORG_PERMISSION_MISSING');
    expect(issue?.message).toContain('named at permissionSet.systemPermissions[2]');
    expect(issue?.fix).toBe(
      'turn on External Client Apps (Setup > External Client Apps > Settings) in the org, or remove it from permissionSet.systemPermissions[2]',
    );
  });

  it('given an existing user on an API-only profile and the integration licence, accepts it', () => {
    const snapshot = withApiOnlyUser(PROFILES.userLicense);
    expect(codes(adaptToOrg(aModel(), snapshot))).not.toContain('ORG_USER_NOT_API_ONLY');
  });

  it('given an existing user on an API-only profile name but a full user licence, blocks and shows both', () => {
    const snapshot = withApiOnlyUser('Salesforce');
    const issue = adaptToOrg(aModel(), snapshot).errors.find((e) => e.code === 'ORG_USER_NOT_API_ONLY');
    expect(issue?.message).toContain(`has profile "${PROFILES.apiOnly}" on user licence "Salesforce"`);
  });
});
