/**
 * Desired state over time, end to end: each config change (drop a range, rename the user, switch
 * the app kind) is shown by plan as a removal, reported by verify as drift, converged by deploy,
 * then verified in sync; teardown from a fresh copy (no .reco) then takes away only Reco's things.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { rangesOf } from '../../scripts/components/securitySettings';
import type { ConfigFile } from '../builders/project';
import { useHarnessOrg } from './deploy-harness';

const ORG_RANGES = [
  { description: 'office', end: '10.1.0.255', start: '10.1.0.0' },
  { description: 'vpn', end: '10.2.0.1', start: '10.2.0.1' },
];
const OLD_USER = 'reco-integration@example.com.reco';
const NEW_USER = 'reco-integration-2@example.com.reco';

const dropRange = (c: ConfigFile): void => {
  c.trustedIpRanges = c.trustedIpRanges.filter((r) => !('cidr' in r && r.cidr === '203.0.113.0/24'));
};
const renameUser = (c: ConfigFile): void => {
  c.integrationUser.username = NEW_USER;
};
const connectedApp = (c: ConfigFile): void => {
  c.oauthApp.kind = 'connected-app';
};

describe('convergence: config changes withdraw what reco-sf put there before', () => {
  const { h, org } = useHarnessOrg({ shape: ['shield', 'sandbox'], seed: { trustedIpRanges: ORG_RANGES } });

  interface PlanResult {
    removals: Array<{ what: string; reason: string }>;
    trustedRanges: {
      update: Array<{ start: string; description: string; before: string }>;
      orgRangesUntouched: number;
    };
  }
  const plan = async (): Promise<PlanResult> => {
    const run = await h.run(['plan', '--target-org', 'emu', '--json']);
    expect(run.code).toBe(0);
    return run.json?.result as unknown as PlanResult;
  };
  const removals = async (): Promise<PlanResult['removals']> => (await plan()).removals;
  const verify = async (): Promise<{ code: number; codes: string[] }> => {
    const run = await h.run(['verify', '--target-org', 'emu', '--json']);
    const drift = (run.json?.result as { drift?: Array<{ code: string }> } | undefined)?.drift ?? [];
    return { code: run.code, codes: drift.map((d) => d.code) };
  };
  const deploy = async (): Promise<void> => {
    const run = await h.run(['deploy', '--target-org', 'emu', '--json']);
    expect(run.json?.message).toBeUndefined();
    expect(run.code).toBe(0);
  };
  const user = (username: string): Record<string, unknown> | undefined =>
    org.store.rows('User').find((u) => u.Username === username);
  const assignmentsOf = (object: string, username: string): unknown[] => {
    const id = user(username)?.Id;
    // Assignments made (a user's profile-owned one is not: it cannot be removed).
    return org.store.storedRows(object).filter((a) => a.AssigneeId === id);
  };

  beforeAll(async () => {
    await deploy();
  });

  it('Given a range dropped from the config, When plan, deploy, verify, Then it is shown, removed, and in sync', async () => {
    h.writeConfig(dropRange);
    const planned = await plan();
    expect(planned.removals).toEqual([
      {
        what: 'trusted range 203.0.113.0–203.0.113.255',
        reason: 'reco-sf added it under an earlier config; the config no longer declares it',
      },
    ]);
    // The range being withdrawn is reco-sf's, not one of the org's own (office, vpn).
    expect(planned.trustedRanges.orgRangesUntouched).toBe(ORG_RANGES.length);
    expect(await verify()).toEqual({ code: 3, codes: ['NOT_DECLARED'] });
    await deploy();
    const ranges = rangesOf(org.store.getMetadata('Settings', 'Security')?.value).map((r) => r.start);
    expect(ranges).toEqual(['10.1.0.0', '10.2.0.1', '198.51.100.10', '2001:db8:7ec0::']);
    expect(await verify()).toEqual({ code: 0, codes: [] });
    expect(await removals()).toEqual([]);
  });

  it('Given a Reco range description changed in the config, When plan, verify, deploy, Then it is an update that reaches the org', async () => {
    const relabel = (c: ConfigFile): void => {
      dropRange(c);
      for (const r of c.trustedIpRanges)
        if ('start' in r && r.start === '198.51.100.10') r.description = 'Reco egress (relabelled)';
    };
    h.writeConfig(relabel);
    const before = (await plan()).trustedRanges;
    expect(before.update).toEqual([
      expect.objectContaining({ start: '198.51.100.10', description: 'Reco egress (relabelled)' }),
    ]);
    expect(before.orgRangesUntouched).toBe(ORG_RANGES.length);
    expect(await verify()).toEqual({ code: 3, codes: ['TRUSTED_RANGE_CHANGED'] });
    await deploy();
    const ranges = rangesOf(org.store.getMetadata('Settings', 'Security')?.value);
    expect(ranges.find((r) => r.start === '198.51.100.10')?.description).toBe('Reco egress (relabelled)');
    expect(ranges.filter((r) => r.start.startsWith('10.'))).toEqual(ORG_RANGES);
    expect(await verify()).toEqual({ code: 0, codes: [] });
    expect((await plan()).trustedRanges.update).toEqual([]);
  });

  it('Given the integration user renamed, When plan, deploy, verify, Then the old user loses its assignments and is deactivated', async () => {
    h.writeConfig((c) => (dropRange(c), renameUser(c)));
    const planned = (await removals()).map((r) => r.what);
    expect(planned).toEqual([
      `delete the assignment of permission set Reco_Integration to ${OLD_USER}`,
      `delete the assignment of licence SalesforceAPIIntegrationPsl to ${OLD_USER}`,
      `freeze the user ${OLD_USER}`,
      `deactivate the user ${OLD_USER} (users cannot be deleted)`,
    ]);
    await deploy();
    expect(user(OLD_USER)?.IsActive).toBe(false);
    expect(assignmentsOf('PermissionSetAssignment', OLD_USER)).toEqual([]);
    expect(assignmentsOf('PermissionSetLicenseAssign', OLD_USER)).toEqual([]);
    expect(user(NEW_USER)?.IsActive).toBe(true);
    expect(assignmentsOf('PermissionSetAssignment', NEW_USER)).toHaveLength(1);
    expect(await verify()).toEqual({ code: 0, codes: [] });
    expect(await removals()).toEqual([]);
  });

  it('Given the app kind switched, When plan, deploy, verify, Then the External Client App reco-sf created is deleted', async () => {
    h.writeConfig((c) => (dropRange(c), renameUser(c), connectedApp(c)));
    expect((await removals()).map((r) => r.what)).toEqual([
      'ExtlClntAppOauthConfigurablePolicies Reco_Integration_oauthPlcy',
      'ExtlClntAppConfigurablePolicies Reco_Integration_plcy',
      'ExtlClntAppGlobalOauthSettings Reco_Integration_glblOauth',
      'ExtlClntAppOauthSettings Reco_Integration_oauth',
      'ExternalClientApplication Reco_Integration',
    ]);
    expect((await verify()).code).toBe(3);
    await deploy();
    expect(org.store.listMetadata('ExternalClientApplication')).toEqual([]);
    expect(org.store.getMetadata('ConnectedApp', 'Reco_Integration')).toBeDefined();
    expect(await verify()).toEqual({ code: 0, codes: [] });
    expect(await removals()).toEqual([]);
  });

  it('Given a converged org and a fresh copy without .reco, When tearing down twice, Then only Reco things go, then nothing is left', async () => {
    rmSync(join(h.project, '.reco'), { recursive: true, force: true });
    const run = await h.run(['teardown', '--target-org', 'emu', '--yes']);
    expect(run.code).toBe(0);
    expect(rangesOf(org.store.getMetadata('Settings', 'Security')?.value)).toEqual(ORG_RANGES);
    expect(org.store.getMetadata('ConnectedApp', 'Reco_Integration')).toBeUndefined();
    expect(org.store.getMetadata('PermissionSet', 'Reco_Integration')).toBeUndefined();
    expect(user(NEW_USER)?.IsActive).toBe(false);
    const version = org.store.version;
    const again = await h.run(['teardown', '--target-org', 'emu', '--yes']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('nothing left to remove');
    expect(org.store.version).toBe(version);
  });
});
