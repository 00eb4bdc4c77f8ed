import { PROFILES } from '../../scripts/catalog/catalog';
import { adaptToOrg, resolvePermissionName } from '../../scripts/org/adapt';
import { aModel, deepFreeze } from '../builders/model';
import { aSnapshot, ELO_PERMISSION, noShield } from './builders';

const names = (r: ReturnType<typeof adaptToOrg>): Array<string | null> =>
  r.model.permissionSet.permissions.map((p) => p.apiName);

describe('adaptToOrg', () => {
  it('given a Shield org, resolves "View Event Log Object Data" by label and deploys every part', () => {
    const result = adaptToOrg(aModel(), aSnapshot());
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(names(result)).toContain(ELO_PERMISSION);
    expect(names(result)).not.toContain(null);
    expect(result.model.permissionSet.objects).toHaveLength(4);
    expect(result.model.eventMonitoring.entities.length).toBeGreaterThan(0);
    expect(result.parts.filter((p) => p.action === 'skip')).toEqual([]);
    expect(result.profile?.name).toBe(PROFILES.apiOnly);
  });

  it('is pure: frozen inputs, equal outputs on repeat', () => {
    const model = deepFreeze(aModel());
    const snapshot = deepFreeze(aSnapshot());
    expect(adaptToOrg(model, snapshot)).toEqual(adaptToOrg(model, snapshot));
  });

  it('given no Shield and mode auto, drops the Shield-only parts with one warning and says why for each', () => {
    const result = adaptToOrg(aModel(), aSnapshot(noShield));
    expect(result.errors).toEqual([]);
    expect(names(result)).not.toContain('ViewDataLeakageEvents');
    expect(names(result)).not.toContain('ViewEventLogFiles');
    expect(names(result)).toContain('ViewSetup');
    expect(result.model.permissionSet.objects).toEqual([]);
    expect(result.model.eventMonitoring.entities).toEqual([]);
    expect(result.model.eventMonitoring.mode).toBe('off');
    const skipped = result.parts.filter((p) => p.action === 'skip').map((p) => p.part);
    expect(result.warnings.map((w) => w.message)).toEqual([
      `the org lacks Shield / Event Monitoring features: ${skipped.length} Shield-only part(s) skipped, each listed with its reason; eventMonitoring.mode is auto`,
    ]);
    expect(skipped).toEqual(
      expect.arrayContaining([
        'EventSettings',
        'RealTimeEventSettings',
        'object ApiAnomalyEventStore',
        'permission ViewDataLeakageEvents',
      ]),
    );
  });

  it('given no Shield and mode required, fails with one error listing everything the org lacks', () => {
    const result = adaptToOrg(
      aModel((c) => (c.eventMonitoring.mode = 'required')),
      aSnapshot(noShield),
    );
    expect(result.errors[0].code).toBe('ORG_LACKS_EVENT_MONITORING');
    expect(result.errors[0].message).toContain('the "View Real-Time Event Monitoring Data" permission');
    expect(result.errors[0].message).toContain('the SessionHijackingEventStore object');
    expect(result.errors[0].message).toContain('Real-Time Event Monitoring (Event Manager)');
  });

  it('given mode off, never touches the event settings and warns about nothing', () => {
    const result = adaptToOrg(
      aModel((c) => (c.eventMonitoring.mode = 'off')),
      aSnapshot(noShield),
    );
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.parts).toEqual(
      expect.arrayContaining([
        { part: 'EventSettings', action: 'skip', reason: 'eventMonitoring.mode is off' },
      ]),
    );
  });

  it('uses the deprecated profile when the org has only that one, with a warning', () => {
    const result = adaptToOrg(
      aModel(),
      aSnapshot((s) => (s.profiles = [{ id: '00e2', name: PROFILES.apiOnlyDeprecated }])),
    );
    expect(result.profile).toEqual({ id: '00e2', name: PROFILES.apiOnlyDeprecated });
    expect(result.warnings.map((w) => w.message)).toEqual([
      `the org has no profile "${PROFILES.apiOnly}"; using "${PROFILES.apiOnlyDeprecated}"`,
    ]);
  });

  it('fails when no profile exists and the user must be created', () => {
    expect(
      adaptToOrg(
        aModel(),
        aSnapshot((s) => (s.profiles = [])),
      ).errors.map((e) => e.code),
    ).toEqual(['ORG_PROFILE_MISSING']);
  });

  it('checks the licence exists and has a free seat unless the user already holds one', () => {
    expect(
      adaptToOrg(
        aModel(),
        aSnapshot((s) => (s.permissionSetLicense = null)),
      ).errors.map((e) => e.code),
    ).toEqual(['ORG_PSL_MISSING']);
    const full = (s: ReturnType<typeof aSnapshot>): void => {
      if (s.permissionSetLicense) s.permissionSetLicense.usedLicenses = 5;
    };
    expect(adaptToOrg(aModel(), aSnapshot(full)).errors.map((e) => e.code)).toEqual(['ORG_PSL_NO_SEATS']);
    expect(
      adaptToOrg(
        aModel(),
        aSnapshot((s) => (full(s), (s.assignments.permissionSetLicense = true))),
      ).errors,
    ).toEqual([]);
  });

  it('adds permissions the org declares as dependencies that the catalog did not know', () => {
    const result = adaptToOrg(
      aModel(),
      aSnapshot(
        (s) =>
          (s.permissionDependencies = [
            { permission: 'ViewSetup', required: 'ApiEnabled' },
            { permission: 'ViewRoles', required: 'NotInOrg' },
          ]),
      ),
    );
    expect(names(result).filter((n) => n === 'ApiEnabled')).toHaveLength(1);
    expect(names(result)).not.toContain('NotInOrg');
  });

  it('fails on a non-Shield permission the org lacks', () => {
    const result = adaptToOrg(
      aModel(),
      aSnapshot((s) => (s.userPermissions = s.userPermissions.filter((p) => p.apiName !== 'ViewRoles'))),
    );
    expect(result.errors.map((e) => e.code)).toEqual(['ORG_PERMISSION_MISSING']);
  });

  it('warns that a new connected app may be blocked', () => {
    const result = adaptToOrg(
      aModel((c) => (c.oauthApp.kind = 'connected-app')),
      aSnapshot((s) => (s.metadata['ConnectedApp:Reco_Integration'] = null)),
    );
    expect(result.warnings.map((w) => w.message).join('\n')).toContain("Spring '26");
  });
});

describe('resolvePermissionName', () => {
  it('keeps a known API name and finds an unknown one by label, case-insensitively', () => {
    const snapshot = aSnapshot();
    expect(resolvePermissionName({ apiName: 'ViewSetup', label: 'x' }, snapshot)).toBe('ViewSetup');
    expect(resolvePermissionName({ apiName: null, label: 'view event log object data' }, snapshot)).toBe(
      ELO_PERMISSION,
    );
    expect(resolvePermissionName({ apiName: null, label: 'nope' }, snapshot)).toBeNull();
  });
});
