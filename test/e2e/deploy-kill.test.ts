/**
 * Crash safety: `reco-sf deploy` (the built binary, a child process) is SIGKILLed at each phase of
 * its run, found in the emulator's request log (`deployInProgressPolls` keeps the deploys running
 * long enough to be inside them). Then it is run again, or the org torn down: the org ends with
 * exactly its own trusted ranges plus the config's (or its own only), as after an uninterrupted run.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { EmulatorHandle } from '../../scripts/emulator';
import { rangesOf } from '../../scripts/components/securitySettings';
import { REPO_ROOT } from '../helpers/sf';
import { useHarness, type Harness } from './deploy-harness';

const BIN = join(REPO_ROOT, 'bin', 'reco-sf.js');
const ORG_RANGES = [
  { description: 'office', end: '10.1.0.255', start: '10.1.0.0' },
  { description: 'vpn', end: '10.2.0.1', start: '10.2.0.1' },
];
const CONFIG_STARTS = ['203.0.113.0', '198.51.100.10', '2001:db8:7ec0::'];

type Entry = ReturnType<EmulatorHandle['requestLog']>[number];
const isData = (e: Entry): boolean => e.method === 'POST' && /\/composite$/.test(e.path);

/** Index of the first entry matching `test` after index `from`; -1 when none. */
function after(log: Entry[], from: number, test: (e: Entry) => boolean): number {
  for (let i = from + 1; i < log.length; i++) if (test(log[i])) return i;
  return -1;
}

/** The phases, each as "the log (or the org) shows the run got this far". */
const PHASES: Array<{ name: string; reached: (log: Entry[], org: EmulatorHandle) => boolean }> = [
  {
    name: 'during the check-only validation',
    reached: (log) => log.some((e) => e.soapOperation === 'deploy'),
  },
  {
    name: 'between the validation and the quick deploy',
    reached: (log) => {
      const validation = log.findIndex((e) => e.soapOperation === 'deploy');
      return validation >= 0 && after(log, validation, (e) => e.soapOperation === 'retrieve') >= 0;
    },
  },
  {
    name: 'during the quick deploy',
    reached: (log) => log.some((e) => e.soapOperation === 'deployRecentValidation'),
  },
  {
    // The emulator finishes a deploy only when polled: the org holding the record means it landed.
    name: 'after the quick deploy landed, before the data steps',
    reached: (_log, org) => org.store.getMetadata('StaticResource', 'RecoSfOwnership') !== undefined,
  },
  {
    name: 'after the data steps, before the read-back',
    reached: (log) => {
      const quick = log.findIndex((e) => e.soapOperation === 'deployRecentValidation');
      return quick >= 0 && after(log, quick, isData) >= 0;
    },
  },
];

function ranges(org: EmulatorHandle): string[] {
  return rangesOf(org.store.getMetadata('Settings', 'Security')?.value).map((r) => r.start);
}

/** Runs the built CLI and SIGKILLs it once the request log shows `reached`; resolves with how it ended. */
function deployAndKill(
  h: Harness,
  org: EmulatorHandle,
  reached: (log: Entry[], org: EmulatorHandle) => boolean,
): Promise<string> {
  const from = org.requestLog().length;
  const env = { ...process.env };
  delete env.CI;
  const child = spawn(process.execPath, [BIN, 'deploy', '--target-org', 'emu', '--json'], {
    cwd: h.project,
    env,
    stdio: 'ignore',
  });
  const timer = setInterval(() => {
    if (reached(org.requestLog().slice(from), org)) child.kill('SIGKILL');
  }, 1);
  return new Promise((resolve) =>
    child.on('exit', (code, signal) => {
      clearInterval(timer);
      resolve(signal ?? `exit ${code}`);
    }),
  );
}

describe('reco-sf deploy killed with SIGKILL at each phase', () => {
  const h = useHarness({ afterEach: 'stop' });

  it.each(PHASES)(
    'Given a deploy killed $name, When run again and then torn down, Then the org holds its ranges plus ours, then its own only',
    async ({ reached }) => {
      const org = await h.org({
        shape: ['shield', 'sandbox'],
        seed: { trustedIpRanges: ORG_RANGES, faults: { deployInProgressPolls: 3 } },
      });
      expect(await deployAndKill(h, org, reached)).toBe('SIGKILL');
      expect(ranges(org).slice(0, 2)).toEqual(['10.1.0.0', '10.2.0.1']);

      const rerun = await h.run(['deploy', '--target-org', 'emu', '--json']);
      expect(rerun.json?.message).toBeUndefined();
      expect(rerun.code).toBe(0);
      expect(ranges(org)).toEqual(['10.1.0.0', '10.2.0.1', ...CONFIG_STARTS]);
      expect((await h.run(['verify', '--target-org', 'emu'])).code).toBe(0);

      const teardown = await h.run(['teardown', '--target-org', 'emu', '--yes', '--json']);
      expect(teardown.code).toBe(0);
      expect(ranges(org)).toEqual(['10.1.0.0', '10.2.0.1']);
      expect(org.store.getMetadata('PermissionSet', 'Reco_Integration')).toBeUndefined();
      expect(org.store.getMetadata('StaticResource', 'RecoSfOwnership')).toBeUndefined();
    },
  );

  it.each(PHASES)(
    'Given a deploy killed $name, When torn down straight away, Then only the org ranges stay and nothing of Reco is left',
    async ({ reached }) => {
      const org = await h.org({
        shape: ['shield', 'sandbox'],
        seed: { trustedIpRanges: ORG_RANGES, faults: { deployInProgressPolls: 3 } },
      });
      expect(await deployAndKill(h, org, reached)).toBe('SIGKILL');
      const teardown = await h.run(['teardown', '--target-org', 'emu', '--yes', '--json']);
      expect(teardown.code).toBe(0);
      expect(ranges(org)).toEqual(['10.1.0.0', '10.2.0.1']);
      expect(org.store.getMetadata('PermissionSet', 'Reco_Integration')).toBeUndefined();
      expect(org.store.getMetadata('ExternalClientApplication', 'Reco_Integration')).toBeUndefined();
      const user = org.store.rows('User').find((u) => u.Username === 'reco-integration@example.com.reco');
      expect(user === undefined || user.IsActive === false).toBe(true);
      // Assignments made (each user's profile-owned one is not: it cannot be removed)
      expect(org.store.storedRows('PermissionSetAssignment')).toEqual([]);
    },
  );
});
