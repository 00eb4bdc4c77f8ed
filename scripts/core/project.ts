/** Locating the SFDX project the command runs in, like the sf CLI does. */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DEFAULT_CONFIG_PATH } from './config';

export function findProjectRoot(start: string = process.cwd()): string {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, 'sfdx-project.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return resolve(start);
    dir = parent;
  }
}

export function configPathFor(root: string, option?: string): string {
  return option ? resolve(option) : join(root, DEFAULT_CONFIG_PATH);
}
