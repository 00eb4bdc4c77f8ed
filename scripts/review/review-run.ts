/**
 * The read-only reviews' orchestration, one function per command: the offline gate, the model
 * with this org's own targets-file values, one read of the org, the facts, the report. Every fix
 * in a report repeats the org, --config and --targets-file the review ran with.
 */
import { invocationOf } from '../core/org-args';
import { loadModel, readConvergence, readOrg, withTargetValues } from './context';
import type { Diagnostic } from '../core/diagnostic';
import { diagnose } from './doctor';
import { readReviewFacts } from './read-facts';
import type { TargetInfo } from './render-reports';
import { verifyDrift, type VerifyReport } from './verify';

/** The options `verify` and `doctor` take. */
export interface ReviewOptions {
  targetOrg?: string;
  /** Per-org values (username, email) from this org's line of a targets file. */
  targetsFile?: string;
  config?: string;
  json?: boolean;
}

export type VerifyResult = VerifyReport & { org: TargetInfo };

export interface DoctorResult {
  org: TargetInfo;
  findings: Diagnostic[];
  /** What could not be read (and so was not checked). */
  notChecked: string[];
}

async function readForReview(opts: ReviewOptions) {
  const loaded = withTargetValues(await loadModel(opts.config, opts.json === true), opts);
  const { org, snapshot } = await readOrg(opts.targetOrg, loaded, { dependencies: true });
  const facts = await readReviewFacts(org.conn, org.apiVersion, loaded.model, snapshot);
  const info: TargetInfo = { orgId: snapshot.orgId, name: snapshot.organization.name, target: org.target };
  return { loaded, org, snapshot, facts, info, invocation: invocationOf(opts, org.target) };
}

/** `verify`: the drift between the org and the config. Throws the gate's and the read's errors. */
export async function runVerify(opts: ReviewOptions): Promise<VerifyResult> {
  const { loaded, org, snapshot, facts, info, invocation } = await readForReview(opts);
  const convergence = await readConvergence(org.conn, org.apiVersion, loaded.model, snapshot);
  const report = verifyDrift(loaded.model, snapshot, facts, invocation, convergence.removals);
  return { ...report, org: info };
}

/** `doctor`: what stops Reco from connecting. Throws the gate's and the read's errors. */
export async function runDoctor(opts: ReviewOptions): Promise<DoctorResult> {
  const { loaded, snapshot, facts, info, invocation } = await readForReview(opts);
  return {
    org: info,
    findings: diagnose(loaded.model, snapshot, facts, invocation),
    notChecked: facts.unreadable,
  };
}
