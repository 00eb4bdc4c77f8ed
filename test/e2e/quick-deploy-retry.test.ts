/**
 * Errors that mean "run again" are never swallowed by the quick deploy: an expired session on
 * deployRecentValidation is SESSION_EXPIRED with the `sf org login` fix (never a fallback deploy,
 * never a quiet success), and a connection reset or a 503 on it is DEPLOY_OUTCOME_UNKNOWN with
 * the fix to re-run; both as Diagnostics in the --json error (emulator fault injection).
 */
import { deployCalls, requestsSince, useHarness } from './deploy-harness';

describe('reco-sf deploy: the quick deploy never swallows a retry error', () => {
  const h = useHarness({ afterEach: 'stop' });
  const sandbox = { shape: ['shield', 'sandbox'] as Array<'shield' | 'sandbox'> };

  it('Given the session expires at the quick deploy, then SESSION_EXPIRED with the sf org login fix, and no fallback deploy', async () => {
    const org = await h.org(sandbox);
    // 9 authenticated requests take a first run to the quick deploy: composite, tooling query,
    // retrieve, checkRetrieveStatus, the username's trial create, the check-only deploy,
    // checkDeployStatus, and the ranges' re-read (retrieve, checkRetrieveStatus). The 10th,
    // deployRecentValidation, is refused.
    org.setFaults({ invalidSessionAfter: 9 });
    const run = await h.run(['deploy', '--target-org', 'emu', '--json']);
    const log = requestsSince(org, 0);
    expect(log.find((r) => r.status === 401 || r.status === 500)?.soapOperation).toBe(
      'deployRecentValidation',
    );
    expect(run.code).toBe(1);
    expect(run.json).toMatchObject({ status: 1, code: 'SESSION_EXPIRED' });
    expect(run.json?.fix).toContain('sf org login');
    expect(run.json?.diagnostics).toEqual([
      expect.objectContaining({
        code: 'SESSION_EXPIRED',
        severity: 'error',
        source: 'tool',
        fix: expect.stringContaining('sf org login') as unknown,
      }),
    ]);
    // The validation, then the refused quick deploy: no normal deploy was sent in its place.
    expect(log.filter((r) => r.soapOperation === 'deploy')).toHaveLength(1);
    expect(deployCalls(log)).toBe(2);
  });

  it.each([
    ['a connection reset', { connectionReset: { operation: 'deployRecentValidation', count: 1 } }],
    ['a 503', { unavailable: { operation: 'deployRecentValidation', count: 1 } }],
  ])(
    'Given %s on the quick deploy, then DEPLOY_OUTCOME_UNKNOWN with the fix to re-run, as a Diagnostic',
    async (_what, faults) => {
      const org = await h.org(sandbox);
      org.setFaults(faults);
      const run = await h.run(['deploy', '--target-org', 'emu', '--json']);
      expect(run.code).toBe(1);
      expect(run.json).toMatchObject({ status: 1, code: 'DEPLOY_OUTCOME_UNKNOWN' });
      expect(run.json?.diagnostics).toEqual([
        expect.objectContaining({
          code: 'DEPLOY_OUTCOME_UNKNOWN',
          severity: 'error',
          fix: expect.stringContaining('reco-sf deploy --target-org emu') as unknown,
        }),
      ]);
      expect(run.json?.fix).toContain('again');
      const log = requestsSince(org, 0);
      expect(log.filter((r) => r.soapOperation === 'deploy')).toHaveLength(1);
    },
  );

  it('Given the session expires while doctor reads the user, then SESSION_EXPIRED (exit 1), not a "not checked" note', async () => {
    const org = await h.org(sandbox);
    expect((await h.run(['deploy', '--target-org', 'emu', '--json'])).code).toBe(0);
    const from = org.requestLog().length;
    const clean = await h.run(['doctor', '--target-org', 'emu', '--json']);
    const doctorRequests = requestsSince(org, from).filter(
      (r) => r.path !== '/services/data' && r.path !== '/services/data/',
    );
    expect(clean.json?.result?.notChecked).toEqual([]);
    // Refuse the session after the snapshot's requests, in the middle of doctor's own reads.
    org.setFaults({ invalidSessionAfter: doctorRequests.length - 2 });
    const run = await h.run(['doctor', '--target-org', 'emu', '--json']);
    expect(run.code).toBe(1);
    expect(run.json).toMatchObject({ code: 'SESSION_EXPIRED' });
    expect(run.json?.fix).toContain('sf org login');
  });
});
