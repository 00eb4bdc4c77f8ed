/**
 * Progress output on stderr (stdout is for results): one line redrawn in place on a TTY, plain
 * lines in CI or when stderr is not a TTY (CI logs must not fill with redraws), nothing with --json.
 */
export type ProgressMode = 'tty' | 'plain' | 'silent';

export interface ProgressSink {
  write(text: string): void;
  isTTY?: boolean;
}

export function progressMode(options: {
  json?: boolean;
  env?: NodeJS.ProcessEnv;
  stream?: ProgressSink;
}): ProgressMode {
  if (options.json) return 'silent';
  const env = options.env ?? process.env;
  const ci = env.CI !== undefined && env.CI !== '' && env.CI !== 'false';
  return !ci && options.stream?.isTTY === true ? 'tty' : 'plain';
}

export class Progress {
  private lastLength = 0;
  private last = '';

  constructor(
    readonly mode: ProgressMode,
    private readonly stream: ProgressSink = process.stderr,
  ) {}

  static for(options: { json?: boolean; env?: NodeJS.ProcessEnv; stream?: ProgressSink }): Progress {
    const stream = options.stream ?? process.stderr;
    return new Progress(progressMode({ ...options, stream }), stream);
  }

  /** The current step; repeated identical updates are dropped (polls would repeat them). */
  update(text: string): void {
    if (this.mode === 'silent' || text === this.last) return;
    this.last = text;
    if (this.mode === 'plain') {
      this.stream.write(`${text}\n`);
      return;
    }
    const pad = ' '.repeat(Math.max(0, this.lastLength - text.length));
    this.stream.write(`\r${text}${pad}`);
    this.lastLength = text.length;
  }

  /** Ends the redrawn line so that what follows starts on a fresh one. */
  done(): void {
    if (this.mode === 'tty' && this.lastLength > 0) this.stream.write('\n');
    this.lastLength = 0;
    this.last = '';
  }
}
