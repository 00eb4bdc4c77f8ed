/**
 * `reco-sf verify --target-org X [--json]`: read-only drift check for schedules and CI.
 * Exit codes by the README's one rule: 0 in sync, 3 on drift, 2 on an invalid config, 1 when the
 * org cannot be read. A scheduler tells "drift" (3) from "could not check" (1 or 2).
 */
import { printJson } from '../core/output';
import { loadModel, readOrg } from '../review/context';
import { readReviewFacts } from '../review/read-facts';
import { renderVerifyText, type TargetInfo } from '../review/render-reports';
import { styleFor, useColour } from '../review/style';
import { verifyDrift, type VerifyReport } from '../review/verify';

export type VerifyResult = VerifyReport & { org: TargetInfo };

async function check(opts: { targetOrg?: string; config?: string; json?: boolean }): Promise<VerifyResult> {
  const loaded = loadModel(opts.config, opts.json === true);
  const { org, snapshot } = await readOrg(opts.targetOrg, loaded, { dependencies: true });
  const facts = await readReviewFacts(org.conn, org.apiVersion, loaded.model, snapshot);
  const report = verifyDrift(loaded.model, snapshot, facts, org.target);
  return { ...report, org: { orgId: snapshot.orgId, name: snapshot.organization.name, target: org.target } };
}

export async function verifyCommand(opts: {
  targetOrg?: string;
  config?: string;
  json?: boolean;
}): Promise<number> {
  const result = await check(opts);
  const status = result.inSync ? 0 : 3;
  if (opts.json) printJson<VerifyResult>(status, result, result.warnings);
  else process.stdout.write(renderVerifyText(result, result.org, styleFor(useColour(process.stdout))));
  return status;
}
