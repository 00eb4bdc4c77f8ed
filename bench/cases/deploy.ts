/**
 * Case 2, deploy against the emulator (a deploy takes 3 polls), at 0 ms and 50 ms injected
 * latency per request:
 *  A. `reco-sf deploy` to a fresh org, then a no-change re-run (each a whole process);
 *  B. the CLI baseline a user would script without reco-sf, each step an `sf` process:
 *     `sf project deploy start` (Security is .forceignored), the trusted-range merge by hand
 *     (`sf project retrieve start` Security → edit → `sf project deploy start --metadata-dir`),
 *     `sf data query` for the profile, `sf data create record` for the user,
 *     `sf org assign permsetlicense`, `sf org assign permset`; its "re-run" is the part of that
 *     script that can be repeated safely: deploy start, the Security retrieve, and a user query.
 * Rounds alternate A and B, each on fresh emulators, after a warm-up round.
 * Reported: wall time, requests and the emulator's busy time (from its request log), and the
 * overhead of the wall time over the server's busy time.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { securitySettingsKind } from '../../scripts/components/securitySettings';
import { loadConfig } from '../../scripts/core/config';
import { buildModel } from '../../scripts/core/model';
import { parseMetadata, renderMetadata } from '../../scripts/core/xml';
import { buildComponents } from '../../scripts/components';
import { REPO, RECO_BIN, SF_BIN, projectCopy, quietSfEnv, tempDir } from '../lib/env';
import { emulatedOrg, traffic, useHome, type Traffic } from '../lib/orgs';
import { runProcess, type ProcessResult } from '../lib/proc';
import { row, summarize, type Row } from '../lib/stats';
import type { EmulatorHandle } from '../../scripts/emulator';

export interface DeployOptions {
  latencies: number[];
  rounds: number;
  polls: number;
}

interface Sample {
  wallMs: number;
  traffic: Traffic;
  steps: Array<{ step: string; wallMs: number; code: number | null }>;
}

const ALIAS = 'emu';

function expectOk(result: ProcessResult, what: string): void {
  if (result.code !== 0)
    throw new Error(
      `${what} exited ${String(result.code)}: ${(result.stdout + result.stderr).slice(0, 1500)}`,
    );
}

/** Runs `steps` against a fresh emulator and returns, per phase, wall time and the emulator's traffic. */
async function session(
  options: { latencyMs: number; polls: number },
  phases: Array<(org: EmulatorHandle) => Promise<Sample['steps']>>,
): Promise<Sample[]> {
  const org = await emulatedOrg(
    { pollsUntilDone: options.polls, faults: { latencyMs: options.latencyMs } },
    ALIAS,
  );
  try {
    const samples: Sample[] = [];
    for (const phase of phases) {
      const from = org.requestLog().length;
      const started = process.hrtime.bigint();
      const steps = await phase(org);
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      samples.push({ wallMs, steps, traffic: traffic(org.requestLog().slice(from)) });
    }
    return samples;
  } finally {
    await org.stop();
  }
}

function recoPhase(project: string, env: NodeJS.ProcessEnv): () => Promise<Sample['steps']> {
  return async () => {
    const result = await runProcess(
      process.execPath,
      [RECO_BIN, 'deploy', '--target-org', ALIAS, '--yes', '--json'],
      { cwd: project, env },
    );
    expectOk(result, 'reco-sf deploy');
    return [{ step: 'reco-sf deploy', wallMs: result.wallMs, code: result.code }];
  };
}

interface CliContext {
  project: string;
  env: NodeJS.ProcessEnv;
  username: string;
  lastName: string;
  profile: string;
  permissionSet: string;
  license: string;
  ourRanges: ReturnType<typeof buildComponents>[number]['value'];
}

async function sf(
  ctx: CliContext,
  steps: Sample['steps'],
  step: string,
  args: string[],
  ok = true,
): Promise<ProcessResult> {
  const result = await runProcess(SF_BIN, [...args, '--target-org', ALIAS, '--json'], {
    cwd: ctx.project,
    env: ctx.env,
  });
  if (ok) expectOk(result, `sf ${step}`);
  steps.push({ step, wallMs: result.wallMs, code: result.code });
  return result;
}

/** The Security settings file `sf project retrieve start --output-dir` wrote, wherever SDR put it. */
function findSecurity(dir: string, depth = 0): string | undefined {
  if (depth > 6 || !existsSync(dir)) return undefined;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      const found = findSecurity(full, depth + 1);
      if (found) return found;
    } else if (entry.name === 'Security.settings-meta.xml') return full;
  }
  return undefined;
}

let retrieveCount = 0;

async function retrieveSecurity(
  ctx: CliContext,
  steps: Sample['steps'],
  round: string,
): Promise<string | undefined> {
  // sf only retrieves into the project; a new folder per call, so nothing stale is read.
  retrieveCount++;
  const out = join(ctx.project, 'bench-retrieved', `${round}-${retrieveCount}`);
  await sf(ctx, steps, 'project retrieve start (Security)', [
    'project',
    'retrieve',
    'start',
    '--metadata',
    'Settings:Security',
    '--output-dir',
    out,
  ]);
  const file = findSecurity(out);
  return file ? readFileSync(file, 'utf8') : undefined;
}

function cliFirstPhase(ctx: CliContext): () => Promise<Sample['steps']> {
  return async () => {
    const steps: Sample['steps'] = [];
    await sf(ctx, steps, 'project deploy start', [
      'project',
      'deploy',
      'start',
      '--source-dir',
      'force-app',
      '--wait',
      '10',
    ]);
    // The trusted ranges by hand: retrieve what the org has, add ours, deploy the union.
    const current = await retrieveSecurity(ctx, steps, 'first');
    const currentValue = current ? parseMetadata(current, 'Security.settings-meta.xml').value : undefined;
    const merged = securitySettingsKind.merge(ctx.ourRanges, currentValue);
    const mdapi = tempDir('mdapi-security');
    mkdirSync(join(mdapi, 'settings'));
    writeFileSync(join(mdapi, 'settings', 'Security.settings'), renderMetadata('SecuritySettings', merged));
    writeFileSync(
      join(mdapi, 'package.xml'),
      '<?xml version="1.0" encoding="UTF-8"?>\n<Package xmlns="http://soap.sforce.com/2006/04/metadata">\n    <types>\n        <members>Security</members>\n        <name>Settings</name>\n    </types>\n    <version>66.0</version>\n</Package>\n',
    );
    await sf(ctx, steps, 'project deploy start (Security)', [
      'project',
      'deploy',
      'start',
      '--metadata-dir',
      mdapi,
      '--wait',
      '10',
    ]);
    const profile = await sf(ctx, steps, 'data query (Profile)', [
      'data',
      'query',
      '--query',
      `SELECT Id FROM Profile WHERE Name = '${ctx.profile}'`,
    ]);
    const profileId = (JSON.parse(profile.stdout) as { result: { records: Array<{ Id?: string }> } }).result
      .records[0]?.Id;
    if (!profileId) throw new Error(`the emulator has no profile ${ctx.profile}`);
    await sf(ctx, steps, 'data create record (User)', [
      'data',
      'create',
      'record',
      '--sobject',
      'User',
      '--values',
      `Username='${ctx.username}' LastName='${ctx.lastName}' Alias=Reco Email='reco-integration@example.com' ProfileId=${profileId} TimeZoneSidKey=America/Los_Angeles LocaleSidKey=en_US LanguageLocaleKey=en_US EmailEncodingKey=UTF-8`,
    ]);
    await sf(ctx, steps, 'org assign permsetlicense', [
      'org',
      'assign',
      'permsetlicense',
      '--name',
      ctx.license,
      '--on-behalf-of',
      ctx.username,
    ]);
    await sf(ctx, steps, 'org assign permset', [
      'org',
      'assign',
      'permset',
      '--name',
      ctx.permissionSet,
      '--on-behalf-of',
      ctx.username,
    ]);
    return steps;
  };
}

function cliRerunPhase(ctx: CliContext): () => Promise<Sample['steps']> {
  return async () => {
    const steps: Sample['steps'] = [];
    await sf(ctx, steps, 'project deploy start', [
      'project',
      'deploy',
      'start',
      '--source-dir',
      'force-app',
      '--wait',
      '10',
    ]);
    await retrieveSecurity(ctx, steps, 'rerun');
    await sf(ctx, steps, 'data query (User)', [
      'data',
      'query',
      '--query',
      `SELECT Id, IsActive, Profile.Name FROM User WHERE Username = '${ctx.username}'`,
    ]);
    return steps;
  };
}

export async function deployCase(
  options: DeployOptions = { latencies: [0, 50], rounds: 2, polls: 3 },
): Promise<{ rows: Row[]; details: unknown }> {
  const home = tempDir('home-deploy');
  const env = quietSfEnv(home);
  useHome(home, env);
  const project = projectCopy('deploy');
  const loaded = loadConfig(join(project, 'config', 'reco.config.json'));
  if (!loaded.config) throw new Error('the project config does not load');
  const model = buildModel(loaded.config);
  const security = buildComponents(model).find((c) => c.rootType === 'SecuritySettings');
  const ctx: CliContext = {
    project,
    env,
    username: model.user.username,
    lastName: model.user.lastName,
    profile: model.user.profiles[0],
    permissionSet: model.permissionSet.name,
    license: model.permissionSet.license ?? 'SalesforceAPIIntegrationPsl',
    ourRanges: security?.value ?? {},
  };
  const rows: Row[] = [];
  const details: Record<string, unknown> = {};
  for (const latencyMs of options.latencies) {
    const reco: Sample[][] = [];
    const cli: Sample[][] = [];
    for (let round = 0; round <= options.rounds; round++) {
      const a = await session({ latencyMs, polls: options.polls }, [
        recoPhase(project, env),
        recoPhase(project, env),
      ]);
      const b = await session({ latencyMs, polls: options.polls }, [cliFirstPhase(ctx), cliRerunPhase(ctx)]);
      if (round === 0) continue; // warm-up
      reco.push(a);
      cli.push(b);
    }
    details[`latency${latencyMs}`] = { reco, cli };
    const lat = `${latencyMs} ms`;
    for (const [phase, label] of [
      [0, 'first deploy'],
      [1, 'no-change re-run'],
    ] as const) {
      const recoWall = reco.map((s) => s[phase].wallMs);
      const cliWall = cli.map((s) => s[phase].wallMs);
      const recoReq = reco.map((s) => s[phase].traffic.requests);
      const busy = reco.map((s) => s[phase].traffic.serverBusyMs);
      const overhead = reco.map((s) => s[phase].wallMs / s[phase].traffic.serverBusyMs - 1);
      const cliMedian = summarize(cliWall).median;
      rows.push(
        row('deploy', `${label} @${lat}: reco-sf wall`, 'ms', recoWall, {
          ratio: summarize(recoWall).median / cliMedian,
          baseline: 'sf sequence',
        }),
      );
      rows.push(
        row('deploy', `${label} @${lat}: sf CLI sequence wall`, 'ms', cliWall, {
          note: `steps: ${cli[0]?.[phase].steps.map((s) => s.step).join(' → ') ?? ''}`,
        }),
      );
      const limit = phase === 0 ? 20 : 8;
      const deployCalls = reco.map((s) => s[phase].traffic.deployCalls);
      rows.push(
        row('deploy', `${label} @${lat}: reco-sf requests`, 'req', recoReq, {
          target: phase === 0 ? '≤ 20' : '≤ 8, no deploy call',
          met: summarize(recoReq).max <= limit && (phase === 0 || Math.max(...deployCalls) === 0),
          note: `by operation: ${JSON.stringify(reco[0]?.[phase].traffic.byOperation ?? {})}; deploy calls ${deployCalls.join(',')}`,
        }),
      );
      rows.push(
        row(
          'deploy',
          `${label} @${lat}: sf CLI requests`,
          'req',
          cli.map((s) => s[phase].traffic.requests),
        ),
      );
      rows.push(row('deploy', `${label} @${lat}: emulator busy (reco-sf)`, 'ms', busy));
      rows.push(
        row(
          'deploy',
          `${label} @${lat}: reco-sf overhead over server`,
          '%',
          overhead.map((o) => o * 100),
          {
            ...(latencyMs === 50 ? { target: '≤ 20%', met: summarize(overhead).median <= 0.2 } : {}),
          },
        ),
      );
    }
  }
  // What every `reco-sf deploy` process pays before its first request: Node, @salesforce/core and SDR.
  const load: number[] = [];
  for (let i = 0; i < 4; i++) {
    const r = await runProcess(
      process.execPath,
      ['-e', "require('@salesforce/core'); require('@salesforce/source-deploy-retrieve')"],
      { cwd: REPO, env },
    );
    if (i > 0) load.push(r.wallMs);
  }
  rows.push(row('deploy', 'node + @salesforce/core + SDR load (no request)', 'ms', load));
  return { rows, details };
}
