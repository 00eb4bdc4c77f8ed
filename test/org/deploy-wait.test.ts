/**
 * `--wait` ends a deploy's wait without leaving SDR's poller behind: once the next status read
 * would come after the deadline, DEPLOY_STILL_RUNNING is thrown and no timer of the poller keeps
 * the process (a CLI run, a Jest worker) alive. The org is a stand-in connection whose deploy
 * never finishes; SDR's real poller reads it.
 */
import type { Connection } from '@salesforce/core';
import * as sdr from '@salesforce/source-deploy-retrieve';
import { waitForDeploy } from '../../scripts/org/deploy';

/**
 * Records the timers started while it watches that are still due and keep the event loop alive
 * (neither fired, cleared nor unref'd). Call `stop()` to restore the real functions.
 */
function watchTimers(): { pending: () => number; stop: () => void } {
  const due = new Set<NodeJS.Timeout>();
  const realSet = global.setTimeout;
  const set = jest.spyOn(global, 'setTimeout').mockImplementation(((fn: () => void, ms?: number) => {
    const timer: NodeJS.Timeout = realSet(() => {
      due.delete(timer);
      fn();
    }, ms);
    due.add(timer);
    return timer;
  }) as typeof setTimeout);
  const realClear = global.clearTimeout;
  const clear = jest.spyOn(global, 'clearTimeout').mockImplementation((timer) => {
    due.delete(timer as NodeJS.Timeout);
    realClear(timer);
  });
  return {
    pending: () => [...due].filter((t) => t.hasRef()).length,
    stop: () => {
      set.mockRestore();
      clear.mockRestore();
    },
  };
}

/** A connection whose deploy `id` stays InProgress, counting the status reads. */
function aConnectionWithARunningDeploy(id: string): { conn: Connection; reads: () => number } {
  let reads = 0;
  const conn = {
    version: '66.0',
    setApiVersion: () => undefined,
    retrieveMaxApiVersion: () => Promise.resolve('66.0'),
    metadata: {
      checkDeployStatus: () => {
        reads++;
        return Promise.resolve({ id, done: false, status: 'InProgress', checkOnly: true, success: false });
      },
    },
  };
  return { conn: conn as unknown as Connection, reads: () => reads };
}

describe('waitForDeploy at the --wait deadline', () => {
  it('throws DEPLOY_STILL_RUNNING with the last status reported, and leaves no timer running', async () => {
    const id = '0Af000000000001AAA';
    const { conn, reads } = aConnectionWithARunningDeploy(id);
    const progress: string[] = [];
    const timers = watchTimers();
    await expect(
      waitForDeploy(sdr, conn, id, Date.now() + 1500, {
        waitMinutes: 0.025,
        onProgress: (line) => progress.push(line),
      }),
    ).rejects.toMatchObject({ code: 'DEPLOY_STILL_RUNNING', exitCode: 1 });
    const pending = timers.pending();
    timers.stop();
    expect(pending).toBe(0);
    expect(reads()).toBeGreaterThan(0);
    expect(progress).toHaveLength(reads());
    expect(progress.at(-1)).toBe(`validating ${id}: InProgress (0/? components)`);
  });
});
