/** `reco-sf docs [--check]`: regenerates the README sections that come from the schema and the catalog. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../core/files';
import { info } from '../core/output';
import { findProjectRoot } from '../core/project';
import { renderReadme } from '../docs/readme';

export async function docsCommand(opts: { check?: boolean }): Promise<number> {
  const path = join(findProjectRoot(), 'README.md');
  const current = readFileSync(path, 'utf8');
  const next = renderReadme(current);
  if (next === current) {
    info('docs: README.md is up to date');
    return 0;
  }
  if (opts.check) {
    info('docs --check: README.md generated sections are stale; run reco-sf docs');
    return 3; // drift found: the README differs from what the schema and catalog generate
  }
  writeFileAtomic(path, next);
  info('docs: README.md updated');
  return 0;
}
