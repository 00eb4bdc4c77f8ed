/** Special files for the hostile-input tests: a FIFO made with mkfifo(1) (Node has no mkfifo). */
import { execFileSync } from 'node:child_process';

export function makeFifo(path: string): string {
  execFileSync('mkfifo', [path]);
  return path;
}
