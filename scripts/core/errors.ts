/**
 * The one error type reco-sf throws for anything it reports to a user. It carries a stable code
 * (tests and `--json` consumers match on it, never on message text), the exit code the CLI
 * returns, and its findings as Diagnostics (core/diagnostic): its own (code, message, where, fix)
 * or, when it stands for several (a failed deploy's components, a gate's problems), those.
 */
import type { Diagnostic, DiagnosticLocation, DiagnosticSource } from './diagnostic';

/** CLI exit codes: 0 success, 1 deploy/data/runtime failure, 2 invalid input or refused by a guard, 3 drift found. */
export type ExitCode = 1 | 2 | 3;

export interface ErrorDetails {
  /** Where the fault is; or file/line/column/field, which build a file location. */
  location?: DiagnosticLocation;
  file?: string;
  line?: number;
  column?: number;
  /** JSON pointer or metadata field in `file`, e.g. `/trustedIpRanges/2/start`. */
  field?: string;
  /** How to fix it (a command, a Setup path, an edit). */
  fix?: string;
  /** Who says so (default: `tool`). */
  source?: DiagnosticSource;
  /** The findings this error stands for; default: the error itself as one Diagnostic. */
  diagnostics?: Diagnostic[];
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

  get fix(): string | undefined {
    return this.details.fix;
  }

  /** Where the fault is, from `location` or file/line/column/field. */
  get location(): DiagnosticLocation | undefined {
    const d = this.details;
    if (d.location) return d.location;
    if (d.file === undefined) return undefined;
    const at: { file: string; line?: number; column?: number; path?: string } = { file: d.file };
    if (d.line !== undefined) at.line = d.line;
    if (d.column !== undefined) at.column = d.column;
    if (d.field !== undefined) at.path = d.field;
    return at;
  }

  /** The error as one finding. */
  get diagnostic(): Diagnostic {
    const d: Diagnostic = {
      code: this.code,
      severity: 'error',
      message: this.message,
      source: this.details.source ?? 'tool',
    };
    const location = this.location;
    if (location) d.location = location;
    if (this.details.fix) d.fix = this.details.fix;
    return d;
  }

  /** The findings behind the error (at least one). */
  get diagnostics(): Diagnostic[] {
    const list = this.details.diagnostics;
    return list && list.length > 0 ? list : [this.diagnostic];
  }

  toJSON(): Record<string, unknown> {
    const json: Record<string, unknown> = { name: this.name, code: this.code, message: this.message };
    if (this.details.fix) json.fix = this.details.fix;
    return { ...json, exitCode: this.exitCode, diagnostics: this.diagnostics };
  }
}
