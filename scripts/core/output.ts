/**
 * Output conventions shared by every command, following the sf CLI: with --json, exactly one
 * JSON object on stdout ({ status, result, warnings } or { status, name, message, ... } on error);
 * otherwise human text. Progress and chatter go to stderr so stdout stays parseable.
 */
import { RecoError, formatProblem, type Problem } from './errors';

export interface JsonEnvelope<T> {
  status: number;
  result: T;
  warnings: string[];
}

export function printJson<T>(status: number, result: T, warnings: string[] = []): void {
  const envelope: JsonEnvelope<T> = { status, result, warnings };
  process.stdout.write(JSON.stringify(envelope, null, 2) + '\n');
}

export function printProblems(problems: Problem[]): void {
  for (const p of problems) process.stderr.write(formatProblem(p) + '\n');
}

export function info(line: string): void {
  process.stdout.write(line + '\n');
}

/** Turns any thrown error into the CLI's error output and exit code. */
export function reportError(error: unknown, json: boolean): number {
  const reco = error instanceof RecoError ? error : undefined;
  const exitCode = reco?.exitCode ?? 1;
  if (json) {
    const body = reco
      ? reco.toJSON()
      : {
          name: 'Error',
          code: 'UNEXPECTED',
          message: error instanceof Error ? error.message : String(error),
        };
    process.stdout.write(JSON.stringify({ status: exitCode, ...body, warnings: [] }, null, 2) + '\n');
  } else {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`Error (${reco?.code ?? 'UNEXPECTED'}): ${message}\n`);
    if (reco?.hint) process.stderr.write(`Try this: ${reco.hint}\n`);
  }
  return exitCode;
}
