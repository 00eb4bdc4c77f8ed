/**
 * Builders shared by the generator, validator and CLI tests: configs derived from the committed
 * one, temporary copies of the project, a tree hash to prove "nothing written", and an
 * in-process runner of the real CLI entry point (`main()` from scripts/cli.ts).
 */
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  mkdirSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import type { RecoConfig } from '../../scripts/core/config';

export const REPO = join(__dirname, '..', '..');
export const COMMITTED_CONFIG = join(REPO, 'config', 'reco.config.json');

/** The committed config as written (with `$schema`), before defaults are filled. */
export type ConfigFile = RecoConfig & { $schema?: string };

export function committedConfig(): ConfigFile {
  return JSON.parse(readFileSync(COMMITTED_CONFIG, 'utf8')) as ConfigFile;
}

/** A full config: the committed one, changed by `change` (which may mutate its argument). */
export function aConfig(change: (config: ConfigFile) => void = () => undefined): ConfigFile {
  const config = committedConfig();
  change(config);
  return config;
}

const tempDirs: string[] = [];

export function makeTempDir(prefix = 'reco-sf-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

/** Removes every temp dir this test file made; call from afterAll. */
export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Project files the tool reads and writes. */
export const PROJECT_ENTRIES = ['sfdx-project.json', '.forceignore', 'config', 'force-app'];

/** Copies the committed project (sfdx-project.json, .forceignore, config/, force-app/) into a new temp dir. */
export function copyProject(): string {
  const dest = makeTempDir('reco-sf-project-');
  for (const entry of PROJECT_ENTRIES) cpSync(join(REPO, entry), join(dest, entry), { recursive: true });
  return dest;
}

export function writeJson(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(value, null, 2) + '\n');
}

/** Every file under `dir`, relative, with forward slashes, sorted. */
export function listTree(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const walk = (current: string): string[] =>
    readdirSync(current).flatMap((name) => {
      const full = join(current, name);
      return statSync(full).isDirectory() ? walk(full) : [relative(dir, full).split(sep).join('/')];
    });
  return walk(dir).sort();
}

/** Hash of every path and its bytes under `dir`: equal hashes mean nothing was written, removed or left behind. */
export function treeHash(dir: string): string {
  const hash = createHash('sha256');
  for (const rel of listTree(dir))
    hash
      .update(rel)
      .update('\0')
      .update(readFileSync(join(dir, rel)))
      .update('\0');
  return hash.digest('hex');
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `reco-sf <args>` in-process with `cwd` as the working folder, capturing stdout and stderr. */
export async function runCli(cwd: string, args: string[]): Promise<CliRun> {
  const { main } = await import('../../scripts/cli');
  const out: string[] = [];
  const err: string[] = [];
  const capture =
    (sink: string[]) =>
    (chunk: string | Uint8Array): boolean => {
      sink.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    };
  const stdout = jest.spyOn(process.stdout, 'write').mockImplementation(capture(out));
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(capture(err));
  const previous = process.cwd();
  process.chdir(cwd);
  try {
    const code = await main(args);
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    process.chdir(previous);
    stdout.mockRestore();
    stderr.mockRestore();
  }
}
