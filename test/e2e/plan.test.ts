/** `reco-sf plan` end to end: the empty-org plan offline, then against the emulator before and after a deploy. */
import { useHarnessOrg } from './deploy-harness';
import { masked } from './review-harness';

describe('reco-sf plan', () => {
  const { h, org } = useHarnessOrg({
    shape: ['shield', 'sandbox'],
    seed: {
      trustedIpRanges: [
        { start: '10.1.0.0', end: '10.1.0.255', description: 'office' },
        { start: '10.2.0.1', end: '10.2.0.1' },
      ],
    },
  });

  it('Given no --target-org, When planning, Then the plan is against an empty org and makes no request', async () => {
    const before = org.requestLog().length;
    const run = await h.run(['plan', '--format', 'markdown']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('### reco-sf plan against an empty org (what the package contains)');
    expect(run.stdout).toContain(
      '| Permissions | add | `ViewSetup (View Setup and Configuration)` |  |  | Read Setup configuration and the Setup Audit Trail. |',
    );
    expect(org.requestLog().length).toBe(before);
  });

  it("Given a fresh org with two trusted ranges, When planning with --json, Then ranges are added, the org's stay and the shape is stable", async () => {
    const before = org.store.version;
    const run = await h.run(['plan', '--target-org', 'emu', '--json']);
    expect(run.code).toBe(0);
    const plan = run.json?.result as {
      trustedRanges: { add: unknown[]; orgRangesUntouched: number };
      user: { action: string };
    };
    expect(plan.trustedRanges.add).toHaveLength(3);
    expect(plan.trustedRanges.orgRangesUntouched).toBe(2);
    expect(plan.user.action).toBe('create');
    expect(org.store.version).toBe(before); // read-only
    expect(masked(run.json)).toMatchSnapshot();
  });

  it('Given a plain text plan on a non-TTY, When planning, Then it has no colour codes and prints the hash', async () => {
    const run = await h.run(['plan', '--target-org', 'emu']);
    expect(run.stdout).not.toContain('\u001b[');
    expect(run.stdout).toMatch(/Plan hash: [0-9a-f]{64}/);
    expect(run.stdout).toContain(
      "2 of the org's own trusted range(s) stay untouched; 0 of ours already present",
    );
  });

  it('Given a reviewed plan and an org changed since, When deploying with its --plan-hash, Then exit 2 PLAN_CHANGED; with the new hash it deploys', async () => {
    const reviewed = (await h.run(['plan', '--target-org', 'emu', '--json'])).json?.result as {
      planHash: string;
    };
    org.store.putMetadata('Settings', 'Security', {
      networkAccess: { ipRanges: [{ description: 'new office', end: '10.3.0.9', start: '10.3.0.1' }] },
    });
    const version = org.store.version;
    const refused = await h.run([
      'deploy',
      '--target-org',
      'emu',
      '--plan-hash',
      reviewed.planHash,
      '--json',
    ]);
    expect(refused.code).toBe(2);
    expect(refused.json).toMatchObject({ code: 'PLAN_CHANGED' });
    expect(String(refused.json?.message)).toContain(
      `the config or the org changed since the plan was made (plan hash ${reviewed.planHash}, now `,
    );
    expect(org.store.version).toBe(version);
    const fresh = (await h.run(['plan', '--target-org', 'emu', '--json'])).json?.result as {
      planHash: string;
    };
    const deployed = await h.run(['deploy', '--target-org', 'emu', '--plan-hash', fresh.planHash, '--json']);
    expect(deployed.code).toBe(0);
  });

  it('Given a deployed org, When planning, Then nothing is left to do', async () => {
    const deploy = await h.run(['deploy', '--target-org', 'emu', '--json']);
    expect(deploy.code).toBe(0);
    const run = await h.run(['plan', '--target-org', 'emu', '--json']);
    const plan = run.json?.result as {
      components: Array<{ state: string }>;
      user: { action: string };
      assignments: Array<{ action: string }>;
    };
    expect(plan.components.every((c) => c.state === 'unchanged')).toBe(true);
    expect(plan.user.action).toBe('unchanged');
    expect(plan.assignments.map((a) => a.action)).toEqual(['unchanged', 'unchanged']);
  });

  it('Given an unknown --format, When planning, Then exit 2 with BAD_FORMAT', async () => {
    const run = await h.run(['plan', '--format', 'yaml']);
    expect(run.code).toBe(2);
  });
});
