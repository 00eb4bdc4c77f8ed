import { OWNERSHIP_KEY, emptyOwnership, ownershipValue } from '../../scripts/org/ownership';
import { NO_FACTS } from '../../scripts/review/facts';
import { verifyDrift } from '../../scripts/review/verify';
import { aDeployedOrg, demoModel, withoutShield } from './builders';

const model = demoModel();
const codes = (report: ReturnType<typeof verifyDrift>): string[] => report.drift.map((d) => d.code);

describe('verifyDrift', () => {
  it('Given a freshly deployed org, When verifying, Then it is in sync', () => {
    const report = verifyDrift(model, aDeployedOrg(model), NO_FACTS, 'acme');
    expect(report.drift).toEqual([]);
    expect(report.inSync).toBe(true);
  });

  it('Given a permission removed by hand, When verifying, Then the drift names it and the fix is a deploy', () => {
    const org = aDeployedOrg(model, (s) => {
      const ps = s.metadata['PermissionSet:Reco_Integration'] as { userPermissions: Array<{ name: string }> };
      ps.userPermissions = ps.userPermissions.filter((p) => p.name !== 'ViewRoles');
    });
    const [item] = verifyDrift(model, org, NO_FACTS, 'acme').drift;
    expect(item).toEqual({
      code: 'PERMISSION_REMOVED',
      severity: 'error',
      source: 'org',
      location: {
        entity: { type: 'PermissionSet', name: 'Reco_Integration' },
        path: 'userPermissions[ViewRoles]',
      },
      message:
        'permission ViewRoles (View Roles and Role Hierarchy) is not enabled in Reco_Integration: never enabled there, or removed since (by hand, or by a plain sf deploy without a lock); the org does not say which',
      fix: 'run: reco-sf deploy --target-org acme',
    });
  });

  it('Given a trusted range deleted and a setting switched off, When verifying, Then both are named', () => {
    const org = aDeployedOrg(model, (s) => {
      // The org's ownership record shows reco-sf added the range: its absence is a deletion.
      s.metadata[OWNERSHIP_KEY] = ownershipValue({ ...emptyOwnership(), ranges: model.trustedRanges });
      const security = s.metadata['Settings:Security'] as {
        networkAccess: { ipRanges: Array<{ start: string }> };
      };
      security.networkAccess.ipRanges = security.networkAccess.ipRanges.filter(
        (r) => r.start !== '198.51.100.10',
      );
      s.metadata['Settings:Event'] = {
        enableDeleteMonitoringData: false,
        enableEventLogWaveIntegration: false,
      };
    });
    const report = verifyDrift(model, org, NO_FACTS, 'acme');
    expect(report.drift.map((d) => d.message)).toEqual([
      'Event Monitoring setting enableEventLogWaveIntegration was switched off: it is false, expected true',
      'trusted IP range 198.51.100.10 – 198.51.100.20 (Reco egress pool (example)) is not in the org (deleted?)',
    ]);
  });

  it('Given a range the config declares but reco-sf never added (not in its ownership record), When verifying, Then it says not deployed yet', () => {
    const [first, ...others] = model.trustedRanges;
    const withRecord = (ranges: typeof model.trustedRanges) =>
      aDeployedOrg(model, (s) => {
        const security = s.metadata['Settings:Security'] as {
          networkAccess: { ipRanges: Array<{ start: string }> };
        };
        security.networkAccess.ipRanges = security.networkAccess.ipRanges.filter(
          (r) => r.start !== first.start,
        );
        s.metadata[OWNERSHIP_KEY] = ownershipValue({ ...emptyOwnership(), ranges });
      });
    for (const org of [
      withRecord(others),
      aDeployedOrg(model, (s) => {
        const security = s.metadata['Settings:Security'] as {
          networkAccess: { ipRanges: Array<{ start: string }> };
        };
        security.networkAccess.ipRanges = security.networkAccess.ipRanges.filter(
          (r) => r.start !== first.start,
        );
      }),
    ]) {
      const [item] = verifyDrift(model, org, NO_FACTS, 'acme').drift;
      expect(item.code).toBe('TRUSTED_RANGE_MISSING');
      expect(item.message).toMatch(/is not in the org \(not deployed yet \(run deploy\)\)$/);
      expect(item.fix).toBe('run: reco-sf deploy --target-org acme');
    }
    // The same range, recorded as added by reco-sf, was deleted since.
    const [deleted] = verifyDrift(model, withRecord(model.trustedRanges), NO_FACTS, 'acme').drift;
    expect(deleted.message).toMatch(/is not in the org \(deleted\?\)$/);
  });

  it('Given a range of ours relabelled in the org, When verifying, Then it drifts when reco-sf added it and not when it is the org own', () => {
    const [first] = model.trustedRanges;
    const relabelled = (ranges: Array<{ start: string; end: string }>) =>
      aDeployedOrg(model, (s) => {
        s.metadata[OWNERSHIP_KEY] = ownershipValue({ ...emptyOwnership(), ranges });
        const security = s.metadata['Settings:Security'] as {
          networkAccess: { ipRanges: Array<{ start: string; end: string; description?: string }> };
        };
        security.networkAccess.ipRanges = security.networkAccess.ipRanges.map((r) =>
          r.start === first.start ? { ...r, description: 'old label' } : r,
        );
      });
    const report = verifyDrift(model, relabelled(model.trustedRanges), NO_FACTS, 'acme');
    expect(report.drift).toEqual([
      expect.objectContaining({
        code: 'TRUSTED_RANGE_CHANGED',
        location: {
          entity: { type: 'Settings', name: 'Security' },
          path: `networkAccess.ipRanges[${first.start}-${first.end}].description`,
        },
        data: { expected: first.description ?? '', actual: 'old label' },
        fix: 'run: reco-sf deploy --target-org acme',
      }),
    ]);
    const others = model.trustedRanges.filter((r) => r.start !== first.start);
    expect(verifyDrift(model, relabelled(others), NO_FACTS, 'acme').drift).toEqual([]);
  });

  it('Given the user frozen, deactivated and unassigned, When verifying, Then each is a drift item', () => {
    const org = aDeployedOrg(model, (s) => {
      if (s.user) s.user.isActive = false;
      s.assignments = { permissionSet: false, permissionSetLicense: false };
    });
    const report = verifyDrift(
      model,
      org,
      { ...NO_FACTS, login: { id: '06x000000000001AAA', isFrozen: true, isPasswordLocked: false } },
      'acme',
    );
    expect(codes(report)).toEqual([
      'USER_DEACTIVATED',
      'USER_FROZEN',
      'LICENCE_ASSIGNMENT_REMOVED',
      'ASSIGNMENT_REMOVED',
    ]);
    // deploy --yes unfreezes the user, so the command comes first; Setup is the manual alternative.
    expect(report.drift[1].fix).toEqual(
      'run: reco-sf deploy --target-org acme --yes  (or in Setup: Setup > Users > Users > Reco Integration (reco-integration@example.com.reco) > Unfreeze)',
    );
  });

  it('Given the ECA IP relaxation reverted, When verifying, Then it is IP_RELAXATION_REVERTED', () => {
    const org = aDeployedOrg(model, (s) => {
      const key = 'ExtlClntAppOauthConfigurablePolicies:Reco_Integration_oauthPlcy';
      s.metadata[key] = { ...(s.metadata[key] ?? {}), ipRelaxationPolicyType: 'Enforce' };
    });
    const [item] = verifyDrift(model, org, NO_FACTS, null).drift;
    expect(item.code).toBe('IP_RELAXATION_REVERTED');
    expect(item.message).toBe(
      'the IP relaxation of Reco_Integration_oauthPlcy was reverted: Enforce, expected Bypass',
    );
    expect(item.fix).toEqual('run: reco-sf deploy');
  });

  it('Given a Shield-less org, When verifying, Then the Shield parts are skipped, not drift', () => {
    const org = aDeployedOrg(model, (s) => {
      withoutShield(s);
      delete s.metadata['Settings:Event'];
      delete s.metadata['Settings:RealTimeEvent'];
      const ps = s.metadata['PermissionSet:Reco_Integration'] as {
        userPermissions: Array<{ name: string }>;
        objectPermissions?: unknown;
      };
      ps.userPermissions = ps.userPermissions.filter(
        (p) =>
          ![
            'ViewEventLogFiles',
            'ViewPlatformEvents',
            'ViewDataLeakageEvents',
            'ViewEventLogObjects',
          ].includes(p.name),
      );
      delete ps.objectPermissions;
    });
    const report = verifyDrift(model, org, NO_FACTS, null);
    expect(report.drift).toEqual([]);
    expect(report.skipped.map((s) => s.part)).toContain('EventSettings');
  });
});

describe('verifyDrift: a user an earlier config (or a targets file line) set up', () => {
  const removal = {
    what: 'freeze the user reco-three@acme.example.com',
    reason:
      "the config's integration user is now reco@acme.example.com; reco-sf set up reco-three@acme.example.com under an earlier config or with other per-org values (a targets file line)",
    subject: 'user' as const,
  };

  it('Given no --targets-file, When reporting it, Then the fix says to pass the targets file before a deploy that would freeze the user', () => {
    const [item] = verifyDrift(model, aDeployedOrg(model), NO_FACTS, 'em3', [removal]).drift.filter(
      (d) => d.code === 'NOT_DECLARED',
    );
    expect(item.message).toBe(`a deploy would ${removal.what}: ${removal.reason}`);
    expect(item.fix).toMatch(
      /^if this org's integration user comes from its line of a targets file, run this again with --targets-file FILE/,
    );
    expect(item.fix).toContain('reco-sf deploy --target-org em3');
  });

  it('Given --targets-file, When reporting it, Then the fix is the deploy with that file', () => {
    const [item] = verifyDrift(
      model,
      aDeployedOrg(model),
      NO_FACTS,
      { target: 'em3', targetsFile: 'orgs.txt' },
      [removal],
    ).drift.filter((d) => d.code === 'NOT_DECLARED');
    expect(item.fix).not.toContain('if this org');
    expect(item.fix).toContain('reco-sf deploy --target-org em3 --targets-file orgs.txt');
  });
});
