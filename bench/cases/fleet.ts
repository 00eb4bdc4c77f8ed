/**
 * Case 4, fleet: one `reco-sf deploy --targets-file F --yes --json` process deploying to N fresh
 * emulated orgs (N = 1, 8, 32), with `--concurrency C` (the fleet pool) and with `--concurrency 1`
 * (the same N orgs one by one, the baseline), alternating C, 1, C, 1 … after a warm-up.
 * Two scenarios: 50 ms per request and 3 deploy polls (as in case 2: waiting dominates), and
 * 0 ms with 1 poll (CPU only: what concurrency cannot help with).
 * The emulators run in this (bench) process, each with its own identity (`orgNumber`), registered
 * under fleet-1 … fleet-N in the bench's temporary HOME; every measurement gets fresh orgs, so each
 * is N first deploys. Reported: wall time, speed-up (sequential / concurrent), wall time per org,
 * and the CPU time of the reco-sf process and of the emulators: on a 2-core machine the speed-up is
 * bounded by CPU, since client and emulators share the same two cores.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RECO_BIN, projectCopy, quietSfEnv, tempDir } from '../lib/env';
import { emulatedOrg, traffic, useHome } from '../lib/orgs';
import { runProcess } from '../lib/proc';
import { row, summarize, type Row } from '../lib/stats';
import type { EmulatorHandle } from '../../scripts/emulator';

export interface FleetScenario {
  /** Injected latency per request, ms. */
  latencyMs: number;
  /** checkDeployStatus polls a deploy takes. */
  polls: number;
  sizes: number[];
  /** Measured rounds per size (each round: one concurrent and one sequential run). */
  rounds: Record<number, number>;
}

export interface FleetOptions {
  /** --concurrency of the fleet runs (the baseline is 1). */
  concurrency: number;
  scenarios: FleetScenario[];
}

/** About two minutes on the 2-core machine (N=32 one by one at 50 ms alone takes ~45 s). */
export const FLEET_DEFAULTS: FleetOptions = {
  concurrency: 8,
  scenarios: [
    { latencyMs: 50, polls: 3, sizes: [1, 8, 32], rounds: { 1: 2, 8: 2, 32: 1 } },
    { latencyMs: 0, polls: 1, sizes: [8, 32], rounds: { 8: 2, 32: 1 } },
  ],
};

interface Sample {
  n: number;
  concurrency: number;
  wallMs: number;
  /** CPU time of the reco-sf process (user + system). */
  clientCpuMs: number;
  /** CPU time of this process, which hosts the emulators, during the run. */
  emulatorCpuMs: number;
  requests: number;
  /** Per-org durations the fleet reported (ms). */
  orgMs: number[];
}

interface FleetJson {
  status: number;
  result?: {
    orgs?: Array<{
      targetOrg: string;
      status: number;
      durationMs: number;
      result?: { noChanges: boolean };
      error?: { code: string; message: string };
    }>;
  };
}

interface Context {
  project: string;
  env: NodeJS.ProcessEnv;
}

async function startFleet(n: number, options: FleetScenario): Promise<EmulatorHandle[]> {
  const orgs: EmulatorHandle[] = [];
  try {
    // One at a time: registering writes the alias file, which core locks.
    for (let i = 1; i <= n; i++) {
      orgs.push(
        await emulatedOrg(
          { orgNumber: i, pollsUntilDone: options.polls, faults: { latencyMs: options.latencyMs } },
          `fleet-${i}`,
        ),
      );
    }
    return orgs;
  } catch (error) {
    await stopFleet(orgs);
    throw error;
  }
}

async function stopFleet(orgs: EmulatorHandle[]): Promise<void> {
  for (const org of orgs) await org.stop();
}

/** Checks that every org was deployed (a first deploy, not "no changes", no error). */
function checkOutcome(stdout: string, n: number, concurrency: number): FleetJson {
  let json: FleetJson;
  try {
    json = JSON.parse(stdout) as FleetJson;
  } catch {
    throw new Error(
      `fleet deploy (N=${n}, concurrency ${concurrency}) printed no JSON: ${stdout.slice(0, 500)}`,
    );
  }
  const orgs = json.result?.orgs ?? [];
  const bad = orgs.filter((o) => o.status !== 0 || o.result?.noChanges !== false);
  if (json.status !== 0 || orgs.length !== n || bad.length > 0) {
    const first = bad[0];
    throw new Error(
      `fleet deploy (N=${n}, concurrency ${concurrency}) exited ${json.status}: ${orgs.length} orgs, ${bad.length} not deployed${first ? ` (${first.targetOrg}: ${first.error?.code ?? 'no changes'} ${first.error?.message.slice(0, 300) ?? ''})` : ''}`,
    );
  }
  return json;
}

async function measure(
  n: number,
  concurrency: number,
  scenario: FleetScenario,
  ctx: Context,
): Promise<Sample> {
  const orgs = await startFleet(n, scenario);
  try {
    const file = join(ctx.project, `targets-${n}.txt`);
    // Each org its own integration username: a Salesforce username is unique across all orgs.
    const lines = orgs.map((_, i) => `fleet-${i + 1} username=reco-integration@example.com.fleet${i + 1}`);
    writeFileSync(file, `# bench fleet of ${n}\n${lines.join('\n')}\n`);
    const cpuBefore = process.cpuUsage();
    const args = [
      RECO_BIN,
      'deploy',
      '--targets-file',
      file,
      '--concurrency',
      String(concurrency),
      '--yes',
      '--json',
    ];
    const result = await runProcess(process.execPath, args, {
      cwd: ctx.project,
      env: ctx.env,
      timeoutMs: 300_000,
    });
    const cpu = process.cpuUsage(cpuBefore);
    const json = checkOutcome(result.stdout, n, concurrency);
    return {
      n,
      concurrency,
      wallMs: result.wallMs,
      clientCpuMs: result.cpuMs,
      emulatorCpuMs: (cpu.user + cpu.system) / 1000,
      requests: orgs.reduce((sum, org) => sum + traffic(org.requestLog()).requests, 0),
      orgMs: (json.result?.orgs ?? []).map((o) => o.durationMs),
    };
  } finally {
    await stopFleet(orgs);
  }
}

function rowsFor(
  label: string,
  n: number,
  concurrency: number,
  concurrent: Sample[],
  sequential: Sample[],
): Row[] {
  const c = concurrent.map((s) => s.wallMs);
  const q = sequential.map((s) => s.wallMs);
  const speedUp = summarize(q).median / summarize(c).median;
  const cpuShare = (s: Sample): number => (s.clientCpuMs + s.emulatorCpuMs) / s.wallMs;
  return [
    row('fleet', `${label}: --concurrency ${concurrency} wall`, 'ms', c, {
      ratio: summarize(c).median / summarize(q).median,
      baseline: '--concurrency 1',
      note: `speed-up ${speedUp.toFixed(2)}×; ${summarize(c.map((w) => w / n)).median.toFixed(0)} ms/org; ${summarize(concurrent.map((s) => s.requests)).median} requests; CPU busy ${summarize(concurrent.map(cpuShare)).median.toFixed(2)} cores (reco-sf ${summarize(concurrent.map((s) => s.clientCpuMs)).median.toFixed(0)} ms + emulators ${summarize(concurrent.map((s) => s.emulatorCpuMs)).median.toFixed(0)} ms)`,
    }),
    row('fleet', `${label}: --concurrency 1 (sequential) wall`, 'ms', q, {
      note: `${summarize(q.map((w) => w / n)).median.toFixed(0)} ms/org; CPU busy ${summarize(sequential.map(cpuShare)).median.toFixed(2)} cores (reco-sf ${summarize(sequential.map((s) => s.clientCpuMs)).median.toFixed(0)} ms + emulators ${summarize(sequential.map((s) => s.emulatorCpuMs)).median.toFixed(0)} ms)`,
    }),
    row(
      'fleet',
      `${label}: speed-up (sequential / concurrent)`,
      '×',
      concurrent.map((s, i) => (sequential[i]?.wallMs ?? NaN) / s.wallMs),
    ),
  ];
}

async function runScenario(
  scenario: FleetScenario,
  concurrencyOption: number,
  ctx: Context,
): Promise<{ rows: Row[]; details: unknown }> {
  const rows: Row[] = [];
  const details: Record<string, unknown> = { scenario };
  for (const n of scenario.sizes) {
    const concurrent: Sample[] = [];
    const sequential: Sample[] = [];
    for (let round = 0; round < (scenario.rounds[n] ?? 1); round++) {
      concurrent.push(await measure(n, concurrencyOption, scenario, ctx));
      sequential.push(await measure(n, 1, scenario, ctx));
    }
    details[`n${n}`] = { concurrent, sequential };
    const label = `N=${n} @${scenario.latencyMs} ms, ${scenario.polls} poll${scenario.polls === 1 ? '' : 's'}`;
    rows.push(...rowsFor(label, n, concurrencyOption, concurrent, sequential));
  }
  return { rows, details };
}

export async function fleetCase(
  options: FleetOptions = FLEET_DEFAULTS,
): Promise<{ rows: Row[]; details: unknown }> {
  const home = tempDir('home-fleet');
  const env = quietSfEnv(home);
  useHome(home, env);
  const ctx: Context = { project: projectCopy('fleet'), env };
  // Warm-up: disk cache, the first registration in the HOME, the child's module load.
  const first = options.scenarios[0];
  if (first) for (const c of [options.concurrency, 1]) await measure(1, c, first, ctx);
  const rows: Row[] = [];
  const details: unknown[] = [];
  for (const scenario of options.scenarios) {
    const result = await runScenario(scenario, options.concurrency, ctx);
    rows.push(...result.rows);
    details.push(result.details);
  }
  return { rows, details: { concurrency: options.concurrency, scenarios: details } };
}
