/** `reco-sf deploy` against each org shape the emulator offers, and the guards that stop a run. */
import { PROFILES } from '../../scripts/catalog/catalog';
import { deployCommand, type Prompter } from '../../scripts/commands/deploy';
import { useHarness, deployCalls, requestsSince, permissionsOf } from './deploy-harness';

const USERNAME = 'reco-integration@example.com.reco';

describe('reco-sf deploy across org shapes', () => {
  const h = useHarness({ afterEach: 'restore' });

  it('given an invalid config, stops with exit 2 before any network call', async () => {
    const org = await h.org({ shape: 'sandbox' });
    h.writeConfig((c) => (c.trustedIpRanges = [{ start: '10.0.0.9', end: '10.0.0.1' }]));
    const from = org.requestLog().length;
    const run = await h.run(['deploy', '--target-org', 'emu', '--json']);
    expect(run.code).toBe(2);
    expect(run.json).toMatchObject({ code: 'CONFIG_INVALID' });
    expect(requestsSince(org, from)).toEqual([]);
  });

  it('given an unknown org, names the login command', async () => {
    const run = await h.run(['deploy', '--target-org', 'nobody', '--json']);
    expect(run.code).toBe(2);
    expect(run.json).toMatchObject({ code: 'ORG_NOT_FOUND' });
    expect(String(run.json?.fix)).toContain('sf org login');
  });

  it('given no Shield and mode auto, deploys without the Shield parts and warns', async () => {
    const org = await h.org({ shape: ['no-shield', 'sandbox'] });
    const run = await h.run(['deploy', '--target-org', 'emu', '--json']);
    expect(run.code).toBe(0);
    expect(run.json?.warnings?.map((w) => w.message).join('\n')).toContain('Shield-only part(s) skipped');
    expect(org.store.getMetadata('Settings', 'RealTimeEvent')).toBeUndefined();
    expect(permissionsOf(org)).toContain('ViewSetup');
    expect(permissionsOf(org)).not.toContain('ViewDataLeakageEvents');
    const parts = run.json?.result?.parts as Array<{ part: string; action: string; reason: string }>;
    expect(parts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ part: 'object ApiAnomalyEventStore', action: 'skip' }),
      ]),
    );
    // In text, each skipped part is on one line (its summary row), plus one warning for all.
    const text = await h.run(['deploy', '--target-org', 'emu']);
    expect(text.code).toBe(0);
    const out = `${text.stdout}\n${text.stderr}`;
    for (const part of ['ApiAnomalyEventStore', 'ViewDataLeakageEvents', 'RealTimeEventSettings'])
      expect(out.split('\n').filter((line) => line.includes(part))).toHaveLength(1);
    expect(out.match(/Shield-only part\(s\) skipped/g)).toHaveLength(1);
    // The warning in the one text form: where, severity, its own code, message.
    expect(text.stderr).toMatch(
      /^eventMonitoring\.mode {2}WARN SHIELD_PARTS_SKIPPED {2}the org lacks Shield/m,
    );
  });

  it('given no Shield and mode required, fails with exit 2 listing what the org lacks, without deploying', async () => {
    const org = await h.org({ shape: ['no-shield', 'sandbox'] });
    h.writeConfig((c) => (c.eventMonitoring.mode = 'required'));
    const from = org.requestLog().length;
    const run = await h.run(['deploy', '--target-org', 'emu', '--json']);
    expect(run.code).toBe(2);
    expect(run.json).toMatchObject({ code: 'ORG_LACKS_EVENT_MONITORING' });
    expect(String(run.json?.message)).toContain('Real-Time Event Monitoring (Event Manager)');
    expect(deployCalls(requestsSince(org, from))).toBe(0);
  });

  it('given an org with only the deprecated API-only profile, creates the user with it', async () => {
    const org = await h.org({ shape: ['legacy-profile', 'sandbox'] });
    const run = await h.run(['deploy', '--target-org', 'emu', '--json']);
    expect(run.code).toBe(0);
    const user = org.store.rows('User').find((u) => u.Username === USERNAME);
    expect(org.store.rows('Profile').find((p) => p.Id === user?.ProfileId)?.Name).toBe(
      PROFILES.apiOnlyDeprecated,
    );
    expect(run.json?.warnings?.map((w) => w.message).join('\n')).toContain(
      `using "${PROFILES.apiOnlyDeprecated}"`,
    );
  });

  it('given connected-app creation is blocked, a connected-app config fails clearly and nothing changes', async () => {
    const org = await h.org({ shape: ['connected-apps-blocked', 'sandbox'] });
    h.writeConfig((c) => (c.oauthApp.kind = 'connected-app'));
    const run = await h.run(['deploy', '--target-org', 'emu', '--json']);
    expect(run.code).toBe(1);
    expect(run.json).toMatchObject({ code: 'DEPLOY_FAILED', checkOnly: true });
    expect(String(run.json?.fix)).toContain('external-client-app');
    expect(run.json?.diagnostics).toEqual([
      expect.objectContaining({
        code: 'COMPONENT_FAILED',
        source: 'org',
        location: expect.objectContaining({
          file: 'force-app/main/default/connectedApps/Reco_Integration.connectedApp-meta.xml',
        }),
      }),
    ]);
    expect(org.store.getMetadata('PermissionSet', 'Reco_Integration')).toBeUndefined();
    expect(org.store.rows('User').find((u) => u.Username === USERNAME)).toBeUndefined();
  });

  it('given a production org and no TTY, refuses without --yes (exit 2) and deploys with it', async () => {
    const org = await h.org({ shape: ['shield', 'production'] });
    const refused = await h.run(['deploy', '--target-org', 'emu', '--json']);
    expect(refused.code).toBe(2);
    expect(refused.json).toMatchObject({ code: 'PRODUCTION_NOT_CONFIRMED' });
    expect(deployCalls(org.requestLog())).toBe(0);
    const confirmed = await h.run(['deploy', '--target-org', 'emu', '--yes', '--json']);
    expect(confirmed.code).toBe(0);
    const again = await h.run(['deploy', '--target-org', 'emu', '--json']);
    expect(again.code).toBe(0);
    expect(again.json?.result?.noChanges).toBe(true);
  });

  it('given a scratch org (IsSandbox false, a TrialExpirationDate), deploys without --yes: it is not production', async () => {
    await h.org({ shape: ['shield', 'scratch'] });
    const run = await h.run(['deploy', '--target-org', 'emu', '--json']);
    expect(run.json?.message).toBeUndefined();
    expect(run.code).toBe(0);
  });

  it('given a production org on a terminal, asks first and changes nothing when the answer is no', async () => {
    const org = await h.org({ shape: ['shield', 'production'] });
    const questions: string[] = [];
    const answer = (yes: boolean): Prompter => ({
      interactive: true,
      confirm: async (q) => (questions.push(q), yes),
    });
    const cwd = process.cwd();
    process.chdir(h.project);
    const quiet = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const quietErr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      await expect(deployCommand({ targetOrg: 'emu' }, answer(false))).rejects.toMatchObject({
        code: 'PRODUCTION_NOT_CONFIRMED',
      });
      expect(deployCalls(org.requestLog())).toBe(0);
      await expect(deployCommand({ targetOrg: 'emu' }, answer(true))).resolves.toBe(0);
    } finally {
      process.chdir(cwd);
      quiet.mockRestore();
      quietErr.mockRestore();
    }
    expect(questions[0]).toContain('PRODUCTION');
    expect(deployCalls(org.requestLog())).toBe(2);
  });

  it('given an existing permission set with more than ours, stops with the difference unless --yes', async () => {
    const org = await h.org({
      shape: ['shield', 'sandbox'],
      seed: {
        permissionSets: [
          {
            name: 'Reco_Integration',
            label: 'Reco Integration',
            license: 'SalesforceAPIIntegrationPsl',
            userPermissions: ['ViewSetup', 'ViewRoles', 'ViewAllData'],
          },
        ],
      },
    });
    const stopped = await h.run(['deploy', '--target-org', 'emu', '--json']);
    expect(stopped.code).toBe(2);
    expect(stopped.json).toMatchObject({ code: 'PERMISSION_SET_HAS_EXTRAS' });
    expect(String(stopped.json?.message)).toContain('userPermissions[ViewAllData]');
    expect(deployCalls(org.requestLog())).toBe(0);
    const forced = await h.run(['deploy', '--target-org', 'emu', '--yes', '--json']);
    expect(forced.code).toBe(0);
    expect(permissionsOf(org)).not.toContain('ViewAllData');
  });

  it('given an inactive integration user in production, reactivates it only with --yes', async () => {
    const org = await h.org({ shape: ['shield', 'production'] });
    expect((await h.run(['deploy', '--target-org', 'emu', '--yes', '--json'])).code).toBe(0);
    const user = org.store.rows('User').find((u) => u.Username === USERNAME);
    org.store.update('User', String(user?.Id), { IsActive: false });
    const refused = await h.run(['deploy', '--target-org', 'emu', '--json']);
    expect(refused.json).toMatchObject({ code: 'PRODUCTION_REACTIVATION' });
    const run = await h.run(['deploy', '--target-org', 'emu', '--yes', '--json']);
    expect(run.code).toBe(0);
    expect(org.store.rows('User').find((u) => u.Username === USERNAME)?.IsActive).toBe(true);
    expect(run.json?.result?.summary).toEqual(
      expect.arrayContaining([{ component: `User ${USERNAME}`, state: 'updated', reason: 'reactivated' }]),
    );
  });

  it('given a frozen integration user, unfreezes it only with --yes (freezing is often deliberate)', async () => {
    const org = await h.org({ shape: ['shield', 'sandbox'] });
    expect((await h.run(['deploy', '--target-org', 'emu', '--json'])).code).toBe(0);
    const user = org.store.rows('User').find((u) => u.Username === USERNAME);
    const login = org.store.rows('UserLogin').find((l) => l.UserId === user?.Id);
    org.store.update('UserLogin', String(login?.Id), { IsFrozen: true });
    const refused = await h.run(['deploy', '--target-org', 'emu', '--json']);
    expect(refused.code).toBe(2);
    expect(refused.json).toMatchObject({ code: 'USER_FROZEN' });
    expect(org.store.rows('UserLogin').find((l) => l.Id === login?.Id)?.IsFrozen).toBe(true);
    const run = await h.run(['deploy', '--target-org', 'emu', '--yes', '--json']);
    expect(run.code).toBe(0);
    expect(org.store.rows('UserLogin').find((l) => l.Id === login?.Id)?.IsFrozen).toBe(false);
    expect(run.json?.result?.summary).toEqual(
      expect.arrayContaining([{ component: `User ${USERNAME}`, state: 'updated', reason: 'unfrozen' }]),
    );
  });
});
