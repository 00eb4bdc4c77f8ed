/**
 * Transient faults are named as such: a reset or 503s on the first request say "the org did
 * not answer (N tries)" with the instance URL (never ORG_NOT_FOUND); a reset on the quick
 * deploy is resolved by reading the deploy's status, never by sending a second deploy.
 */
import { useHarness, deployCalls, requestsSince } from './deploy-harness';

describe('reco-sf deploy: transient faults', () => {
  const h = useHarness({ afterEach: 'stop' });
  const sandbox = { shape: ['shield', 'sandbox'] as Array<'shield' | 'sandbox'> };

  it('Given a reset on the quick deploy, then the deploy status is read and no second deploy is sent (exactly one deploy after the validation)', async () => {
    const org = await h.org(sandbox);
    org.setFaults({ connectionReset: { operation: 'deployRecentValidation', count: 1 } });
    const run = await h.run(['deploy', '--target-org', 'emu', '--json']);
    expect(run.code).toBe(1);
    expect(run.json).toMatchObject({ code: 'DEPLOY_OUTCOME_UNKNOWN' });
    expect(String(run.json?.fix)).toContain('reco-sf deploy --target-org emu');
    const log = requestsSince(org, 0);
    expect(log.filter((r) => r.soapOperation === 'deploy')).toHaveLength(1); // the check-only validation
    expect(log.filter((r) => r.soapOperation === 'deployRecentValidation')).toHaveLength(1);
    expect(deployCalls(log)).toBe(2);
    const validation = log.findIndex((r) => r.soapOperation === 'deployRecentValidation');
    expect(log.slice(validation + 1).map((r) => r.soapOperation)).toContain('checkDeployStatus');
  });

  it('Given the org keeps failing a read with 503s, then "did not answer (5 tries)" with the instance URL, never ORG_NOT_FOUND', async () => {
    const org = await h.org(sandbox);
    org.setFaults({ unavailable: { operation: 'composite', count: 50 } });
    const run = await h.run(['deploy', '--target-org', 'emu', '--json']);
    expect(run.code).toBe(1);
    expect(run.json).toMatchObject({ code: 'ORG_UNREACHABLE' });
    expect(String(run.json?.message)).toContain('did not answer (5 tries');
    expect(String(run.json?.message)).toContain(org.url);
    expect(deployCalls(requestsSince(org, 0))).toBe(0);
  });

  it('Given a deploy still running at --wait, then the hint is the full command, --target-org included', async () => {
    const org = await h.org(sandbox);
    org.setFaults({ deployInProgressPolls: 6 });
    const run = await h.run(['deploy', '--target-org', 'emu', '--wait', '0.005', '--json']);
    expect(run.json).toMatchObject({ code: 'DEPLOY_STILL_RUNNING' });
    expect(String(run.json?.fix)).toMatch(/reco-sf deploy --target-org emu --resume 0Af\w+/);
  });
});
