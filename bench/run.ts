/**
 * `npm run bench [-- offline|deploy|scale|fleet|hostile|startup …]`: runs the benchmark cases, prints one table
 * and writes bench/results.json (rows of the cases not run this time are kept from the last run).
 * Run counts are chosen so that all cases together stay under 10 minutes on a 2-core machine.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { offlineCase } from './cases/offline';
import { scaleCase } from './cases/scale';
import { REPO, cleanupTemps } from './lib/env';
import { memoryMonitor } from './lib/proc';
import { fmt, machine, table, type Machine, type Row } from './lib/stats';

type CaseName = 'offline' | 'deploy' | 'scale' | 'fleet' | 'hostile' | 'startup';
const ALL: CaseName[] = ['offline', 'deploy', 'scale', 'fleet', 'hostile', 'startup'];

interface CaseResult {
  startedAt: string;
  seconds: number;
  rows: Row[];
  details: unknown;
  error?: string;
}

interface Results {
  machine: Machine;
  command: string;
  cases: Partial<Record<CaseName, CaseResult>>;
}

const RESULTS = join(REPO, 'bench', 'results.json');

async function runCase(name: CaseName): Promise<{ rows: Row[]; details: unknown }> {
  switch (name) {
    case 'offline':
      return offlineCase({ rounds: 7 });
    case 'scale':
      return scaleCase({
        rangeSizes: [100, 1000, 10_000],
        rangeRounds: 7,
        permissions: 2000,
        permsetRounds: 15,
      });
    case 'deploy':
      return (await import('./cases/deploy')).deployCase();
    case 'fleet':
      return (await import('./cases/fleet')).fleetCase();
    case 'hostile':
      return (await import('./cases/hostile')).hostileCase({ rounds: 3 });
    case 'startup':
      return (await import('./cases/startup')).startupCase();
  }
}

/**
 * The rows that carry a target (issue 11's cold ≤ 0.25× and warm ≤ 0.12× `sf project convert
 * source`, wall and CPU; peak RSS; the deploy's request counts …), each with what was measured:
 * the ratio to its baseline, else the worst (max) value.
 */
function targetCheck(rows: Row[]): string {
  const checked = rows.filter((r) => r.met !== undefined);
  if (checked.length === 0) return '';
  const lines = checked.map((r) => {
    const measured = r.ratio !== undefined ? `${fmt(r.ratio)}×` : fmt(r.max, ` ${r.unit}`);
    return `  ${r.met ? 'met   ' : 'MISSED'}  ${r.case} / ${r.metric}: ${measured} (target ${r.target ?? '?'})`;
  });
  const met = checked.filter((r) => r.met).length;
  return `\ntargets: ${met} of ${checked.length} met\n${lines.join('\n')}\n`;
}

function load(): Results | undefined {
  if (!existsSync(RESULTS)) return undefined;
  try {
    return JSON.parse(readFileSync(RESULTS, 'utf8')) as Results;
  } catch {
    return undefined;
  }
}

async function main(argv: string[]): Promise<number> {
  const unknown = argv.filter((a) => !(ALL as string[]).includes(a));
  if (unknown.length > 0) {
    process.stderr.write(`unknown case(s): ${unknown.join(', ')}; choose from ${ALL.join(', ')}\n`);
    return 2;
  }
  const selected = argv.length > 0 ? (argv as CaseName[]) : ALL;
  const previous = load();
  const results: Results = {
    machine: machine(memoryMonitor),
    command: `npm run bench${argv.length > 0 ? ` -- ${argv.join(' ')}` : ''}`,
    cases: previous?.cases ?? {},
  };
  const loadBefore = loadavg();
  let failed = 0;
  const started = Date.now();
  for (const name of selected) {
    const caseStarted = Date.now();
    process.stderr.write(`bench: ${name} …\n`);
    try {
      const { rows, details } = await runCase(name);
      results.cases[name] = {
        startedAt: new Date(caseStarted).toISOString(),
        seconds: (Date.now() - caseStarted) / 1000,
        rows,
        details,
      };
    } catch (error) {
      failed++;
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`bench: ${name} failed: ${message}\n`);
      results.cases[name] = {
        startedAt: new Date(caseStarted).toISOString(),
        seconds: (Date.now() - caseStarted) / 1000,
        rows: [],
        details: {},
        error: message,
      };
    } finally {
      cleanupTemps();
    }
  }
  const extra = results.machine;
  extra.loadAverage = {
    before: loadBefore.map((l) => Number(l.toFixed(2))),
    after: loadavg().map((l) => Number(l.toFixed(2))),
  };
  extra.totalSeconds = (Date.now() - started) / 1000;
  writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
  const m = results.machine;
  process.stdout.write(
    `${m.cpuModel}, ${m.cores} cores, Node ${m.node}; peak RSS via ${m.memoryMonitor}\n\n`,
  );
  const rows = ALL.flatMap((name) => results.cases[name]?.rows ?? []);
  process.stdout.write(`${table(rows)}\n\n`);
  for (const r of rows.filter((x) => x.note))
    process.stdout.write(`${r.case} / ${r.metric}: ${r.note ?? ''}\n`);
  process.stdout.write(targetCheck(rows));
  process.stdout.write(`\nwrote ${RESULTS} in ${(extra.totalSeconds ?? 0).toFixed(0)} s\n`);
  return failed > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    cleanupTemps();
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
