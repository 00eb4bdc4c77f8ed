/** Step "deploy": the pending components (validate, then quick deploy), and --resume of an earlier one. */
import { RecoError } from '../../core/errors';
import { recoCommand, type Invocation } from '../../core/org-args';
import type { ComponentChange } from '../changes';
import type { OrgConnection } from '../connect';
import { deployChanges, DeployFailedError, failuresOf, waitForDeploy, type DeployOutcome } from '../deploy';
import type { Progress } from '../progress';
import { readSecurity, sameRanges, SECURITY_KEY } from '../range-watch';
import type { OrgSnapshot } from '../types';
import type { XmlRecord } from '../../core/xml';

/** How to carry on when a deploy outlives --wait: resume it against the same org and files. */
export const resumeHint =
  (invocation: Invocation) =>
  (id: string): string =>
    `wait for it with: ${recoCommand('deploy', invocation, `--resume ${id}`)}  (or simply run ${recoCommand('deploy', invocation)} again later)`;

/**
 * --resume: wait for an earlier deploy to finish (then the run carries on like a normal,
 * idempotent one).
 * @throws DeployFailedError when it failed; RecoError RESUME_UNKNOWN (exit 1) with the org's
 *   answer when the org does not know the id.
 */
export async function resumeStep(
  org: OrgConnection,
  id: string,
  minutes: number,
  progress: Progress,
  invocation: Invocation,
): Promise<void> {
  const sdr = await import('@salesforce/source-deploy-retrieve');
  let status;
  try {
    status = await waitForDeploy(sdr, org.conn, id, Date.now() + minutes * 60_000, {
      waitMinutes: minutes,
      onProgress: (t) => progress.update(t),
      stillRunningHint: resumeHint(invocation),
    });
  } catch (error) {
    if (error instanceof RecoError || error instanceof DeployFailedError) throw error;
    const answer = error instanceof Error ? error.message : String(error);
    const code = (error as { errorCode?: unknown }).errorCode;
    throw new RecoError(
      'RESUME_UNKNOWN',
      `--resume ${id}: ${org.target} did not return that deploy (${typeof code === 'string' ? `${code}: ` : ''}${answer})`,
      {
        exitCode: 1,
        field: '--resume',
        fix: `check the id, or run ${recoCommand('deploy', invocation)} without --resume`,
        cause: error,
      },
    );
  }
  const ok = status.success === true || String(status.success) === 'true';
  if (!ok)
    throw new DeployFailedError(
      id,
      failuresOf(status, []),
      status.checkOnly === true || String(status.checkOnly) === 'true',
    );
}

export interface DeployStepInput {
  org: OrgConnection;
  pending: ComponentChange[];
  dryRun: boolean;
  minutes: number;
  progress: Progress;
  invocation: Invocation;
  snapshot: OrgSnapshot;
  /** Every Security value this run saw (the re-read before the quick deploy is added). */
  seen: Array<XmlRecord | null>;
  /** Merges again after the org's ranges changed under the run; returns the new pending changes. */
  remerge: () => ComponentChange[];
}

/** Deploys the pending changes; null when there are none. Throws deployChanges' errors. */
export async function deployStep(input: DeployStepInput): Promise<DeployOutcome | null> {
  const { org, pending, snapshot, seen, progress } = input;
  if (pending.length === 0) return null;
  return deployChanges(org.conn, org.apiVersion, pending, {
    dryRun: input.dryRun,
    waitMinutes: input.minutes,
    // org/deploy.ts prints `reco-sf deploy --target-org <targetOrg>` in its hints: what follows
    // --target-org there carries --config, --targets-file and the run's switches too.
    targetOrg: recoCommand('deploy', input.invocation).replace(/^reco-sf deploy --target-org /, ''),
    onProgress: (t) => progress.update(t),
    stillRunningHint: resumeHint(input.invocation),
    // Re-read the org's ranges right before the quick deploy; re-merge when another admin changed them.
    refresh: async (sent) => {
      if (!sent.some((c) => c.key === SECURITY_KEY)) return null;
      const now = await readSecurity(org.conn, org.apiVersion);
      if (sameRanges(now, snapshot.metadata[SECURITY_KEY] ?? null)) return null;
      seen.push(now);
      snapshot.metadata[SECURITY_KEY] = now;
      return input.remerge();
    },
  });
}
