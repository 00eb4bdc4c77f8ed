import { buildModel, eventEntitiesFor } from '../../scripts/core/model';
import { checkConfigObject, type RecoConfig } from '../../scripts/core/config';
import { allEventEntityNames } from '../../scripts/catalog/catalog';
import { DEMO_CONNECTED_APP_SCOPES } from '../builders/model';
import { aConfig, type ConfigFile } from '../builders/project';

/** A config after schema defaults are filled, as the pipeline sees it. */
function loaded(config: ConfigFile): RecoConfig {
  const result = checkConfigObject(config, 'test.json');
  if (!result.config) throw new Error(JSON.stringify(result.problems));
  return result.config;
}

describe('buildModel', () => {
  const model = buildModel(loaded(aConfig()));
  const keys = model.permissionSet.permissions.map((p) => p.key);

  it('Given ViewSetup required, then the dependency closure adds ViewRoles (dependsOn)', () => {
    const only = buildModel(loaded(aConfig((c) => (c.permissionSet.systemPermissions = ['ViewSetup']))));
    expect(only.permissionSet.permissions.map((p) => [p.key, p.origin])).toEqual([
      ['ViewRoles', 'dependency'],
      ['ViewSetup', 'required'],
    ]);
  });

  it('Given ViewEventLogFiles, then ApiEnabled is added through worksWith', () => {
    const only = buildModel(
      loaded(aConfig((c) => (c.permissionSet.systemPermissions = ['ViewEventLogFiles']))),
    );
    expect(only.permissionSet.permissions.map((p) => [p.key, p.origin])).toEqual([
      ['ApiEnabled', 'dependency'],
      ['ViewEventLogFiles', 'required'],
    ]);
  });

  it('the default config yields the 11 required permissions plus ApiEnabled, sorted by key', () => {
    expect(keys).toEqual([...keys].sort());
    expect(keys).toHaveLength(12);
    expect(model.permissionSet.permissions.filter((p) => p.origin === 'required')).toHaveLength(11);
    expect(model.permissionSet.permissions.find((p) => p.key === 'ApiEnabled')?.origin).toBe('dependency');
  });

  it('ViewEventLogObjectData has apiName null (resolved by label in the org)', () => {
    expect(
      model.permissionSet.permissions.find((p) => p.key === 'ViewEventLogObjectData')?.apiName,
    ).toBeNull();
  });

  it('an opt-in by API name resolves to its catalog key and keeps the justification as reason', () => {
    const m = buildModel(
      loaded(
        aConfig(
          (c) =>
            (c.permissionSet.additionalPermissions = [
              { permission: 'CustomizeApplication', justification: 'customer asked for it' },
            ]),
        ),
      ),
    );
    const p = m.permissionSet.permissions.find((x) => x.key === 'CustomizeApplication');
    expect(p).toMatchObject({
      origin: 'opt-in',
      reason: 'customer asked for it',
      apiName: 'CustomizeApplication',
    });
  });

  it('expands CIDR ranges and keeps start/end ranges, with their config path as source', () => {
    expect(model.trustedRanges).toEqual([
      {
        start: '203.0.113.0',
        end: '203.0.113.255',
        description: 'Reco egress pool (example: ask Reco Support for yours)',
        source: '/trustedIpRanges/0',
      },
      {
        start: '198.51.100.10',
        end: '198.51.100.20',
        description: 'Reco egress pool (example)',
        source: '/trustedIpRanges/1',
      },
      {
        start: '2001:db8:7ec0::',
        end: '2001:db8:7ec0:ffff:ffff:ffff:ffff:ffff',
        description: 'Reco egress pool IPv6 (example)',
        source: '/trustedIpRanges/2',
      },
    ]);
  });

  it('events "all" with streaming and storage switches on every Event Manager entity', () => {
    expect(model.eventMonitoring.entities).toEqual(allEventEntityNames());
  });

  it('Given mode off, then the model has no Event Manager entities', () => {
    const off = buildModel(loaded(aConfig((c) => (c.eventMonitoring.mode = 'off'))));
    expect(off.eventMonitoring.entities).toEqual([]);
  });

  it('a subset streaming-only selects just the stream entities that exist', () => {
    const config = loaded(
      aConfig(
        (c) =>
          (c.eventMonitoring.eventManager = {
            events: ['LoginEvent', 'ApiAnomalyEvent', 'IdentityVerificationEvent'],
            streaming: true,
            storage: false,
          }),
      ),
    );
    expect(eventEntitiesFor(config)).toEqual(['ApiAnomalyEvent', 'LoginEventStream']);
  });

  it('scope tokens become deduplicated metadata values (refresh_token and offline_access → one RefreshToken)', () => {
    expect(model.oauthApp.scopeValues.eca.filter((v) => v === 'RefreshToken')).toHaveLength(1);
    expect(model.oauthApp.scopeValues.connectedApp).toEqual(DEMO_CONNECTED_APP_SCOPES);
  });

  it('is pure: the input config is not changed and a second build is equal', () => {
    const config = loaded(aConfig());
    const frozen = JSON.stringify(config);
    expect(buildModel(config)).toEqual(buildModel(config));
    expect(JSON.stringify(config)).toBe(frozen);
  });
});
