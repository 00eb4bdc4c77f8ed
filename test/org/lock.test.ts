import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { RecoError } from '../../scripts/core/errors';
import { acquireOrgLock, checkWritable, LOCKS_DIR } from '../../scripts/org/lock';

const ORG = { orgId: '00D000000000001EAA', instanceUrl: 'https://acme.my.salesforce.com', target: 'acme' };
const LOCK = `${ORG.orgId}-acme.my.salesforce.com.lock`;

function thrown(fn: () => unknown): RecoError {
  try {
    fn();
  } catch (error) {
    if (error instanceof RecoError) return error;
    throw error;
  }
  throw new Error('did not throw');
}

/** The pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  return Number(child.stdout);
}

describe('org lock', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'reco-lock-'));
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('Given a held lock, When a second run takes it, Then ORG_LOCKED names the first run (pid, host, start)', () => {
    const first = acquireOrgLock(root, ORG, 'deploy');
    const error = thrown(() => acquireOrgLock(root, ORG, 'teardown'));
    expect(error.code).toBe('ORG_LOCKED');
    const owner = JSON.parse(readFileSync(first.path, 'utf8')) as { startedAt: string };
    expect(error.message).toBe(
      `acme (org ${ORG.orgId}) is being changed by a deploy run (pid ${process.pid} on ${hostname()}, started ${owner.startedAt})`,
    );
    first.release();
    const again = acquireOrgLock(root, ORG, 'teardown');
    expect(again.tookOver).toBeNull();
    again.release();
    expect(existsSync(again.path)).toBe(false);
  });

  it('Given the lock of a killed run on this host, When a run starts, Then it takes the lock over and says so', () => {
    const stale = {
      pid: deadPid(),
      host: hostname(),
      command: 'deploy',
      startedAt: '2026-01-01T00:00:00.000Z',
    };
    mkdirSync(join(root, LOCKS_DIR), { recursive: true });
    writeFileSync(join(root, LOCKS_DIR, LOCK), JSON.stringify(stale));
    const lock = acquireOrgLock(root, ORG, 'deploy');
    expect(lock.tookOver).toEqual(stale);
    lock.release();
  });

  it('Given the lock of a run on another host, When a run starts, Then it is refused (that run may be alive)', () => {
    mkdirSync(join(root, LOCKS_DIR), { recursive: true });
    const other = { pid: 1, host: 'ci-runner-7', command: 'deploy', startedAt: '2026-01-01T00:00:00.000Z' };
    writeFileSync(join(root, LOCKS_DIR, LOCK), JSON.stringify(other));
    expect(thrown(() => acquireOrgLock(root, ORG, 'deploy')).message).toContain(
      'deploy run (pid 1 on ci-runner-7, started 2026-01-01T00:00:00.000Z)',
    );
  });

  it('Given two emulators that share an org id on different ports, When each is locked, Then the locks are separate', () => {
    const a = acquireOrgLock(root, { ...ORG, instanceUrl: 'http://127.0.0.1:4001' }, 'deploy');
    const b = acquireOrgLock(root, { ...ORG, instanceUrl: 'http://127.0.0.1:4002' }, 'deploy');
    expect(a.path).not.toBe(b.path);
    a.release();
    b.release();
  });

  it('Given a file where .reco/receipts should be, When checking, Then LOCAL_NOT_WRITABLE names it', () => {
    mkdirSync(join(root, '.reco'), { recursive: true });
    writeFileSync(join(root, '.reco', 'receipts'), 'not a folder');
    const error = thrown(() => checkWritable(root));
    expect(error.code).toBe('LOCAL_NOT_WRITABLE');
    expect(error.message).toMatch(
      /^\.reco\/receipts cannot be written \(E\w+\); nothing was sent to the org$/,
    );
  });

  it('Given writable folders, When checking, Then both exist and hold no probe file', () => {
    checkWritable(root);
    expect(existsSync(join(root, '.reco', 'receipts'))).toBe(true);
    expect(existsSync(join(root, LOCKS_DIR))).toBe(true);
  });
});
