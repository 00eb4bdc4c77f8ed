/** Offline: a user licence named as the permission set licence, and "did you mean" for misspelt permissions. */
import { fileAt } from '../../scripts/core/diagnostic';
import { checkConfigRules } from '../../scripts/validate/config-rules';
import { checkConfigObject } from '../../scripts/core/config';
import { closest } from '../../scripts/core/suggest';
import { aConfig, type ConfigFile } from '../builders/project';

function problems(change: (c: ConfigFile) => void) {
  const loaded = checkConfigObject(aConfig(change), 'reco.config.json');
  if (!loaded.config) throw new Error(JSON.stringify(loaded.problems));
  return checkConfigRules(loaded.config, 'reco.config.json');
}

describe('licence names and permission names, offline', () => {
  it.each(['Salesforce Integration', 'salesforce integration'])(
    'rejects the user licence "%s" as permissionSet.license and names the permission set licence',
    (licence) => {
      const found = problems((c) => (c.permissionSet.license = licence)).find(
        (p) => p.code === 'LICENSE_IS_USER_LICENSE',
      );
      expect(found?.severity).toBe('error');
      expect(fileAt(found)?.path).toBe('/permissionSet/license');
      expect(found?.fix).toContain('"SalesforceAPIIntegrationPsl" (Salesforce API Integration)');
    },
  );

  it("rejects the licence's label in place of its DeveloperName", () => {
    const found = problems((c) => (c.permissionSet.license = 'Salesforce API Integration'));
    expect(found.map((p) => p.code)).toContain('LICENSE_LABEL_NOT_NAME');
  });

  it('suggests the catalog key for a misspelt system permission', () => {
    const found = problems((c) => (c.permissionSet.systemPermissions[0] = 'ViewSetp')).find(
      (p) => p.code === 'UNKNOWN_PERMISSION',
    );
    expect(found?.fix).toBe('did you mean "ViewSetup"?');
  });

  it('suggests nothing for a name far from every known one', () => {
    expect(closest('TotallyDifferent', ['ViewSetup', 'ViewRoles'])).toBeUndefined();
    expect(closest('viewroles', ['ViewSetup', 'ViewRoles'])).toBe('ViewRoles');
  });
});
