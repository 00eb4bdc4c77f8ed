/**
 * `reco-sf doctor --target-org X [--json]`: read-only diagnosis of what stops Reco from
 * connecting. Exit 0 when nothing is broken (warnings and notes allowed), 1 when a finding is an error.
 */
import { printJson } from '../core/output';
import { loadModel, withTargetValues, readOrg } from '../review/context';
import type { Diagnostic } from '../core/diagnostic';
import { diagnose } from '../review/doctor';
import { readReviewFacts } from '../review/read-facts';
import { renderDoctorText, type TargetInfo } from '../review/render-reports';
import { styleFor, useColour } from '../review/style';

export interface DoctorResult {
  org: TargetInfo;
  findings: Diagnostic[];
  /** What could not be read (and so was not checked). */
  notChecked: string[];
}

export async function doctorCommand(opts: {
  targetOrg?: string;
  /** Per-org values (username, email) from this org's line of a targets file. */
  targetsFile?: string;
  config?: string;
  json?: boolean;
}): Promise<number> {
  const loaded = withTargetValues(await loadModel(opts.config, opts.json === true), opts);
  const { org, snapshot } = await readOrg(opts.targetOrg, loaded, { dependencies: true });
  const facts = await readReviewFacts(org.conn, org.apiVersion, loaded.model, snapshot);
  const findings = diagnose(loaded.model, snapshot, facts, org.target);
  const result: DoctorResult = {
    org: { orgId: snapshot.orgId, name: snapshot.organization.name, target: org.target },
    findings,
    notChecked: facts.unreadable,
  };
  const status = findings.some((f) => f.severity === 'error') ? 1 : 0;
  if (opts.json)
    printJson<DoctorResult>(
      status,
      result,
      findings.filter((f) => f.severity === 'warning'),
    );
  else
    process.stdout.write(
      renderDoctorText(findings, result.org, facts.unreadable, styleFor(useColour(process.stdout))),
    );
  return status;
}
