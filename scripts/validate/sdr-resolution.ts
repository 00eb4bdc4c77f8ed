/**
 * Resolves force-app/ with source-deploy-retrieve, the library the real `sf` CLI uses, and
 * compares the component set with what the config generates (minus what .forceignore keeps
 * out of plain `sf` deploys). SDR costs ~0.5 s to import, and resolution depends only on the
 * file paths, .forceignore and SDR's version, so the result is cached under .reco/cache keyed
 * by exactly those; any change to them resolves again.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Problem } from '../core/errors';
import { readTextIfExists, writeFileAtomic } from '../core/files';

export interface ExpectedMember {
  type: string;
  fullName: string;
}

const CACHE_FILE = '.reco/cache/sdr-resolution.json';

function sdrVersion(): string {
  const pkg = JSON.parse(
    readFileSync(require.resolve('@salesforce/source-deploy-retrieve/package.json'), 'utf8'),
  ) as { version: string };
  return pkg.version;
}

function cacheKey(root: string, files: string[], expected: ExpectedMember[]): string {
  const hash = createHash('sha256');
  hash.update(sdrVersion());
  hash.update(JSON.stringify([...files].sort()));
  hash.update(readTextIfExists(join(root, '.forceignore')) ?? '');
  hash.update(JSON.stringify(expected));
  return hash.digest('hex');
}

async function resolveWithSdr(root: string, expected: ExpectedMember[]): Promise<Problem[]> {
  const { ComponentSet } = await import('@salesforce/source-deploy-retrieve');
  const set = ComponentSet.fromSource(join(root, 'force-app'));
  const actual = new Set<string>();
  for (const c of set.getSourceComponents()) actual.add(`${c.type.name}:${c.fullName}`);
  const want = new Set(expected.map((e) => `${e.type}:${e.fullName}`));
  const problems: Problem[] = [];
  for (const key of want) {
    if (!actual.has(key))
      problems.push({
        severity: 'error',
        code: 'SDR_MISSING',
        message: `source-deploy-retrieve does not resolve ${key} from force-app/`,
        file: 'force-app',
        hint: 'check the file name, folder and suffix',
      });
  }
  for (const key of actual) {
    if (!want.has(key))
      problems.push({
        severity: 'error',
        code: 'SDR_UNEXPECTED',
        message: `force-app/ resolves to ${key}, which the config does not generate`,
        file: 'force-app',
        hint: 'remove the file or run reco-sf generate',
      });
  }
  return problems;
}

/** `files` are the paths under force-app (relative to root); with `useCache` false SDR always runs. */
export async function checkSdrResolution(
  root: string,
  files: string[],
  expected: ExpectedMember[],
  useCache = true,
): Promise<Problem[]> {
  const key = cacheKey(root, files, expected);
  const cachePath = join(root, CACHE_FILE);
  if (useCache) {
    try {
      const cached = JSON.parse(readTextIfExists(cachePath) ?? 'null') as {
        key: string;
        problems: Problem[];
      } | null;
      if (cached?.key === key) return cached.problems;
    } catch {
      // A corrupt cache is just a miss.
    }
  }
  const problems = await resolveWithSdr(root, expected);
  if (useCache) {
    try {
      writeFileAtomic(cachePath, JSON.stringify({ key, problems }) + '\n');
    } catch {
      // A read-only checkout still validates; it only loses the cache.
    }
  }
  return problems;
}
