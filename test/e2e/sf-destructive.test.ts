/**
 * The real `sf` CLI's destructive deploys against the emulator (`sf project deploy start
 * --manifest … --pre-destructive-changes … --post-destructive-changes …`), with the manifests
 * reco-sf builds through SDR (scripts/org/manifest.ts): an External Client App cannot go while
 * its settings and policies name it, whatever the order inside one manifest; deleted in pre, its
 * parts are gone before the app goes in post (Metadata API Developer Guide, "Deleting Components
 * from an Organization"). Three `sf` calls.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type EmulatorHandle } from '../../scripts/emulator';
import { manifestFiles } from '../../scripts/org/manifest';
import { copyProjectTo, loginToEmulator, runSf } from '../helpers/sf';
import { createHarness, type Harness } from './deploy-harness';

type Member = { type: string; fullName: string };

const APP_TYPES = [
  'ExternalClientApplication',
  'ExtlClntAppOauthSettings',
  'ExtlClntAppOauthConfigurablePolicies',
  'ExtlClntAppConfigurablePolicies',
];

describe('sf project deploy start with destructive manifests', () => {
  let h: Harness;
  let org: EmulatorHandle;
  let project: string;

  beforeAll(async () => {
    h = createHarness();
    org = await startEmulator();
    project = copyProjectTo(mkdtempSync(join(tmpdir(), 'reco-sf-sf-destructive-')));
    await loginToEmulator(org, h.home, 'emu');
  });
  afterAll(async () => {
    await org.stop();
    rmSync(project, { recursive: true, force: true });
    await h.cleanup();
    jest.restoreAllMocks();
  });

  const appInOrg = (): Member[] =>
    APP_TYPES.flatMap((type) => org.store.listMetadata(type).map((c) => ({ type, fullName: c.fullName })));

  async function sfDelete(manifest: { pre?: Member[]; post: Member[] }): Promise<number> {
    const files = await manifestFiles({ add: [], ...manifest }, '66.0');
    const args = ['project', 'deploy', 'start', '--target-org', 'emu', '--json'];
    for (const f of files) {
      writeFileSync(join(project, f.path), f.content);
      const flag = {
        'package.xml': '--manifest',
        'destructiveChangesPre.xml': '--pre-destructive-changes',
        'destructiveChangesPost.xml': '--post-destructive-changes',
      }[f.path];
      if (flag) args.push(flag, f.path);
    }
    return (await runSf(args, { cwd: project, home: h.home })).code;
  }
  it("deletes an External Client App's parts in pre and the app in post, never the app while they name it", async () => {
    const deployed = await runSf(['project', 'deploy', 'start', '--target-org', 'emu', '--json'], {
      cwd: project,
      home: h.home,
    });
    expect(deployed.code).toBe(0);
    const app = appInOrg();
    const parts = app.filter((c) => c.type !== 'ExternalClientApplication');
    const eca = app.filter((c) => c.type === 'ExternalClientApplication');
    expect(eca).toHaveLength(1);
    expect(parts).toHaveLength(3);

    // One manifest as SDR writes it: ExternalClientApplication sorts before the ExtlClntApp* parts.
    expect(await sfDelete({ post: [...parts, ...eca] })).toBe(1);
    expect(appInOrg()).toEqual(app);

    expect(await sfDelete({ pre: parts, post: eca })).toBe(0);
    expect(appInOrg()).toEqual([]);
  });
});
