/**
 * A test run writes nothing into the repository: every test works on temporary copies
 * (test/builders/project.ts). The guard records the content of every file git tracks or would
 * track (untracked, not ignored) when the run starts, watches their folders while it runs, and at
 * the end names each file written: left changed, created, removed, or changed and then put back
 * (a test that rewrites a file in place and restores it is caught too). Outside a git checkout
 * (a copy of the repository) there is nothing to compare with, and it does nothing. With
 * UPDATE_GOLDEN=1 the goldens and snapshots are the run's to write.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, watch, type FSWatcher } from 'node:fs';
import { dirname, join, posix } from 'node:path';

export interface RepoGuard {
  /** Stops watching; resolves to one line per file the run wrote (empty: nothing written). */
  stop(): Promise<string[]>;
}

/** Paths a run with UPDATE_GOLDEN=1 is asked to write. */
const GOLDEN = /(^|\/)(golden|__snapshots__)\//;

function git(root: string, args: string[]): string | undefined {
  try {
    return execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return undefined;
  }
}

/** Files git tracks or would track under `root` (relative, forward slashes); undefined outside a checkout. */
function repositoryFiles(root: string): string[] | undefined {
  return git(root, ['ls-files', '-z', '--cached', '--others', '--exclude-standard'])
    ?.split('\0')
    .filter((f) => f !== '');
}

function contentHash(path: string): string {
  try {
    return createHash('sha256').update(readFileSync(path)).digest('hex');
  } catch {
    return 'absent';
  }
}

function isIgnored(root: string, file: string): boolean {
  return git(root, ['check-ignore', '--quiet', '--no-index', file]) !== undefined;
}

/**
 * Starts guarding `root`. `allowGoldens`: changes under golden/ and __snapshots__/ are not
 * reported (UPDATE_GOLDEN=1).
 */
export function startRepoGuard(root: string, allowGoldens = false): RepoGuard {
  const files = repositoryFiles(root);
  if (!files) return { stop: () => Promise.resolve([]) };
  const baseline = new Map(files.map((f) => [f, contentHash(join(root, f))]));
  const touched = new Set<string>();
  const folders = new Set(['.', ...files.map((f) => posix.dirname(f))]);
  const watchers: FSWatcher[] = [];
  for (const folder of folders) {
    try {
      const watcher = watch(join(root, folder), (_event, name) => {
        if (name) touched.add(folder === '.' ? String(name) : `${folder}/${String(name)}`);
      });
      watcher.unref(); // never what keeps Jest's own process alive
      watchers.push(watcher);
    } catch {
      // A folder removed since git listed it: its files are compared at the end all the same.
    }
  }
  return {
    async stop() {
      // The watchers' events are read in the event loop's poll phase: let one pass first (a
      // run in band may reach its teardown on promises alone, without one).
      await new Promise((resolve) => setTimeout(resolve, 50));
      await new Promise((resolve) => setImmediate(resolve));
      for (const watcher of watchers) watcher.close();
      const now = repositoryFiles(root) ?? [];
      const written = new Map<string, string>();
      for (const [file, hash] of baseline) {
        const current = contentHash(join(root, file));
        if (current === 'absent') written.set(file, 'removed');
        else if (current !== hash) written.set(file, 'changed');
        else if (touched.has(file)) written.set(file, 'written during the run (then put back as it was)');
      }
      for (const file of now) if (!baseline.has(file)) written.set(file, 'created');
      for (const file of touched)
        if (!baseline.has(file) && contentHash(join(root, file)) === 'absent' && !isIgnored(root, file))
          written.set(file, 'created during the run, then removed');
      return [...written]
        .filter(([file]) => !(allowGoldens && GOLDEN.test(file)))
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([file, what]) => `${file}: ${what}`);
    },
  };
}

/** The repository this configuration tests: the folder above test/. */
export const REPOSITORY_ROOT = dirname(dirname(__dirname));
