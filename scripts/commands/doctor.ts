/**
 * `reco-sf doctor --target-org X [--json]`: read-only diagnosis of what stops Reco from
 * connecting. Exit 0 when nothing is broken (warnings and notes allowed), 1 when a finding is an error.
 */
import { printJson } from '../core/output';
import { renderDoctorText } from '../review/render-reports';
import { runDoctor, type DoctorResult, type ReviewOptions } from '../review/review-run';
import { styleFor, useColour } from '../review/style';

export type { DoctorResult } from '../review/review-run';

export async function doctorCommand(opts: ReviewOptions): Promise<number> {
  const result = await runDoctor(opts);
  const { findings } = result;
  const status = findings.some((f) => f.severity === 'error') ? 1 : 0;
  if (opts.json)
    printJson<DoctorResult>(
      status,
      result,
      findings.filter((f) => f.severity === 'warning'),
    );
  else
    process.stdout.write(
      renderDoctorText(findings, result.org, result.notChecked, styleFor(useColour(process.stdout))),
    );
  return status;
}
