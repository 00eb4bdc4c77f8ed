/**
 * An org that cannot be reached fails in seconds, naming its instance URL, the likely cause and
 * the fix: nothing listens (the emulator stopped), and a host name that does not resolve.
 */
import { probeInstance, unreachableCause } from '../../scripts/org/connect';
import { useHarness } from './deploy-harness';

describe('an unreachable org', () => {
  const h = useHarness();

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
      // A restarted emulator listens on a new port: the fix never says "start it again" alone.
      expect(String(run.json?.fix)).toContain('npm start -- --keep');
      expect(String(run.json?.fix)).toContain('log in again with the sf org login access-token command');
      expect(String(run.json?.fix)).toContain('--alias down');
    }
  });

  it('Given a refused connection to a remote org, Then the fix is to check its URL, not the emulator advice', () => {
    const refused = new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
    expect(unreachableCause(refused, 'https://acme.my.salesforce.com').fix).toBe(
      'check the URL with: sf org display --target-org <org>',
    );
    expect(unreachableCause(refused, 'http://localhost:4000').fix).toContain('npm start -- --keep');
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
