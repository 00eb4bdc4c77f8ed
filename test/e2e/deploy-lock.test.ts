/** One run at a time per org, and no run that cannot write its files: both stop before the org is touched. */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lockFileName } from '../../scripts/org/lock';
import { useHarness } from './deploy-harness';

const h = useHarness({ afterEach: 'stop' });

/** Writes the org's run lock as a live deploy on another runner holds it; returns the locks folder. */
function holdLock(org: { orgId: string; url: string }): string {
  const locks = join(h.project, '.reco', 'locks');
  mkdirSync(locks, { recursive: true });
  const other = {
    pid: process.pid,
    host: 'ci-runner-7',
    command: 'deploy',
    startedAt: '2026-01-01T00:00:00.000Z',
  };
  writeFileSync(join(locks, lockFileName(org.orgId, org.url)), JSON.stringify(other));
  return locks;
}

describe('reco-sf deploy: lock and local writability', () => {
  afterEach(() => {
    rmSync(join(h.project, '.reco'), { recursive: true, force: true });
  });

  it('Given .reco/receipts cannot be written, When deploying, Then exit 1 before any request to the org', async () => {
    const org = await h.org({ shape: ['shield', 'sandbox'] });
    const from = org.requestLog().length; // registering the alias read userinfo
    mkdirSync(join(h.project, '.reco'), { recursive: true });
    writeFileSync(join(h.project, '.reco', 'receipts'), 'a file, not a folder');
    const run = await h.run(['deploy', '--target-org', 'emu', '--json']);
    expect(run.code).toBe(1);
    expect(run.json?.code).toBe('LOCAL_NOT_WRITABLE');
    expect(org.requestLog().slice(from)).toEqual([]);
  });

  it('Given another live run holds the org lock, When deploying, Then ORG_LOCKED names it and the org is not changed', async () => {
    const org = await h.org({ shape: ['shield', 'sandbox'] });
    const first = await h.run(['deploy', '--target-org', 'emu', '--json', '--dry-run']);
    expect(first.code).toBe(0);
    const locks = holdLock(org);
    const version = org.store.version;
    const run = await h.run(['deploy', '--target-org', 'emu', '--json']);
    expect(run.code).toBe(1);
    expect(run.json?.code).toBe('ORG_LOCKED');
    expect(run.json?.message).toContain(
      'pid ' + String(process.pid) + ' on ci-runner-7, started 2026-01-01T00:00:00.000Z',
    );
    expect(org.store.version).toBe(version);
    expect(readdirSync(locks)).toHaveLength(1);
  });

  it('Given a deploy holds the org lock and the org has no ownership record yet, When tearing down with --yes, Then ORG_LOCKED, not "nothing left to remove"', async () => {
    const org = await h.org({ shape: ['shield', 'sandbox'] });
    holdLock(org);
    const run = await h.run(['teardown', '--target-org', 'emu', '--yes', '--json']);
    expect(run.code).toBe(1);
    expect(run.json?.code).toBe('ORG_LOCKED');
    // The dry run takes no lock: it still says what the org holds now.
    const dry = await h.run(['teardown', '--target-org', 'emu', '--json']);
    expect(dry.code).toBe(0);
  });
});
