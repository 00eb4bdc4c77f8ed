/**
 * The offline gate covers the committed tree: deploy and plan refuse (exit 2, naming the file,
 * no request) when force-app/ is hand-edited or out of sync with the config, and
 * --ignore-local-changes lets those who mean it go ahead from the config.
 */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { useHarness, deployCalls, requestsSince } from './deploy-harness';

const PERMSET = 'force-app/main/default/permissionsets/Reco_Integration.permissionset-meta.xml';

describe('offline gate over the committed tree', () => {
  const h = useHarness();

  beforeAll(() => {
    appendFileSync(join(h.project, PERMSET), '<!-- hand edit -->\n');
  });

  it('Given a hand-edited file, then deploy --dry-run and plan refuse naming it, with no request', async () => {
    const org = await h.org({ shape: ['shield', 'sandbox'] });
    const registered = org.requestLog().length; // registering the alias reads the org once
    for (const args of [
      ['deploy', '--dry-run', '--target-org', 'emu', '--json'],
      ['plan', '--target-org', 'emu', '--json'],
    ]) {
      const run = await h.run(args);
      expect(run.code).toBe(2);
      expect(run.json).toMatchObject({ code: 'CONFIG_INVALID' });
      // Each problem of the gate is one of the error's diagnostics, located in the file.
      expect(run.json?.diagnostics).toContainEqual(
        expect.objectContaining({ code: 'OUT_OF_SYNC', location: { file: PERMSET } }),
      );
      expect(String(run.json?.message)).toContain('OUT_OF_SYNC');
      expect(String(run.json?.fix)).toContain('--ignore-local-changes');
    }
    expect(requestsSince(org, registered)).toEqual([]);
  });

  it('Given a hand-edited file, when plan refuses in text, then the OUT_OF_SYNC line is printed once', async () => {
    await h.org({ shape: ['shield', 'sandbox'] });
    const run = await h.run(['plan', '--target-org', 'emu']);
    expect(run.code).toBe(2);
    const lines = (run.stdout + run.stderr).split('\n').filter((l) => l.includes('OUT_OF_SYNC'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(PERMSET);
  });

  it('Given kind connected-app, when deploying, then the connected-app creation warning is given once', async () => {
    await h.org({ shape: ['shield', 'sandbox'] });
    h.writeConfig((c) => (c.oauthApp.kind = 'connected-app'));
    try {
      const run = await h.run(['deploy', '--dry-run', '--target-org', 'emu', '--json']);
      expect(run.code).toBe(0);
      const blocked = (run.json?.warnings ?? []).filter((w) =>
        /connected apps? .*blocked|blocks new connected apps/i.test(w.message),
      );
      expect(blocked).toHaveLength(1);
    } finally {
      h.restoreConfig();
      appendFileSync(join(h.project, PERMSET), '<!-- hand edit -->\n');
    }
  });

  it('Given --ignore-local-changes, then the dry run goes ahead from the config and says the tree was not checked', async () => {
    const org = await h.org({ shape: ['shield', 'sandbox'] });
    const run = await h.run([
      'deploy',
      '--dry-run',
      '--target-org',
      'emu',
      '--ignore-local-changes',
      '--json',
    ]);
    expect(run.code).toBe(0);
    expect(run.json?.warnings).toContainEqual(
      expect.objectContaining({
        code: 'TREE_NOT_CHECKED',
        location: { file: 'force-app/' },
        message: '--ignore-local-changes: force-app/ was not checked against the config',
      }),
    );
    expect(deployCalls(requestsSince(org, 0))).toBe(1);
  });
});
