/**
 * `reco-sf deploy` under the emulator's fault injection: transient errors are retried where safe,
 * an expired session is explained, a deploy past --wait can be resumed, a failed component rolls
 * everything back and stops the data steps, and a run cut off after the metadata heals on re-run.
 * After each failure the org's own trusted range is still there.
 */
import type { EmulatorHandle } from '../../scripts/emulator';
import { useHarness, deployCalls, requestsSince } from './deploy-harness';

const USERNAME = 'reco-integration@example.com.reco';
const OFFICE = { description: 'office', end: '10.1.0.255', start: '10.1.0.0' };

function officeStillThere(org: EmulatorHandle): boolean {
  const value = org.store.getMetadata('Settings', 'Security')?.value as
    { networkAccess?: { ipRanges?: unknown[] } } | undefined;
  return JSON.stringify(value?.networkAccess?.ipRanges?.[0]) === JSON.stringify(OFFICE);
}

describe('reco-sf deploy under faults', () => {
  const h = useHarness({ afterEach: 'stop' });
  const sandbox = {
    shape: ['shield', 'sandbox'] as Array<'shield' | 'sandbox'>,
    seed: { trustedIpRanges: [OFFICE] },
  };

  it('retries 503s on the read-only composite and on status polls', async () => {
    const org = await h.org(sandbox);
    org.setFaults({ unavailable: { operation: 'composite', count: 2 } });
    const run = await h.run(['deploy', '--target-org', 'emu', '--json']);
    expect(run.code).toBe(0);
    expect(requestsSince(org, 0).filter((r) => r.status === 503)).toHaveLength(2);
    org.setFaults({ unavailable: { operation: 'checkRetrieveStatus', count: 2 } });
    expect((await h.run(['deploy', '--target-org', 'emu', '--json'])).json?.result?.noChanges).toBe(true);
  });

  it('retries connection resets on retrieve and deploy polls', async () => {
    const org = await h.org(sandbox);
    org.setFaults({ connectionReset: { operation: 'checkDeployStatus', count: 2 } });
    const run = await h.run(['deploy', '--target-org', 'emu', '--json']);
    expect(run.code).toBe(0);
    org.setFaults({ connectionReset: { operation: 'retrieve', count: 1 } });
    expect((await h.run(['deploy', '--target-org', 'emu', '--json'])).json?.result?.noChanges).toBe(true);
  });

  it('explains an expired session that cannot be refreshed', async () => {
    const org = await h.org(sandbox);
    org.setFaults({ invalidSessionAfter: 0 });
    const run = await h.run(['deploy', '--target-org', 'emu', '--json']);
    expect(run.code).toBe(1);
    expect(run.json).toMatchObject({ code: 'SESSION_EXPIRED' });
    // The emulator has no web login: the fix is the access-token login it printed.
    expect(String(run.json?.fix)).toContain(
      `sf org login access-token --instance-url ${org.url} --no-prompt --alias emu`,
    );
  });

  it('explains a session that expires while the deploy is polled (SDR wraps that error)', async () => {
    const org = await h.org(sandbox);
    // composite, tooling query, retrieve, checkRetrieveStatus, the username's trial create, deploy:
    // the first status poll is refused.
    org.setFaults({ invalidSessionAfter: 6 });
    const run = await h.run(['deploy', '--target-org', 'emu', '--json']);
    expect(run.code).toBe(1);
    expect(run.json).toMatchObject({ code: 'SESSION_EXPIRED' });
    const polls = requestsSince(org, 0).filter((r) => r.soapOperation === 'checkDeployStatus');
    expect(polls.length).toBeGreaterThan(0);
  });

  it('prints the id of a deploy still running at --wait, and --resume finishes the setup', async () => {
    const org = await h.org(sandbox);
    // SDR polls at 0 and then once a second: the 0.3 s --wait ends while the validation is still running.
    org.setFaults({ deployInProgressPolls: 6 });
    const run = await h.run(['deploy', '--target-org', 'emu', '--wait', '0.005', '--json']);
    expect(run.code).toBe(1);
    expect(run.json).toMatchObject({ code: 'DEPLOY_STILL_RUNNING' });
    const id = /deploy (0Af\w+)/.exec(String(run.json?.message))?.[1] ?? '';
    expect(String(run.json?.fix)).toContain(`reco-sf deploy --target-org emu --resume ${id}`);
    expect(officeStillThere(org)).toBe(true);
    org.setFaults({});
    const resumed = await h.run(['deploy', '--target-org', 'emu', '--resume', id, '--json']);
    expect(resumed.code).toBe(0);
    expect(org.store.rows('PermissionSetAssignment').length).toBeGreaterThan(0);
    expect(officeStillThere(org)).toBe(true);
  });

  it("on production, the printed --resume repeats --yes and the run's switches, and succeeds as printed", async () => {
    const org = await h.org({ shape: ['shield', 'production'], seed: { trustedIpRanges: [OFFICE] } });
    org.setFaults({ deployInProgressPolls: 6 });
    const run = await h.run([
      'deploy',
      '--target-org',
      'emu',
      '--yes',
      '--no-user-email',
      '--wait',
      '0.005',
      '--json',
    ]);
    expect(run.json).toMatchObject({ code: 'DEPLOY_STILL_RUNNING' });
    const printed = /reco-sf (deploy [^()]*--resume \w+)/.exec(String(run.json?.fix))?.[1] ?? '';
    expect(printed).toMatch(/^deploy --target-org emu --no-user-email --yes --resume 0Af\w+$/);
    org.setFaults({});
    const resumed = await h.run([...printed.split(' '), '--json']);
    expect(resumed.code).toBe(0);
    expect(resumed.json?.result).toMatchObject({ handoff: { passwordEmail: 'skipped' } });
  });

  it('rolls everything back on a component failure and runs no data step', async () => {
    const org = await h.org(sandbox);
    org.setFaults({ componentFailure: { type: 'PermissionSet', fullName: 'Reco_Integration' } });
    const before = JSON.stringify(org.store.snapshot());
    const from = org.requestLog().length;
    const run = await h.run(['deploy', '--target-org', 'emu', '--json']);
    expect(run.code).toBe(1);
    expect(run.json).toMatchObject({ code: 'DEPLOY_FAILED' });
    expect(run.json?.diagnostics).toEqual([
      expect.objectContaining({
        code: 'COMPONENT_FAILED',
        source: 'org',
        location: expect.objectContaining({
          file: 'force-app/main/default/permissionsets/Reco_Integration.permissionset-meta.xml',
        }),
      }),
    ]);
    expect(JSON.stringify(org.store.snapshot())).toBe(before);
    // The snapshot's composite and the username's rolled-back trial create: no data step.
    expect(requestsSince(org, from).filter((r) => r.path.endsWith('/composite'))).toHaveLength(2);
    expect(officeStillThere(org)).toBe(true);
  });

  it('heals a run cut off between the metadata and the data steps by running again', async () => {
    // 11 authenticated requests take a first run through the quick deploy's last poll (composite,
    // tooling query, retrieve, checkRetrieveStatus, the username's trial create, deploy, check, the
    // ranges' re-read: retrieve, checkRetrieveStatus, then deployRecentValidation, check).
    const org = await h.org(sandbox);
    org.setFaults({ invalidSessionAfter: 11 });
    const cut = await h.run(['deploy', '--target-org', 'emu', '--json']);
    expect(cut.code).toBe(1);
    expect(org.store.getMetadata('PermissionSet', 'Reco_Integration')).toBeDefined();
    expect(org.store.rows('User').find((u) => u.Username === USERNAME)).toBeUndefined();
    org.setFaults({});
    const from = org.requestLog().length;
    const healed = await h.run(['deploy', '--target-org', 'emu', '--json']);
    expect(healed.code).toBe(0);
    expect(deployCalls(requestsSince(org, from))).toBe(0);
    expect(org.store.rows('User').find((u) => u.Username === USERNAME)).toBeDefined();
    expect(officeStillThere(org)).toBe(true);
  });
});
