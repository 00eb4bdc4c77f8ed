/**
 * Deploy's command line against the emulator: a bad --resume, --wait, --plan-hash or --concurrency is refused
 * before a single request; an id the org does not know is the org's answer (exit 1), never
 * UNEXPECTED. A demo config goes to the bundled emulator only.
 */
import * as marker from '../../scripts/org/emulator-marker';
import { deployCalls, useHarnessOrg } from './deploy-harness';

describe('reco-sf deploy options and the demo guard', () => {
  const { h, org } = useHarnessOrg({ shape: ['shield', 'sandbox'] });

  // Not jest.restoreAllMocks(): the harness's os.homedir spy must stay.
  let notEmulator: jest.SpyInstance | undefined;
  const pretendRealOrg = (): void => {
    notEmulator = jest.spyOn(marker, 'isBundledEmulator').mockReturnValue(false);
  };
  afterEach(() => {
    notEmulator?.mockRestore();
    notEmulator = undefined;
    h.restoreConfig();
  });

  it.each([
    [
      ['--resume', 'bogus'],
      'INVALID_RESUME_ID',
      /--resume must be a deploy id of 15 or 18 letters and digits/,
    ],
    [['--wait', 'soon'], 'INVALID_WAIT', /--wait must be a number of minutes/],
    [
      ['--plan-hash', 'nothex'],
      'INVALID_PLAN_HASH',
      /--plan-hash must be the 64 hexadecimal digits of a plan hash/,
    ],
    [['--concurrency', '0'], 'INVALID_CONCURRENCY', /--concurrency must be an integer from 1 to 64/],
  ])('refuses %p before anything is read or sent (exit 2)', async (args, code, message) => {
    const before = org.requestLog().length;
    const run = await h.run(['deploy', '--target-org', 'emu', ...args, '--json']);
    expect(run.code).toBe(2);
    expect(run.json).toMatchObject({ code, message: expect.stringMatching(message) });
    expect(org.requestLog().length).toBe(before);
  });

  it("answers a well-formed deploy id the org does not know with the org's answer (exit 1), not UNEXPECTED", async () => {
    const before = org.requestLog().length;
    const run = await h.run(['deploy', '--target-org', 'emu', '--resume', '0Af000000000999AAA', '--json']);
    expect(run.code).toBe(1);
    expect(run.json).toMatchObject({
      code: 'RESUME_UNKNOWN',
      message: expect.stringContaining('0Af000000000999AAA'),
    });
    expect(deployCalls(org.requestLog().slice(before))).toBe(0);
  });

  describe('a demo config ("demo": true)', () => {
    it('deploys to the bundled emulator', async () => {
      const run = await h.run(['deploy', '--target-org', 'emu', '--dry-run', '--json']);
      expect(run.code).toBe(0);
    });

    it.each([['deploy'], ['plan']])(
      '%s refuses an org that is not the bundled emulator (exit 2), reading nothing',
      async (command) => {
        pretendRealOrg();
        const before = org.requestLog().length;
        const run = await h.run([command, '--target-org', 'emu', '--json']);
        expect(run.code).toBe(2);
        expect(run.json).toMatchObject({
          code: 'DEMO_CONFIG',
          diagnostics: [expect.objectContaining({ location: expect.objectContaining({ path: 'demo' }) })],
        });
        expect(String(run.json?.fix)).toContain('set "demo" to false');
        expect(String(run.json?.fix)).toContain(`reco-sf ${command} --target-org emu`);
        const sent = org
          .requestLog()
          .slice(before)
          .map((r) => r.soapOperation ?? r.path);
        expect(sent).not.toContain('retrieve');
        expect(sent.filter((p) => p.includes('/composite'))).toEqual([]);
      },
    );

    it('a config that is not a demo deploys to such an org', async () => {
      pretendRealOrg();
      h.writeConfig((c) => {
        c.demo = false;
      });
      const run = await h.run(['deploy', '--target-org', 'emu', '--dry-run', '--json']);
      expect(run.json?.code).not.toBe('DEMO_CONFIG');
    });
  });
});
