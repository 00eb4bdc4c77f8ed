/**
 * File output at the edge of the program: every write goes to a temporary file in the target's
 * directory and is renamed into place, so a crash never leaves half a file. A set of files is
 * staged completely before the first rename, so a failure while staging leaves the tree as it was.
 */
import {
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
import { randomBytes } from 'node:crypto';

function tempNameFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

export function writeFileAtomic(path: string, content: string | Buffer): void {
  writeFilesAtomic([{ path, content }]);
}

export interface FileToWrite {
  path: string;
  content: string | Buffer;
}

/** Writes all files or none: stages every temp file first, then renames each into place. */
export function writeFilesAtomic(files: FileToWrite[]): void {
  const staged: Array<{ temp: string; path: string }> = [];
  try {
    for (const file of files) {
      mkdirSync(dirname(file.path), { recursive: true });
      const temp = tempNameFor(file.path);
      writeFileSync(temp, file.content);
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
