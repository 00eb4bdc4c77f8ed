/**
 * Builders shared by the generator, validator and CLI tests: configs derived from the demo config
 * fixture (test/fixtures/configs/demo.config.json, never the customer's config/reco.config.json),
 * temporary projects generated from them (never copies of the committed force-app/), a tree hash
 * to prove "nothing written", and an in-process runner of the real CLI entry point (`main()`).
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
import { runOfflinePipeline } from '../../scripts/generate/pipeline';
import { compareTree, writeTree } from '../../scripts/generate/write';

export const REPO = join(__dirname, '..', '..');
/** The config every test starts from: the demo config, as a fixture of the tests. */
export const DEMO_CONFIG = join(REPO, 'test', 'fixtures', 'configs', 'demo.config.json');
/** The tool's own files a project needs beside the config (not the customer's to edit). */
const CONFIG_SCHEMA_FILE = join(REPO, 'config', 'reco.config.schema.json');
const FORCEIGNORE_FILE = join(REPO, '.forceignore');

/** A config file as written (with `$schema`), before defaults are filled. */
export type ConfigFile = RecoConfig & { $schema?: string };

/** The demo config fixture, parsed afresh (callers may mutate it). */
export function demoConfig(): ConfigFile {
  return JSON.parse(readFileSync(DEMO_CONFIG, 'utf8')) as ConfigFile;
}

/** A full config: the demo config, changed by `change` (which may mutate its argument). */
export function aConfig(change: (config: ConfigFile) => void = () => undefined): ConfigFile {
  const config = demoConfig();
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

/**
 * Writes a complete project for `config` into `dir` as a customer would have it after
 * `reco-sf generate`: config/reco.config.json (+ its schema), .forceignore, and everything the
 * generator writes (sfdx-project.json, config/*-def.json, force-app/). Throws when the config is
 * invalid. Returns `dir`.
 */
export function writeProject(dir: string, config: ConfigFile = demoConfig()): string {
  mkdirSync(join(dir, 'config'), { recursive: true });
  cpSync(CONFIG_SCHEMA_FILE, join(dir, 'config', 'reco.config.schema.json'));
  cpSync(FORCEIGNORE_FILE, join(dir, '.forceignore'));
  const configPath = join(dir, 'config', 'reco.config.json');
  writeJson(configPath, config);
  const offline = runOfflinePipeline(dir, configPath);
  if (!offline.project)
    throw new Error(`test config does not generate: ${JSON.stringify(offline.problems, null, 2)}`);
  writeTree(dir, offline.project.files, compareTree(dir, offline.project.files));
  return dir;
}

let demoTemplate: string | undefined;

/**
 * A new temp project generated from `config` (default: the demo config; that one is generated
 * once per test file and copied).
 */
export function aProject(config?: ConfigFile): string {
  const dest = makeTempDir('reco-sf-project-');
  if (config) return writeProject(dest, config);
  if (!demoTemplate || !existsSync(demoTemplate))
    demoTemplate = writeProject(makeTempDir('reco-sf-demo-'), demoConfig());
  for (const entry of PROJECT_ENTRIES)
    cpSync(join(demoTemplate, entry), join(dest, entry), { recursive: true });
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
