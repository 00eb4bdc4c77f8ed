/** `reco-sf plan` honours sf's default target-org; a --plan-hash from an empty-org plan is named as such. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deployCalls, requestsSince, useHarnessOrg } from './deploy-harness';

describe('reco-sf plan and the default target org', () => {
  const { h, org } = useHarnessOrg({ shape: ['shield', 'sandbox'] });
  let sfConfigDir: string;

  beforeAll(async () => {
    sfConfigDir = join(h.project, '.sf');
    mkdirSync(sfConfigDir, { recursive: true });
    writeFileSync(join(sfConfigDir, 'config.json'), JSON.stringify({ 'target-org': 'emu' }));
  });

  it('Given a default target-org in the sf config, When planning without --target-org, Then the plan is against that org', async () => {
    const from = org.requestLog().length;
    const run = await h.run(['plan', '--json']);
    expect(run.code).toBe(0);
    expect((run.json?.result as { target: { orgId: string } | null }).target?.orgId).toBe(org.orgId);
    expect(org.requestLog().length).toBeGreaterThan(from);
  });

  it('Given --empty, When planning, Then the plan is against an empty org and reads nothing', async () => {
    const from = org.requestLog().length;
    const run = await h.run(['plan', '--empty', '--json']);
    expect(run.code).toBe(0);
    expect((run.json?.result as { target: unknown }).target).toBeNull();
    expect(org.requestLog().length).toBe(from);
  });

  const refusedAsEmpty = async (): Promise<void> => {
    const empty = await h.run(['plan', '--empty', '--json']);
    const hash = (empty.json?.result as { planHash: string }).planHash;
    const from = org.requestLog().length;
    const run = await h.run(['deploy', '--target-org', 'emu', '--plan-hash', hash, '--json']);
    expect(run.code).toBe(2);
    expect(run.json).toMatchObject({ code: 'PLAN_FROM_EMPTY_ORG', exitCode: 2 });
    expect(String(run.json?.message)).toContain('is from a plan against an empty org');
    // It connected and read the org: what is true is that nothing was deployed.
    expect(String(run.json?.message)).toContain('the org was read, nothing was deployed');
    expect(String(run.json?.fix)).toBe(
      'plan against this org: reco-sf plan --target-org emu, then deploy with its --plan-hash',
    );
    expect(deployCalls(requestsSince(org, from))).toBe(0);
  };

  it('Given the hash of an empty-org plan, When deploying with it, Then PLAN_FROM_EMPTY_ORG says the plan was made against an empty org', async () => {
    await refusedAsEmpty();
  });

  it('Given a username with a placeholder (resolved only in an org), When deploying with an empty-org plan hash, Then it is still named as such', async () => {
    h.writeConfig((c) => (c.integrationUser.username = 'reco-integration@example.com.{alias}'));
    try {
      await refusedAsEmpty();
    } finally {
      h.restoreConfig();
    }
  });
});
