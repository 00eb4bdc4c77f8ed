/** `reco-sf validate [--config F] [--json]`: offline checks; exit 2 (invalid config or metadata) on any error. */
import { formatDiagnostic, type Diagnostic } from '../core/diagnostic';
import { info, printJson } from '../core/output';
import { configPathFor, findProjectRoot } from '../core/project';
import { validateProject } from '../validate';

export interface ValidateResult {
  errors: Diagnostic[];
  warnings: Diagnostic[];
}

export async function validateCommand(opts: {
  config?: string;
  json?: boolean;
  cache?: boolean;
}): Promise<number> {
  const root = findProjectRoot();
  const report = await validateProject(root, configPathFor(root, opts.config), {
    cache: opts.cache !== false,
  });
  // README's exit-code rule: 2 for an invalid config or invalid metadata, whichever the error is.
  const status = report.errors.length > 0 ? 2 : 0;
  if (opts.json) {
    printJson<ValidateResult>(status, { errors: report.errors, warnings: report.warnings }, report.warnings);
    return status;
  }
  for (const p of [...report.errors, ...report.warnings]) info(formatDiagnostic(p));
  info(
    `validate: ${report.filesChecked} files, ${report.errors.length} error(s), ${report.warnings.length} warning(s)`,
  );
  return status;
}
