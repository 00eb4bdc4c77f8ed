/**
 * A no-change re-run never loads source-deploy-retrieve: the retrieve that reads the org keeps its
 * own package types and polling (scripts/org/retrieve.ts says why), and SDR is loaded only by a
 * run that deploys or deletes. The built CLI (dist/, which `npm ci` builds) runs as a user runs
 * it, against the in-process emulator, with a preload that records every module Node loads.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/sf';
import { createHarness, deployCalls, requestsSince, type Harness } from './deploy-harness';

const BIN = join(REPO_ROOT, 'bin', 'reco-sf.js');

/** Writes the preload and returns a function that runs the CLI and returns what it loaded. */
function recordingRunner(
  dir: string,
): (args: string[], cwd: string) => Promise<{ code: number | null; output: string; modules: string[] }> {
  const preload = join(dir, 'record-modules.js');
  const out = join(dir, 'modules.json');
  writeFileSync(
    preload,
    `const Module = require('module');
const seen = new Set();
const load = Module._load;
Module._load = function (request) { seen.add(request); return load.apply(this, arguments); };
process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(out)}, JSON.stringify([...seen])));
`,
  );
  return async (args, cwd) => {
    rmSync(out, { force: true });
    // Asynchronous: the emulator answering the child runs in this process.
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd,
      env: { ...process.env, NODE_OPTIONS: `--require ${preload}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    return { code, output, modules: JSON.parse(readFileSync(out, 'utf8')) as string[] };
  };
}

describe('module loading of a deploy', () => {
  let h: Harness;
  const dir = mkdtempSync(join(tmpdir(), 'reco-sf-load-'));
  beforeAll(() => {
    h = createHarness();
  });
  afterAll(async () => {
    await h.stopAll();
    await h.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('Given a deployed org, When deploy runs again with no changes, Then it makes 5 requests and never loads SDR', async () => {
    const org = await h.org();
    const run = recordingRunner(dir);
    const first = await run(['deploy', '--target-org', 'emu', '--yes', '--json'], h.project);
    expect(first).toMatchObject({ code: 0 });
    // The recorder sees SDR when a run uses it: the first deploy does.
    expect(first.modules).toContain('@salesforce/source-deploy-retrieve');

    const from = org.requestLog().length;
    const again = await run(['deploy', '--target-org', 'emu', '--yes', '--json'], h.project);
    expect(again).toMatchObject({ code: 0 });
    const requests = requestsSince(org, from);
    expect(requests).toHaveLength(5);
    expect(deployCalls(requests)).toBe(0);
    expect(again.modules.filter((m) => m.startsWith('@salesforce/source-deploy-retrieve'))).toEqual([]);
  });
});
