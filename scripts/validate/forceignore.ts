/**
 * Whether .forceignore keeps a path out of `sf` deploys, matched with the `ignore` package (the
 * gitignore semantics SDR's ForceIgnore uses) and SDR's own default patterns, without loading
 * SDR. Paths are relative to the project root, with forward slashes.
 */
import { readInput } from '../core/read';
import { join } from 'node:path';

/** SDR's ForceIgnore.DEFAULT_IGNORE (source-deploy-retrieve, src/resolve/forceIgnore.ts), less its `.sf/orgs` exceptions. */
const SDR_DEFAULT_IGNORE = ['**/*.dup', '**/.*', '**/package2-descriptor.json', '**/package2-manifest.json'];

export type ForceIgnore = (relPath: string) => boolean;

/** A matcher for the project's .forceignore (SDR's defaults only, when there is none). */
export function forceIgnoreOf(root: string): ForceIgnore {
  // No (or an unreadable) .forceignore: SDR applies its defaults only.
  const read = readInput(join(root, '.forceignore'), { maxBytes: 1024 * 1024, root });
  const text = read.ok ? read.text : '';
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ignore = require('ignore') as (options?: object) => {
    add(p: string): unknown;
    ignores(p: string): boolean;
  };
  const matcher = ignore();
  matcher.add(`${SDR_DEFAULT_IGNORE.join('\n')}\n${text}`);
  return (relPath) => matcher.ignores(relPath);
}

export function isForceIgnored(root: string, relPath: string): boolean {
  return forceIgnoreOf(root)(relPath);
}
