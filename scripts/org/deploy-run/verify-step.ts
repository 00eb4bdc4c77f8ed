/**
 * Step "verify": the org read again after the deploy; a trusted range another admin's deploy
 * removed during the run is put back, and what the org does not hold is a failure.
 */
import { rangesOf, unionRanges, type IpRange } from '../../components/securitySettings';
import type { OwnedComponent } from '../../components';
import type { Diagnostic } from '../../core/diagnostic';
import type { XmlRecord } from '../../core/xml';
import type { Model } from '../../core/model';
import type { OrgConnection } from '../connect';
import { deployChanges } from '../deploy';
import { lostRanges, readSecurity, SECURITY_KEY, securityChange } from '../range-watch';
import { snapshotRequest, takeSnapshot } from '../snapshot';
import type { OrgSnapshot } from '../types';
import { verificationProblems } from '../verify';
import type { RunContext } from './types';

/** A range the org held during the run and lacks afterwards: TRUSTED_RANGE_LOST, at the org's SecuritySettings. */
export function describeLost(lost: IpRange[]): Diagnostic[] {
  return lost.map((r) => ({
    code: 'TRUSTED_RANGE_LOST',
    severity: 'error',
    source: 'org',
    location: {
      entity: { type: 'Settings', name: 'Security' },
      path: `networkAccess.ipRanges[${r.start}-${r.end}]`,
    },
    message: `the trusted range ${r.start}–${r.end} the org held during this run is missing afterwards`,
  }));
}

/**
 * A range seen during the run and missing now (another admin's deploy raced ours) is put back
 * by a follow-up merge, with a warning; `after` is updated with what the org then holds.
 */
async function restoreLostRanges(
  org: OrgConnection,
  ctx: RunContext,
  seen: Array<XmlRecord | null>,
  after: OrgSnapshot,
  withdrawn: IpRange[],
): Promise<void> {
  const lost = lostRanges(seen, after.metadata[SECURITY_KEY], withdrawn);
  if (lost.length === 0) return;
  const current = after.metadata[SECURITY_KEY] ?? null;
  ctx.progress.update(`restoring ${lost.length} trusted range(s) missing after the deploy`);
  await deployChanges(
    org.conn,
    org.apiVersion,
    [securityChange(unionRanges(rangesOf(current ?? undefined), lost), current)],
    { dryRun: false, waitMinutes: ctx.opts.waitMinutes, onProgress: (t) => ctx.progress.update(t) },
  );
  ctx.warnings.push({
    code: 'TRUSTED_RANGES_RESTORED',
    severity: 'warning',
    source: 'org',
    location: { entity: { type: 'Settings', name: 'Security' }, path: 'networkAccess.ipRanges' },
    message: `${lost.length} trusted range(s) the org held during this run were missing after the deploy (another change raced it) and were restored: ${lost.map((r) => `${r.start}–${r.end}`).join(', ')}`,
  });
  after.metadata[SECURITY_KEY] = await readSecurity(org.conn, org.apiVersion);
}

/** Reads the org after the deploy and returns what it does not hold of `components`, as errors (empty: verified). */
export async function verifyStep(
  ctx: RunContext,
  model: Model,
  components: OwnedComponent[],
  seen: Array<XmlRecord | null>,
  withdrawn: IpRange[],
): Promise<Diagnostic[]> {
  const { org } = ctx;
  ctx.progress.update('verifying');
  const after = await takeSnapshot(org.conn, org.orgId, org.apiVersion, {
    ...snapshotRequest(model, components),
    dependencies: false,
  });
  await restoreLostRanges(org, ctx, seen, after, withdrawn);
  return [
    ...verificationProblems(components, after, true, model.user.username),
    ...describeLost(lostRanges(seen, after.metadata[SECURITY_KEY], withdrawn)),
  ];
}
