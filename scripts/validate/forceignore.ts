/**
 * Whether .forceignore keeps a path out of `sf` deploys. Uses SDR's own ForceIgnore class only
 * when SDR is loaded anyway; the patterns we write are simple globs, matched here with the
 * same `ignore` package semantics SDR uses (gitignore rules).
 */
import { readInput } from '../core/read';
import { join } from 'node:path';

export function isForceIgnored(root: string, relPath: string): boolean {
  const read = readInput(join(root, '.forceignore'), { maxBytes: 1024 * 1024, root });
  if (!read.ok) return false;
  const text = read.text;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ignore = require('ignore') as (options?: object) => {
    add(p: string): unknown;
    ignores(p: string): boolean;
  };
  const matcher = ignore();
  matcher.add(text);
  return matcher.ignores(relPath);
}
