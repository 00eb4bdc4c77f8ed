/**
 * Runs a whole process and measures its wall time and peak resident set size.
 *
 * Peak RSS comes from GNU time (`/usr/bin/time -v`, "Maximum resident set size", which is the
 * kernel's ru_maxrss of the child) when it is installed; otherwise from polling the child's
 * /proc/<pid>/status VmHWM every 5 ms (which can miss a peak shorter than the poll interval and
 * does not see grandchildren). Wall time is always measured here, around the spawn, with
 * process.hrtime, so both methods time the same thing.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const GNU_TIME = '/usr/bin/time';

export const memoryMonitor = existsSync(GNU_TIME)
  ? 'GNU time -v (ru_maxrss of the child process tree leader)'
  : '/proc/<pid>/status VmHWM polled every 5 ms';

export interface ProcessResult {
  code: number | null;
  wallMs: number;
  peakRssMb: number;
  /** User + system CPU time of the child (GNU time only; NaN without it). */
  cpuMs: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Hard limit: the child is killed after this many ms. */
  timeoutMs?: number;
}

function vmHwmKb(pid: number): number {
  try {
    const match = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

export function runProcess(command: string, args: string[], options: RunOptions): Promise<ProcessResult> {
  const useTime = existsSync(GNU_TIME);
  const file = useTime ? GNU_TIME : command;
  const argv = useTime ? ['-v', command, ...args] : args;
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(file, argv, { cwd: options.cwd, env: options.env ?? process.env });
    let stdout = '';
    let stderr = '';
    let peakKb = 0;
    let cpuMs = Number.NaN;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const poll = useTime
      ? undefined
      : setInterval(() => {
          if (child.pid !== undefined) peakKb = Math.max(peakKb, vmHwmKb(child.pid));
        }, 5);
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      clearTimeout(timer);
      if (poll) clearInterval(poll);
      if (useTime) {
        const match = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
        peakKb = match ? Number(match[1]) : 0;
        const user = /User time \(seconds\): ([\d.]+)/.exec(stderr);
        const system = /System time \(seconds\): ([\d.]+)/.exec(stderr);
        if (user && system) cpuMs = (Number(user[1]) + Number(system[1])) * 1000;
        // Keep the child's own stderr readable: drop GNU time's report.
        const cuts = [
          stderr.lastIndexOf('Command exited with non-zero status'),
          stderr.lastIndexOf('\tCommand being timed:'),
        ];
        const cut = Math.min(...cuts.filter((c) => c >= 0));
        if (Number.isFinite(cut)) stderr = stderr.slice(0, cut);
      }
      resolve({ code, wallMs, peakRssMb: peakKb / 1024, cpuMs, stdout, stderr });
    });
  });
}
