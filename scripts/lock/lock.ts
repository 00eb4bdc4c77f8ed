/**
 * The lock (config/reco.lock.json): the org-resolved facts the generator adapts to, recorded
 * once per org shape by `reco-sf lock --target-org ORG` and committed beside the config, so
 * the committed force-app/ is exactly what `reco-sf deploy` sends to orgs of that shape and a
 * plain `sf project deploy start` of the repository removes nothing and fails on nothing.
 *
 * The facts are the part of the org snapshot that adaptToOrg reads to shape the metadata: the
 * org's user permissions (API name and label) that the config or the catalog's feature probes
 * name, the event-store objects it has, and the PermissionDependency rows among them. Applying
 * a lock is adaptToOrg over those facts, so deploy and a locked generate cannot disagree. Pure.
 */
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { PERMISSIONS } from '../catalog/catalog';
import { buildComponents, renderComponent } from '../components';
import type { Model } from '../core/model';
import { readTextIfExists } from '../core/files';
import { recoCommand, type Invocation } from '../core/org-args';
import { adaptToOrg, orgFeatures } from '../org/adapt';
import type { OrgSnapshot, OrgUserPermission } from '../org/types';

export const LOCK_FILE = 'reco.lock.json';
export const LOCK_VERSION = 1;

/** The lock lives beside the config: config/reco.config.json → config/reco.lock.json. */
export function lockPathFor(configPath: string): string {
  return join(dirname(configPath), LOCK_FILE);
}

export interface RecoLock {
  lockVersion: number;
  /** sha256 of the model the config gives (defaults filled): a changed config makes the lock stale. */
  configHash: string;
  /** What the facts mean, for reviewers: the features the org has and the permissions resolved by label. */
  summary: {
    features: string[];
    resolvedByLabel: Record<string, string>;
    skipped: string[];
  };
  facts: {
    userPermissions: OrgUserPermission[];
    objects: string[];
    permissionDependencies: Array<{ permission: string; required: string }>;
  };
}

/** Stable JSON (keys sorted) of a value, for hashing. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

export function configHash(model: Model): string {
  return createHash('sha256').update(canonical(model)).digest('hex');
}

/** The permissions whose presence in an org shapes the metadata: the model's and the catalog's feature probes. */
function relevantPermission(model: Model, p: OrgUserPermission): boolean {
  const names = new Set<string>();
  const labels = new Set<string>();
  for (const m of model.permissionSet.permissions) {
    if (m.apiName) names.add(m.apiName);
    labels.add(m.label.toLowerCase());
  }
  for (const fact of PERMISSIONS) {
    if (fact.apiName) names.add(fact.apiName);
    labels.add(fact.label.toLowerCase());
  }
  return names.has(p.apiName) || labels.has(p.label.toLowerCase());
}

/** The lock of `model` for the org `snapshot` was taken from. */
export function lockFromSnapshot(model: Model, snapshot: OrgSnapshot): RecoLock {
  const userPermissions = snapshot.userPermissions
    .filter((p) => relevantPermission(model, p))
    .sort((a, b) => a.apiName.localeCompare(b.apiName));
  const names = new Set(userPermissions.map((p) => p.apiName));
  const permissionDependencies = snapshot.permissionDependencies
    .filter((d) => names.has(d.permission))
    .map((d) => ({ permission: d.permission, required: d.required }))
    .sort((a, b) => `${a.permission}>${a.required}`.localeCompare(`${b.permission}>${b.required}`));
  // A dependency the org declares may be a permission neither the config nor the catalog names.
  for (const d of permissionDependencies) {
    const required = snapshot.userPermissions.find((p) => p.apiName === d.required);
    if (required && !names.has(required.apiName)) {
      names.add(required.apiName);
      userPermissions.push(required);
    }
  }
  userPermissions.sort((a, b) => a.apiName.localeCompare(b.apiName));
  const objects = model.permissionSet.objects
    .map((o) => o.object)
    .filter((o) => snapshot.objects.includes(o))
    .sort();
  const facts = { userPermissions, objects, permissionDependencies };
  return {
    lockVersion: LOCK_VERSION,
    configHash: configHash(model),
    summary: summarize(model, facts),
    facts,
  };
}

function snapshotOf(facts: RecoLock['facts']): OrgSnapshot {
  return {
    orgId: '',
    apiVersion: '',
    takenAt: '',
    organization: { name: '', isSandbox: true, organizationType: '', trialExpirationDate: null },
    userPermissions: facts.userPermissions,
    objects: facts.objects,
    profiles: [],
    permissionSetLicense: null,
    user: null,
    permissionSet: null,
    assignments: { permissionSetLicense: false, permissionSet: false },
    permissionDependencies: facts.permissionDependencies,
    metadata: {},
  };
}

function summarize(model: Model, facts: RecoLock['facts']): RecoLock['summary'] {
  const snapshot = snapshotOf(facts);
  const adapted = adaptToOrg(model, snapshot);
  const resolvedByLabel: Record<string, string> = {};
  for (const p of model.permissionSet.permissions) {
    if (p.apiName !== null) continue;
    const found = adapted.model.permissionSet.permissions.find((a) => a.key === p.key);
    if (found?.apiName) resolvedByLabel[p.label] = found.apiName;
  }
  return {
    features: [...orgFeatures(snapshot, model)].sort(),
    resolvedByLabel,
    skipped: adapted.parts
      .filter((p) => p.action === 'skip')
      .map((p) => `${p.part}: ${p.reason}`)
      .sort(),
  };
}

/** The model adapted to the locked org shape: what `reco-sf deploy` deploys to an org of that shape. */
export function lockedModel(model: Model, lock: RecoLock): Model {
  return adaptToOrg(model, snapshotOf(lock.facts)).model;
}

export type LockState =
  | { state: 'missing' }
  | { state: 'stale' }
  | { state: 'invalid'; reason: string }
  | { state: 'current'; lock: RecoLock };

/** Reads the lock's JSON text against the model; never throws. */
export function lockState(text: string | undefined, model: Model): LockState {
  if (text === undefined) return { state: 'missing' };
  let lock: RecoLock;
  try {
    lock = JSON.parse(text) as RecoLock;
  } catch (error) {
    return { state: 'invalid', reason: `not valid JSON: ${(error as Error).message}` };
  }
  if (
    lock?.lockVersion !== LOCK_VERSION ||
    !Array.isArray(lock.facts?.userPermissions) ||
    !Array.isArray(lock.facts?.objects) ||
    !Array.isArray(lock.facts?.permissionDependencies)
  )
    return { state: 'invalid', reason: `not a reco-sf lock of version ${LOCK_VERSION}` };
  if (lock.configHash !== configHash(model)) return { state: 'stale' };
  return { state: 'current', lock };
}

export function readLockState(configPath: string, model: Model): LockState {
  return lockState(readTextIfExists(lockPathFor(configPath)), model);
}

/** The model the committed tree is generated from: locked when the lock is current, the config's otherwise. */
export function committedModel(model: Model, state: LockState): Model {
  return state.state === 'current' ? lockedModel(model, state.lock) : model;
}

function rendered(model: Model): string {
  return buildComponents(model)
    .map((c) => `${c.path}\n${renderComponent(c)}`)
    .sort()
    .join('\n');
}

/**
 * What `deploy`, `plan` and `validate` say about the lock for the org `snapshot` was read from:
 * undefined when the committed tree is exactly what reco-sf deploys there; otherwise why not
 * and the command that fixes it. `target` names the org in the message; the fix repeats
 * `invocation` (the org, --config) when given.
 */
export function lockNotice(
  configPath: string,
  model: Model,
  snapshot: OrgSnapshot,
  target: string,
  invocation?: Invocation,
): string | undefined {
  const state = readLockState(configPath, model);
  const file = lockPathFor(configPath).split(/[\\/]/).slice(-2).join('/');
  const fix = `run: ${recoCommand('lock', invocation ?? target)}, then commit ${file} and force-app/`;
  if (state.state === 'invalid') return `${file} is ${state.reason}; ${fix}`;
  if (state.state === 'stale')
    return `${file} was made for another config, so the committed force-app/ ignores it; ${fix}`;
  if (rendered(committedModel(model, state)) === rendered(adaptToOrg(model, snapshot).model))
    return undefined;
  const why =
    'the committed force-app/ is not what reco-sf deploys there, so a plain `sf project deploy start` would remove or fail on what reco-sf adapts to the org';
  return state.state === 'missing'
    ? `no ${file} for ${target}: ${why}; ${fix}`
    : `${file} describes another org shape than ${target}: ${why}; ${fix} (one lock per org shape: deploy other shapes with reco-sf deploy)`;
}

export function serializeLock(lock: RecoLock): string {
  return JSON.stringify(lock, null, 2) + '\n';
}
