import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { compareText } from '../../scripts/core/order';
import { aConfig, writeProject } from '../builders/project';

/** Every file under dir, as path → content. */
function tree(dir: string, root = dir, out = new Map<string, string>()): Map<string, string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) tree(path, root, out);
    else out.set(relative(root, path), readFileSync(path, 'utf8'));
  }
  return out;
}

describe('compareText', () => {
  it('orders names the same whatever the process locale (Danish "Aa" and Lithuanian "Y" included)', () => {
    const names = ['Ya', 'Ja', 'Aa', 'Ab', 'Z', 'ab', 'Holiday', 'ChatterActivity'];
    expect([...names].sort(compareText)).toEqual([
      'Aa',
      'ab',
      'Ab',
      'ChatterActivity',
      'Holiday',
      'Ja',
      'Ya',
      'Z',
    ]);
  });
});

describe('generate under another locale', () => {
  it('writes byte-identical files under LANG=cs_CZ as under C', () => {
    // Czech sorts "Ch" after "H": with the process locale, ChatterActivity went after Holiday.
    const config = aConfig((c) => {
      c.permissionSet.objectAccess.push(
        { object: 'Holiday', access: 'Read' },
        { object: 'ChatterActivity', access: 'Read' },
      );
    });
    const dirs = ['C', 'cs_CZ.UTF-8'].map((locale) => {
      const dir = mkdtempSync(join(tmpdir(), 'reco-order-'));
      writeProject(dir, config);
      execFileSync(process.execPath, [join(__dirname, '../../bin/reco-sf.js'), 'generate'], {
        cwd: dir,
        env: { ...process.env, LANG: locale, LC_ALL: locale },
        stdio: 'pipe',
      });
      return dir;
    });
    try {
      const [c, ...others] = dirs.map((d) => tree(join(d, 'force-app')));
      expect(c.size).toBeGreaterThan(0);
      for (const other of others) expect(other).toEqual(c);
    } finally {
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    }
  });
});
