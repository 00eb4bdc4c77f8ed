/**
 * `reco-sf verify --target-org X [--json]`: read-only drift check for schedules and CI.
 * Exit codes by the README's one rule: 0 in sync, 3 on drift, 2 on an invalid config, 1 when the
 * org cannot be read. A scheduler tells "drift" (3) from "could not check" (1 or 2).
 */
import { printJson } from '../core/output';
import { renderVerifyText } from '../review/render-reports';
import { runVerify, type ReviewOptions, type VerifyResult } from '../review/review-run';
import { styleFor, useColour } from '../review/style';

export type { VerifyResult } from '../review/review-run';

export async function verifyCommand(opts: ReviewOptions): Promise<number> {
  const result = await runVerify(opts);
  const status = result.inSync ? 0 : 3;
  if (opts.json) printJson<VerifyResult>(status, result, result.warnings);
  else process.stdout.write(renderVerifyText(result, result.org, styleFor(useColour(process.stdout))));
  return status;
}
