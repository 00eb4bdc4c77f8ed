/**
 * File output at the edge of the program: every write goes to a temporary file in the target's
 * directory and is renamed into place, so a crash never leaves half a file. A set of files is
 * staged completely before the first rename, so a failure while staging leaves the tree as it was.
 */
import {
  chmodSync,
  mkdtempSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  lstatSync,
  writeFileSync,
  existsSync,
  readFileSync,
} from 'node:fs';
import { dirname, join, basename, relative, sep } from 'node:path';
import { tmpdir } from 'node:os';
import type * as Crypto from 'node:crypto';

function tempNameFor(path: string): string {
  // node:crypto on the first write only: a warm `validate` writes nothing and skips its load (~6 ms).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { randomBytes } = require('node:crypto') as typeof Crypto;
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

export function writeFileAtomic(path: string, content: string | Buffer): void {
  writeFilesAtomic([{ path, content }]);
}

export interface FileToWrite {
  path: string;
  content: string | Buffer;
}

export interface WriteModes {
  /** Mode of each file written (e.g. 0o600 for files holding org data); default 0o666 less umask. */
  fileMode?: number;
  /** Mode of folders created on the way; default 0o777 less umask. */
  dirMode?: number;
}

/** Writes all files or none: stages every temp file first, then renames each into place. */
export function writeFilesAtomic(files: FileToWrite[], modes: WriteModes = {}): void {
  const staged: Array<{ temp: string; path: string }> = [];
  try {
    for (const file of files) {
      mkdirSync(dirname(file.path), { recursive: true, mode: modes.dirMode });
      const temp = tempNameFor(file.path);
      // The mode is set at creation: a private file is never readable by others, not even briefly.
      writeFileSync(temp, file.content, { mode: modes.fileMode });
      staged.push({ temp, path: file.path });
    }
  } catch (error) {
    for (const { temp } of staged) rmSync(temp, { force: true });
    throw error;
  }
  for (const { temp, path } of staged) renameSync(temp, path);
}

export function readTextIfExists(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

/**
 * Every entry below `dir` that is not a directory, depth first in name order; an absent
 * directory has none. Symbolic links are listed as entries and never followed (a link to a
 * folder outside the project must not pull that folder in); the strict reader then refuses
 * the ones that leave the project.
 */
export function listFilesRecursive(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.sort().flatMap((name) => {
    const full = join(dir, name);
    return lstatSync(full).isDirectory() ? listFilesRecursive(full) : [full];
  });
}

/**
 * The first folder on the way from `root` to `path` (exclusive of `root`, inclusive of the
 * file's own folder) that is a symbolic link, if any: writing there would land wherever the
 * link points, possibly outside the project.
 */
export function symlinkedFolderOn(root: string, path: string): string | undefined {
  const parts = relative(root, dirname(path))
    .split(sep)
    .filter((p) => p !== '' && p !== '.');
  let current = root;
  for (const part of parts) {
    current = join(current, part);
    try {
      if (lstatSync(current).isSymbolicLink()) return current;
    } catch {
      return undefined; // does not exist yet: mkdir will create a real folder
    }
  }
  return undefined;
}

const liveTempDirs = new Set<string>();
let exitHookInstalled = false;

/** Whether a process of this machine still runs (EPERM: it does, under another user). */
export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes folders `<prefix><pid>-…` in the system temp folder left by a run that was killed
 * (its pid is gone) and owned by this user. Returns the paths removed.
 */
export function sweepStaleTempDirs(prefix: string, tempRoot: string = tmpdir()): string[] {
  let names: string[];
  try {
    names = readdirSync(tempRoot);
  } catch {
    return [];
  }
  const removed: string[] = [];
  const uid = process.getuid?.();
  for (const name of names) {
    const match = new RegExp(`^${prefix}(\\d+)-`).exec(name);
    if (!match || Number(match[1]) === process.pid || processIsAlive(Number(match[1]))) continue;
    const full = join(tempRoot, name);
    try {
      const stat = lstatSync(full);
      if (!stat.isDirectory() || (uid !== undefined && stat.uid !== uid)) continue;
      rmSync(full, { recursive: true, force: true });
      removed.push(full);
    } catch {
      // another run removed it first
    }
  }
  return removed;
}

/**
 * A private temporary folder (0700; write its files with mode 0600) for data taken from an org:
 * named `<prefix><pid>-XXXXXX` so that the next run removes it if this one is killed; removed by
 * `remove()`, and at the latest when the process exits.
 */
export function makePrivateTempDir(prefix: string): { dir: string; remove(): void } {
  sweepStaleTempDirs(prefix);
  const dir = mkdtempSync(join(tmpdir(), `${prefix}${process.pid}-`));
  chmodSync(dir, 0o700);
  liveTempDirs.add(dir);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const d of liveTempDirs) rmSync(d, { recursive: true, force: true });
    });
  }
  return {
    dir,
    remove() {
      liveTempDirs.delete(dir);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
