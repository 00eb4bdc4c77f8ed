/**
 * npm 11.16+ lists every dependency whose install script package.json's `allowScripts` does not
 * cover (npm docs, "npm install-scripts"); npm 12 skips them. Each one in the lockfile
 * (`hasInstallScript`) must carry a decision, so `npm ci` stays quiet and a new dependency with an
 * install script is reviewed when it arrives.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from '../builders/project';

interface Lock {
  packages: Record<string, { hasInstallScript?: boolean }>;
}

const json = <T>(file: string): T => JSON.parse(readFileSync(join(REPO, file), 'utf8')) as T;

describe('package.json allowScripts', () => {
  it('has a decision for every locked package with an install script', () => {
    const allow = json<{ allowScripts?: Record<string, boolean> }>('package.json').allowScripts ?? {};
    const withScripts = Object.entries(json<Lock>('package-lock.json').packages)
      .filter(([path, p]) => path !== '' && p.hasInstallScript === true)
      .map(([path]) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length));
    expect(withScripts.length).toBeGreaterThan(0);
    const undecided = withScripts.filter(
      (name) => !Object.keys(allow).some((key) => key === name || key.startsWith(`${name}@`)),
    );
    expect(undecided).toEqual([]);
  });
});
