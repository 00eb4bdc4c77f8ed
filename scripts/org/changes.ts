/**
 * What a deploy must send (pure): each component merged with the org's current value by its
 * kind's merge rule, diffed, and given a state. Also the permission-set guard: a deploy replaces
 * the whole set, so an existing set holding more than ours would lose the extra permissions.
 */
import type { DiffItem, OwnedComponent } from '../components';
import type { XmlRecord } from '../core/xml';
import { readableOwnership, type Ownership } from './ownership';
import { componentKey, type OrgSnapshot } from './types';

export type ChangeState = 'create' | 'update' | 'unchanged';

export interface ComponentChange {
  key: string;
  type: string;
  fullName: string;
  rootType: string;
  /** Source path relative to the repository root (force-app/…). */
  path: string;
  kindId: string;
  state: ChangeState;
  /** What the deploy sends: ours merged with the org's. */
  value: XmlRecord;
  /** The org's value before the deploy (null when absent): the receipt keeps it for teardown. */
  current: XmlRecord | null;
  diff: DiffItem[];
}

export interface ChangeSet {
  changes: ComponentChange[];
  /** What the org's permission set holds that ours does not (a deploy would remove it). */
  permissionSetExtras: DiffItem[];
}

/** One component's change; `ownership`: the org's record (default: read from `snapshot`). */
export function planComponent(
  component: OwnedComponent,
  snapshot: Pick<OrgSnapshot, 'metadata'>,
  ownership: Ownership | null = readableOwnership(snapshot),
): ComponentChange {
  const key = componentKey(component);
  const current = snapshot.metadata[key] ?? null;
  const value = component.kind.merge(component.value, current ?? undefined, ownership);
  const diff = component.kind.diff(value, current ?? undefined, key);
  const state: ChangeState = current === null ? 'create' : diff.length > 0 ? 'update' : 'unchanged';
  return {
    key,
    type: component.type,
    fullName: component.fullName,
    rootType: component.rootType,
    path: component.path,
    kindId: component.kind.id,
    state,
    value,
    current,
    diff,
  };
}

export function planChanges(
  components: OwnedComponent[],
  snapshot: Pick<OrgSnapshot, 'metadata'>,
): ChangeSet {
  const ownership = readableOwnership(snapshot);
  const changes = components.map((c) => planComponent(c, snapshot, ownership));
  const permissionSetExtras = changes
    .filter((c) => c.kindId === 'permissionSet' && c.state === 'update')
    .flatMap((c) => c.diff.filter((d) => d.kind === 'remove'));
  return { changes, permissionSetExtras };
}

export function pendingChanges(set: ChangeSet): ComponentChange[] {
  return set.changes.filter((c) => c.state !== 'unchanged');
}

/** One line per extra permission, for the guard's message. */
export function describeExtras(extras: DiffItem[]): string {
  return extras.map((d) => `  - ${d.path}`).join('\n');
}
