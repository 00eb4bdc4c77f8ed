import { buildPlan, parseDiffPath, planIsEmpty } from '../../scripts/review/plan';
import { canonicalJson, planHash } from '../../scripts/review/hash';
import { emptyOwnership, OWNERSHIP_KEY, serialiseOwnership } from '../../scripts/org/ownership';
import { aDeployedOrg, demoModel, withoutShield } from './builders';

const model = demoModel();

describe('buildPlan', () => {
  it('Given no org, When planning, Then everything is created and nothing is skipped', () => {
    const plan = buildPlan(model, null);
    expect(plan.target).toBeNull();
    expect(plan.components.every((c) => c.state === 'create')).toBe(true);
    expect(plan.permissions.every((p) => p.change === 'add')).toBe(true);
    expect(plan.permissions.find((p) => p.apiName === 'ViewSetup')?.reason).toBe(
      'Read Setup configuration and the Setup Audit Trail.',
    );
    expect(plan.user.action).toBe('create');
    expect(plan.skipped).toEqual([]);
    expect(plan.trustedRanges.add).toHaveLength(3);
  });

  it('Given a Shield-less org in auto mode, When planning, Then the Shield parts are listed as skipped with the reason', () => {
    const org = aDeployedOrg(model, (s) => {
      withoutShield(s);
    });
    const plan = buildPlan(model, org);
    expect(plan.skipped).toContainEqual({ part: 'EventSettings', reason: 'the org lacks Event Monitoring' });
    expect(plan.skipped).toContainEqual({
      part: 'object ApiAnomalyEventStore',
      reason: 'the org lacks the ApiAnomalyEventStore object',
    });
    // One warning for all skipped parts: each part is listed once, in plan.skipped.
    expect(plan.warnings.map((w) => w.message)).toEqual([
      `the org lacks Shield / Event Monitoring features: ${plan.skipped.length} Shield-only part(s) skipped, each listed with its reason; eventMonitoring.mode is auto`,
    ]);
    expect(plan.blocking).toEqual([]);
  });

  it('Given a deployed org, When planning, Then nothing changes', () => {
    const plan = buildPlan(model, aDeployedOrg(model));
    expect(plan.blocking).toEqual([]);
    expect(planIsEmpty(plan)).toBe(true);
  });
});

describe("buildPlan: the org's own trusted ranges", () => {
  const EARLIER = { start: '198.51.100.7', end: '198.51.100.7', description: 'earlier Reco egress' };
  const OFFICE = { start: '10.1.0.0', end: '10.1.0.255', description: 'office' };

  /** The org after a deploy of an earlier config: EARLIER (in the record) and OFFICE (the org's), none of today's ranges. */
  function anOrgOfAnEarlierConfig(recorded: boolean) {
    return aDeployedOrg(model, (s) => {
      s.metadata['Settings:Security'] = { networkAccess: { ipRanges: [OFFICE, EARLIER] } };
      const record = {
        ...emptyOwnership(),
        ranges: recorded ? [{ start: EARLIER.start, end: EARLIER.end }] : [],
      };
      s.metadata[OWNERSHIP_KEY] = { content: serialiseOwnership(record) };
    });
  }

  it("Given a range reco-sf added under an earlier config, When planning, Then it is not counted among the org's own", () => {
    const plan = buildPlan(model, anOrgOfAnEarlierConfig(true));
    expect(plan.trustedRanges.add).toHaveLength(model.trustedRanges.length);
    expect(plan.trustedRanges.alreadyPresent).toBe(0);
    expect(plan.trustedRanges.orgRangesUntouched).toBe(1);
  });

  it("Given the same range that the record does not name, When planning, Then it is the org's own", () => {
    expect(buildPlan(model, anOrgOfAnEarlierConfig(false)).trustedRanges.orgRangesUntouched).toBe(2);
  });
});

describe('buildPlan: a trusted range description changed in the config', () => {
  const [first] = model.trustedRanges;
  /** The deployed org, with `first` under an earlier description and the record naming `recorded`. */
  function anOrgWithTheOldLabel(recorded: Array<{ start: string; end: string }>) {
    return aDeployedOrg(model, (s) => {
      s.metadata[OWNERSHIP_KEY] = { content: serialiseOwnership({ ...emptyOwnership(), ranges: recorded }) };
      const security = s.metadata['Settings:Security'] as {
        networkAccess: { ipRanges: Array<{ start: string; end: string; description?: string }> };
      };
      security.networkAccess.ipRanges = security.networkAccess.ipRanges.map((r) =>
        r.start === first.start ? { ...r, description: 'old label' } : r,
      );
    });
  }

  it('Given reco-sf added the range, When planning, Then the description is an update of Settings:Security', () => {
    const plan = buildPlan(model, anOrgWithTheOldLabel(model.trustedRanges));
    expect(plan.trustedRanges.update).toEqual([
      { start: first.start, end: first.end, description: first.description ?? '', before: 'old label' },
    ]);
    expect(plan.components.find((c) => c.key === 'Settings:Security')?.state).toBe('update');
    expect(planIsEmpty(plan)).toBe(false);
  });

  it('Given the org own range with the same start and end, When planning, Then its description is kept and nothing changes', () => {
    const others = model.trustedRanges.filter((r) => r.start !== first.start);
    const plan = buildPlan(model, anOrgWithTheOldLabel(others));
    expect(plan.trustedRanges.update).toEqual([]);
    expect(planIsEmpty(plan)).toBe(true);
  });
});

describe('planHash', () => {
  it('Given objects with keys in another order, When canonicalised, Then the text is equal', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: undefined }], c: 3 } })).toBe(
      '{"a":{"c":3,"d":[2,{"f":1}]},"b":1}',
    );
  });

  it('Given a snapshot taken later or with other seat counts, When hashing, Then the hash is the same', () => {
    const a = aDeployedOrg(model);
    const b = aDeployedOrg(model, (s) => {
      s.takenAt = '2027-01-01T00:00:00.000Z';
      if (s.permissionSetLicense) s.permissionSetLicense.usedLicenses = 4;
    });
    expect(planHash(model, a)).toBe(planHash(model, b));
  });

  it('Given a trusted range removed in the org, When hashing, Then the hash changes', () => {
    const drifted = aDeployedOrg(model, (s) => {
      s.metadata['Settings:Security'] = { networkAccess: { ipRanges: [] } };
    });
    expect(planHash(model, drifted)).not.toBe(planHash(model, aDeployedOrg(model)));
    expect(planHash(model, null)).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('parseDiffPath', () => {
  it('reads list, key and field', () => {
    expect(parseDiffPath('objectPermissions[ApiAnomalyEventStore].viewAllRecords')).toEqual({
      list: 'objectPermissions',
      key: 'ApiAnomalyEventStore',
      field: 'viewAllRecords',
    });
    expect(parseDiffPath('label')).toBeNull();
  });
});
