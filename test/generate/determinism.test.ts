/**
 * The generator's I/O contract, through the real CLI entry point (`main()`), on temporary copies
 * of the project: byte-stable output, `--check` as a CI gate, stale files removed, and a failed
 * run that writes nothing.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../scripts/core/config';
import { buildModel } from '../../scripts/core/model';
import { generateProject } from '../../scripts/generate/project';
import {
  DEMO_CONFIG,
  aConfig,
  aProject,
  listTree,
  makeTempDir,
  removeTempDirs,
  runCli,
  treeHash,
  writeJson,
} from '../builders/project';

afterAll(removeTempDirs);

const PS = 'force-app/main/default/permissionsets/Reco_Integration.permissionset-meta.xml';

describe('generate', () => {
  it('the pure generator gives identical bytes twice', () => {
    const { config } = loadConfig(DEMO_CONFIG);
    if (!config) throw new Error('the demo config does not load');
    expect(generateProject(buildModel(config)).files).toEqual(generateProject(buildModel(config)).files);
  });

  it('Given a temp copy, when generated twice, then the second run writes nothing and the bytes are identical', async () => {
    const dir = aProject();
    const first = await runCli(dir, ['generate']);
    expect(first.code).toBe(0);
    const hash = treeHash(dir);
    const second = await runCli(dir, ['generate', '--json']);
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({
      status: 0,
      result: { check: false, written: [], removed: [] },
    });
    expect(treeHash(dir)).toBe(hash);
  });

  it('Given a fresh project with only the config, when generated, then --check exits 0', async () => {
    const dir = makeTempDir();
    writeFileSync(join(dir, 'sfdx-project.json'), '{}\n');
    mkdirSync(join(dir, 'config'));
    writeFileSync(join(dir, 'config', 'reco.config.json'), readFileSync(DEMO_CONFIG));
    const generated = await runCli(dir, ['generate']);
    expect(generated.code).toBe(0);
    expect(generated.stdout).toContain(`wrote ${PS}`);
    expect(await runCli(dir, ['generate', '--check'])).toMatchObject({ code: 0 });
    expect(listTree(join(dir, 'force-app'))).toEqual(listTree(join(aProject(), 'force-app')));
  });

  it('Given a hand edit, then --check exits 3 (drift), lists the file and writes nothing; generate restores it', async () => {
    const dir = aProject();
    const file = join(dir, PS);
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace('<label>Reco Integration</label>', '<label>Edited by hand</label>'),
    );
    const hash = treeHash(dir);
    const check = await runCli(dir, ['generate', '--check']);
    expect(check.code).toBe(3);
    expect(check.stdout.split('\n')).toContain(`differs: ${PS}`);
    expect(treeHash(dir)).toBe(hash);
    const json = await runCli(dir, ['generate', '--check', '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({
      status: 3,
      result: { differences: { changed: [PS], missing: [], extra: [] } },
    });
    expect(await runCli(dir, ['generate'])).toMatchObject({ code: 0 });
    expect(await runCli(dir, ['generate', '--check'])).toMatchObject({ code: 0 });
  });

  it('Given a deleted file, then --check lists it as missing', async () => {
    const dir = aProject();
    const target = 'force-app/main/default/settings/Event.settings-meta.xml';
    rmSync(join(dir, target));
    const check = await runCli(dir, ['generate', '--check']);
    expect(check.code).toBe(3);
    expect(check.stdout.split('\n')).toContain(`missing: ${target}`);
  });

  it("Given another team's permission set under force-app, then --check passes and generate leaves it alone", async () => {
    const dir = aProject();
    const theirs = 'force-app/main/default/permissionsets/Old_Set.permissionset-meta.xml';
    writeFileSync(join(dir, theirs), readFileSync(join(dir, PS)));
    expect(await runCli(dir, ['generate', '--check'])).toMatchObject({ code: 0 });
    const generated = await runCli(dir, ['generate', '--json']);
    expect(JSON.parse(generated.stdout)).toMatchObject({ result: { removed: [], written: [] } });
    expect(existsSync(join(dir, theirs))).toBe(true);
  });

  it("Given sfdx-project.json with another team's package directory and settings, then generate keeps them and --check passes", async () => {
    const dir = aProject();
    const project = JSON.parse(readFileSync(join(dir, 'sfdx-project.json'), 'utf8')) as Record<
      string,
      unknown
    > & {
      packageDirectories: Array<Record<string, unknown>>;
    };
    project.packageDirectories.push({ path: 'sales-app' });
    project.plugins = { team: true };
    writeJson(join(dir, 'sfdx-project.json'), project);
    const before = readFileSync(join(dir, 'sfdx-project.json'), 'utf8');
    expect(await runCli(dir, ['generate', '--check'])).toMatchObject({ code: 0 });
    writeJson(
      join(dir, 'config', 'reco.config.json'),
      aConfig((c) => (c.apiVersion = '65.0')),
    );
    expect((await runCli(dir, ['generate'])).code).toBe(0);
    const after = JSON.parse(readFileSync(join(dir, 'sfdx-project.json'), 'utf8')) as typeof project;
    expect(after).toEqual({ ...(JSON.parse(before) as object), sourceApiVersion: '65.0' });
  });

  it('Given a switch from External Client App to connected app, then the ECA files are removed and the ConnectedApp written', async () => {
    const dir = aProject();
    writeJson(
      join(dir, 'config', 'reco.config.json'),
      aConfig((c) => (c.oauthApp.kind = 'connected-app')),
    );
    const result = await runCli(dir, ['generate', '--json']);
    const { removed, written } = (
      JSON.parse(result.stdout) as { result: { removed: string[]; written: string[] } }
    ).result;
    expect(removed).toEqual([
      'force-app/main/default/externalClientApps/Reco_Integration.eca-meta.xml',
      'force-app/main/default/extlClntAppOauthPolicies/Reco_Integration_oauthPlcy.ecaOauthPlcy-meta.xml',
      'force-app/main/default/extlClntAppOauthSettings/Reco_Integration_oauth.ecaOauth-meta.xml',
      'force-app/main/default/extlClntAppPolicies/Reco_Integration_plcy.ecaPlcy-meta.xml',
    ]);
    expect(written).toEqual(['force-app/main/default/connectedApps/Reco_Integration.connectedApp-meta.xml']);
  });

  it('Given a switch away from connected app and back, then the folders generate emptied are removed and a folder holding another file stays', async () => {
    const dir = aProject();
    const config = join(dir, 'config', 'reco.config.json');
    const D = 'force-app/main/default';
    writeJson(
      config,
      aConfig((c) => (c.oauthApp.kind = 'connected-app')),
    );
    expect(await runCli(dir, ['generate'])).toMatchObject({ code: 0 });
    expect(existsSync(join(dir, `${D}/externalClientApps`))).toBe(false);
    expect(existsSync(join(dir, `${D}/connectedApps`))).toBe(true);

    // Another team's file in one of the folders the switch back empties of ours.
    const theirs = `${D}/connectedApps/Warehouse.connectedApp-meta.xml`;
    writeFileSync(join(dir, theirs), '<?xml version="1.0" encoding="UTF-8"?>\n');
    writeJson(config, aConfig());
    expect(await runCli(dir, ['generate'])).toMatchObject({ code: 0 });
    expect(existsSync(join(dir, theirs))).toBe(true);
    expect(existsSync(join(dir, `${D}/connectedApps/Reco_Integration.connectedApp-meta.xml`))).toBe(false);

    // Once their file is gone too, a switch to connected app and back leaves no empty connectedApps/.
    rmSync(join(dir, theirs));
    writeJson(
      config,
      aConfig((c) => (c.oauthApp.kind = 'connected-app')),
    );
    expect(await runCli(dir, ['generate'])).toMatchObject({ code: 0 });
    writeJson(config, aConfig());
    expect(await runCli(dir, ['generate'])).toMatchObject({ code: 0 });
    expect(existsSync(join(dir, `${D}/connectedApps`))).toBe(false);
    expect(existsSync(join(dir, `${D}/externalClientApps`))).toBe(true);
  });

  it('never deletes an .ecaGlblOauth file (secrets the user keeps locally, .forceignore-d)', async () => {
    const dir = aProject();
    const secret =
      'force-app/main/default/extlClntAppGlobalOauthSets/Reco_Integration_glbloauth.ecaGlblOauth-meta.xml';
    mkdirSync(join(dir, 'force-app/main/default/extlClntAppGlobalOauthSets'));
    writeFileSync(join(dir, secret), '<?xml version="1.0" encoding="UTF-8"?>\n');
    expect(await runCli(dir, ['generate'])).toMatchObject({ code: 0 });
    expect(existsSync(join(dir, secret))).toBe(true);
  });

  it('Given a bad config, then generate exits 2 and writes nothing (tree hash before = after), even with stale files present', async () => {
    const dir = aProject();
    writeFileSync(join(dir, 'force-app/main/default/permissionsets/Old_Set.permissionset-meta.xml'), 'stale');
    writeFileSync(join(dir, PS), 'hand edit');
    writeJson(
      join(dir, 'config', 'reco.config.json'),
      aConfig((c) => (c.integrationUser.alias = 'TooLongAlias')),
    );
    const before = treeHash(dir);
    const result = await runCli(dir, ['generate']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('ALIAS_TOO_LONG');
    expect(treeHash(dir)).toBe(before);
  });
});
