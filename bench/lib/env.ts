/** Temporary project copies and the quiet, offline environment for the real `sf` CLI. */
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QUIET_SF_ENV } from '../../scripts/core/sf-env';

export const REPO = join(__dirname, '..', '..', '..');
export const RECO_BIN = join(REPO, 'bin', 'reco-sf.js');
export const SF_BIN = join(REPO, 'node_modules', '.bin', 'sf');

const temps: string[] = [];

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `reco-bench-${prefix}-`));
  temps.push(dir);
  return dir;
}

/** Removes every temporary folder this process made. */
export function cleanupTemps(): void {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A copy of the project tree the tools read (config, force-app, sfdx-project.json, .forceignore). */
export function projectCopy(prefix: string): string {
  const dir = tempDir(prefix);
  for (const entry of ['sfdx-project.json', '.forceignore', 'force-app', 'config']) {
    const from = join(REPO, entry);
    if (existsSync(from)) cpSync(from, join(dir, entry), { recursive: true });
  }
  return dir;
}

/**
 * The environment for `sf`: a temporary HOME (no user config, no stored orgs), the quiet switches
 * (scripts/core/sf-env.ts) and no colour.
 */
export function quietSfEnv(home: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    LANG: 'C.UTF-8',
    ...QUIET_SF_ENV,
    NO_COLOR: '1',
    ...extra,
  };
  if (process.env.TMPDIR) env.TMPDIR = process.env.TMPDIR;
  return env;
}
