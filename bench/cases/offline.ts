/**
 * Case 1, offline pipeline: `reco-sf generate --check`, `reco-sf validate` (cold: no .reco/cache,
 * as CI runs it; warm: cache kept) and, as the baseline, `sf project convert source` of every
 * package directory of the same tree, each as a whole process (wall time, peak RSS). Two trees:
 * the repository's own, and an open-world one (the repository plus another team's package
 * directories from test/fixtures/open-world and a custom object field, which only SDR itself can
 * resolve). One warm-up round, then rounds that alternate the commands (G V V C G V V C …).
 */
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, RECO_BIN, SF_BIN, projectCopy, quietSfEnv, tempDir } from '../lib/env';
import { runProcess, type ProcessResult } from '../lib/proc';
import { row, summarize, type Row } from '../lib/stats';

export interface OfflineOptions {
  rounds: number;
}

interface Command {
  name: string;
  run: (round: string) => Promise<ProcessResult>;
}

const TARGETS = { cold: 0.25, warm: 0.12, rssMb: 150 };

/** The repository plus another team's metadata in two more package directories. */
function openWorldCopy(): string {
  const project = projectCopy('offline-open-world');
  const fixtures = join(REPO, 'test', 'fixtures', 'open-world');
  for (const dir of ['team-app', 'retrieved'])
    cpSync(join(fixtures, dir), join(project, dir), { recursive: true });
  const fields = join(project, 'team-app', 'main', 'default', 'objects', 'blng__Invoice__c', 'fields');
  mkdirSync(fields, { recursive: true });
  writeFileSync(
    join(fields, 'Region__c.field-meta.xml'),
    '<?xml version="1.0" encoding="UTF-8"?>\n<CustomField xmlns="http://soap.sforce.com/2006/04/metadata">\n    <fullName>Region__c</fullName>\n    <label>Region</label>\n    <length>40</length>\n    <type>Text</type>\n</CustomField>\n',
  );
  const sfdx = JSON.parse(readFileSync(join(project, 'sfdx-project.json'), 'utf8')) as {
    packageDirectories: Array<{ path: string }>;
  };
  sfdx.packageDirectories.push({ path: 'team-app' }, { path: 'retrieved' });
  writeFileSync(join(project, 'sfdx-project.json'), JSON.stringify(sfdx, null, 2) + '\n');
  return project;
}

export async function offlineCase(options: OfflineOptions): Promise<{ rows: Row[]; details: unknown }> {
  const rows: Row[] = [];
  const trees: Array<[string, string]> = [
    ['', projectCopy('offline')],
    ['open world: ', openWorldCopy()],
  ];
  for (const [label, project] of trees) rows.push(...(await treeCase(label, project, options)));
  return {
    rows,
    details: {
      rounds: options.rounds,
      warmUpRounds: 1,
      trees: trees.map(([label]) => label || 'repository'),
    },
  };
}

async function treeCase(label: string, project: string, options: OfflineOptions): Promise<Row[]> {
  const home = tempDir('home');
  // One environment for every command, the one sf gets (PATH, a temporary HOME, LANG, the quiet
  // switches, NO_COLOR, TMPDIR). reco-sf used to inherit the bench's own, and with it
  // NODE_EXTRA_CA_CERTS where a machine sets it: Node then parses that certificate bundle at every
  // start (~65 ms of CPU for 144 certificates here), which sf's runs were spared.
  const recoEnv = quietSfEnv(home);
  const commands: Command[] = [
    {
      name: 'reco-sf generate --check',
      run: () =>
        runProcess(process.execPath, [RECO_BIN, 'generate', '--check'], { cwd: project, env: recoEnv }),
    },
    {
      // As in CI after a fresh checkout: no .reco/cache (SDR, if a file needs it, resolves afresh).
      name: 'reco-sf validate (cold)',
      run: () => {
        rmSync(join(project, '.reco', 'cache'), { recursive: true, force: true });
        return runProcess(process.execPath, [RECO_BIN, 'validate'], { cwd: project, env: recoEnv });
      },
    },
    {
      // Steady state on a developer machine: SDR's answers are cached in .reco/cache.
      name: 'reco-sf validate (warm)',
      run: () => runProcess(process.execPath, [RECO_BIN, 'validate'], { cwd: project, env: recoEnv }),
    },
    {
      name: 'sf project convert source',
      run: (round) =>
        runProcess(
          SF_BIN,
          ['project', 'convert', 'source', '--output-dir', join(tempDir('mdapi'), `out-${round}`)],
          { cwd: project, env: quietSfEnv(home) },
        ),
    },
  ];
  const wall = new Map<string, number[]>(commands.map((c) => [c.name, []]));
  const rss = new Map<string, number[]>(commands.map((c) => [c.name, []]));
  const cpu = new Map<string, number[]>(commands.map((c) => [c.name, []]));
  for (let round = 0; round <= options.rounds; round++) {
    for (const command of commands) {
      const result = await command.run(String(round));
      if (result.code !== 0)
        throw new Error(`${command.name} exited ${String(result.code)}: ${result.stderr.slice(0, 2000)}`);
      if (round === 0) continue; // warm-up: disk cache, sf's first-run files in the temporary HOME
      wall.get(command.name)?.push(result.wallMs);
      rss.get(command.name)?.push(result.peakRssMb);
      if (!Number.isNaN(result.cpuMs)) cpu.get(command.name)?.push(result.cpuMs);
    }
  }
  const convert = summarize(wall.get('sf project convert source') ?? []).median;
  const rows: Row[] = [];
  const targetOf = (name: string): number | undefined =>
    name.includes('(cold)') ? TARGETS.cold : name.includes('(warm)') ? TARGETS.warm : undefined;
  for (const command of commands) {
    const times = wall.get(command.name) ?? [];
    const target = targetOf(command.name);
    const isBaseline = command.name.startsWith('sf ');
    const median = summarize(times).median;
    rows.push(
      row('offline', `${label}${command.name}: wall`, 'ms', times, {
        ...(isBaseline ? {} : { ratio: median / convert, baseline: 'convert' }),
        ...(target !== undefined ? { target: `≤ ${target}× convert`, met: median / convert <= target } : {}),
      }),
    );
    // CPU time (user + system, GNU time) is what a loaded machine distorts least: its ratio
    // stays readable when the wall times of a shared machine swing by 2×.
    const cpus = cpu.get(command.name) ?? [];
    const convertCpu = summarize(cpu.get('sf project convert source') ?? []).median;
    const cpuRatio = summarize(cpus).median / convertCpu;
    if (cpus.length > 0)
      rows.push(
        row('offline', `${label}${command.name}: CPU`, 'ms', cpus, {
          ...(isBaseline ? {} : { ratio: cpuRatio, baseline: 'convert CPU' }),
          ...(target !== undefined ? { target: `≤ ${target}× convert CPU`, met: cpuRatio <= target } : {}),
        }),
      );
    const peaks = rss.get(command.name) ?? [];
    rows.push(
      row('offline', `${label}${command.name}: peak RSS`, 'MB', peaks, {
        ...(isBaseline
          ? {}
          : { target: `≤ ${TARGETS.rssMb} MB`, met: summarize(peaks).max <= TARGETS.rssMb }),
      }),
    );
  }
  return rows;
}
