/**
 * The fixes the org commands print carry the --target-org, --config and --targets-file the user
 * gave, text and --json alike, so a copied fix does the same thing (against the emulator).
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useHarness } from './deploy-harness';

const CONFIG = 'alt/reco.json';
const TARGETS = 'orgs.txt';

describe('fix hints repeat the org and the files the user gave', () => {
  const h = useHarness();

  beforeAll(async () => {
    mkdirSync(join(h.project, 'alt'));
    copyFileSync(join(h.project, 'config', 'reco.config.json'), join(h.project, CONFIG));
    writeFileSync(join(h.project, TARGETS), 'emu username=hint-user@example.com.reco\n');
    await h.org({ shape: ['shield', 'sandbox'] }, 'emu');
    // Its own org id and admin username, so that both aliases stay registered side by side.
    await h.org({ shape: ['shield', 'production'], orgNumber: 2 }, 'prod');
  });

  const withFiles = ['--config', CONFIG, '--targets-file', TARGETS];
  const ARGS = `--target-org emu --config ${CONFIG} --targets-file ${TARGETS}`;

  it('verify --json: every drift fix deploys the same org with the same files', async () => {
    const run = await h.run(['verify', '--target-org', 'emu', ...withFiles, '--json']);
    expect(run.code).toBe(3);
    const drift = (run.json?.result?.drift ?? []) as Array<{ fix?: string }>;
    const commands = drift.map((d) => d.fix).filter((c) => c?.startsWith('run: '));
    expect(commands.length).toBeGreaterThan(0);
    for (const c of commands) expect(c).toContain(`reco-sf deploy ${ARGS}`);
    // The targets file's username, not the config's default.
    expect(JSON.stringify(run.json)).toContain('hint-user@example.com.reco');
  });

  it('doctor (text): the fixes name the same org and files', async () => {
    const run = await h.run(['doctor', '--target-org', 'emu', ...withFiles]);
    expect(run.stdout).toContain(`reco-sf deploy ${ARGS}`);
    expect(run.stdout).not.toMatch(/reco-sf \w+ --target-org emu(?! --config)/);
  });

  it('plan --json: the lock notice names --config (and not --targets-file, which lock does not take)', async () => {
    const run = await h.run(['plan', '--target-org', 'emu', ...withFiles, '--json']);
    expect(run.code).toBe(0);
    const notice = (run.json?.warnings ?? []).find((w) => w.code === 'LOCK_NOTICE')?.fix;
    expect(notice).toContain(
      `run: reco-sf lock --target-org emu --config ${CONFIG}, then commit alt/reco.lock.json`,
    );
  });

  it('deploy --json: PRODUCTION_NOT_CONFIRMED names --config', async () => {
    const run = await h.run(['deploy', '--target-org', 'prod', '--config', CONFIG, '--json']);
    expect(run.code).toBe(2);
    expect(run.json).toMatchObject({
      code: 'PRODUCTION_NOT_CONFIRMED',
      fix: `run it in a terminal to confirm, or: reco-sf deploy --target-org prod --config ${CONFIG} --yes`,
    });
  });

  it('deploy --plan-hash: the fix plans again with --config', async () => {
    const run = await h.run([
      'deploy',
      '--target-org',
      'emu',
      '--config',
      CONFIG,
      '--plan-hash',
      'f00'.padEnd(64, '0'),
      '--json',
    ]);
    expect(run.code).toBe(2);
    expect(run.json).toMatchObject({ code: 'PLAN_CHANGED' });
    expect(String(run.json?.fix)).toContain(`reco-sf plan --target-org emu --config ${CONFIG},`);
  });

  it('deploy: the hand-off repeats the org and --config; teardown (text) too', async () => {
    const run = await h.run(['deploy', '--target-org', 'emu', '--config', CONFIG, '--json']);
    expect(run.json).toMatchObject({ status: 0 });
    const steps = ((run.json?.result?.handoff as { steps?: string[] }) ?? {}).steps ?? [];
    expect(steps.join('\n')).toContain(`reco-sf doctor --target-org emu --config ${CONFIG}`);
    const teardown = await h.run(['teardown', '--target-org', 'emu', '--config', CONFIG]);
    expect(teardown.code).toBe(0);
    expect(teardown.stdout).toContain(
      `run again with --yes to remove it: reco-sf teardown --target-org emu --config ${CONFIG} --yes`,
    );
  });

  it("handoff --targets-file: the org's own username from the file, and a fix that keeps the file", async () => {
    const run = await h.run(['handoff', '--target-org', 'emu', ...withFiles, '--json']);
    expect(run.code).toBe(1);
    expect(run.json).toMatchObject({
      code: 'USER_MISSING',
      message: expect.stringContaining('hint-user@example.com.reco'),
      fix: `run reco-sf deploy ${ARGS} first`,
    });
  });
});
