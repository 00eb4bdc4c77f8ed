import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { emptyOwnership } from '../../scripts/org/ownership';
import { recordOnlyModel, SCHEMA_DEFAULTS, withRecordNames } from '../../scripts/review/teardown-model';

interface SchemaNode {
  default?: unknown;
  properties?: Record<string, SchemaNode>;
}
const schema = JSON.parse(
  readFileSync(join(__dirname, '../../config/reco.config.schema.json'), 'utf8'),
) as SchemaNode;
const defaultAt = (...path: string[]): unknown =>
  path.reduce<SchemaNode | undefined>((node, key) => node?.properties?.[key], schema)?.default;

describe('teardown without a usable config', () => {
  it("Given the config schema, Then the record-only model's names are its defaults", () => {
    const model = recordOnlyModel();
    expect(SCHEMA_DEFAULTS).toEqual({
      apiVersion: defaultAt('apiVersion'),
      permissionSet: defaultAt('permissionSet', 'name'),
      license: defaultAt('permissionSet', 'license'),
    });
    expect(model.user.profiles).toEqual(defaultAt('integrationUser', 'profiles'));
    expect(model.apiVersion).toBe(SCHEMA_DEFAULTS.apiVersion);
  });

  it('Given a record that shows reco-sf created one permission set, Then the model names it', () => {
    const ownership = {
      ...emptyOwnership(),
      created: [
        { type: 'PermissionSet', fullName: 'Acme_Reco' },
        { type: 'ExternalClientApplication', fullName: 'Reco_Integration' },
      ],
    };
    expect(withRecordNames(recordOnlyModel(), ownership).permissionSet.name).toBe('Acme_Reco');
    expect(withRecordNames(recordOnlyModel(), emptyOwnership()).permissionSet.name).toBe('Reco_Integration');
    expect(withRecordNames(recordOnlyModel(), null).permissionSet.name).toBe('Reco_Integration');
  });
});
