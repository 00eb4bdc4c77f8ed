/**
 * Case 5, hostile input: the worst probes of test/e2e/hostile-input.test.ts, each as a whole
 * process (`reco-sf validate --no-cache`, wall time and peak RSS), beside a valid project as the
 * baseline. What it shows: a FIFO or endless device as the config, a 2 MB config, 100,000 nested
 * arrays, a 6 MB metadata file and an entity bomb are refused in about the time of a normal run,
 * with no more memory (no hang, no unbounded read, no entity expansion).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RECO_BIN, projectCopy } from '../lib/env';
import { runProcess } from '../lib/proc';
import { row, summarize, type Row } from '../lib/stats';

const PERMSET = 'force-app/main/default/permissionsets/Reco_Integration.permissionset-meta.xml';

interface Probe {
  name: string;
  /** Prepares a fresh project copy; returns extra arguments. */
  setup(project: string): string[];
  /** Exit code expected: 0 for the baseline, 2 for a refusal. */
  code: number;
}

const withLabel = (project: string, label: (xml: string) => string, dtd = ''): void => {
  const path = join(project, PERMSET);
  const xml = readFileSync(path, 'utf8').replace(/<label>[^<]*<\/label>/, label);
  writeFileSync(path, dtd ? xml.replace('?>', `?>\n${dtd}`) : xml);
};

const PROBES: Probe[] = [
  { name: 'valid project (baseline)', setup: () => [], code: 0 },
  {
    name: 'config is a FIFO',
    setup: (p) => (execFileSync('mkfifo', [join(p, 'fifo.json')]), ['--config', 'fifo.json']),
    code: 2,
  },
  { name: 'config is /dev/zero', setup: () => ['--config', '/dev/zero'], code: 2 },
  {
    name: 'config of 2 MB',
    setup: (p) => (
      writeFileSync(join(p, 'big.json'), ' '.repeat(2 * 1024 * 1024) + '{}'),
      ['--config', 'big.json']
    ),
    code: 2,
  },
  {
    name: 'config of 100,000 nested arrays',
    setup: (p) => (writeFileSync(join(p, 'deep.json'), '['.repeat(100_000)), ['--config', 'deep.json']),
    code: 2,
  },
  {
    name: 'metadata file of 6 MB',
    setup: (p) => (withLabel(p, () => `<label>${'x'.repeat(6 * 1024 * 1024)}</label>`), []),
    code: 2,
  },
  {
    name: 'entity bomb (billion laughs)',
    setup: (p) => {
      const entities = Array.from(
        { length: 9 },
        (_, i) => `<!ENTITY ${'b'.repeat(i + 1)} "${'&a;'.repeat(10)}">`,
      );
      withLabel(
        p,
        () => '<label>&bbbbbbbbb;</label>',
        `<!DOCTYPE r [<!ENTITY a "lol">${entities.join('')}]>`,
      );
      return [];
    },
    code: 2,
  },
];

export async function hostileCase(options: { rounds: number }): Promise<{ rows: Row[]; details: unknown }> {
  const wall = new Map<string, number[]>(PROBES.map((p) => [p.name, []]));
  const rss = new Map<string, number[]>(PROBES.map((p) => [p.name, []]));
  for (let round = 0; round <= options.rounds; round++) {
    for (const probe of PROBES) {
      const project = projectCopy(`hostile-${round}`);
      const extra = probe.setup(project);
      const result = await runProcess(process.execPath, [RECO_BIN, 'validate', '--no-cache', ...extra], {
        cwd: project,
        env: { ...process.env, NO_COLOR: '1' },
        timeoutMs: 60_000,
      });
      if (result.code !== probe.code)
        throw new Error(
          `${probe.name}: exit ${String(result.code)}, expected ${probe.code}: ${result.stdout.slice(0, 1000)}`,
        );
      if (round === 0) continue; // warm-up
      wall.get(probe.name)?.push(result.wallMs);
      rss.get(probe.name)?.push(result.peakRssMb);
    }
  }
  const baseline = summarize(wall.get(PROBES[0].name) ?? []).median;
  const rows = PROBES.flatMap((probe) => [
    row('hostile', `validate, ${probe.name}: wall`, 'ms', wall.get(probe.name) ?? [], {
      ratio: summarize(wall.get(probe.name) ?? []).median / baseline,
      baseline: PROBES[0].name,
    }),
    row('hostile', `validate, ${probe.name}: peak RSS`, 'MB', rss.get(probe.name) ?? [], {
      target: '≤ 150 MB',
      met: summarize(rss.get(probe.name) ?? []).max <= 150,
    }),
  ]);
  return { rows, details: { rounds: options.rounds, warmUpRounds: 1, probes: PROBES.map((p) => p.name) } };
}
