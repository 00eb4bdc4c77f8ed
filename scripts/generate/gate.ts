/**
 * The offline gate, one function for every command that talks to an org: the config is loaded
 * and checked (config → model), and, for the commands that deploy or plan a deploy, the
 * committed tree too: every file under force-app/ read strictly and validated, and the tree
 * compared with what the config generates. Any error stops the command here, before a single
 * request (exit 2), naming the files. `ignoreLocalChanges` skips the tree check for those who
 * mean it (the deploy is built from the config in memory either way).
 */
import { RecoError } from '../core/errors';
import { errorsOf, fileAt, fileLocation, formatDiagnostic, type Diagnostic } from '../core/diagnostic';
import type { Model } from '../core/model';
import { printProblems } from '../core/output';
import { configPathFor, findProjectRoot } from '../core/project';
import { runOfflinePipeline } from './pipeline';

export interface GateOptions {
  config?: string;
  json?: boolean;
  /** Check force-app/ against the config (deploy, plan). */
  checkTree?: boolean;
  /** --ignore-local-changes: skip the tree check (a warning says so). */
  ignoreLocalChanges?: boolean;
  /** `reco-sf lock`: the existing lock is neither read nor judged (the command replaces it). Also implied without `checkTree`. */
  ignoreLock?: boolean;
}

export interface GateResult {
  root: string;
  model: Model;
  /** The config's warnings and the gate's own (TREE_NOT_CHECKED), for the command's output. */
  warnings: Diagnostic[];
}

/**
 * Config warnings that the org commands judge again with the org's facts (adaptToOrg warns about
 * creating a connected app only when the org lacks it): given here too, each run said it twice.
 */
const ORG_JUDGED = new Set(['CONNECTED_APP_BLOCKED']);

function refusal(file: string, errors: Diagnostic[], what: string, fix: string): RecoError {
  const shown = errors.slice(0, 20).map((p) => `  ${formatDiagnostic(p)}`);
  if (errors.length > shown.length) shown.push(`  … and ${errors.length - shown.length} more`);
  return new RecoError(
    'CONFIG_INVALID',
    `${what} has ${errors.length} error(s); nothing was sent to the org:\n${shown.join('\n')}`,
    { location: fileLocation(file, fileAt(errors[0])), fix, diagnostics: errors, exitCode: 2 },
  );
}

/**
 * Runs the gate. Throws RecoError CONFIG_INVALID (exit 2) listing every error (file:line:col,
 * code, message) when the config, or with `checkTree` the committed force-app/, is not what
 * can be deployed.
 */
export async function offlineGate(options: GateOptions): Promise<GateResult> {
  const root = findProjectRoot();
  const configPath = configPathFor(root, options.config);
  const configArg = options.config ? ` --config ${options.config}` : '';
  // The lock shapes the committed tree: only the commands that judge the tree read it.
  const ignoreLock = options.ignoreLock || !options.checkTree || options.ignoreLocalChanges;
  const offline = runOfflinePipeline(root, configPath, { ignoreLock });
  const errors = errorsOf(offline.problems);
  if (!offline.model || errors.length > 0) {
    // The refusal lists the errors; printing them here too showed each one twice.
    if (!options.json) printProblems(offline.problems.filter((p) => p.severity !== 'error'));
    const files = [
      ...new Set(errors.map((p) => fileAt(p)?.file).filter((f): f is string => f !== undefined)),
    ];
    throw refusal(
      files[0] ?? offline.configFile,
      errors,
      files.join(', ') || offline.configFile,
      `run reco-sf validate${configArg} for the details`,
    );
  }
  const warnings = offline.problems.filter((p) => p.severity === 'warning' && !ORG_JUDGED.has(p.code));
  if (options.checkTree && options.ignoreLocalChanges) {
    warnings.push({
      code: 'TREE_NOT_CHECKED',
      severity: 'warning',
      source: 'tool',
      location: { file: 'force-app/' },
      message: '--ignore-local-changes: force-app/ was not checked against the config',
      fix: `run reco-sf generate${configArg} to write force-app/ from the config, then run without --ignore-local-changes`,
    });
  } else if (options.checkTree) {
    const { validateProject } = await import('../validate');
    // A refused plan or deploy writes nothing, not even validate's .reco/cache.
    const report = await validateProject(root, configPath, { sdr: false, cache: false });
    if (report.errors.length > 0) {
      const files = [...new Set(report.errors.map((p) => fileAt(p)?.file ?? ''))];
      throw refusal(
        files[0],
        report.errors,
        `the committed tree (${files.slice(0, 5).join(', ')}${files.length > 5 ? ', …' : ''})`,
        `run reco-sf generate${configArg} to write force-app/ from the config (or fix the files), or pass --ignore-local-changes to deploy from the config alone`,
      );
    }
  }
  return { root, model: offline.model, warnings };
}
