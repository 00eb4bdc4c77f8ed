/**
 * `reco-sf deploy` end to end against the in-process emulator (a Shield sandbox with one trusted
 * range of its own): first run, no-change re-run, dry run. The request counts are the README's
 * ("Deploying to an org"): a first deploy makes 17 requests (the trusted ranges' re-read before the
 * quick deploy, the reachability probe, the username's rolled-back trial create and the password-set request included), a no-change re-run 5 and no deploy call.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROFILES } from '../../scripts/catalog/catalog';
import type { EmulatorHandle } from '../../scripts/emulator';
import type { Receipt } from '../../scripts/org/receipt';
import { deployCalls, requestsSince, useHarnessOrg } from './deploy-harness';

const OFFICE = { description: 'office', end: '10.1.0.255', start: '10.1.0.0' };

function rangesIn(org: EmulatorHandle): unknown[] {
  const value = org.store.getMetadata('Settings', 'Security')?.value as
    { networkAccess?: { ipRanges?: unknown[] } } | undefined;
  return value?.networkAccess?.ipRanges ?? [];
}

function report(label: string, org: EmulatorHandle, from: number, ms: number): number {
  const requests = requestsSince(org, from);
  process.stdout.write(
    `${label}: ${requests.length} requests, ${ms} ms: ${requests.map((r) => r.soapOperation ?? r.path.split('?')[0].replace('/services/data/v66.0', '')).join(', ')}\n`,
  );
  return requests.length;
}

describe('reco-sf deploy against the emulator (Shield sandbox)', () => {
  const { h, org } = useHarnessOrg({ shape: ['shield', 'sandbox'], seed: { trustedIpRanges: [OFFICE] } });

  it("given a fresh org, when deploying, then every part is created, the org's range kept, the user set up and a receipt written", async () => {
    const from = org.requestLog().length;
    const run = await h.run(['deploy', '--target-org', 'emu', '--json']);
    expect(run.code).toBe(0);
    expect(report('first deploy', org, from, run.ms)).toBe(17);
    const result = run.json?.result as {
      summary: Array<{ component: string; state: string }>;
      receipt: string;
      quickDeploy: boolean;
      noChanges: boolean;
    };
    expect(result.noChanges).toBe(false);
    expect(result.quickDeploy).toBe(true);
    expect(result.summary).toEqual(
      expect.arrayContaining([
        { component: 'PermissionSet:Reco_Integration', state: 'created' },
        { component: 'Settings:Security', state: 'updated' },
        { component: 'Settings:RealTimeEvent', state: 'created' },
        { component: 'User reco-integration@example.com.reco', state: 'created' },
        { component: 'PermissionSetAssignment', state: 'created' },
      ]),
    );
    const ranges = rangesIn(org);
    expect(ranges[0]).toEqual(OFFICE);
    expect(ranges).toHaveLength(4);
    const [user] = org.store.rows('User').filter((u) => u.Username === 'reco-integration@example.com.reco');
    expect(org.store.rows('Profile').find((p) => p.Id === user.ProfileId)?.Name).toBe(PROFILES.apiOnly);
    expect(org.store.rows('PermissionSetLicenseAssign').filter((a) => a.AssigneeId === user.Id)).toHaveLength(
      1,
    );
    expect(
      org.store.storedRows('PermissionSetAssignment').filter((a) => a.AssigneeId === user.Id),
    ).toHaveLength(1);

    const receipt = JSON.parse(readFileSync(join(h.project, result.receipt), 'utf8')) as Receipt;
    expect(receipt.deployId).toMatch(/^0Af/);
    expect(receipt.components.find((c) => c.key === 'Settings:Security')?.prior).toEqual({
      networkAccess: { ipRanges: [OFFICE] },
    });
    expect(receipt.records.map((r) => `${r.sobject}:${r.action}`)).toEqual([
      'User:created',
      'PermissionSetLicenseAssign:created',
      'PermissionSetAssignment:created',
    ]);
    expect(readFileSync(join(h.project, result.receipt), 'utf8')).not.toContain(
      org.accessToken.split('!')[1],
    );
  });

  it('given the org already set up, when deploying again, then it says "no changes" and makes no deploy call', async () => {
    const from = org.requestLog().length;
    const run = await h.run(['deploy', '--target-org', 'emu']);
    expect(run.code).toBe(0);
    expect(report('no-change re-run', org, from, run.ms)).toBe(5);
    expect(deployCalls(requestsSince(org, from))).toBe(0);
    expect(run.stdout).toContain('no changes');
    expect(run.stdout).toMatch(/PermissionSet:Reco_Integration\s+unchanged/);
    expect(run.stdout).not.toContain(org.accessToken);
  });

  it('given a fresh org, when deploying with --dry-run, then it validates only and changes nothing', async () => {
    const fresh = await h.org({ shape: ['shield', 'sandbox'], seed: { trustedIpRanges: [OFFICE] } }, 'fresh');
    const before = JSON.stringify(fresh.store.snapshot());
    const from = fresh.requestLog().length;
    const run = await h.run(['deploy', '--target-org', 'fresh', '--dry-run', '--json']);
    expect(run.code).toBe(0);
    const ops = requestsSince(fresh, from).map((r) => r.soapOperation);
    expect(ops.filter((o) => o === 'deploy')).toHaveLength(1);
    expect(ops).not.toContain('deployRecentValidation');
    expect(JSON.stringify(fresh.store.snapshot())).toBe(before);
    const result = run.json?.result as {
      dryRun: boolean;
      validationId: string;
      summary: Array<{ component: string; state: string }>;
    };
    expect(result.validationId).toMatch(/^0Af/);
    expect(result.summary).toEqual(
      expect.arrayContaining([
        { component: 'PermissionSet:Reco_Integration', state: 'would create' },
        { component: 'User reco-integration@example.com.reco', state: 'would create' },
      ]),
    );
  });
});
