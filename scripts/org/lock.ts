/**
 * One run at a time per org, and no run that cannot write its files.
 *
 * - `checkWritable(root)`: before the first request to any org, every place a run writes
 *   (`.reco/receipts`, `.reco/locks`) is created and probed with a real write, so a read-only
 *   project or a full disk stops the run while the org is still untouched (exit 1).
 * - `acquireOrgLock(root, org)`: `.reco/locks/<org-id>-<instance-host>.lock`, created exclusively
 *   (O_EXCL), holding who runs (pid, host, command, start time). A second run on the org is
 *   refused naming the first; a lock left by a killed run on this host (its pid is gone) is taken
 *   over. The key includes the instance host, so two emulators that share an org id never share
 *   a lock. The lock guards runs from this project folder; the org-side ownership record keeps
 *   runs from other machines safe (scripts/org/ownership.ts).
 */
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, relative } from 'node:path';
import { RecoError } from '../core/errors';
import { processIsAlive } from '../core/files';
import { RECEIPTS_DIR } from './receipt';

export const LOCKS_DIR = '.reco/locks';

export interface LockOwner {
  pid: number;
  host: string;
  command: string;
  startedAt: string;
}

/** Creates and probes each directory a run writes to; throws LOCAL_NOT_WRITABLE naming the first that fails. */
export function checkWritable(root: string, dirs: string[] = [RECEIPTS_DIR, LOCKS_DIR]): void {
  for (const dir of dirs) {
    const path = join(root, dir);
    const probe = join(path, `.write-probe-${process.pid}`);
    try {
      mkdirSync(path, { recursive: true });
      const fd = openSync(probe, 'w');
      try {
        writeSync(fd, 'probe\n');
      } finally {
        closeSync(fd);
      }
      rmSync(probe, { force: true });
    } catch (error) {
      throw new RecoError(
        'LOCAL_NOT_WRITABLE',
        `${dir} cannot be written (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); nothing was sent to the org`,
        {
          exitCode: 1,
          file: path,
          fix: 'make the project folder writable (or free disk space), then run again',
        },
      );
    }
  }
}

/** `<org-id>-<instance-host>.lock` (the host's port kept, `:` written `_`). */
export function lockFileName(orgId: string, instanceUrl: string): string {
  let host = 'unknown';
  try {
    host = new URL(instanceUrl).host.replace(/[^A-Za-z0-9.-]/g, '_');
  } catch {
    // keep "unknown": the org id still keys the lock
  }
  return `${orgId}-${host}.lock`;
}

function lockPath(root: string, orgId: string, instanceUrl: string): string {
  return join(root, LOCKS_DIR, lockFileName(orgId, instanceUrl));
}

function readOwner(path: string): LockOwner | null {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as LockOwner;
  } catch {
    return null;
  }
}

export interface OrgLock {
  path: string;
  /** Set when a lock left by a killed run was taken over. */
  tookOver: LockOwner | null;
  release(): void;
}

/** What taking a lock file came to: taken (maybe over a killed run's), or held by a live run (null: unreadable). */
export type LockAttempt =
  { taken: true; tookOver: LockOwner | null; release(): void } | { taken: false; owner: LockOwner | null };

/**
 * Creates `path` exclusively (O_EXCL) holding this run (`command`, pid, host, start). A lock whose
 * run is gone (same host, pid not alive: a killed run) is taken over; a live run's is not.
 */
export function takeLockFile(path: string, command: string): LockAttempt {
  const me: LockOwner = { pid: process.pid, host: hostname(), command, startedAt: new Date().toISOString() };
  let tookOver: LockOwner | null = null;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      try {
        writeSync(fd, JSON.stringify(me, null, 2) + '\n');
      } finally {
        closeSync(fd);
      }
      return { taken: true, tookOver, release: () => rmSync(path, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = readOwner(path);
      if (owner && owner.host === me.host && !processIsAlive(owner.pid) && attempt === 0) {
        tookOver = owner; // a run killed on this machine: its lock is stale
        rmSync(path, { force: true });
        continue;
      }
      return { taken: false, owner };
    }
  }
  return { taken: false, owner: readOwner(path) };
}

/** A lock file name of an emulated org: its instance host is this machine's loopback (`127.0.0.1_PORT`). */
const EMULATOR_LOCK = /^[A-Za-z0-9]{15,18}-(127\.0\.0\.1|localhost)_\d+\.lock$/;

/**
 * Removes the org locks of emulated orgs (instance host 127.0.0.1 or localhost) that a run killed on
 * this host left behind (its pid gone): the emulator, and so the org, went with that process, so no
 * later run takes such a lock over. A live run's lock, another host's and a real org's (the next run
 * on that org takes it over, with LOCK_TAKEN_OVER) stay. Returns the file names removed.
 */
export function sweepDeadEmulatorLocks(root: string): string[] {
  const dir = join(root, LOCKS_DIR);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return []; // no locks folder: nothing left behind
  }
  const removed: string[] = [];
  for (const name of names.filter((n) => EMULATOR_LOCK.test(n)).sort()) {
    const owner = readOwner(join(dir, name));
    if (!owner || owner.host !== hostname() || !Number.isSafeInteger(owner.pid) || processIsAlive(owner.pid))
      continue;
    rmSync(join(dir, name), { force: true });
    removed.push(name);
  }
  return removed;
}

/** "deploy run (pid 42 on host, started …)", or what is known of an unreadable lock. */
export function describeOwner(owner: LockOwner | null): string {
  return owner
    ? `${owner.command} run (pid ${owner.pid} on ${owner.host}, started ${owner.startedAt})`
    : 'another run (its lock file is unreadable)';
}

/**
 * Takes the org's lock or throws ORG_LOCKED (exit 1) naming the run that holds it.
 * `command` is what the lock file says this run is (e.g. `deploy`).
 */
export function acquireOrgLock(
  root: string,
  org: { orgId: string; instanceUrl: string; target: string },
  command: string,
): OrgLock {
  const path = lockPath(root, org.orgId, org.instanceUrl);
  mkdirSync(join(root, LOCKS_DIR), { recursive: true });
  const lock = takeLockFile(path, command);
  if (lock.taken) return { path, tookOver: lock.tookOver, release: lock.release };
  throw new RecoError(
    'ORG_LOCKED',
    `${org.target} (org ${org.orgId}) is being changed by a ${describeOwner(lock.owner)}`,
    {
      exitCode: 1,
      file: relative(root, path),
      fix: `wait for it to finish; if that run is gone, delete ${relative(root, path)}`,
    },
  );
}
