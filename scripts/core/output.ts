/**
 * Output conventions shared by every command, following the sf CLI: with --json, exactly one
 * JSON object on stdout ({ status, result, warnings } or { status, name, code, message, fix?, exitCode, diagnostics,
 * warnings } on error; every finding in the core/diagnostic shape);
 * otherwise human text. Progress and chatter go to stderr so stdout stays parseable.
 */
import { RecoError } from './errors';
import { formatDiagnostic, type Diagnostic } from './diagnostic';

export interface JsonEnvelope<T> {
  status: number;
  result: T;
  warnings: Diagnostic[];
}

export function printJson<T>(status: number, result: T, warnings: Diagnostic[] = []): void {
  const envelope: JsonEnvelope<T> = { status, result, warnings };
  process.stdout.write(JSON.stringify(envelope, null, 2) + '\n');
}

/** Findings (warnings, notes) on stderr, one line each in the one text form. */
export function printProblems(problems: Diagnostic[]): void {
  for (const p of problems) process.stderr.write(formatDiagnostic(p) + '\n');
}

export function info(line: string): void {
  process.stdout.write(line + '\n');
}

/** The JSON body of any thrown error: a RecoError's own, or UNEXPECTED with the error as its one diagnostic. */
export function errorJson(error: unknown): Record<string, unknown> {
  if (error instanceof RecoError) return error.toJSON();
  const message = error instanceof Error ? error.message : String(error);
  const diagnostic: Diagnostic = { code: 'UNEXPECTED', severity: 'error', message, source: 'tool' };
  return { name: 'Error', code: 'UNEXPECTED', message, diagnostics: [diagnostic] };
}

/**
 * The text form of any thrown error, as the sf CLI prints one: `Error (CODE): message`, then
 * `Try this: fix` when there is a fix; `prefix` (a fleet's `[org] `) starts both lines.
 */
export function errorText(error: unknown, prefix = ''): string {
  const reco = error instanceof RecoError ? error : undefined;
  const message = error instanceof Error ? error.message : String(error);
  const fix = reco?.fix ? `${prefix}Try this: ${reco.fix}\n` : '';
  return `${prefix}Error (${reco?.code ?? 'UNEXPECTED'}): ${message}\n${fix}`;
}

/** Turns any thrown error into the CLI's error output and exit code. */
export function reportError(error: unknown, json: boolean): number {
  const reco = error instanceof RecoError ? error : undefined;
  const exitCode = reco?.exitCode ?? 1;
  if (json) {
    const body = errorJson(error);
    process.stdout.write(JSON.stringify({ status: exitCode, ...body, warnings: [] }, null, 2) + '\n');
  } else process.stderr.write(errorText(error));
  return exitCode;
}
