/**
 * The lock through the CLI, offline: a config edit that asks nothing new of the org keeps the
 * lock's resolved permission in the committed tree; a new question makes the lock stale (named,
 * with the fix) without dropping it; an unreadable lock stops generate, validate, plan and deploy
 * (exit 2, file:line:col, nothing written); every message names the lock beside the config given.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileAt, type Diagnostic } from '../../scripts/core/diagnostic';
import { lockFromSnapshot, serializeLock } from '../../scripts/lock/lock';
import { aModel } from '../builders/model';
import {
  aConfig,
  aProject,
  removeTempDirs,
  runCli,
  treeHash,
  writeJson,
  type ConfigFile,
} from '../builders/project';
import { ELO_PERMISSION, aSnapshot } from '../org/builders';

afterAll(removeTempDirs);

const PERMISSION_SET = 'force-app/main/default/permissionsets/Reco_Integration.permissionset-meta.xml';
const CONFIG = 'config/reco.config.json';
const LOCK = 'config/reco.lock.json';

interface ValidateJson {
  status: number;
  result: { errors: Diagnostic[]; warnings: Diagnostic[] };
}

/** A demo project locked for a Shield org (as `reco-sf lock` leaves it): lock written, tree regenerated. */
async function lockedProject(): Promise<string> {
  const project = aProject();
  writeFileSync(join(project, LOCK), serializeLock(lockFromSnapshot(aModel(), aSnapshot())));
  expect((await runCli(project, ['generate'])).code).toBe(0);
  expect(readFileSync(join(project, PERMISSION_SET), 'utf8')).toContain(`<name>${ELO_PERMISSION}</name>`);
  return project;
}

function editConfig(project: string, change: (c: ConfigFile) => void, path = CONFIG): void {
  writeJson(join(project, path), aConfig(change));
}

async function validateJson(project: string, args: string[] = []): Promise<ValidateJson & { code: number }> {
  const run = await runCli(project, ['validate', '--json', ...args]);
  return { code: run.code, ...(JSON.parse(run.stdout) as ValidateJson) };
}

describe('reco-sf lock file, offline', () => {
  it.each<[string, (c: ConfigFile) => void]>([
    ['the username', (c) => (c.integrationUser.username = 'reco@acme.example.com.uat')],
    ['the ranges', (c) => (c.trustedIpRanges = [{ cidr: '192.0.2.0/24', description: 'Reco pool' }])],
    [
      'the description',
      (c) => (c.permissionSet.description = 'Reco read-only access. Owned by the release team.'),
    ],
  ])(
    'an edit of %s: generate keeps the resolved permission, validate shows no LOCK_STALE, generate --check passes',
    async (_what, change) => {
      const project = await lockedProject();
      editConfig(project, change);
      const generate = await runCli(project, ['generate']);
      expect(generate.code).toBe(0);
      expect(generate.stdout + generate.stderr).not.toContain('LOCK_');
      expect(readFileSync(join(project, PERMISSION_SET), 'utf8')).toContain(`<name>${ELO_PERMISSION}</name>`);
      const validate = await validateJson(project);
      expect(validate.code).toBe(0);
      expect(validate.result.warnings.map((w) => w.code)).not.toContain('LOCK_STALE');
      expect((await runCli(project, ['generate', '--check'])).code).toBe(0);
    },
  );

  it('a permission the lock never looked up: stale, naming it and the fix; the resolved permission stays', async () => {
    const project = await lockedProject();
    editConfig(project, (c) =>
      c.permissionSet.additionalPermissions.push({
        permission: 'ManageUsers',
        justification: 'the release team needs it for a test',
      }),
    );
    const generate = await runCli(project, ['generate']);
    expect(generate.code).toBe(0);
    expect(generate.stdout + generate.stderr).toContain('LOCK_STALE');
    expect(generate.stdout + generate.stderr).toContain(
      'permission ManageUsers (permissionSet.additionalPermissions[0].permission)',
    );
    const committed = readFileSync(join(project, PERMISSION_SET), 'utf8');
    expect(committed).toContain(`<name>${ELO_PERMISSION}</name>`);
    expect(committed).toContain('<name>ManageUsers</name>');
    const validate = await validateJson(project);
    expect(validate.code).toBe(0);
    const stale = validate.result.warnings.find((w) => w.code === 'LOCK_STALE');
    expect(stale).toMatchObject({ location: { file: LOCK } });
    expect(stale?.message).toContain('permission ManageUsers');
    expect(stale?.fix).toContain('reco-sf lock --target-org ORG');
  });

  describe('an unreadable lock stops every command that reads it: exit 2, file:line:col, nothing written', () => {
    let project: string;
    beforeAll(async () => {
      project = await lockedProject();
      const text = readFileSync(join(project, LOCK), 'utf8').replace('"objects": [', '"objects": [,');
      writeFileSync(join(project, LOCK), text);
    });

    it('generate', async () => {
      const before = treeHash(project);
      const run = await runCli(project, ['generate']);
      expect(run.code).toBe(2);
      expect(run.stderr + run.stdout).toMatch(/config\/reco\.lock\.json:\d+:\d+ +ERROR LOCK_INVALID/);
      expect(run.stderr).toContain('error(s) in config/reco.lock.json; nothing written');
      expect(treeHash(project)).toBe(before);
    });

    it('generate --json', async () => {
      const run = await runCli(project, ['generate', '--json']);
      expect(run.code).toBe(2);
      const out = JSON.parse(run.stdout) as { result: { problems: Diagnostic[] } };
      expect(out.result.problems).toEqual([
        expect.objectContaining({
          code: 'LOCK_INVALID',
          location: expect.objectContaining({ file: LOCK, line: expect.any(Number) as number }) as unknown,
        }),
      ]);
    });

    it('validate (no OUT_OF_SYNC noise: there is nothing to compare with)', async () => {
      const validate = await validateJson(project);
      expect(validate.code).toBe(2);
      expect(validate.result.errors.map((e) => e.code)).toEqual(['LOCK_INVALID']);
      expect(validate.result.errors[0]).toMatchObject({
        location: { file: LOCK, line: expect.any(Number) as number },
      });
    });

    it.each([
      ['plan', ['plan', '--empty', '--json']],
      ['deploy', ['deploy', '--target-org', 'nowhere', '--json']],
    ])('%s refuses before any request', async (_what, args) => {
      const run = await runCli(project, args);
      expect(run.code).toBe(2);
      expect(run.stdout).toContain('LOCK_INVALID');
      expect(run.stdout).toContain('config/reco.lock.json');
    });
  });

  describe('--config other/dir/x.config.json: the lock is other/dir/x.lock.json, and messages say so', () => {
    let project: string;
    beforeAll(async () => {
      project = aProject();
      mkdirSync(join(project, 'other', 'dir'), { recursive: true });
      renameSync(join(project, CONFIG), join(project, 'other/dir/x.config.json'));
    });

    it('validate warns that other/dir/x.lock.json is missing', async () => {
      const validate = await validateJson(project, ['--config', 'other/dir/x.config.json']);
      const missing = validate.result.warnings.find((w) => w.code === 'LOCK_MISSING');
      expect(fileAt(missing)?.file).toBe('other/dir/x.lock.json');
      expect(missing?.message).toContain('no other/dir/x.lock.json');
    });

    it('a stale and then an unreadable lock are named by that path', async () => {
      writeFileSync(
        join(project, 'other/dir/x.lock.json'),
        serializeLock(lockFromSnapshot(aModel(), aSnapshot())),
      );
      editConfig(
        project,
        (c) =>
          c.permissionSet.additionalPermissions.push({
            permission: 'ManageUsers',
            justification: 'a test of the lock',
          }),
        'other/dir/x.config.json',
      );
      const stale = await validateJson(project, ['--config', 'other/dir/x.config.json']);
      expect(stale.result.warnings.find((w) => w.code === 'LOCK_STALE')?.message).toMatch(
        /^other\/dir\/x\.lock\.json /,
      );
      writeFileSync(join(project, 'other/dir/x.lock.json'), '{ "lockVersion": 2 ');
      const run = await runCli(project, ['generate', '--config', 'other/dir/x.config.json']);
      expect(run.code).toBe(2);
      expect(run.stderr + run.stdout).toContain('other/dir/x.lock.json:1:');
      expect(run.stderr + run.stdout).not.toContain('config/reco.lock.json');
    });
  });
});
