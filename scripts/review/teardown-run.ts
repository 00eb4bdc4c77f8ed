/**
 * Running a teardown plan: record deletes and user updates through REST, settings through the
 * deploy's own validated deploy (deployChanges), and deletions through one destructive deploy
 * (package.xml + destructiveChangesPre/Post.xml built by SDR's ComponentSet, deployed by SDR from
 * a temporary metadata folder).
 * Steps run in order and stop at the first failure; everything done so far is reported, and
 * running teardown again picks up from there.
 */
import { join } from 'node:path';
import type { Connection } from '@salesforce/core';
import { byDeletePhase } from '../components';
import { SOURCE_ROOT, type MetadataFile } from '../components/types';
import { makePrivateTempDir, writeFilesAtomic } from '../core/files';
import { RecoError } from '../core/errors';
import { renderMetadata, type XmlRecord } from '../core/xml';
import { rangesOf, unionRanges, type IpRange } from '../components/securitySettings';
import { rangeKey } from '../core/ip';
import { lostRanges, readSecurity, sameRanges, SECURITY_KEY, securityChange } from '../org/range-watch';
import { OWNERSHIP_MEMBER, OWNERSHIP_NAME, ownershipValue, type Ownership } from '../org/ownership';
import type { ComponentChange } from '../org/changes';
import { deployChanges, DeployFailedError, failuresOf, waitForDeploy } from '../org/deploy';
import { manifestFiles } from '../org/manifest';
import type { SettingsValue, TeardownAction, TeardownStep } from './teardown';

export interface StepOutcome {
  description: string;
  status: 'done' | 'already done' | 'failed';
  detail?: string;
}

export interface RunContext {
  conn: Connection;
  apiVersion: string;
  waitMinutes: number;
  onProgress?: (text: string) => void;
}

type RestError = { errorCode?: string; message?: string };

/** Salesforce's answer when the record is already gone: the teardown's goal is met. */
function alreadyGone(error: unknown): boolean {
  const e = error as { errorCode?: string; name?: string; data?: RestError[] };
  const codes = [e.errorCode, e.name, ...(Array.isArray(e.data) ? e.data.map((d) => d.errorCode) : [])];
  return codes.some(
    (c) => c === 'NOT_FOUND' || c === 'ENTITY_IS_DELETED' || c === 'INVALID_CROSS_REFERENCE_KEY',
  );
}

async function rest(
  ctx: RunContext,
  method: 'DELETE' | 'PATCH',
  path: string,
  body?: Record<string, unknown>,
): Promise<void> {
  // Writes are never retried automatically; a second teardown run heals an interrupted one.
  await ctx.conn.request({
    method,
    url: `/services/data/v${ctx.apiVersion}/sobjects/${path}`,
    body: body ? JSON.stringify(body) : undefined,
    headers: { 'content-type': 'application/json' },
  });
}

function settingsChange(s: SettingsValue): ComponentChange {
  const path = `${SOURCE_ROOT}/settings/${s.fullName}.settings-meta.xml`;
  return {
    key: s.key,
    type: s.type,
    fullName: s.fullName,
    rootType: s.rootType,
    path,
    kindId: 'teardown',
    state: 'update',
    value: s.value,
    current: null,
    diff: [],
  };
}

/**
 * The files of one destructive deploy, relative to its package folder: the manifests
 * (scripts/org/manifest.ts, built by SDR) with each deletion in its kind's phase — an app's
 * settings and policies in destructiveChangesPre.xml, the app and the ownership record in
 * destructiveChangesPost.xml — and, when `record` is given, the settled ownership record in
 * package.xml with its content and -meta.xml.
 * @param components in the plan's order; `apiVersion` `66.0`.
 */
export async function deletionFiles(
  components: Array<{ type: string; fullName: string }>,
  apiVersion: string,
  record?: Ownership,
): Promise<MetadataFile[]> {
  const manifests = await manifestFiles(
    { add: record ? [OWNERSHIP_MEMBER] : [], ...byDeletePhase(components) },
    apiVersion,
  );
  return record ? [...manifests, ...recordFiles(record)] : manifests;
}

/** The ownership record (scripts/org/ownership.ts) in Metadata API format: the JSON content and its -meta.xml. */
function recordFiles(record: Ownership): MetadataFile[] {
  const { content, ...meta } = ownershipValue(record);
  return [
    { path: `staticresources/${OWNERSHIP_NAME}.resource`, content: String(content) },
    {
      path: `staticresources/${OWNERSHIP_NAME}.resource-meta.xml`,
      content: renderMetadata(OWNERSHIP_MEMBER.type, meta),
    },
  ];
}

/**
 * One deploy that deletes `components` (destructiveChangesPre/Post.xml) and, when `record` is
 * given, writes the settled ownership record in the same transaction (rollbackOnError).
 */
export async function deleteComponents(
  ctx: RunContext,
  components: Array<{ type: string; fullName: string }>,
  record?: Ownership,
): Promise<void> {
  const files = await deletionFiles(components, ctx.apiVersion, record);
  const sdr = await import('@salesforce/source-deploy-retrieve');
  const temp = makePrivateTempDir('reco-teardown-');
  const dir = temp.dir;
  try {
    writeFilesAtomic(files.map((f) => ({ path: join(dir, f.path), content: f.content })));
    const deploy = new sdr.MetadataApiDeploy({
      usernameOrConnection: ctx.conn,
      mdapiPath: dir, // SDR zips an mdapi folder under one top folder: a packaged (not single-package) layout.
      apiOptions: { rollbackOnError: true, singlePackage: false, ignoreWarnings: true },
    });
    await deploy.start();
    const id = deploy.id ?? '';
    const status = await waitForDeploy(sdr, ctx.conn, id, Date.now() + ctx.waitMinutes * 60_000, {
      waitMinutes: ctx.waitMinutes,
      onProgress: ctx.onProgress,
    });
    if (!(status.success === true || String(status.success) === 'true'))
      throw new DeployFailedError(id, failuresOf(status, []), false);
  } finally {
    temp.remove();
  }
}

/**
 * Settings go through the deploy's own check-only + quick deploy, all of them in one deploy. When
 * they include SecuritySettings, the org's ranges are re-read right before the quick deploy (and
 * the deploy re-made from them when another admin changed them), and afterwards every range seen
 * during the run, except ours, must still be there: a missing one is put back by a follow-up deploy.
 */
async function deploySettings(ctx: RunContext, settings: SettingsValue[]): Promise<void> {
  const watch = settings.find((s) => s.ranges)?.ranges;
  const seen: Array<XmlRecord | null> = watch ? [watch.seen] : [];
  await deployChanges(ctx.conn, ctx.apiVersion, settings.map(settingsChange), {
    dryRun: false,
    waitMinutes: ctx.waitMinutes,
    onProgress: ctx.onProgress,
    refresh: watch
      ? async (sent) => {
          const now = await readSecurity(ctx.conn, ctx.apiVersion);
          if (sameRanges(now, seen[seen.length - 1])) return null;
          seen.push(now);
          const stay = withoutRanges(now, watch.remove);
          return sent.map((c) => (c.key === SECURITY_KEY ? securityChange(stay, now) : c));
        }
      : undefined,
  });
  if (!watch) return;
  let now = await readSecurity(ctx.conn, ctx.apiVersion);
  const lost = lostRanges(seen, now, watch.remove);
  if (lost.length === 0) return;
  ctx.onProgress?.(`restoring ${lost.length} trusted range(s) missing after the teardown deploy`);
  await deployChanges(
    ctx.conn,
    ctx.apiVersion,
    [securityChange(unionRanges(withoutRanges(now, watch.remove), lost), now)],
    { dryRun: false, waitMinutes: ctx.waitMinutes, onProgress: ctx.onProgress },
  );
  now = await readSecurity(ctx.conn, ctx.apiVersion);
  const still = lostRanges(seen, now, watch.remove);
  if (still.length > 0)
    throw new RecoError(
      'RANGES_LOST',
      `trusted range(s) the org held during the teardown are missing and could not be restored: ${still.map((r) => `${r.start}–${r.end}`).join(', ')}`,
      { exitCode: 1, fix: 'add them back in Setup > Network Access, or run reco-sf teardown --yes again' },
    );
}

function withoutRanges(value: XmlRecord | null, remove: Array<{ start: string; end: string }>): IpRange[] {
  const drop = new Set(remove.map((r) => rangeKey(r)));
  return rangesOf(value ?? undefined).filter((r) => !drop.has(rangeKey(r)));
}

/** Consecutive settings steps run as one deploy (one validation, one quick deploy). */
function batches(steps: TeardownStep[]): TeardownStep[][] {
  const out: TeardownStep[][] = [];
  for (const step of steps) {
    const last = out[out.length - 1];
    if (step.action.kind === 'deploy-settings' && last?.[0].action.kind === 'deploy-settings')
      last.push(step);
    else out.push([step]);
  }
  return out;
}

async function runBatch(ctx: RunContext, batch: TeardownStep[]): Promise<void> {
  if (batch.length === 1) return runAction(ctx, batch[0].action);
  return deploySettings(
    ctx,
    batch.flatMap((s) => (s.action.kind === 'deploy-settings' ? [s.action.settings] : [])),
  );
}

async function runAction(ctx: RunContext, action: TeardownAction): Promise<void> {
  switch (action.kind) {
    case 'delete-record':
      return rest(ctx, 'DELETE', `${action.sobject}/${action.id}`);
    case 'freeze-user':
      return rest(ctx, 'PATCH', `UserLogin/${action.userLoginId}`, { IsFrozen: true });
    case 'deactivate-user':
      return rest(ctx, 'PATCH', `User/${action.userId}`, { IsActive: false });
    case 'deploy-settings':
      return deploySettings(ctx, [action.settings]);
    case 'delete-components':
      return deleteComponents(ctx, action.components);
  }
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Runs the steps in order; the first failure stops the run (later steps may depend on it). */
export async function runTeardown(
  ctx: RunContext,
  steps: TeardownStep[],
): Promise<{ outcomes: StepOutcome[]; failed: boolean }> {
  const outcomes: StepOutcome[] = [];
  for (const batch of batches(steps)) {
    for (const step of batch) ctx.onProgress?.(step.description);
    try {
      await runBatch(ctx, batch);
      outcomes.push(...batch.map((step) => ({ description: step.description, status: 'done' as const })));
    } catch (error) {
      if (batch[0].action.kind === 'delete-record' && alreadyGone(error)) {
        outcomes.push({ description: batch[0].description, status: 'already done' });
        continue;
      }
      outcomes.push(
        ...batch.map((step) => ({
          description: step.description,
          status: 'failed' as const,
          detail: message(error),
        })),
      );
      return { outcomes, failed: true };
    }
  }
  return { outcomes, failed: false };
}

export function teardownFailedError(outcomes: StepOutcome[]): RecoError {
  const failed = outcomes.find((o) => o.status === 'failed');
  return new RecoError(
    'TEARDOWN_FAILED',
    `teardown stopped at "${failed?.description ?? '?'}": ${failed?.detail ?? ''}`,
    {
      exitCode: 1,
      fix: 'fix the cause and run reco-sf teardown --yes again (finished steps are not repeated)',
    },
  );
}
