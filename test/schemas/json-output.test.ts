/**
 * The committed JSON Schemas of every command's `--json` output (scripts/schemas/json-output/)
 * hold for what the commands really print: each command runs end to end against the emulator
 * (the deploy harness) and its stdout is validated with Ajv, the same check a pipeline can run.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import { writeProject } from '../builders/project';
import { type RunResult, useHarness } from '../e2e/deploy-harness';
import { REPO_ROOT } from '../helpers/sf';

const DIR = join(__dirname, '..', '..', 'scripts', 'schemas', 'json-output');
const BASE = 'https://reco-sf.local/schemas/json-output/';

const ajv = new Ajv({ allErrors: true });

function validators(): Map<string, ValidateFunction> {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.schema.json'));
  for (const f of files) ajv.addSchema(JSON.parse(readFileSync(join(DIR, f), 'utf8')) as object);
  return new Map(
    files.map((f) => [f.replace('.schema.json', ''), ajv.getSchema(`${BASE}${f}`) as ValidateFunction]),
  );
}

/** Every list of findings a command prints: the error's diagnostics, warnings, and the results' finding lists. */
const FINDING_LISTS = new Set([
  'diagnostics',
  'warnings',
  'errors',
  'problems',
  'findings',
  'drift',
  'blocking',
]);

/** Each item of every finding list anywhere in `value`, with its JSON path. */
function findingsIn(value: unknown, path = ''): Array<{ path: string; item: unknown }> {
  if (Array.isArray(value)) return value.flatMap((v, i) => findingsIn(v, `${path}/${i}`));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, v]) =>
    FINDING_LISTS.has(key) && Array.isArray(v)
      ? v.map((item, i) => ({ path: `${path}/${key}/${i}`, item }))
      : findingsIn(v, `${path}/${key}`),
  );
}

describe('the --json output of every command matches its committed schema', () => {
  const h = useHarness();
  const schemas = validators();

  function expectValid(command: string, run: RunResult): void {
    const validate = schemas.get(command);
    if (!validate) throw new Error(`no schema for ${command}`);
    expect(run.json).toBeDefined();
    const ok = validate(run.json);
    expect(ok ? [] : validate.errors).toEqual([]);
    // Every finding, whatever the command, is the one shared diagnostic shape.
    const diagnostic = ajv.getSchema(`${BASE}common.schema.json#/$defs/diagnostic`) as ValidateFunction;
    const bad = findingsIn(run.json).filter(({ item }) => !diagnostic(item));
    expect(bad).toEqual([]);
    expect({ command, status: run.json?.status, stderr: run.stderr }).toEqual({
      command,
      status: run.code,
      stderr: run.stderr,
    });
  }

  beforeAll(async () => {
    await h.org({ shape: ['shield', 'sandbox'] });
    await h.org({ shape: ['shield', 'sandbox'] }, 'emu2');
  });

  it('there is a schema for every command with --json, and each compiles', () => {
    expect([...schemas.keys()].sort()).toEqual(
      [
        'common',
        'deploy',
        'doctor',
        'generate',
        'handoff',
        'lock',
        'plan',
        'start',
        'teardown',
        'validate',
        'verify',
      ].sort(),
    );
  });

  it('handoff (before the user exists, after a deploy) and lock against the emulator', async () => {
    const missing = await h.run(['handoff', '--target-org', 'emu2', '--json']);
    expect(missing.code).toBe(1);
    expectValid('handoff', missing);
    expect((await h.run(['deploy', '--target-org', 'emu2', '--json'])).code).toBe(0);
    const handoff = await h.run(['handoff', '--target-org', 'emu2', '--json']);
    expect(handoff.code).toBe(0);
    expectValid('handoff', handoff);
    const lock = await h.run(['lock', '--target-org', 'emu2', '--json']);
    expect(lock.code).toBe(0);
    expectValid('lock', lock);
    expect(lock.json?.result?.lock).toBe('config/reco.lock.json');
    rmSync(join(h.project, 'config', 'reco.lock.json'));
    h.restoreConfig(); // regenerates force-app/ without the lock
  });

  it('start (the built binary, its own emulator) prints the deploy result on stdout', () => {
    const project = mkdtempSync(join(tmpdir(), 'reco-sf-start-json-'));
    try {
      writeProject(project);
      const env = { ...process.env };
      delete env.CI;
      const run = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'reco-sf.js'), 'start', '--json'], {
        cwd: project,
        env,
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(run.status).toBe(0);
      const json = JSON.parse(run.stdout) as RunResult['json'];
      expectValid('start', { code: 0, stdout: run.stdout, stderr: '', json, ms: 0 });
      expect(run.stderr).toContain('Emulator: ');
      // A fleet result is a deploy's but never start's.
      expect(schemas.get('start')?.({ status: 0, result: { orgs: [] }, warnings: [] })).toBe(false);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });

  it('generate and validate: in sync, a config the tree does not match (status 3), then an invalid config (status 2)', async () => {
    expectValid('generate', await h.run(['generate', '--json']));
    expectValid('generate', await h.run(['generate', '--check', '--json']));
    expectValid('validate', await h.run(['validate', '--json']));
    // A hand edit of a generated file (the harness regenerates on every config change).
    const file = join(
      h.project,
      'force-app/main/default/permissionsets/Reco_Integration.permissionset-meta.xml',
    );
    const original = readFileSync(file, 'utf8');
    writeFileSync(file, original.replace('</PermissionSet>', '<!-- edited --></PermissionSet>'));
    try {
      const drift = await h.run(['generate', '--check', '--json']);
      expect(drift.code).toBe(3);
      expectValid('generate', drift);
    } finally {
      writeFileSync(file, original);
    }
    h.writeConfig((c) => {
      (c as unknown as Record<string, unknown>).unknownSetting = true;
    });
    try {
      const generate = await h.run(['generate', '--check', '--json']);
      expect(generate.code).toBe(2);
      expectValid('generate', generate);
      const validate = await h.run(['validate', '--json']);
      expect(validate.code).toBe(2);
      expectValid('validate', validate);
    } finally {
      h.restoreConfig();
    }
  });

  it('plan, doctor, deploy (dry run, first, re-run, fleet), verify and teardown against the emulator', async () => {
    expectValid('plan', await h.run(['plan', '--json']));
    expectValid('plan', await h.run(['plan', '--target-org', 'emu', '--json']));
    expectValid('doctor', await h.run(['doctor', '--target-org', 'emu', '--json']));
    expectValid('deploy', await h.run(['deploy', '--target-org', 'emu', '--dry-run', '--json']));
    const first = await h.run(['deploy', '--target-org', 'emu', '--json']);
    expect(first.code).toBe(0);
    expectValid('deploy', first);
    expectValid('deploy', await h.run(['deploy', '--target-org', 'emu', '--json']));
    expectValid('deploy', await h.run(['deploy', '-o', 'emu', '-o', 'emu2', '--json']));
    expectValid('verify', await h.run(['verify', '--target-org', 'emu', '--json']));
    expectValid('teardown', await h.run(['teardown', '--target-org', 'emu', '--json']));
    const teardown = await h.run(['teardown', '--target-org', 'emu', '--yes', '--json']);
    expectValid('teardown', teardown);
    expect(teardown.json?.result?.outcomes).not.toEqual([]);
    const drift = await h.run(['verify', '--target-org', 'emu', '--json']);
    expect(drift.code).toBe(3);
    expectValid('verify', drift);
  });

  it('an error (an org nobody logged in to) prints the shared error envelope', async () => {
    const run = await h.run(['verify', '--target-org', 'nobody', '--json']);
    expect(run.code).toBeGreaterThan(0);
    expectValid('verify', run);
    expect(run.json?.code).toBe('ORG_NOT_FOUND');
  });

  it('the schemas reject output that lacks a field they promise', () => {
    const validate = schemas.get('validate');
    expect(validate?.({ status: 0, result: { errors: [] }, warnings: [] })).toBe(false);
    expect(validate?.({ status: 0, result: { errors: [], warnings: [] }, warnings: [] })).toBe(true);
  });
});
