/**
 * Offline commands must start fast: `generate` must not load @salesforce/core or
 * source-deploy-retrieve at all. Runs the CLI from its TypeScript sources in a child process
 * (transpiled on the fly with typescript) and records every module Node loads.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir, removeTempDirs, writeProject } from '../builders/project';

const repo = join(__dirname, '../..');

function loadedModules(
  args: string[],
  setup: (project: string) => void = () => undefined,
  runsBefore = 0,
): { code: number | null; stdout: string; modules: string[] } {
  const project = writeProject(makeTempDir('reco-lazy-'));
  setup(project);
  return loadedModulesIn(project, args, runsBefore);
}

/** The modules of the last of `runsBefore + 1` runs of `args` in `project` (earlier runs: warm-up, e.g. .reco/cache). */
function loadedModulesIn(
  project: string,
  args: string[],
  runsBefore: number,
): { code: number | null; stdout: string; modules: string[] } {
  // Use the TypeScript sources through jest-free transpilation: register a minimal require hook with typescript.
  const script = `
    const Module = require('module');
    const ts = require(${JSON.stringify(join(repo, 'node_modules/typescript'))});
    const fs = require('fs');
    require.extensions['.ts'] = (m, filename) => {
      const out = ts.transpileModule(fs.readFileSync(filename, 'utf8'), { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, resolveJsonModule: true } });
      m._compile(out.outputText, filename);
    };
    const seen = new Set();
    const original = Module._load;
    Module._load = function (request) { seen.add(request); return original.apply(this, arguments); };
    require(${JSON.stringify(join(repo, 'scripts/cli.ts'))}).main(${JSON.stringify(args)}).then((code) => {
      process.stderr.write('\\nMODULES ' + JSON.stringify([...seen]) + '\\n');
      process.exitCode = code;
    });
  `;
  for (let i = 0; i < runsBefore; i++) spawnSync(process.execPath, ['-e', script], { cwd: project });
  const result = spawnSync(process.execPath, ['-e', script], { cwd: project, encoding: 'utf8' });
  const line = result.stderr.split('\n').find((l) => l.startsWith('MODULES ')) ?? 'MODULES []';
  return {
    code: result.status,
    stdout: result.stdout,
    modules: JSON.parse(line.slice('MODULES '.length)) as string[],
  };
}

afterAll(removeTempDirs);

describe('offline commands load no org libraries', () => {
  it('generate --check loads neither @salesforce/core nor source-deploy-retrieve', () => {
    const { code, modules } = loadedModules(['generate', '--check']);
    expect(code).toBe(0);
    expect(modules).toContain('fast-xml-parser');
    expect(
      modules.filter(
        (m) => m.startsWith('@salesforce/core') || m.startsWith('@salesforce/source-deploy-retrieve'),
      ),
    ).toEqual([]);
  });

  it('--version prints the package.json version and loads no command module, XML parser or org library', () => {
    const { code, stdout, modules } = loadedModules(['--version']);
    expect(code).toBe(0);
    const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string };
    expect(stdout).toBe(`${pkg.version}\n`);
    expect(
      modules.filter(
        (m) => m.startsWith('@salesforce/') || m === 'fast-xml-parser' || m.includes('/commands/'),
      ),
    ).toEqual([]);
  });

  it("validate of reco-sf's own files reads SDR's registry JSON but loads neither SDR nor @salesforce/core", () => {
    const { code, modules } = loadedModules(['validate']);
    expect(code).toBe(0);
    expect(modules).toContain('@salesforce/source-deploy-retrieve/lib/src/registry/metadataRegistry.json');
    expect(
      modules.filter((m) => m === '@salesforce/source-deploy-retrieve' || m.startsWith('@salesforce/core')),
    ).toEqual([]);
  });

  it("a warm validate loads jsonc-parser's parser alone (not its formatter and editor), and not node:crypto", () => {
    const { code, modules } = loadedModules(['validate'], undefined, 1);
    expect(code).toBe(0);
    expect(modules).toContain('jsonc-parser/lib/umd/impl/parser');
    expect(modules.filter((m) => m === 'jsonc-parser' || m.endsWith('crypto'))).toEqual([]);
  });

  it('validate and generate --check are read without commander (and its node:child_process)', () => {
    for (const args of [
      ['validate', '--json'],
      ['generate', '--check'],
    ]) {
      const { code, modules } = loadedModules(args);
      expect(code).toBe(0);
      expect(modules.filter((m) => m === 'commander' || m.endsWith('child_process'))).toEqual([]);
    }
    // Help is still commander's.
    expect(loadedModules(['validate', '--help']).modules).toContain('commander');
  });

  it('validate loads source-deploy-retrieve once a file needs it (a static resource: mixed content)', () => {
    const { code, modules } = loadedModules(['validate'], (project) => {
      const dir = join(project, 'force-app/main/default/staticresources');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'Logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
      writeFileSync(
        join(dir, 'Logo.resource-meta.xml'),
        '<?xml version="1.0" encoding="UTF-8"?>\n<StaticResource xmlns="http://soap.sforce.com/2006/04/metadata">\n    <cacheControl>Public</cacheControl>\n    <contentType>image/png</contentType>\n</StaticResource>\n',
      );
    });
    expect(code).toBe(0);
    expect(modules).toContain('@salesforce/source-deploy-retrieve');
  });

  it("deploy reads the org's alias through core's stateAggregator entry point: an unknown org fails before core's index, jsforce or SDR load", () => {
    const { code, modules } = loadedModules([
      'deploy',
      '--target-org',
      'reco-lazy-load-no-such-org',
      '--json',
    ]);
    expect(code).toBe(2);
    expect(modules).toContain('@salesforce/core/stateAggregator');
    expect(
      modules.filter(
        (m) =>
          m === '@salesforce/core' || m.startsWith('@jsforce/') || m === '@salesforce/source-deploy-retrieve',
      ),
    ).toEqual([]);
  });
});
