/**
 * The metadata deploy, through SDR: the merged components are written to a temporary SFDX
 * project (never the user's tree: the merged SecuritySettings holds the org's ranges), validated
 * check-only, then quick-deployed by the validated id (a normal deploy where quick deploy is
 * refused), with rollbackOnError and NoTestRun. Polling is ours (bounded retries of transient
 * errors, progress, the --wait deadline). SDR is loaded lazily.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connection } from '@salesforce/core';
import type { DeployMessage, MetadataApiDeployStatus } from '@salesforce/source-deploy-retrieve';
import { deployTipFor } from '../catalog/catalog';
import { writeFilesAtomic } from '../core/files';
import { RecoError } from '../core/errors';
import { renderMetadata } from '../core/xml';
import type { ComponentChange } from './changes';
import { metadataPathOf, pollDelay } from './retrieve';
import { withRetry } from './retry';

export interface ComponentFailure {
  component: string;
  file: string;
  line?: number;
  column?: number;
  problem: string;
  hint?: string;
}

export interface DeployOutcome {
  validationId: string;
  /** The id that changed the org (quick deploy or fallback deploy); null after --dry-run. */
  deployId: string | null;
  quickDeploy: boolean;
}

export interface DeployOptions {
  dryRun: boolean;
  /** Deadline for the whole metadata step, in minutes. */
  waitMinutes: number;
  onProgress?: (text: string) => void;
  /** Poll delays, overridable by tests. */
  pollDelayMs?: (attempt: number) => number;
  /** The next step when the deploy outlives `waitMinutes` (default: how to check it with sf). */
  stillRunningHint?: (id: string) => string;
}

/** The temporary project's files: sfdx-project.json (sourceApiVersion, so SDR never looks it up online) and the merged components. */
export function deployProjectFiles(
  apiVersion: string,
  changes: ComponentChange[],
): Array<{ path: string; content: string }> {
  const project = {
    packageDirectories: [{ path: 'force-app', default: true }],
    name: 'reco-sf-deploy',
    namespace: '',
    sourceApiVersion: apiVersion,
  };
  return [
    { path: 'sfdx-project.json', content: JSON.stringify(project, null, 2) + '\n' },
    ...changes.map((c) => ({ path: c.path, content: renderMetadata(c.rootType, c.value) })),
  ];
}

function asList(value: DeployMessage | DeployMessage[] | undefined): DeployMessage[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** Component failures mapped to our source files, each with a fix where we know one. */
export function failuresOf(
  status: Pick<MetadataApiDeployStatus, 'details' | 'errorMessage'>,
  changes: ComponentChange[],
): ComponentFailure[] {
  const failures = asList(status.details?.componentFailures).filter((f) => f.problemType !== 'Warning');
  const mapped = failures.map((f): ComponentFailure => {
    const fileName = (f.fileName ?? '')
      .replace(/^(unpackaged\/|force-app\/main\/default\/)/, '')
      .replace(/-meta\.xml$/, '');
    const change =
      changes.find((c) => metadataPathOf(c.path) === fileName) ??
      changes.find(
        (c) =>
          c.fullName === f.fullName &&
          (f.componentType === undefined || c.type === f.componentType || c.rootType === f.componentType),
      );
    const problem = f.problem ?? 'failed';
    return {
      component: change?.key ?? `${f.componentType ?? ''}:${f.fullName}`,
      file: change?.path ?? f.fileName,
      line: f.lineNumber ? Number(f.lineNumber) : undefined,
      column: f.columnNumber ? Number(f.columnNumber) : undefined,
      problem,
      hint: deployTipFor(problem),
    };
  });
  if (mapped.length === 0 && status.errorMessage)
    mapped.push({
      component: '(deploy)',
      file: '',
      problem: status.errorMessage,
      hint: deployTipFor(status.errorMessage),
    });
  return mapped;
}

export function formatFailures(failures: ComponentFailure[]): string {
  return failures
    .map(
      (f) =>
        `  ${f.file}${f.line !== undefined ? `:${f.line}${f.column !== undefined ? `:${f.column}` : ''}` : ''}  ${f.problem}${f.hint ? `\n    fix: ${f.hint}` : ''}`,
    )
    .join('\n');
}

export class DeployFailedError extends RecoError {
  constructor(
    readonly deployId: string,
    readonly failures: ComponentFailure[],
    readonly checkOnly: boolean,
  ) {
    super(
      'DEPLOY_FAILED',
      `${checkOnly ? 'validation' : 'deploy'} ${deployId} failed; nothing was changed (rolled back):\n${formatFailures(failures)}`,
      {
        exitCode: 1,
        file: failures[0]?.file,
        line: failures[0]?.line,
        hint: failures[0]?.hint,
      },
    );
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), deployId: this.deployId, checkOnly: this.checkOnly, failures: this.failures };
  }
}

export function stillRunningError(id: string, minutes: number, hint?: (id: string) => string): RecoError {
  return new RecoError('DEPLOY_STILL_RUNNING', `deploy ${id} is still running after ${minutes} minute(s)`, {
    hint: hint ? hint(id) : `check it with: sf project deploy report --job-id ${id}`,
    exitCode: 1,
  });
}

type Sdr = typeof import('@salesforce/source-deploy-retrieve');

/** Polls a deploy until done or the deadline; status reads are retried (they change nothing). */
export async function waitForDeploy(
  sdr: Sdr,
  conn: Connection,
  id: string,
  deadline: number,
  options: Pick<DeployOptions, 'onProgress' | 'pollDelayMs' | 'waitMinutes' | 'stillRunningHint'>,
): Promise<MetadataApiDeployStatus> {
  const handle = new sdr.MetadataApiDeploy({ id, usernameOrConnection: conn });
  const delay = options.pollDelayMs ?? pollDelay;
  for (let attempt = 0; ; attempt++) {
    const status = await withRetry(() => handle.checkStatus());
    if (status.done) return status;
    options.onProgress?.(
      `${status.checkOnly ? 'validating' : 'deploying'} ${id}: ${status.status} (${status.numberComponentsDeployed ?? 0}/${status.numberComponentsTotal ?? '?'} components)`,
    );
    if (Date.now() >= deadline) throw stillRunningError(id, options.waitMinutes, options.stillRunningHint);
    await new Promise((resolve) =>
      setTimeout(resolve, Math.min(delay(attempt), Math.max(0, deadline - Date.now()))),
    );
  }
}

function succeeded(status: MetadataApiDeployStatus): boolean {
  return status.success === true || String(status.success) === 'true';
}

async function startDeploy(
  sdr: Sdr,
  conn: Connection,
  dir: string,
  apiVersion: string,
  checkOnly: boolean,
): Promise<string> {
  const set = sdr.ComponentSet.fromSource(join(dir, 'force-app'));
  set.sourceApiVersion = apiVersion;
  set.apiVersion = apiVersion;
  const operation = await set.deploy({
    usernameOrConnection: conn,
    apiOptions: { checkOnly, rollbackOnError: true, testLevel: 'NoTestRun', singlePackage: true },
  });
  return operation.id ?? '';
}

/** Quick deploy of a validation; undefined when the org refuses it (the caller then deploys normally). */
async function quickDeploy(sdr: Sdr, conn: Connection, validationId: string): Promise<string | undefined> {
  try {
    return await new sdr.MetadataApiDeploy({
      id: validationId,
      usernameOrConnection: conn,
    }).deployRecentValidation(false);
  } catch {
    return undefined;
  }
}

export async function deployChanges(
  conn: Connection,
  apiVersion: string,
  changes: ComponentChange[],
  options: DeployOptions,
): Promise<DeployOutcome> {
  const sdr = await import('@salesforce/source-deploy-retrieve');
  const deadline = Date.now() + options.waitMinutes * 60_000;
  const dir = mkdtempSync(join(tmpdir(), 'reco-deploy-'));
  try {
    writeFilesAtomic(
      deployProjectFiles(apiVersion, changes).map((f) => ({ path: join(dir, f.path), content: f.content })),
    );
    options.onProgress?.(`validating ${changes.length} component(s) (check-only)`);
    const validationId = await startDeploy(sdr, conn, dir, apiVersion, true);
    const validation = await waitForDeploy(sdr, conn, validationId, deadline, options);
    if (!succeeded(validation))
      throw new DeployFailedError(validationId, failuresOf(validation, changes), true);
    if (options.dryRun) return { validationId, deployId: null, quickDeploy: false };
    options.onProgress?.(`validated ${validationId}; quick deploy`);
    let deployId = await quickDeploy(sdr, conn, validationId);
    const quick = deployId !== undefined;
    if (deployId === undefined) {
      options.onProgress?.('quick deploy refused; deploying');
      deployId = await startDeploy(sdr, conn, dir, apiVersion, false);
    }
    const final = await waitForDeploy(sdr, conn, deployId, deadline, options);
    if (!succeeded(final)) throw new DeployFailedError(deployId, failuresOf(final, changes), false);
    return { validationId, deployId, quickDeploy: quick };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
