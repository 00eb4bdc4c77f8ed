/**
 * An org that cannot be reached fails in seconds, naming its instance URL, the likely cause and
 * the fix: nothing listens (the emulator stopped), and a host name that does not resolve.
 */
import { probeInstance, unreachableCause } from '../../scripts/org/connect';
import { createHarness, type Harness } from './deploy-harness';

describe('an unreachable org', () => {
  let h: Harness;

  beforeAll(() => {
    h = createHarness();
  });
  afterAll(async () => {
    await h.stopAll();
    await h.cleanup();
    jest.restoreAllMocks();
  });

  it('Given an org whose server is down, When planning or deploying, Then both fail at once with the URL and the cause', async () => {
    const org = await h.org({ shape: ['shield', 'sandbox'] }, 'down');
    await h.stopAll();
    for (const args of [
      ['plan', '--target-org', 'down', '--json'],
      ['deploy', '--target-org', 'down', '--json'],
      ['doctor', '--target-org', 'down', '--json'],
    ]) {
      const run = await h.run(args);
      expect(run.code).toBe(1);
      expect(run.json).toMatchObject({ code: 'ORG_UNREACHABLE' });
      expect(String(run.json?.message)).toBe(
        `cannot reach down at ${org.url}: nothing accepts connections there (the org or the local emulator is down, or the port is wrong)`,
      );
      expect(String(run.json?.fix)).toContain('sf org display --target-org down');
    }
  });

  it('Given an instance whose My Domain does not resolve, When probing it, Then the error names the URL and the My Domain (or the network)', async () => {
    const url = 'https://reco-sf-no-such-domain.invalid';
    await expect(probeInstance(url, 'gone')).rejects.toMatchObject({
      code: 'ORG_UNREACHABLE',
      message: expect.stringMatching(
        /^cannot reach gone at https:\/\/reco-sf-no-such-domain\.invalid: (its host name does not resolve|no answer within 5 s)/,
      ),
    });
    expect(unreachableCause({ code: 'ENOTFOUND' }).fix).toContain('Setup > My Domain');
  });

  it('classifies TLS failures and timeouts by their codes', () => {
    const tls = new TypeError('fetch failed', { cause: { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' } });
    expect(unreachableCause(tls).cause).toContain('TLS certificate is not trusted');
    const timeout = Object.assign(new Error('aborted'), { name: 'TimeoutError' });
    expect(unreachableCause(timeout).cause).toContain('no answer within 5 s');
  });
});
