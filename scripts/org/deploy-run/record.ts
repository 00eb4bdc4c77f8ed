/** Step "record": the run's receipt under .reco/receipts (scripts/org/receipt.ts). */
import { relative } from 'node:path';
import type { Diagnostic } from '../../core/diagnostic';
import { pendingChanges, type ChangeSet } from '../changes';
import type { DataResult } from '../data';
import type { DeployOutcome } from '../deploy';
import { writeReceipt, type Receipt } from '../receipt';

/** What the receipt records of a run: the org, the deploy, each component's prior state and the records touched. */
export function receiptOf(
  org: { orgId: string; target: string; apiVersion: string },
  started: Date,
  outcome: DeployOutcome | null,
  changeSet: ChangeSet,
  data: DataResult | null,
  warnings: Diagnostic[],
  finished: Date = new Date(),
): Receipt {
  return {
    version: 1,
    orgId: org.orgId,
    targetOrg: org.target,
    apiVersion: org.apiVersion,
    startedAt: started.toISOString(),
    finishedAt: finished.toISOString(),
    dryRun: false,
    deployId: outcome?.deployId ?? null,
    components: pendingChanges(changeSet).map((c) => ({
      key: c.key,
      type: c.type,
      fullName: c.fullName,
      state: c.state,
      prior: c.current,
    })),
    records: data?.records ?? [],
    warnings,
  };
}

/** Writes the receipt; returns its path relative to the project root. */
export function recordStep(root: string, receipt: Receipt): string {
  return relative(root, writeReceipt(root, receipt));
}
