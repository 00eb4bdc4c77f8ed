/** `reco-sf verify` end to end: in sync after a deploy, then drift seeded by hand in the emulated org. */
import type { EmulatorHandle } from '../../scripts/emulator';
import { listOf, type XmlRecord } from '../../scripts/core/xml';
import { useHarnessOrg } from './deploy-harness';
import { masked } from './review-harness';

const USERNAME = 'reco-integration@example.com.reco';

describe('reco-sf verify', () => {
  const { h, org } = useHarnessOrg({
    shape: ['shield', 'sandbox'],
    seed: { trustedIpRanges: [{ start: '10.1.0.0', end: '10.1.0.255', description: 'office' }] },
  });

  beforeAll(async () => {
    expect((await h.run(['deploy', '--target-org', 'emu', '--json'])).code).toBe(0);
  });

  it('Given a freshly deployed org, When verifying, Then exit 0 and nothing changes', async () => {
    const version = org.store.version;
    const run = await h.run(['verify', '--target-org', 'emu']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('verify: emu (Reco Emulated Org, ');
    expect(run.stdout).toContain(') is in sync with the config');
    expect(org.store.version).toBe(version);
  });

  it('Given drift made by hand, When verifying, Then exit 3 and each drift item names what changed', async () => {
    seedDrift(org);
    const run = await h.run(['verify', '--target-org', 'emu', '--json']);
    expect(run.code).toBe(3);
    const drift = (run.json?.result as { drift: Array<{ code: string; message: string }> }).drift;
    expect(drift.map((d) => d.code)).toEqual([
      'PERMISSION_REMOVED',
      'SETTING_CHANGED',
      'TRUSTED_RANGE_MISSING',
      'IP_RELAXATION_REVERTED',
      'USER_DEACTIVATED',
      'USER_FROZEN',
      'ASSIGNMENT_REMOVED',
    ]);
    expect(drift[0].message).toBe(
      'permission ViewRoles (View Roles and Role Hierarchy) is not enabled in Reco_Integration: never enabled there, or removed since (by hand, or by a plain sf deploy without a lock); the org does not say which',
    );
    expect(masked(run.json)).toMatchSnapshot();
  });

  it('Given drift, When verifying in text, Then each item has its fix', async () => {
    const run = await h.run(['verify', '--target-org', 'emu']);
    expect(run.code).toBe(3);
    expect(run.stdout).toContain(
      '  TRUSTED_RANGE_MISSING  trusted IP range 203.0.113.0 – 203.0.113.255 (Reco egress pool (example: ask Reco Support for yours)) is not in the org (deleted?)\n      fix: run: reco-sf deploy --target-org emu',
    );
  });

  it('Given drift, When deploying again, Then verify is back in sync', async () => {
    expect((await h.run(['deploy', '--target-org', 'emu', '--yes', '--json'])).code).toBe(0);
    expect((await h.run(['verify', '--target-org', 'emu', '--json'])).code).toBe(0);
  });

  it.each([['verify'], ['plan'], ['doctor']])(
    'Given an invalid config, When running %s, Then exit 2 with CONFIG_INVALID and no request to the org',
    async (command) => {
      h.writeConfig((c) => (c.integrationUser.email = 'not-an-email'));
      try {
        const from = org.requestLog().length;
        const run = await h.run([command, '--target-org', 'emu', '--json']);
        expect(run.code).toBe(2);
        expect(run.json).toMatchObject({ status: 2, code: 'CONFIG_INVALID' });
        expect(org.requestLog().length).toBe(from);
      } finally {
        h.restoreConfig();
      }
    },
  );

  it('Given an org nobody logged in to, When verifying, Then exit 2 with ORG_NOT_FOUND, as deploy does', async () => {
    const run = await h.run(['verify', '--target-org', 'nobody', '--json']);
    expect(run.code).toBe(2);
    expect(run.json).toMatchObject({
      status: 2,
      code: 'ORG_NOT_FOUND',
      message: 'no authenticated org is known as "nobody"',
    });
  });
});

/** A permission removed, a range deleted, a setting switched off, the IP relaxation reverted, the user deactivated, frozen and unassigned. */
function seedDrift(org: EmulatorHandle): void {
  const ps = org.store.getMetadata('PermissionSet', 'Reco_Integration');
  if (!ps) throw new Error('no permission set');
  org.store.putMetadata('PermissionSet', 'Reco_Integration', {
    ...ps.value,
    userPermissions: listOf<XmlRecord>(ps.value.userPermissions).filter((p) => p.name !== 'ViewRoles'),
  });
  const security = org.store.getMetadata('Settings', 'Security')?.value;
  const ranges = listOf<XmlRecord>((security?.networkAccess as XmlRecord | undefined)?.ipRanges).filter(
    (r) => r.start !== '203.0.113.0',
  );
  org.store.putMetadata('Settings', 'Security', { networkAccess: { ipRanges: ranges } });
  org.store.putMetadata('Settings', 'Event', {
    ...(org.store.getMetadata('Settings', 'Event')?.value ?? {}),
    enableEventLogWaveIntegration: false,
  });
  const policy = org.store.getMetadata('ExtlClntAppOauthConfigurablePolicies', 'Reco_Integration_oauthPlcy');
  if (policy)
    org.store.putMetadata('ExtlClntAppOauthConfigurablePolicies', 'Reco_Integration_oauthPlcy', {
      ...policy.value,
      ipRelaxationPolicyType: 'Enforce',
    });
  const user = org.store.rows('User').find((u) => u.Username === USERNAME);
  const psa = org.store.rows('PermissionSetAssignment').find((a) => a.AssigneeId === user?.Id);
  if (psa) org.store.delete('PermissionSetAssignment', String(psa.Id));
  if (user) org.store.update('User', String(user.Id), { IsActive: false });
  const login = org.store.rows('UserLogin').find((l) => l.UserId === user?.Id);
  if (login) org.store.update('UserLogin', String(login.Id), { IsFrozen: true });
}
