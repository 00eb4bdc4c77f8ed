/** Special files for the hostile-input tests: a FIFO made with mkfifo(1) (Node has no mkfifo). */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';

export function makeFifo(path: string): string {
  execFileSync('mkfifo', [path]);
  return path;
}

/**
 * Hash of every entry under `dir` (path, kind, bytes of regular files, targets of links) that
 * never opens a FIFO or device and never follows a link: equal hashes mean nothing was written.
 */
export function safeTreeHash(dir: string): string {
  const hash = createHash('sha256');
  const walk = (current: string, rel: string): void => {
    for (const name of readdirSync(current).sort()) {
      const full = join(current, name);
      const path = rel ? `${rel}/${name}` : name;
      const stat = lstatSync(full);
      hash.update(path).update('\0');
      if (stat.isDirectory()) {
        hash.update('dir\0');
        walk(full, path);
      } else if (stat.isSymbolicLink()) hash.update(`link:${readlinkSync(full)}\0`);
      else if (stat.isFile()) hash.update(readFileSync(full)).update(`\0${stat.mode}\0`);
      else hash.update(`special:${stat.mode}\0`);
    }
  };
  walk(dir, '');
  return hash.digest('hex');
}
