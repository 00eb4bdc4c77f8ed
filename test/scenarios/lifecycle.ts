/**
 * The end-to-end lifecycle of the integration in one org, written once and run against two
 * targets: the emulator (test/e2e/lifecycle.test.ts, part of `npm test`) and a real scratch org
 * or sandbox (test/org-mode/real-org.test.ts, `npm run test:org -- --target-org ALIAS`).
 *
 * Steps, in order: generate the throwaway project (again, as a user would), deploy, re-run (no changes), plan, verify,
 * doctor, a plain `sf project deploy start --dry-run` of the generated project, teardown, and
 * verify again (drift: what teardown removed is missing). The config is a throwaway one: a unique
 * integration username, permission set and app name, so that nothing in the org is mistaken for
 * ours and teardown removes only what this run added.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aConfig, runCli, writeProject, type ConfigFile } from '../builders/project';
import type { SfResult } from '../helpers/sf';

export interface ScenarioTarget {
  /** Alias or username for `--target-org`. */
  alias: string;
  /** Runs the real `sf` CLI in `cwd` against the target (its HOME holds the login). */
  sf(args: string[], cwd: string): Promise<SfResult>;
}

export interface ThrowawayProject {
  dir: string;
  config: ConfigFile;
  /** The unique suffix of this run's names. */
  suffix: string;
}

/** A generated project folder (the builders' writeProject) with a config of unique names. */
export function throwawayProject(): ThrowawayProject {
  const suffix = randomBytes(4).toString('hex');
  const dir = mkdtempSync(join(tmpdir(), 'reco-sf-scenario-'));
  const config = aConfig((c) => {
    c.permissionSet.name = `Reco_Test_${suffix}`;
    c.permissionSet.label = `Reco Test ${suffix}`;
    c.integrationUser.username = `reco-test-${suffix}@example.com.reco`;
    c.integrationUser.lastName = `Reco Test ${suffix}`;
    c.oauthApp.name = `Reco_Test_${suffix}`;
    c.oauthApp.label = `Reco Test ${suffix}`;
  });
  writeProject(dir, config);
  return { dir, config, suffix };
}

interface Json {
  status?: number;
  result?: Record<string, unknown>;
  warnings?: string[];
}

async function reco(project: ThrowawayProject, args: string[]): Promise<{ code: number; json: Json }> {
  const run = await runCli(project.dir, [...args, '--json']);
  let json: Json = {};
  try {
    json = JSON.parse(run.stdout) as Json;
  } catch {
    throw new Error(
      `reco-sf ${args.join(' ')} printed no JSON (exit ${run.code}): ${run.stdout}${run.stderr}`,
    );
  }
  return { code: run.code, json };
}

/**
 * Declares the lifecycle's tests (they run in order and share the org). `target()` is called
 * in `beforeAll` of the caller's describe; `onDeployed` lets a caller clean up on failure.
 */
export function describeLifecycle(getTarget: () => ScenarioTarget): void {
  let target: ScenarioTarget;
  let project: ThrowawayProject;
  let deployed = false;

  beforeAll(() => {
    target = getTarget();
    project = throwawayProject();
  });
  afterAll(async () => {
    // Whatever failed, leave the org as it was: teardown removes only what the receipts record.
    if (deployed)
      await reco(project, ['teardown', '--target-org', target.alias, '--yes']).catch(() => undefined);
    rmSync(project.dir, { recursive: true, force: true });
  });

  it('generates the throwaway project', async () => {
    const run = await runCli(project.dir, ['generate']);
    expect(run.code).toBe(0);
  });

  it('deploys the integration', async () => {
    const run = await reco(project, ['deploy', '--target-org', target.alias]);
    deployed = true;
    expect(run.code).toBe(0);
    expect(run.json.result).toMatchObject({ noChanges: false });
  });

  it('finds nothing to do on a re-run', async () => {
    const run = await reco(project, ['deploy', '--target-org', target.alias]);
    expect(run.code).toBe(0);
    expect(run.json.result).toMatchObject({ noChanges: true });
  });

  it('plans no change and verifies in sync', async () => {
    const plan = await runCli(project.dir, ['plan', '--target-org', target.alias, '--format', 'json']);
    expect(plan.code).toBe(0);
    const verify = await reco(project, ['verify', '--target-org', target.alias]);
    expect(verify.code).toBe(0);
  });

  it('diagnoses the connection (doctor)', async () => {
    const run = await reco(project, ['doctor', '--target-org', target.alias]);
    // 0: nothing in the way; 1: findings to fix (a real org may have login IP ranges, …).
    expect([0, 1]).toContain(run.code);
    expect(Array.isArray(run.json.result?.findings)).toBe(true);
  });

  it('validates the generated project with a plain `sf project deploy start --dry-run`', async () => {
    const run = await target.sf(
      [
        'project',
        'deploy',
        'start',
        '--dry-run',
        '--source-dir',
        'force-app',
        '-o',
        target.alias,
        '--wait',
        '30',
        '--json',
      ],
      project.dir,
    );
    expect((run.json as Json | undefined)?.result).toMatchObject({ status: 'Succeeded', checkOnly: true });
    expect(run.code).toBe(0);
  });

  it('tears down what it added, after which verify reports drift', async () => {
    const run = await reco(project, ['teardown', '--target-org', target.alias, '--yes']);
    expect(run.code).toBe(0);
    deployed = false;
    const verify = await reco(project, ['verify', '--target-org', target.alias]);
    expect(verify.code).toBe(3);
  });
}
