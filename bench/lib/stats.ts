/** Small statistics and formatting helpers for the benchmark table. */
import { cpus } from 'node:os';
import { formatTable } from '../../scripts/core/table';

export interface Summary {
  runs: number;
  min: number;
  median: number;
  max: number;
}

export function summarize(values: number[]): Summary {
  if (values.length === 0) return { runs: 0, min: NaN, median: NaN, max: NaN };
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { runs: values.length, min: sorted[0], median, max: sorted[sorted.length - 1] };
}

export interface Machine {
  cpuModel: string;
  cores: number;
  node: string;
  platform: string;
  memoryMonitor: string;
  /** 1/5/15-minute load averages before and after the run: other work on the machine skews timings. */
  loadAverage?: { before: number[]; after: number[] };
  totalSeconds?: number;
}

export function machine(memoryMonitor: string): Machine {
  const list = cpus();
  return {
    cpuModel: list[0]?.model ?? 'unknown',
    cores: list.length,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    memoryMonitor,
  };
}

/** One row of the printed table and of results.json. */
export interface Row {
  case: string;
  metric: string;
  unit: string;
  runs: number;
  min: number;
  median: number;
  max: number;
  /** Median of this row / median of the baseline row, when there is a baseline. */
  ratio?: number;
  baseline?: string;
  target?: string;
  met?: boolean;
  note?: string;
}

export function row(
  caseName: string,
  metric: string,
  unit: string,
  values: number[],
  extra: Partial<Row> = {},
): Row {
  return { case: caseName, metric, unit, ...summarize(values), ...extra };
}

export function fmt(value: number | undefined, unit = ''): string {
  if (value === undefined || Number.isNaN(value)) return '–';
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : Math.abs(value) >= 1 ? 2 : 3;
  return `${value.toFixed(digits)}${unit}`;
}

export function table(rows: Row[]): string {
  const header = ['case', 'metric', 'runs', 'min', 'median', 'max', 'ratio', 'target', 'met'];
  const lines = rows.map((r) => [
    r.case,
    r.metric,
    String(r.runs),
    fmt(r.min, ` ${r.unit}`),
    fmt(r.median, ` ${r.unit}`),
    fmt(r.max, ` ${r.unit}`),
    r.ratio === undefined ? '' : `${fmt(r.ratio)}×${r.baseline ? ` ${r.baseline}` : ''}`,
    r.target ?? '',
    r.met === undefined ? '' : r.met ? 'yes' : 'NO',
  ]);
  return formatTable(header, lines, 'markdown-aligned');
}
