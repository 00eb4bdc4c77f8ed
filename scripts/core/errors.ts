/**
 * One error type for everything reco-sf reports to a user. Each carries a stable code (tests and
 * `--json` consumers match on it, never on message text), the exit code the CLI returns, and
 * where possible the file/line/field at fault and a hint saying how to fix it.
 */

/** CLI exit codes: 0 success, 1 deploy/data/runtime failure, 2 invalid input or refused by a guard, 3 drift found. */
export type ExitCode = 1 | 2 | 3;

export interface ErrorDetails {
  file?: string;
  line?: number;
  column?: number;
  /** JSON path or metadata field, e.g. `/trustedIpRanges/2/start`. */
  field?: string;
  hint?: string;
  exitCode?: ExitCode;
  cause?: unknown;
}

export class RecoError extends Error {
  readonly code: string;
  readonly details: ErrorDetails;
  readonly exitCode: ExitCode;

  constructor(code: string, message: string, details: ErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'RecoError';
    this.code = code;
    this.details = details;
    this.exitCode = details.exitCode ?? 2;
  }

  get hint(): string | undefined {
    return this.details.hint;
  }

  toJSON(): Record<string, unknown> {
    const { cause: _cause, ...rest } = this.details;
    return { name: this.name, code: this.code, message: this.message, ...rest, exitCode: this.exitCode };
  }
}

/** A problem found by validation: reported, not thrown, so that all of them are shown at once. */
export interface Problem {
  severity: 'error' | 'warning';
  code: string;
  message: string;
  file: string;
  line?: number;
  column?: number;
  field?: string;
  hint?: string;
}

export function formatProblem(p: Problem): string {
  const where = `${p.file}${p.line !== undefined ? `:${p.line}:${p.column ?? 1}` : ''}`;
  const hint = p.hint ? `  (${p.hint})` : '';
  return `${where}  ${p.severity === 'error' ? 'ERROR' : 'WARN'} ${p.code}  ${p.message}${hint}`;
}

export function errorOf(problems: Problem[]): Problem[] {
  return problems.filter((p) => p.severity === 'error');
}
