/**
 * The lock: the org-resolved facts the generator adapts to, recorded once per org shape by
 * `reco-sf lock --target-org ORG` and committed beside the config, so the committed force-app/
 * is exactly what `reco-sf deploy` sends to orgs of that shape and a plain `sf project deploy
 * start` of the repository removes nothing and fails on nothing.
 *
 * A lock records facts about an org shape, not about a config: `covers` lists every question it
 * answers (the user permissions, by API name and by label, and the objects it looked up: the
 * config's, the catalog's and every event store), `facts` those the org has. Any config whose
 * questions all fall inside `covers` is served by the lock, however else it was edited. A
 * question outside it (a permission the catalog does not know, an object the lock never looked
 * up) makes the lock stale: the covered parts still come from the lock, the uncovered ones as
 * the config gives them, and the warning names each uncovered item and `reco-sf lock`.
 * Applying a lock is adaptToOrg over its facts, so deploy and a locked generate cannot disagree.
 */
import { basename, dirname, join, relative, sep } from 'node:path';
import { EVENT_STORE_OBJECTS, PERMISSIONS } from '../catalog/catalog';
import { fileAt, fileLocation, type Diagnostic } from '../core/diagnostic';
import { readJsonInput } from '../core/json';
import type { Model } from '../core/model';
import { LOCK_SCHEMA, validatorFor } from '../core/schemas';
import { positionOfPointer } from '../core/config';
import { buildComponents, renderComponent } from '../components';
import { recoCommand, type Invocation } from '../core/org-args';
import { adaptToOrg, orgFeatures } from '../org/adapt';
import type { OrgSnapshot, OrgUserPermission } from '../org/types';
import { compareText } from '../core/order';

export const LOCK_VERSION = 2;
/** Locks are small (a few dozen permissions); anything bigger is not one. */
const MAX_LOCK_BYTES = 1024 * 1024;

/**
 * The lock beside its config, named after it: `reco.config.json` → `reco.lock.json`,
 * `x.config.json` → `x.lock.json`, any other `y.json` → `y.lock.json`. So two configs in one
 * folder never share a lock.
 */
export function lockPathFor(configPath: string): string {
  const name = basename(configPath);
  const stem = name.replace(/\.config\.json$/i, '').replace(/\.json$/i, '');
  return join(dirname(configPath), `${stem}.lock.json`);
}

/** The lock's path as every message names it: relative to the project root, with `/`. */
export function lockDisplayPath(root: string, configPath: string): string {
  return relative(root, lockPathFor(configPath)).split(sep).join('/');
}

export const LOCK_FIX = 'reco-sf lock --target-org ORG';

export interface RecoLock {
  lockVersion: number;
  /** What the facts meant for the config the lock was made with, for reviewers. */
  summary: {
    features: string[];
    resolvedByLabel: Record<string, string>;
    skipped: string[];
  };
  /** The questions the lock answers: user permissions by API name and by label, and objects. */
  covers: {
    permissions: string[];
    permissionLabels: string[];
    objects: string[];
  };
  /** The answers: which of those the org has. */
  facts: {
    userPermissions: OrgUserPermission[];
    objects: string[];
    permissionDependencies: Array<{ permission: string; required: string }>;
  };
}

const sorted = (values: Iterable<string>): string[] => [...new Set(values)].sort();

/** What shaping the metadata asks an org: the model's and the catalog's permissions, the model's objects and every event store. */
function questions(model: Model): RecoLock['covers'] {
  const permissions = [...model.permissionSet.permissions, ...PERMISSIONS];
  return {
    permissions: sorted(permissions.flatMap((p) => (p.apiName ? [p.apiName] : []))),
    permissionLabels: sorted(permissions.map((p) => p.label)),
    objects: sorted([
      ...model.permissionSet.objects.map((o) => o.object),
      ...EVENT_STORE_OBJECTS.map((o) => o.apiName),
    ]),
  };
}

/** The lock of `model` for the org `snapshot` was taken from. */
export function lockFromSnapshot(model: Model, snapshot: OrgSnapshot): RecoLock {
  const covers = questions(model);
  const names = new Set(covers.permissions);
  const labels = new Set(covers.permissionLabels.map((l) => l.toLowerCase()));
  const userPermissions = snapshot.userPermissions.filter(
    (p) => names.has(p.apiName) || labels.has(p.label.toLowerCase()),
  );
  const found = new Set(userPermissions.map((p) => p.apiName));
  const permissionDependencies = snapshot.permissionDependencies
    .filter((d) => found.has(d.permission))
    .map((d) => ({ permission: d.permission, required: d.required }))
    .sort((a, b) => compareText(`${a.permission}>${a.required}`, `${b.permission}>${b.required}`));
  // A dependency the org declares may be a permission neither the config nor the catalog names.
  for (const d of permissionDependencies) {
    const required = snapshot.userPermissions.find((p) => p.apiName === d.required);
    if (required && !found.has(required.apiName)) {
      found.add(required.apiName);
      userPermissions.push(required);
    }
  }
  userPermissions.sort((a, b) => compareText(a.apiName, b.apiName));
  covers.permissions = sorted([...covers.permissions, ...found]);
  const facts = {
    userPermissions,
    objects: covers.objects.filter((o) => snapshot.objects.includes(o)),
    permissionDependencies,
  };
  const lock: RecoLock = {
    lockVersion: LOCK_VERSION,
    summary: { features: [], resolvedByLabel: {}, skipped: [] },
    covers,
    facts,
  };
  lock.summary = summarize(model, lock);
  return lock;
}

/** What the model asks that the lock does not answer: each item named for messages, and what to pretend for it. */
interface Uncovered {
  items: string[];
  /** Permissions (API names known) and objects generated as the config gives them. */
  permissions: OrgUserPermission[];
  objects: string[];
}

function uncoveredBy(model: Model, lock: RecoLock): Uncovered {
  const names = new Set([...lock.covers.permissions, ...lock.facts.userPermissions.map((p) => p.apiName)]);
  const labels = new Set(
    [...lock.covers.permissionLabels, ...lock.facts.userPermissions.map((p) => p.label)].map((l) =>
      l.toLowerCase(),
    ),
  );
  const covered = (p: { apiName: string | null; label: string }): boolean =>
    p.apiName !== null ? names.has(p.apiName) : labels.has(p.label.toLowerCase());
  const out: Uncovered = { items: [], permissions: [], objects: [] };
  for (const p of model.permissionSet.permissions) {
    if (covered(p)) continue;
    out.items.push(`permission ${p.apiName ?? `"${p.label}"`}${p.source ? ` (${p.source})` : ''}`);
    if (p.apiName !== null) out.permissions.push({ apiName: p.apiName, label: p.label });
  }
  // The catalog's feature probes decide which Shield parts an org takes (orgFeatures).
  for (const fact of PERMISSIONS) {
    if (!fact.requiresFeature || covered(fact)) continue;
    if (model.permissionSet.permissions.some((p) => p.key === fact.key)) continue;
    out.items.push(
      `whether the org has ${fact.requiresFeature} (permission ${fact.apiName ?? `"${fact.label}"`})`,
    );
    if (fact.apiName !== null) out.permissions.push({ apiName: fact.apiName, label: fact.label });
  }
  const objects = new Set(lock.covers.objects);
  for (const { object } of model.permissionSet.objects) {
    if (objects.has(object)) continue;
    out.items.push(`object ${object} (permissionSet.objectAccess)`);
    out.objects.push(object);
  }
  return out;
}

/** The org the lock describes, with what it does not cover taken as the config gives it. */
function snapshotOf(
  facts: RecoLock['facts'],
  uncovered: Pick<Uncovered, 'permissions' | 'objects'>,
): OrgSnapshot {
  return {
    orgId: '',
    apiVersion: '',
    takenAt: '',
    organization: { name: '', isSandbox: true, organizationType: '', trialExpirationDate: null },
    userPermissions: [...facts.userPermissions, ...uncovered.permissions],
    objects: [...facts.objects, ...uncovered.objects],
    profiles: [],
    permissionSetLicense: null,
    user: null,
    permissionSet: null,
    assignments: { permissionSetLicense: false, permissionSet: false },
    permissionDependencies: facts.permissionDependencies,
    metadata: {},
  };
}

function summarize(model: Model, lock: RecoLock): RecoLock['summary'] {
  const snapshot = snapshotOf(lock.facts, { permissions: [], objects: [] });
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

/**
 * The model adapted to the locked org shape: what `reco-sf deploy` deploys to an org of that
 * shape. What the lock does not cover is kept as the config gives it (never dropped).
 */
export function lockedModel(model: Model, lock: RecoLock): Model {
  return adaptToOrg(model, snapshotOf(lock.facts, uncoveredBy(model, lock))).model;
}

export type LockState =
  | { state: 'missing' }
  | { state: 'invalid'; problem: Diagnostic }
  | { state: 'stale'; lock: RecoLock; uncovered: string[] }
  | { state: 'current'; lock: RecoLock };

function invalid(
  file: string,
  message: string,
  at: { line?: number; column?: number },
  field?: string,
): LockState {
  return {
    state: 'invalid',
    problem: {
      severity: 'error',
      code: 'LOCK_INVALID',
      message,
      location: fileLocation(file, { ...at, path: field }),
      source: 'tool',
      fix: `the lock is written by reco-sf: run ${LOCK_FIX} to write it again (or delete it to generate without one)`,
    },
  };
}

/**
 * The first fact the lock could not have written: `reco-sf lock` adds every permission it found to
 * `covers.permissions` and records only objects of `covers.objects`, and a permission with the
 * label of a catalog permission that has a public API name is that name. Anything else is a hand
 * edit, e.g. a garbled API name that would go into force-app/ and fail only at Salesforce's deploy.
 */
function uncoveredFact(lock: RecoLock): { pointer: string; rule: string } | undefined {
  const { covers, facts } = lock;
  const handEdit = 'reco-sf lock records only what it looked up in the org, so this is a hand edit';
  const seen = new Set<string>();
  for (const [i, p] of facts.userPermissions.entries()) {
    const pointer = `/facts/userPermissions/${i}/apiName`;
    if (seen.has(p.apiName)) return { pointer, rule: `the user permission ${p.apiName} is recorded twice` };
    seen.add(p.apiName);
    if (!covers.permissions.includes(p.apiName))
      return { pointer, rule: `the user permission ${p.apiName} is not in covers.permissions: ${handEdit}` };
    const known = PERMISSIONS.find((k) => k.apiName && k.label.toLowerCase() === p.label.toLowerCase());
    if (known?.apiName && known.apiName !== p.apiName)
      return {
        pointer,
        rule: `"${p.label}" is the user permission ${known.apiName} (PermissionSet field Permissions${known.apiName}), not ${p.apiName}: ${handEdit}`,
      };
  }
  for (const [i, object] of facts.objects.entries())
    if (!covers.objects.includes(object))
      return {
        pointer: `/facts/objects/${i}`,
        rule: `the object ${object} is not in covers.objects: ${handEdit}`,
      };
  return undefined;
}

/**
 * Reads the lock at `path` (shown as `file`) strictly (the config's JSON reader: no duplicate
 * keys, no comments) and checks it against scripts/lock/lock.schema.json, then against the
 * model. Never throws: an unreadable lock is `invalid` with a LOCK_INVALID problem naming the
 * file, line:column and the rule broken.
 */
export function readLock(path: string, file: string, model: Model): LockState {
  const read = readJsonInput(path, { maxBytes: MAX_LOCK_BYTES, what: 'the lock file', display: file });
  if (!read.ok) {
    if (read.problem.code === 'INPUT_NOT_FOUND') return { state: 'missing' };
    const p = read.problem;
    const at = fileAt(p);
    return invalid(file, p.message.startsWith(file) ? p.message : `${file}: ${p.message}`, {
      line: at?.line ?? 1,
      column: at?.column ?? 1,
    });
  }
  const validate = validatorFor(LOCK_SCHEMA);
  if (!validate(read.value)) {
    // An old lock fails on several rules; its version says why in one.
    const errors = validate.errors ?? [];
    const error = errors.find((e) => e.instancePath === '/lockVersion') ?? errors[0];
    const pointer = error?.instancePath || '/';
    const rule =
      error?.keyword === 'additionalProperties'
        ? `unknown property "${String(error.params.additionalProperty)}"`
        : error?.keyword === 'const' && pointer === '/lockVersion'
          ? `lockVersion must be ${LOCK_VERSION} (a lock of an earlier reco-sf)`
          : (error?.message ?? 'does not match the lock schema');
    return invalid(
      file,
      `${file}: ${pointer}: ${rule} (scripts/lock/lock.schema.json)`,
      positionOfPointer(read.positions, pointer === '/' ? '' : pointer) ?? { line: 1, column: 1 },
      pointer,
    );
  }
  const lock = read.value as RecoLock;
  const fact = uncoveredFact(lock);
  if (fact)
    return invalid(
      file,
      `${file}: ${fact.pointer}: ${fact.rule}`,
      positionOfPointer(read.positions, fact.pointer) ?? { line: 1, column: 1 },
      fact.pointer,
    );
  const uncovered = uncoveredBy(model, lock).items;
  return uncovered.length > 0 ? { state: 'stale', lock, uncovered } : { state: 'current', lock };
}

/** The lock beside the config at `configPath`, read against `model`; `root` for the path messages show. */
export function readLockState(root: string, configPath: string, model: Model): LockState {
  return readLock(lockPathFor(configPath), lockDisplayPath(root, configPath), model);
}

/** The model the committed tree is generated from: the locked one whenever there is a readable lock. */
export function committedModel(model: Model, state: LockState): Model {
  return state.state === 'current' || state.state === 'stale' ? lockedModel(model, state.lock) : model;
}

/** What a readable but stale lock makes generate, validate, plan and deploy say: each uncovered item, and the fix. */
export function staleProblem(file: string, uncovered: string[]): Diagnostic {
  return {
    severity: 'warning',
    code: 'LOCK_STALE',
    message: `${file} does not cover what the config now asks of the org: ${uncovered.join('; ')}. force-app/ takes the lock's facts for the rest and these as the config gives them, so a plain \`sf project deploy start\` may fail on them`,
    location: { file },
    source: 'tool',
    fix: `run: ${LOCK_FIX} (once per org shape), then commit ${file} and force-app/`,
  };
}

/** What the locked org shape lacks of what the config asks: dropped from force-app/, and deploy would refuse such an org. */
const LACKS = new Set(['ORG_PERMISSION_MISSING', 'ORG_OBJECT_MISSING']);

function lackProblems(file: string, model: Model, lock: RecoLock): Diagnostic[] {
  const adapted = adaptToOrg(model, snapshotOf(lock.facts, uncoveredBy(model, lock)));
  return adapted.errors
    .filter((e) => LACKS.has(e.code))
    .map((e): Diagnostic => ({
      severity: 'warning',
      code: 'LOCK_ORG_LACKS',
      message: `${file}: ${e.message}, so force-app/ leaves it out and reco-sf deploy would refuse an org of this shape`,
      location: { file },
      source: 'tool',
      ...(e.fix ? { fix: e.fix } : {}),
    }));
}

/**
 * The lock's problems for the offline pipeline: LOCK_INVALID (error), LOCK_STALE (warning), and
 * LOCK_ORG_LACKS (warning) for what the config asks that the locked org does not have.
 */
export function lockStateProblems(file: string, state: LockState, model: Model): Diagnostic[] {
  if (state.state === 'invalid') return [state.problem];
  if (state.state === 'missing') return [];
  return [
    ...(state.state === 'stale' ? [staleProblem(file, state.uncovered)] : []),
    ...lackProblems(file, model, state.lock),
  ];
}

function rendered(model: Model): string {
  return buildComponents(model)
    .map((c) => `${c.path}\n${renderComponent(c)}`)
    .sort()
    .join('\n');
}

/**
 * What `deploy` and `plan` say about the lock for the org `snapshot` was read from: undefined
 * when the committed tree is exactly what reco-sf deploys there (or the lock is unreadable or
 * stale, which the offline gate already reports); otherwise a LOCK_NOTICE warning at the lock
 * file saying why not, with the command that fixes it. `target` names the org in the message;
 * paths are relative to `root`; the fix repeats `invocation` (the org, --config) when given.
 */
export function lockNotice(
  root: string,
  configPath: string,
  model: Model,
  snapshot: OrgSnapshot,
  target: string,
  invocation?: Invocation,
): Diagnostic | undefined {
  const file = lockDisplayPath(root, configPath);
  const state = readLock(lockPathFor(configPath), file, model);
  if (state.state === 'invalid') return undefined;
  if (rendered(committedModel(model, state)) === rendered(adaptToOrg(model, snapshot).model))
    return undefined;
  const fix = `run: ${recoCommand('lock', invocation ?? target)}, then commit ${file} and force-app/`;
  const why =
    'the committed force-app/ is not what reco-sf deploys there, so a plain `sf project deploy start` would remove or fail on what reco-sf adapts to the org';
  return {
    code: 'LOCK_NOTICE',
    severity: 'warning',
    source: 'tool',
    location: { file },
    message:
      state.state === 'missing'
        ? `no ${file} for ${target}: ${why}`
        : `${file} describes another org shape than ${target}: ${why} (one lock per org shape: deploy other shapes with reco-sf deploy)`,
    fix,
  };
}

export function serializeLock(lock: RecoLock): string {
  return JSON.stringify(lock, null, 2) + '\n';
}
