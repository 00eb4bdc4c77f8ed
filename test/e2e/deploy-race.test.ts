/**
 * Another admin changes the org's trusted ranges while `reco-sf deploy` runs. The deploy re-reads
 * the ranges right before its quick deploy and re-merges, and its post-deploy check compares
 * with every snapshot of the run: a range seen during the run and missing afterwards is restored.
 * The moments are found in the emulator's request log; `deployInProgressPolls` keeps the
 * validation running long enough to act inside it.
 */
import type { EmulatorHandle } from '../../scripts/emulator';
import { rangesOf, type IpRange } from '../../scripts/components/securitySettings';
import { useHarness } from './deploy-harness';

const OFFICE = { description: 'office', end: '10.1.0.255', start: '10.1.0.0' };
const ADMIN = { description: 'added by another admin', end: '10.9.0.1', start: '10.9.0.1' };

function ranges(org: EmulatorHandle): IpRange[] {
  return rangesOf(org.store.getMetadata('Settings', 'Security')?.value);
}

/** Runs `act` once, as soon as the request log holds an entry matching `when`. */
function onRequest(
  org: EmulatorHandle,
  when: (e: { soapOperation?: string }) => boolean,
  act: () => void,
  from = 0,
): () => void {
  let done = false;
  const timer = setInterval(() => {
    if (!done && org.requestLog().slice(from).some(when)) {
      done = true;
      act();
    }
  }, 1);
  return () => clearInterval(timer);
}

describe('reco-sf deploy while another admin changes the trusted ranges', () => {
  const h = useHarness({ afterEach: 'stop' });

  it('Given a range added during the validation, When the deploy quick-deploys, Then it re-merges and the range is kept', async () => {
    const org = await h.org({
      shape: ['shield', 'sandbox'],
      seed: { trustedIpRanges: [OFFICE], faults: { deployInProgressPolls: 4 } },
    });
    const stop = onRequest(
      org,
      (e) => e.soapOperation === 'deploy',
      () => org.store.putMetadata('Settings', 'Security', { networkAccess: { ipRanges: [OFFICE, ADMIN] } }),
    );
    const run = await h.run(['deploy', '--target-org', 'emu', '--json']);
    stop();
    expect(run.json?.message).toBeUndefined();
    expect(run.code).toBe(0);
    const starts = ranges(org).map((r) => r.start);
    expect(starts.slice(0, 2)).toEqual(['10.1.0.0', '10.9.0.1']);
    expect(starts).toHaveLength(5);
    // Validated twice: the first validation was merged from the ranges before the admin's change.
    expect(org.requestLog().filter((e) => e.soapOperation === 'deploy')).toHaveLength(2);
  });

  it('Given a range added while a teardown validates, When the teardown quick-deploys, Then it re-reads and the range is kept', async () => {
    const org = await h.org({ shape: ['shield', 'sandbox'], seed: { trustedIpRanges: [OFFICE] } });
    expect((await h.run(['deploy', '--target-org', 'emu', '--json'])).code).toBe(0);
    org.setFaults({ deployInProgressPolls: 4 });
    const from = org.requestLog().length;
    const stop = onRequest(
      org,
      (e) => e.soapOperation === 'deploy',
      () =>
        org.store.putMetadata('Settings', 'Security', {
          networkAccess: { ipRanges: [...ranges(org), ADMIN] },
        }),
      from,
    );
    const run = await h.run(['teardown', '--target-org', 'emu', '--yes', '--json']);
    stop();
    expect(run.code).toBe(0);
    expect(ranges(org)).toEqual([OFFICE, ADMIN]);
  });

  it('Given an org range removed between the quick deploy and the read-back, When the deploy checks, Then it is restored with a warning', async () => {
    const org = await h.org({
      shape: ['shield', 'sandbox'],
      seed: { trustedIpRanges: [OFFICE, ADMIN], faults: { deployInProgressPolls: 4 } },
    });
    const stop = onRequest(
      org,
      (e) => e.soapOperation === 'deployRecentValidation',
      () => {
        const timer = setInterval(() => {
          // Once the quick deploy landed (our ranges are in), someone's deploy drops the admin's range.
          const now = ranges(org);
          if (now.length === 5) {
            clearInterval(timer);
            org.store.putMetadata('Settings', 'Security', {
              networkAccess: { ipRanges: now.filter((r) => r.start !== ADMIN.start) },
            });
          }
        }, 1);
      },
    );
    const run = await h.run(['deploy', '--target-org', 'emu', '--json']);
    stop();
    expect(run.json?.message).toBeUndefined();
    expect(run.code).toBe(0);
    expect(ranges(org).map((r) => r.start)).toContain(ADMIN.start);
    const restored = run.json?.warnings?.find((w) => w.code === 'TRUSTED_RANGES_RESTORED');
    expect(restored?.message).toContain('10.9.0.1–10.9.0.1');
    expect(restored?.location).toEqual({
      entity: { type: 'Settings', name: 'Security' },
      path: 'networkAccess.ipRanges',
    });
  });
});
