/**
 * Offline commands must start fast: `generate` must not load @salesforce/core or
 * source-deploy-retrieve at all. Runs the CLI from its TypeScript sources in a child process
 * (transpiled on the fly with typescript) and records every module Node loads.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir, removeTempDirs, writeProject } from '../builders/project';

const repo = join(__dirname, '../..');

function loadedModules(args: string[]): { code: number | null; stdout: string; modules: string[] } {
  const project = writeProject(makeTempDir('reco-lazy-'));
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

  it('validate loads source-deploy-retrieve, which it needs to resolve the component set', () => {
    const { code, modules } = loadedModules(['validate']);
    expect(code).toBe(0);
    expect(modules).toContain('@salesforce/source-deploy-retrieve');
  });
});
