/**
 * Case 3, scale: merge + validate trusted ranges for orgs holding 100 / 1,000 / 10,000 ranges,
 * validation of a 2,000-permission set, and the structure-check, size-refusal and emulator start-up
 * timings (structure.ts). The work runs in a worker process (scale-worker)
 * so that its peak RSS is its own; sizes alternate within the worker after a warm-up round.
 */
import { join } from 'node:path';
import { REPO } from '../lib/env';
import { runProcess } from '../lib/proc';
import { row, summarize, type Row } from '../lib/stats';
import type { WorkerResult } from './scale-worker';
import { structureRows } from './structure';

const WORKER = join(REPO, 'dist', 'bench', 'cases', 'scale-worker.js');

export interface ScaleOptions {
  rangeSizes: number[];
  rangeRounds: number;
  permissions: number;
  permsetRounds: number;
}

async function worker(mode: string, sizes: number[], rounds: number): Promise<WorkerResult> {
  const result = await runProcess(
    process.execPath,
    ['--expose-gc', WORKER, mode, sizes.join(','), String(rounds)],
    {
      cwd: REPO,
      timeoutMs: 300_000,
    },
  );
  if (result.code !== 0)
    throw new Error(`scale worker ${mode} exited ${String(result.code)}: ${result.stderr.slice(0, 2000)}`);
  return JSON.parse(result.stdout.trim().split('\n').pop() ?? '{}') as WorkerResult;
}

export async function scaleCase(options: ScaleOptions): Promise<{ rows: Row[]; details: unknown }> {
  const rows: Row[] = [];
  const ranges = await worker('ranges', options.rangeSizes, options.rangeRounds);
  const smallest = String(options.rangeSizes[0]);
  const base = summarize(ranges.sizes[smallest]?.times ?? []).median;
  const baseN = options.rangeSizes[0];
  for (const n of options.rangeSizes) {
    const entry = ranges.sizes[String(n)];
    const median = summarize(entry.times).median;
    const isLargest = n === options.rangeSizes[options.rangeSizes.length - 1] && n !== baseN;
    // Per-range cost relative to the smallest size: 1 means perfectly linear.
    const perRangeRatio = median / n / (base / baseN);
    rows.push(
      row('scale', `ranges merge+validate, ${n} org ranges`, 'ms', entry.times, {
        ...(n === baseN ? {} : { ratio: median / base, baseline: `${baseN}` }),
        note: `${entry.problems} problems (warnings for overlaps), heap +${entry.heapMb.toFixed(1)} MB`,
      }),
    );
    if (isLargest) {
      const perRange = entry.times.map((t) => (t / n) * 1000);
      rows.push(
        row('scale', `  per range at ${n}`, 'µs', perRange, {
          ratio: perRangeRatio,
          baseline: `per range at ${baseN}`,
          target: '≤ 2× (per range)',
          met: perRangeRatio <= 2,
        }),
      );
    }
  }
  rows.push(
    row('scale', `ranges worker peak RSS (all sizes)`, 'MB', [ranges.rssMb], {
      target: '≤ 150 MB',
      met: ranges.rssMb <= 150,
    }),
  );
  const permset = await worker('permset', [options.permissions], options.permsetRounds);
  const entry = permset.sizes[String(options.permissions)];
  rows.push(
    row('scale', `validate permission set, ${options.permissions} permissions`, 'ms', entry.times, {
      note: `${entry.problems} problems, heap +${entry.heapMb.toFixed(1)} MB, worker peak RSS ${permset.rssMb.toFixed(0)} MB`,
    }),
  );
  rows.push(...(await structureRows(options.permsetRounds)));
  return { rows, details: { ranges, permset, options } };
}
