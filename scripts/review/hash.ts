/**
 * The plan hash: sha256 over canonical JSON of the config model and the org state a deploy
 * depends on. `plan` prints it; `deploy --plan-hash H` recomputes it from its own snapshot and
 * refuses when they differ, so what a reviewer approved is what gets deployed.
 */
import { createHash } from 'node:crypto';
import { RecoError } from '../core/errors';
import type { Model } from '../core/model';
import { recoCommand, type OrgArgs } from '../core/org-args';
import type { OrgSnapshot } from '../org/types';

/** JSON with object keys sorted at every level and undefined members dropped: equal data, equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const member = (value as Record<string, unknown>)[key];
    if (member !== undefined) out[key] = sortKeys(member);
  }
  return out;
}

/**
 * The parts of a snapshot a deploy's outcome depends on. Left out: when it was taken, the API
 * version, and licence seat counts other users move (a seat taken elsewhere is not a change
 * to what the reviewer approved; the deploy's own preflight still checks seats).
 */
export function relevantOrgState(snapshot: OrgSnapshot): unknown {
  const psl = snapshot.permissionSetLicense;
  return {
    orgId: snapshot.orgId,
    organization: snapshot.organization,
    userPermissions: snapshot.userPermissions.map((p) => p.apiName).sort(),
    objects: [...snapshot.objects].sort(),
    profiles: snapshot.profiles,
    permissionSetLicense: psl ? { id: psl.id, developerName: psl.developerName, status: psl.status } : null,
    user: snapshot.user,
    permissionSet: snapshot.permissionSet,
    assignments: snapshot.assignments,
    permissionDependencies: snapshot.permissionDependencies,
    metadata: snapshot.metadata,
  };
}

/** The hash a plan prints and `deploy --plan-hash` checks. `null` org: the plan against an empty org. */
export function planHash(model: Model, snapshot: OrgSnapshot | null): string {
  const org = snapshot === null ? null : relevantOrgState(snapshot);
  return createHash('sha256').update(canonicalJson({ model, org })).digest('hex');
}

/**
 * `deploy --plan-hash H`: refuses (exit 2) when the config or the org changed since the plan was
 * reviewed (PLAN_CHANGED), or when H is from a plan against an empty org (`plan --empty`, or no
 * org), which no deploy can match (PLAN_FROM_EMPTY_ORG); the fix repeats `target` (the org,
 * --config). `configModel`: the model as the config gives it, before this org's username
 * placeholders were resolved (what `plan --empty` hashed); default `model`.
 */
export function checkPlanHash(
  model: Model,
  snapshot: OrgSnapshot,
  expected: string,
  target: OrgArgs,
  configModel: Model = model,
): void {
  const actual = planHash(model, snapshot);
  const given = expected.trim().toLowerCase();
  if (actual === given) return;
  if (given === planHash(configModel, null) || given === planHash(model, null))
    throw new RecoError(
      'PLAN_FROM_EMPTY_ORG',
      `the plan hash ${expected} is from a plan against an empty org (reco-sf plan --empty, or without a target org), not against this org; the org was read, nothing was deployed`,
      {
        fix: `plan against this org: ${recoCommand('plan', target)}, then deploy with its --plan-hash`,
        exitCode: 2,
      },
    );
  throw new RecoError(
    'PLAN_CHANGED',
    `the config or the org changed since the plan was made (plan hash ${expected}, now ${actual}); the org was read, nothing was deployed`,
    {
      fix: `review the plan again: ${recoCommand('plan', target)}, then deploy with its new --plan-hash`,
      exitCode: 2,
    },
  );
}
