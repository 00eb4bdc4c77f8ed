/**
 * The guard that fails a test run writing into the repository (jest globalSetup/globalTeardown),
 * on a throwaway git repository: a file rewritten and put back is caught, as are files changed,
 * created and removed; ignored files and, with UPDATE_GOLDEN=1, goldens are not reported.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir, removeTempDirs } from '../builders/project';
import { startRepoGuard } from './repo-guard';

afterAll(removeTempDirs);

/** A git repository with README.md, config/a.json and test/golden/g.txt added, and .reco/ ignored. */
function aRepository(): string {
  const root = makeTempDir('reco-sf-guard-');
  const files: Record<string, string> = {
    'README.md': '# readme\n',
    'config/a.json': '{}\n',
    'test/golden/g.txt': 'golden\n',
    '.gitignore': '.reco/\n',
  };
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(join(root, file, '..'), { recursive: true });
    writeFileSync(join(root, file), text);
  }
  execFileSync('git', ['init', '--quiet'], { cwd: root });
  execFileSync('git', ['add', '.'], { cwd: root });
  return root;
}

describe('the repository guard of a test run', () => {
  it('reports nothing when the run only reads, or writes ignored files', async () => {
    const root = aRepository();
    const guard = startRepoGuard(root);
    mkdirSync(join(root, '.reco'));
    writeFileSync(join(root, '.reco', 'cache.json'), '{}');
    expect(await guard.stop()).toEqual([]);
  });

  it('names a file rewritten in place and put back, and the temp file staged beside it', async () => {
    const root = aRepository();
    const guard = startRepoGuard(root);
    writeFileSync(join(root, 'README.md.tmp-1'), '# older readme\n');
    writeFileSync(join(root, 'README.md'), '# older readme\n');
    unlinkSync(join(root, 'README.md.tmp-1'));
    writeFileSync(join(root, 'README.md'), '# readme\n');
    expect(await guard.stop()).toEqual([
      'README.md: written during the run (then put back as it was)',
      'README.md.tmp-1: created during the run, then removed',
    ]);
  });

  it('names files changed, created and removed', async () => {
    const root = aRepository();
    const guard = startRepoGuard(root);
    writeFileSync(join(root, 'config', 'a.json'), '{"changed":true}\n');
    writeFileSync(join(root, 'config', 'b.json'), '{}\n');
    rmSync(join(root, 'README.md'));
    expect(await guard.stop()).toEqual([
      'README.md: removed',
      'config/a.json: changed',
      'config/b.json: created',
    ]);
  });

  it('leaves goldens to a run with UPDATE_GOLDEN=1, and to that run only', async () => {
    const root = aRepository();
    const updating = startRepoGuard(root, true);
    const plain = startRepoGuard(root);
    writeFileSync(join(root, 'test', 'golden', 'g.txt'), 'new golden\n');
    expect(await updating.stop()).toEqual([]);
    expect(await plain.stop()).toEqual(['test/golden/g.txt: changed']);
  });

  it('does nothing outside a git checkout', async () => {
    const root = makeTempDir('reco-sf-guard-copy-');
    writeFileSync(join(root, 'README.md'), '# readme\n');
    const guard = startRepoGuard(root);
    writeFileSync(join(root, 'README.md'), '# changed\n');
    expect(await guard.stop()).toEqual([]);
  });
});
