/**
 * Teardown planning (pure): from the org's ownership record (scripts/org/ownership.ts, never a
 * local file) and the org as it is now, what to remove or restore so that only what reco-sf
 * added goes, including what an earlier config added. Each step says what it touches; a step whose
 * work is already done (the set deleted, the user inactive) is not planned, so a second run
 * plans nothing.
 */
import {
  buildComponents,
  COMPONENT_KINDS,
  inDeletionOrder,
  isCreatedByUs,
  kindOf,
  type ComponentKind,
  type OwnedComponent,
} from '../components';
import type { SettingsValue } from '../components/types';
import type { Model } from '../core/model';
import { OWNERSHIP_MEMBER, type OwnedUser, type Ownership } from '../org/ownership';
import { componentKey, type OrgSnapshot } from '../org/types';

export type { SettingsValue };

export type TeardownAction =
  | { kind: 'delete-record'; sobject: 'PermissionSetAssignment' | 'PermissionSetLicenseAssign'; id: string }
  | { kind: 'freeze-user'; userLoginId: string }
  | { kind: 'deactivate-user'; userId: string }
  | { kind: 'deploy-settings'; settings: SettingsValue }
  | { kind: 'delete-components'; components: Array<{ type: string; fullName: string }> };

export interface TeardownStep {
  /** One line a reviewer reads: what is removed or restored. */
  description: string;
  action: TeardownAction;
}

/** A user the ownership record names, as the org holds it now (null fields: not in the org). */
export interface OwnedUserState {
  record: OwnedUser;
  id: string | null;
  isActive: boolean;
  login: { id: string; isFrozen: boolean } | null;
  /** Ids of its assignments of our permission set and licence. */
  permissionSetAssignments: string[];
  permissionSetLicenseAssignments: string[];
}

export interface TeardownInput {
  model: Model;
  snapshot: OrgSnapshot;
  /** The org's ownership record (scripts/org/ownership.ts); null when the org has none. */
  ownership: Ownership | null;
  /** Every user the record names, read from the org. */
  users: OwnedUserState[];
}

export interface TeardownPlan {
  steps: TeardownStep[];
  /** What stays, and why (the org's own ranges, a user reco-sf did not create…). */
  kept: string[];
}

function assignmentSteps(input: TeardownInput): TeardownStep[] {
  const { model } = input;
  const steps: TeardownStep[] = [];
  for (const u of input.users) {
    if (u.record.permissionSet)
      for (const id of u.permissionSetAssignments)
        steps.push({
          description: `delete the assignment of permission set ${model.permissionSet.name} to ${u.record.username}`,
          action: { kind: 'delete-record', sobject: 'PermissionSetAssignment', id },
        });
    if (u.record.permissionSetLicense)
      for (const id of u.permissionSetLicenseAssignments)
        steps.push({
          description: `delete the assignment of licence ${model.permissionSet.license} to ${u.record.username}`,
          action: { kind: 'delete-record', sobject: 'PermissionSetLicenseAssign', id },
        });
  }
  return steps;
}

/** Users cannot be deleted: freeze first (logins stop at once), then deactivate (frees the licence). */
export function userSteps(users: OwnedUserState[], kept: string[]): TeardownStep[] {
  const steps: TeardownStep[] = [];
  for (const u of users) {
    const name = u.record.username;
    if (!u.id) continue;
    if (!u.record.created) {
      kept.push(`the user ${name}: reco-sf did not create it`);
      continue;
    }
    if (u.isActive && !u.login)
      kept.push(`the user ${name} is not frozen first: its UserLogin could not be read`);
    if (u.isActive && u.login && !u.login.isFrozen)
      steps.push({
        description: `freeze the user ${name}`,
        action: { kind: 'freeze-user', userLoginId: u.login.id },
      });
    if (u.isActive)
      steps.push({
        description: `deactivate the user ${name} (users cannot be deleted)`,
        action: { kind: 'deactivate-user', userId: u.id },
      });
  }
  return steps;
}

/** Components the record shows reco-sf created, in deletion order (present, or not read by this snapshot). */
export function createdComponents(
  ownership: Ownership,
  snapshot: Pick<OrgSnapshot, 'metadata'>,
  kinds: readonly ComponentKind[] = COMPONENT_KINDS,
): Array<{ type: string; fullName: string }> {
  // Not read by this snapshot (a component of an earlier config): deleting a missing one is only a warning.
  const components = ownership.created.filter(
    (c) => snapshot.metadata[componentKey(c)] !== null && isCreatedByUs(c, kinds),
  );
  return inDeletionOrder(components, kinds);
}

/**
 * Components the config builds that the org holds but the ownership record does not show reco-sf
 * created (a plain `sf project deploy start`, or a setup before reco-sf): never deleted on the
 * config's word, and named in `kept` so the admin knows they stay.
 */
function unrecordedInOrg(input: TeardownInput, kinds: readonly ComponentKind[]): OwnedComponent[] {
  const recorded = new Set((input.ownership?.created ?? []).map((c) => componentKey(c)));
  return buildComponents(input.model, kinds).filter(
    (c) =>
      c.kind.lifecycle === 'created' &&
      c.kind.planSection !== 'none' &&
      !recorded.has(componentKey(c)) &&
      input.snapshot.metadata[componentKey(c)] != null,
  );
}

function deleteStep(input: TeardownInput, kinds: readonly ComponentKind[], kept: string[]): TeardownStep[] {
  const foreign = unrecordedInOrg(input, kinds);
  for (const c of foreign)
    kept.push(
      `${c.type} ${c.fullName}: in the org, but reco-sf's ownership record does not show it created it (a plain sf deploy or an earlier setup?); delete it yourself if only Reco uses it`,
    );
  if (!input.ownership) return [];
  // The parts of one plan section (an app and its settings) go together: none is deleted while another stays.
  const keptSections = new Set(foreign.map((c) => c.kind.planSection));
  const created = createdComponents(input.ownership, input.snapshot, kinds).filter((c) => {
    const section = kindOf(c, kinds)?.planSection;
    if (section === undefined || !keptSections.has(section)) return true;
    kept.push(`${c.type} ${c.fullName}: kept with the rest of its part, which stays (above)`);
    return false;
  });
  const components = [...created, OWNERSHIP_MEMBER];
  return [
    {
      description: `delete ${components.map((c) => `${c.type} ${c.fullName}`).join(', ')} (destructive deploy; the last is reco-sf's ownership record)`,
      action: { kind: 'delete-components', components },
    },
  ];
}

export { inDeletionOrder };

/** Steps in the order they run: assignments, users, settings, then the destructive deploy (an assigned permission set cannot be deleted). */
export function planTeardown(
  input: TeardownInput,
  kinds: readonly ComponentKind[] = COMPONENT_KINDS,
): TeardownPlan {
  const kept: string[] = [];
  const restore = [...kinds]
    .sort((a, b) => (a.teardownOrder ?? 0) - (b.teardownOrder ?? 0))
    .flatMap((kind) => kind.teardown?.(input, kept) ?? []);
  const steps = [
    ...assignmentSteps(input),
    ...userSteps(input.users, kept),
    ...restore.map(({ description, settings }) => ({
      description,
      action: { kind: 'deploy-settings' as const, settings },
    })),
    ...deleteStep(input, kinds, kept),
  ];
  return { steps, kept };
}
