/**
 * `prepare` (bin/prepare.js) builds dist/ on npm ci, but not when npm runs it for `npx reco-sf`'s
 * self-install into the npx cache (npm_command=exec) of a project whose dist/ is built: that
 * rebuild made the first npx of a clone take ~35 s.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO } from '../builders/project';

describe('bin/prepare.js', () => {
  let dir: string;
  beforeAll(() => {
    // A project with the script and no TypeScript: a build attempt fails, a skip exits 0.
    dir = mkdtempSync(join(tmpdir(), 'reco-sf-prepare-'));
    mkdirSync(join(dir, 'bin'));
    copyFileSync(join(REPO, 'bin', 'prepare.js'), join(dir, 'bin', 'prepare.js'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const prepare = (npmCommand: string) =>
    spawnSync(process.execPath, [join(dir, 'bin', 'prepare.js')], {
      cwd: dir,
      env: { ...process.env, npm_command: npmCommand },
      encoding: 'utf8',
    });

  it('builds on npm ci, and under npx while dist/ is not built', () => {
    expect(prepare('ci').status).not.toBe(0);
    expect(prepare('ci').stderr).toContain("Cannot find module 'typescript/bin/tsc'");
    expect(prepare('exec').status).not.toBe(0);
  });

  it('skips the build under npx (npm_command=exec) once dist/ is built', () => {
    mkdirSync(join(dir, 'dist', 'scripts'), { recursive: true });
    writeFileSync(join(dir, 'dist', 'scripts', 'cli.js'), '');
    expect(prepare('exec').status).toBe(0);
    expect(prepare('install').status).not.toBe(0);
  });
});
