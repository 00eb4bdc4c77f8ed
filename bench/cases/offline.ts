/**
 * Case 1, offline pipeline: `reco-sf generate --check`, `reco-sf validate` and, as the baseline,
 * `sf project convert source` on the same tree, each as a whole process (wall time, peak RSS).
 * One warm-up round, then rounds that alternate the three commands (G V C G V C …).
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { RECO_BIN, SF_BIN, projectCopy, quietSfEnv, tempDir } from '../lib/env';
import { runProcess, type ProcessResult } from '../lib/proc';
import { row, summarize, type Row } from '../lib/stats';

export interface OfflineOptions {
  rounds: number;
}

interface Command {
  name: string;
  run: (round: string) => Promise<ProcessResult>;
}

export async function offlineCase(options: OfflineOptions): Promise<{ rows: Row[]; details: unknown }> {
  const project = projectCopy('offline');
  const home = tempDir('home');
  const recoEnv: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  const commands: Command[] = [
    {
      name: 'reco-sf generate --check',
      run: () =>
        runProcess(process.execPath, [RECO_BIN, 'generate', '--check'], { cwd: project, env: recoEnv }),
    },
    {
      // As in CI after a fresh checkout: no .reco/cache, so SDR is imported and resolves force-app.
      name: 'reco-sf validate (cold)',
      run: () => {
        rmSync(join(project, '.reco', 'cache'), { recursive: true, force: true });
        return runProcess(process.execPath, [RECO_BIN, 'validate'], { cwd: project, env: recoEnv });
      },
    },
    {
      // Steady state on a developer machine: the SDR resolution is cached in .reco/cache.
      name: 'reco-sf validate (cached)',
      run: () => runProcess(process.execPath, [RECO_BIN, 'validate'], { cwd: project, env: recoEnv }),
    },
    {
      name: 'sf project convert source',
      run: (round) =>
        runProcess(
          SF_BIN,
          [
            'project',
            'convert',
            'source',
            '--root-dir',
            'force-app',
            '--output-dir',
            join(tempDir('mdapi'), `out-${round}`),
          ],
          { cwd: project, env: quietSfEnv(home) },
        ),
    },
  ];
  const wall = new Map<string, number[]>(commands.map((c) => [c.name, []]));
  const rss = new Map<string, number[]>(commands.map((c) => [c.name, []]));
  for (let round = 0; round <= options.rounds; round++) {
    for (const command of commands) {
      const result = await command.run(String(round));
      if (result.code !== 0)
        throw new Error(`${command.name} exited ${String(result.code)}: ${result.stderr.slice(0, 2000)}`);
      if (round === 0) continue; // warm-up: disk cache, sf's first-run files in the temporary HOME
      wall.get(command.name)?.push(result.wallMs);
      rss.get(command.name)?.push(result.peakRssMb);
    }
  }
  const convert = summarize(wall.get('sf project convert source') ?? []).median;
  const rows: Row[] = [];
  for (const command of commands) {
    const times = wall.get(command.name) ?? [];
    const isValidate = command.name.startsWith('reco-sf validate');
    const isBaseline = command.name.startsWith('sf ');
    const median = summarize(times).median;
    rows.push(
      row('offline', `${command.name}: wall`, 'ms', times, {
        ...(isBaseline ? {} : { ratio: median / convert, baseline: 'convert' }),
        ...(isValidate ? { target: '≤ 0.15× convert', met: median / convert <= 0.15 } : {}),
      }),
    );
    const peaks = rss.get(command.name) ?? [];
    rows.push(
      row('offline', `${command.name}: peak RSS`, 'MB', peaks, {
        ...(isBaseline ? {} : { target: '≤ 150 MB', met: summarize(peaks).max <= 150 }),
      }),
    );
  }
  return { rows, details: { rounds: options.rounds, warmUpRounds: 1, order: commands.map((c) => c.name) } };
}
