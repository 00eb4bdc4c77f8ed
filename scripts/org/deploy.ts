/**
 * The metadata deploy, through SDR: the merged components are written to a temporary SFDX
 * project (never the user's tree: the merged SecuritySettings holds the org's ranges), validated
 * check-only, then quick-deployed by the validated id (a normal deploy where quick deploy is
 * refused), with rollbackOnError and NoTestRun. SDR polls (its `update` events are our progress);
 * the --wait deadline is its timeout. SDR is loaded lazily.
 */
import { join } from 'node:path';
import type { Connection } from '@salesforce/core';
import type { DeployMessage, MetadataApiDeployStatus } from '@salesforce/source-deploy-retrieve';
import { deployTipFor } from '../catalog/catalog';
import { componentFiles } from '../components';
import { makePrivateTempDir, writeFilesAtomic } from '../core/files';
import {
  entityOf,
  fileLocation,
  formatDiagnostic,
  type Diagnostic,
  type DiagnosticLocation,
} from '../core/diagnostic';
import { RecoError } from '../core/errors';
import { listOf, type XmlRecord } from '../core/xml';
import type { ComponentChange } from './changes';
import { metadataPathOf } from './retrieve';
import { errorCodes, isOrgFault, isSessionExpired, withRetry } from './retry';

/** Temporary deploy projects: `<tmpdir>/reco-deploy-<pid>-XXXXXX`. */
export const DEPLOY_TEMP_PREFIX = 'reco-deploy-';

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
  /** The org as the user named it, for the commands hints print. */
  targetOrg?: string;
  /**
   * Called after a successful validation, right before the quick deploy: re-reads what the org
   * may have changed meanwhile (its trusted ranges) and returns the re-merged changes, or null
   * when nothing changed. New changes are validated again (at most MAX_REMERGES times).
   */
  refresh?: (changes: ComponentChange[]) => Promise<ComponentChange[] | null>;
  /** The next step when the deploy outlives `waitMinutes` (default: how to check it with sf). */
  stillRunningHint?: (id: string) => string;
}

/** Re-merges before giving up when the org keeps changing under the deploy. */
export const MAX_REMERGES = 3;

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
    ...changes.flatMap((c) => componentFiles(c)),
  ];
}

function asList(value: DeployMessage | DeployMessage[] | undefined): DeployMessage[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/**
 * Component failures as Diagnostics (code COMPONENT_FAILED, source org): located in our source
 * file (line and column from the deploy result) when the component is one we sent, else at the
 * component the org names; each with a fix where we know one.
 */
export function failuresOf(
  status: Pick<MetadataApiDeployStatus, 'details' | 'errorMessage'>,
  changes: ComponentChange[],
): Diagnostic[] {
  const failures = asList(status.details?.componentFailures).filter((f) => f.problemType !== 'Warning');
  const failed = (location: DiagnosticLocation, message: string, fix: string | undefined): Diagnostic => ({
    code: 'COMPONENT_FAILED',
    severity: 'error',
    source: 'org',
    location,
    message,
    ...(fix ? { fix } : {}),
  });
  const mapped = failures.map((f): Diagnostic => {
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
    const orgEntry = change ? orgOwnEntryIn(change, problem) : undefined;
    if (change && orgEntry !== undefined)
      return failed(
        { entity: entityOf(change.key), path: `the org's own entry ${orgEntry}, carried through unchanged` },
        problem,
        `the org already held ${orgEntry}; reco-sf did not add it and the config does not name it: check it in the org's Setup before deploying again`,
      );
    const file = change?.path ?? f.fileName;
    const location: DiagnosticLocation = file
      ? fileLocation(file, {
          line: f.lineNumber ? Number(f.lineNumber) : undefined,
          column: f.columnNumber ? Number(f.columnNumber) : undefined,
        })
      : { entity: { type: f.componentType ?? '', name: f.fullName } };
    return failed(location, problem, deployTipFor(problem));
  });
  if (mapped.length === 0 && status.errorMessage)
    mapped.push({
      code: 'DEPLOY_FAILED',
      severity: 'error',
      source: 'org',
      message: status.errorMessage,
      ...(deployTipFor(status.errorMessage) ? { fix: deployTipFor(status.errorMessage) } : {}),
    });
  return mapped;
}

/**
 * The org's own list entry a failure names, if it is one: deploys carry the org's entries
 * (Event Manager entities, trusted ranges) through unchanged, so a failure on one of them is
 * neither our file's nor the config's. Undefined when the problem names none of them.
 */
function orgOwnEntryIn(change: ComponentChange, problem: string): string | undefined {
  const entries = (value: XmlRecord | null): Map<string, unknown> =>
    new Map(listOf<XmlRecord>(value?.realTimeEvents).map((e) => [String(e.entityName ?? ''), e.isEnabled]));
  const before = entries(change.current);
  const sent = entries(change.value);
  // Ours are the entries the deploy adds or switches; the rest went back as the org had them.
  const untouched = [...before].filter(([name, enabled]) => name !== '' && sent.get(name) === enabled);
  return untouched.map(([name]) => name).find((name) => new RegExp(`\\b${name}\\b`).test(problem));
}

export function formatFailures(failures: Diagnostic[]): string {
  return failures.map((f) => `  ${formatDiagnostic(f)}`).join('\n');
}

export class DeployFailedError extends RecoError {
  constructor(
    readonly deployId: string,
    readonly failures: Diagnostic[],
    readonly checkOnly: boolean,
  ) {
    super(
      'DEPLOY_FAILED',
      `${checkOnly ? 'validation' : 'deploy'} ${deployId} failed; nothing was changed (rolled back):\n${formatFailures(failures)}`,
      {
        exitCode: 1,
        location: failures[0]?.location,
        fix: failures[0]?.fix,
        source: 'org',
        diagnostics: failures,
      },
    );
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), deployId: this.deployId, checkOnly: this.checkOnly };
  }
}

export function stillRunningError(id: string, minutes: number, fix?: (id: string) => string): RecoError {
  return new RecoError('DEPLOY_STILL_RUNNING', `deploy ${id} is still running after ${minutes} minute(s)`, {
    fix: fix ? fix(id) : `check it with: sf project deploy report --job-id ${id}`,
    exitCode: 1,
  });
}

/**
 * The quick deploy was sent but its answer was lost (connection reset, 503): it may be running.
 * It is never sent again (a retried write); a re-run reads the org first and sends only what is
 * still missing. Exit 1.
 */
export function quickDeployUnknownError(
  validationId: string,
  validated: boolean,
  targetOrg: string | undefined,
  cause: unknown,
): RecoError {
  const again = `reco-sf deploy${targetOrg ? ` --target-org ${targetOrg}` : ''}`;
  return new RecoError(
    'DEPLOY_OUTCOME_UNKNOWN',
    `the quick deploy of validation ${validationId} was sent, but the org's answer was lost (${errorCodes(cause)[0] ?? 'no response'}); it may have started, so it was not sent again${validated ? ` (validation ${validationId} itself succeeded)` : ''}`,
    {
      fix: `check the org's Deployment Status page, then run ${again} again: it reads the org first and sends only what is still missing`,
      exitCode: 1,
      cause,
    },
  );
}

type Sdr = typeof import('@salesforce/source-deploy-retrieve');

/**
 * How often a deploy's status is read: SDR's own interval for a deploy of up to 1,000 components
 * (calculatePollingFrequency), which is how `sf project deploy` polls.
 */
const POLL_MS = 1000;

/**
 * Waits for a deploy through SDR's poller (MetadataApiDeploy.pollStatus, every POLL_MS),
 * reporting each status it reads through its `update` event. SDR keeps polling through network
 * errors and 503s (up to SF_METADATA_POLL_ERROR_RETRY_LIMIT consecutive ones, default 1000) until
 * the deadline. A status read after which the next one would come at or past the deadline ends
 * the wait there: SDR's own timeout would leave its poller sleeping up to POLL_MS (a timer that
 * keeps the process alive after the command has answered) and a read possibly in flight, so it
 * is only the backstop for a read still unanswered POLL_MS after the deadline.
 * @returns the final status (done: succeeded, failed or canceled).
 * @throws RecoError DEPLOY_STILL_RUNNING (exit 1) at the deadline; the original error (an expired
 *   session: INVALID_SESSION_ID) where SDR's wrapper names it; else SDR's MetadataTransferError.
 */
export async function waitForDeploy(
  sdr: Sdr,
  conn: Connection,
  id: string,
  deadline: number,
  options: Pick<DeployOptions, 'onProgress' | 'waitMinutes' | 'stillRunningHint'>,
): Promise<MetadataApiDeployStatus> {
  await quietRetryWarnings();
  const report = (status: MetadataApiDeployStatus): void =>
    options.onProgress?.(
      `${String(status.checkOnly) === 'true' ? 'validating' : 'deploying'} ${id}: ${status.status} (${status.numberComponentsDeployed ?? 0}/${status.numberComponentsTotal ?? '?'} components)`,
    );
  const handle = new (class extends sdr.MetadataApiDeploy {
    stoppedAtDeadline = false;
    override async checkStatus(): Promise<MetadataApiDeployStatus> {
      const status = await super.checkStatus();
      if (!status.done && Date.now() + POLL_MS >= deadline) {
        report(status);
        this.stoppedAtDeadline = true;
        // Not one of SDR's retryable messages: its poller stops at once, with no timer pending.
        throw new Error(`deploy ${id} still running at the --wait deadline`);
      }
      return status;
    }
  })({ id, usernameOrConnection: conn });
  handle.onUpdate(report);
  try {
    const backstop = (Math.max(0, deadline - Date.now()) + POLL_MS) / 1000;
    const result = await handle.pollStatus(POLL_MS, backstop);
    return result.response;
  } catch (error) {
    if (handle.stoppedAtDeadline || Date.now() >= deadline)
      throw stillRunningError(id, options.waitMinutes, options.stillRunningHint);
    throw pollErrorCause(error);
  }
}

/**
 * SDR's poller announces each status read it retries ("Network error occurred.  Continuing to
 * poll.") as a core Lifecycle warning, which core prints as a Node process warning when nobody
 * listens: retries are silent, as ours were. Every other warning still reaches the process.
 */
async function quietRetryWarnings(): Promise<void> {
  const { Lifecycle } = await import('@salesforce/core');
  Lifecycle.getInstance().on(
    'warning',
    (warning: string) => {
      if (!/^Network error occurred/.test(warning)) process.emitWarning(warning);
      return Promise.resolve();
    },
    'reco-sf:quiet-poll-retries',
  );
}

/**
 * SDR's poller wraps a failed status read in a MetadataTransferError ("Metadata API request
 * failed: <original message>") that keeps neither the original error nor its code: an expired
 * session is recognised by its code in that message, so that the caller can say how to log in.
 */
function pollErrorCause(error: unknown): unknown {
  const message = error instanceof Error ? error.message : '';
  if (/\bINVALID_SESSION_ID\b/.test(message))
    return Object.assign(new Error(message, { cause: error }), { errorCode: 'INVALID_SESSION_ID' });
  return error;
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

/**
 * Quick deploy of a validation; undefined only when the org refuses it (a fault with the org's
 * code, e.g. INVALID_ID_FIELD for a stale validation: the caller then deploys normally). An
 * expired session is thrown as it is (the caller names the `sf org login` fix). Anything else — a
 * reset, a timeout, a 503, an error with no code — means the answer was lost: the validation's
 * status is read (checkDeployStatus, safe to retry) and DEPLOY_OUTCOME_UNKNOWN thrown, never a
 * second deploy.
 */
async function quickDeploy(
  sdr: Sdr,
  conn: Connection,
  validationId: string,
  targetOrg: string | undefined,
): Promise<string | undefined> {
  const handle = new sdr.MetadataApiDeploy({ id: validationId, usernameOrConnection: conn });
  try {
    return await handle.deployRecentValidation(false);
  } catch (error) {
    if (isSessionExpired(error)) throw error;
    if (isOrgFault(error)) return undefined;
    // The status read only decides the message: if it fails too, the outcome stays unknown.
    const status = await withRetry(() => handle.checkStatus()).catch(() => undefined);
    throw quickDeployUnknownError(validationId, status !== undefined && succeeded(status), targetOrg, error);
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
  for (let remerges = 0; ; remerges++) {
    // The merged SecuritySettings holds the org's own ranges: the folder is private and never outlives the run.
    const temp = makePrivateTempDir(DEPLOY_TEMP_PREFIX);
    const dir = temp.dir;
    try {
      writeFilesAtomic(
        deployProjectFiles(apiVersion, changes).map((f) => ({ path: join(dir, f.path), content: f.content })),
        { fileMode: 0o600, dirMode: 0o700 },
      );
      options.onProgress?.(`validating ${changes.length} component(s) (check-only)`);
      const validationId = await startDeploy(sdr, conn, dir, apiVersion, true);
      const validation = await waitForDeploy(sdr, conn, validationId, deadline, options);
      if (!succeeded(validation))
        throw new DeployFailedError(validationId, failuresOf(validation, changes), true);
      if (options.dryRun) return { validationId, deployId: null, quickDeploy: false };
      const remerged = options.refresh ? await options.refresh(changes) : null;
      if (remerged) {
        if (remerges >= MAX_REMERGES)
          throw new RecoError(
            'ORG_KEEPS_CHANGING',
            `the org's trusted ranges changed during each of ${MAX_REMERGES + 1} validations; nothing was deployed`,
            { exitCode: 1, fix: 'run reco-sf deploy again once other admins are done' },
          );
        options.onProgress?.("the org's trusted ranges changed since they were read; merging again");
        changes = remerged;
        continue;
      }
      return await finishDeploy(sdr, conn, dir, apiVersion, validationId, changes, deadline, options);
    } finally {
      temp.remove();
    }
  }
}

/** Quick deploy of the validation (a normal deploy where refused), then its wait. */
async function finishDeploy(
  sdr: Sdr,
  conn: Connection,
  dir: string,
  apiVersion: string,
  validationId: string,
  changes: ComponentChange[],
  deadline: number,
  options: DeployOptions,
): Promise<DeployOutcome> {
  options.onProgress?.(`validated ${validationId}; quick deploy`);
  let deployId = await quickDeploy(sdr, conn, validationId, options.targetOrg);
  const quick = deployId !== undefined;
  if (deployId === undefined) {
    options.onProgress?.('quick deploy refused; deploying');
    deployId = await startDeploy(sdr, conn, dir, apiVersion, false);
  }
  const final = await waitForDeploy(sdr, conn, deployId, deadline, options);
  if (!succeeded(final)) throw new DeployFailedError(deployId, failuresOf(final, changes), false);
  return { validationId, deployId, quickDeploy: quick };
}
