/**
 * Ownership that lives with the org. What reco-sf put into an org is recorded IN the org, in one
 * static resource, `RecoSfOwnership` (JSON, cache control Private), so that deploy, plan, verify
 * and teardown from any machine (a fresh clone, the next CI runner) tell Reco's ranges, users,
 * assignments and components from the org's own without any local file.
 *
 * Why a static resource: it is plain Metadata API metadata (deployable and retrievable with the
 * components reco-sf already sends and reads, so a no-change run costs no extra request), it holds
 * no code and grants nothing, it is visible in Setup > Static Resources, and deleting it is the
 * last step of a teardown. Markers in descriptions could only mark ranges and components; the
 * prior values teardown restores and the users reco-sf created need a record.
 *
 * Write-ahead: a deploy writes the record (old entries plus what the run is about to add) in the
 * same validated deploy as its metadata, before the data steps, and drops entries only once what
 * they name is gone. The record never holds the org's own ranges or any secret.
 * StaticResource: Metadata API Developer Guide, "StaticResource" (cacheControl, contentType, content).
 */
import { rangesOf, SECURITY_KEY, type IpRange } from '../components/securitySettings';
import { COMPONENT_KINDS, isCreatedByUs, kindOf, type ComponentKind } from '../components';
import { SOURCE_ROOT } from '../components/types';
import { RecoError } from '../core/errors';
import { rangeKey } from '../core/ip';
import type { XmlRecord } from '../core/xml';
import type { ComponentChange } from './changes';
import type { DataPlan } from './data';
import type { Connection } from '@salesforce/core';
import { retrieveComponents } from './retrieve';
import { componentKey, type OrgSnapshot } from './types';

export const OWNERSHIP_NAME = 'RecoSfOwnership';
export const OWNERSHIP_KEY = `StaticResource:${OWNERSHIP_NAME}`;
/** The record as a package.xml member (a teardown deletes it in destructiveChangesPost.xml, listed last). */
export const OWNERSHIP_MEMBER = { type: 'StaticResource', fullName: OWNERSHIP_NAME } as const;
export const OWNERSHIP_PATH = `${SOURCE_ROOT}/staticresources/${OWNERSHIP_NAME}.resource-meta.xml`;

export interface OwnedUser {
  username: string;
  /**
   * reco-sf created the user, or reactivated it (it was inactive before reco-sf's deploy): either
   * way teardown puts it back to inactive, so it may freeze and deactivate it.
   */
  created: boolean;
  /** reco-sf assigned the permission set licence / the permission set to it. */
  permissionSetLicense: boolean;
  permissionSet: boolean;
}

export interface Ownership {
  version: 1;
  /** Trusted ranges reco-sf added (the org did not hold them before). */
  ranges: Array<{ start: string; end: string }>;
  /** Components reco-sf created (teardown deletes them), never Settings; `path` is the source path (to read them back). */
  created: Array<{ type: string; fullName: string; path?: string }>;
  /** EventSettings fields reco-sf changed: their values before reco-sf. */
  eventSettingsPrior: Record<string, boolean>;
  /** Event Manager entities reco-sf switched on. */
  eventManager: string[];
  users: OwnedUser[];
}

export function emptyOwnership(): Ownership {
  return { version: 1, ranges: [], created: [], eventSettingsPrior: {}, eventManager: [], users: [] };
}

/** The record as a retrieve returns it: `{ content }` holds the JSON text. */
export function ownershipOf(snapshot: Pick<OrgSnapshot, 'metadata'>): Ownership | null {
  const stored = snapshot.metadata[OWNERSHIP_KEY];
  if (!stored) return null;
  const text = typeof stored.content === 'string' ? stored.content : '';
  try {
    const parsed = JSON.parse(text) as Partial<Ownership>;
    if (parsed.version !== 1) throw new Error(`unknown version ${String(parsed.version)}`);
    return {
      version: 1,
      ranges: Array.isArray(parsed.ranges) ? parsed.ranges : [],
      created: Array.isArray(parsed.created) ? parsed.created : [],
      eventSettingsPrior: parsed.eventSettingsPrior ?? {},
      eventManager: Array.isArray(parsed.eventManager) ? parsed.eventManager : [],
      users: Array.isArray(parsed.users) ? parsed.users : [],
    };
  } catch (error) {
    throw new RecoError(
      'OWNERSHIP_RECORD_INVALID',
      `the org's static resource ${OWNERSHIP_NAME} (reco-sf's ownership record) is not valid: ${(error as Error).message}`,
      {
        exitCode: 1,
        fix: `inspect it in Setup > Static Resources > ${OWNERSHIP_NAME}; reco-sf will not guess what it owns`,
      },
    );
  }
}

/**
 * Range keys (`rangeKey`) the org's record says reco-sf added; null when the org has no record or
 * it cannot be read (an invalid record is reported where it is read for ownership: here a range is
 * then never counted as reco-sf's).
 */
export function recordedRangeKeys(snapshot: Pick<OrgSnapshot, 'metadata'>): Set<string> | null {
  const record = readableOwnership(snapshot);
  return record ? new Set(record.ranges.map((r) => rangeKey(r))) : null;
}

/**
 * The org's record, or null when it has none or it cannot be read: for the merge and the counts,
 * which then claim nothing (OWNERSHIP_RECORD_INVALID is thrown where ownership is acted on).
 */
export function readableOwnership(snapshot: Pick<OrgSnapshot, 'metadata'>): Ownership | null {
  try {
    return ownershipOf(snapshot);
  } catch {
    return null;
  }
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Canonical JSON (sorted, deduplicated), so an unchanged record is byte-identical and never redeployed. */
export function serialiseOwnership(o: Ownership): string {
  const ranges = [...new Map(o.ranges.map((r) => [rangeKey(r), { start: r.start, end: r.end }])).entries()]
    .sort(([a], [b]) => byText(a, b))
    .map(([, r]) => r);
  const created = [...new Map(o.created.map((c) => [`${c.type}:${c.fullName}`, c])).entries()]
    .sort(([a], [b]) => byText(a, b))
    .map(([, c]) => ({ type: c.type, fullName: c.fullName, ...(c.path ? { path: c.path } : {}) }));
  const users = [...new Map(o.users.map((u) => [u.username, u])).values()]
    .sort((a, b) => byText(a.username, b.username))
    .map((u) => ({
      username: u.username,
      created: u.created,
      permissionSetLicense: u.permissionSetLicense,
      permissionSet: u.permissionSet,
    }));
  const prior = Object.fromEntries(Object.entries(o.eventSettingsPrior).sort(([a], [b]) => byText(a, b)));
  const record: Ownership = {
    version: 1,
    ranges,
    created,
    eventSettingsPrior: prior,
    eventManager: [...new Set(o.eventManager)].sort(byText),
    users,
  };
  return JSON.stringify(record, null, 1) + '\n';
}

/** True when the record names nothing: the org holds nothing of reco-sf's. */
export function ownsNothing(o: Ownership): boolean {
  return (
    o.ranges.length === 0 &&
    o.created.length === 0 &&
    Object.keys(o.eventSettingsPrior).length === 0 &&
    o.eventManager.length === 0 &&
    o.users.length === 0
  );
}

/** The StaticResource value a deploy sends; `content` is the JSON text (written as its own file). */
export function ownershipValue(o: Ownership): XmlRecord {
  return {
    cacheControl: 'Private',
    contentType: 'application/json',
    description: 'What reco-sf added to this org (ranges, users, components); read by reco-sf teardown.',
    content: serialiseOwnership(o),
  };
}

/** The change that deploys the record: null when the org already holds exactly this record. */
export function ownershipChange(
  next: Ownership,
  snapshot: Pick<OrgSnapshot, 'metadata'>,
): ComponentChange | null {
  const current = snapshot.metadata[OWNERSHIP_KEY] ?? null;
  const value = ownershipValue(next);
  if (current ? current.content === value.content : ownsNothing(next)) return null;
  return {
    key: OWNERSHIP_KEY,
    ...OWNERSHIP_MEMBER,
    rootType: OWNERSHIP_MEMBER.type,
    path: OWNERSHIP_PATH,
    kindId: 'ownership',
    state: current ? 'update' : 'create',
    value,
    current,
    diff: [],
  };
}

/**
 * The record a deploy writes ahead of its changes: the prior record plus what these changes and
 * data steps are about to add. Entries are only added here; they are dropped once what they name
 * is gone (convergence, teardown).
 */
export function recordAhead(
  prior: Ownership | null,
  changes: ComponentChange[],
  data: Pick<DataPlan, 'user' | 'permissionSetLicense' | 'permissionSet'>,
  username: string,
  kinds: readonly ComponentKind[] = COMPONENT_KINDS,
): Ownership {
  const next = structuredClone(prior ?? emptyOwnership());
  for (const c of changes) {
    if (c.state === 'unchanged' || c.kindId === 'ownership') continue;
    if (c.state === 'create' && isCreatedByUs(c, kinds))
      next.created.push({ type: c.type, fullName: c.fullName, path: c.path });
    kindOf(c, kinds)?.recordAhead?.(next, c);
  }
  const existing = next.users.find((u) => u.username === username);
  const user: OwnedUser = existing ?? {
    username,
    created: false,
    permissionSetLicense: false,
    permissionSet: false,
  };
  user.created ||= data.user.action === 'create' || data.user.action === 'reactivate';
  user.permissionSetLicense ||= data.permissionSetLicense === 'assign';
  user.permissionSet ||= data.permissionSet === 'assign';
  if (!existing && (user.created || user.permissionSetLicense || user.permissionSet)) next.users.push(user);
  return next;
}

/**
 * Convergence of the trusted ranges: ranges the record shows reco-sf added that the config no
 * longer declares are taken out of the Security change (the org's own ranges never are, since the
 * record never names them). Returns the withdrawn ranges; the change is updated in place.
 */
export function withdrawDroppedRanges(
  changes: ComponentChange[],
  prior: Ownership | null,
  desired: Array<{ start: string; end: string }>,
): IpRange[] {
  const security = changes.find((c) => c.key === SECURITY_KEY);
  if (!prior || !security) return [];
  const wanted = new Set(desired.map((r) => rangeKey(r)));
  const drop = new Set(prior.ranges.map((r) => rangeKey(r)).filter((k) => !wanted.has(k)));
  const ranges = rangesOf(security.value);
  const withdrawn = ranges.filter((r) => drop.has(rangeKey(r)));
  if (withdrawn.length === 0) return [];
  security.value = {
    networkAccess: { ipRanges: ranges.filter((r) => !drop.has(rangeKey(r))) as unknown as XmlRecord[] },
  };
  security.diff = [
    ...security.diff,
    ...withdrawn.map((r) => ({
      component: security.key,
      path: `networkAccess.ipRanges[${r.start}-${r.end}]`,
      kind: 'remove' as const,
      before: r.description ?? '',
    })),
  ];
  if (security.state === 'unchanged') security.state = 'update';
  return withdrawn;
}

/**
 * Components the record names that the snapshot did not read (those of an earlier config, such as
 * the app of a kind no longer used): read them in one more retrieve, only when there are any, so
 * every review sees whether they are still there. Mutates `snapshot.metadata`.
 */
export async function readRecordedComponents(
  conn: Connection,
  apiVersion: string,
  snapshot: Pick<OrgSnapshot, 'metadata'>,
): Promise<void> {
  const record = ownershipOf(snapshot);
  const unread = (record?.created ?? []).filter(
    (c): c is { type: string; fullName: string; path: string } =>
      c.path !== undefined && !(componentKey(c) in snapshot.metadata),
  );
  if (unread.length === 0) return;
  Object.assign(snapshot.metadata, await retrieveComponents(conn, apiVersion, unread));
}
