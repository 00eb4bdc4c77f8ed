/**
 * Teardown planning (pure): from the org's ownership record (scripts/org/ownership.ts, never a
 * local file) and the org as it is now, what to remove or restore so that only what reco-sf
 * added goes, including what an earlier config added. Each step says what it touches; a step whose
 * work is already done (the set deleted, the user inactive) is not planned, so a second run
 * plans nothing.
 */
import { rangesOf } from '../components/securitySettings';
import type { IpRange } from '../components/securitySettings';
import { rangeKey } from '../core/ip';
import type { Model } from '../core/model';
import { listOf, type XmlRecord } from '../core/xml';
import { OWNERSHIP_NAME, type OwnedUser, type Ownership } from '../org/ownership';
import { componentKey, type OrgSnapshot } from '../org/types';

export interface SettingsValue {
  key: string;
  type: 'Settings';
  fullName: string;
  rootType: string;
  value: XmlRecord;
  /**
   * For SecuritySettings: the ranges reco-sf removes and the org's value the plan was made from,
   * so the run can re-read the org before its quick deploy and check afterwards that no other
   * range was lost.
   */
  ranges?: { remove: Array<{ start: string; end: string }>; seen: XmlRecord | null };
}

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

function securityStep(input: TeardownInput, kept: string[]): TeardownStep[] {
  const key = 'Settings:Security';
  const current = rangesOf(input.snapshot.metadata[key] ?? undefined);
  const ours = new Set((input.ownership?.ranges ?? []).map((r) => rangeKey(r)));
  const remove = current.filter((r) => ours.has(rangeKey(r)));
  const stay = current.filter((r) => !ours.has(rangeKey(r)));
  if (stay.length > 0) kept.push(`${stay.length} trusted IP range(s) of the org's own`);
  if (remove.length === 0) return [];
  const value = { networkAccess: { ipRanges: stay as unknown as XmlRecord[] } };
  const list = remove.map((r: IpRange) => (r.start === r.end ? r.start : `${r.start}–${r.end}`)).join(', ');
  return [
    {
      description: `remove ${remove.length} trusted IP range(s) reco-sf added (${list}); the org's ${stay.length} other(s) stay`,
      action: {
        kind: 'deploy-settings',
        settings: {
          key,
          type: 'Settings',
          fullName: 'Security',
          rootType: 'SecuritySettings',
          value,
          ranges: {
            remove: remove.map((r) => ({ start: r.start, end: r.end })),
            seen: input.snapshot.metadata[key] ?? null,
          },
        },
      },
    },
  ];
}

const EVENT_FIELDS = ['enableDeleteMonitoringData', 'enableEventLogWaveIntegration'] as const;

/** Event Monitoring settings back to their values before reco-sf, where reco-sf changed them and nobody changed them since. */
function eventSettingsStep(input: TeardownInput): TeardownStep[] {
  const key = 'Settings:Event';
  const prior = input.ownership?.eventSettingsPrior ?? {};
  const current = input.snapshot.metadata[key];
  if (!current) return [];
  const ours: Record<string, boolean> = {
    enableDeleteMonitoringData: input.model.eventMonitoring.deleteMonitoringData,
    enableEventLogWaveIntegration: input.model.eventMonitoring.analyticsIntegration,
  };
  const restore: XmlRecord = {};
  for (const field of EVENT_FIELDS) {
    const before = prior[field];
    if (typeof before === 'boolean' && before !== current[field] && current[field] === ours[field])
      restore[field] = before;
  }
  const fields = Object.keys(restore);
  if (fields.length === 0) return [];
  const text = fields.map((f) => `${f} = ${String(restore[f])}`).join(', ');
  return [
    {
      description: `restore Event Monitoring settings: ${text}`,
      action: {
        kind: 'deploy-settings',
        settings: { key, type: 'Settings', fullName: 'Event', rootType: 'EventSettings', value: restore },
      },
    },
  ];
}

/** Event Manager entities reco-sf switched on go back off (the org's other entries are sent unchanged). */
function realTimeEventStep(input: TeardownInput): TeardownStep[] {
  const key = 'Settings:RealTimeEvent';
  const current = input.snapshot.metadata[key];
  if (!current) return [];
  const ours = new Set(input.ownership?.eventManager ?? []);
  const entries = listOf<XmlRecord>(current.realTimeEvents);
  const switchOff = entries
    .filter((e) => e.isEnabled === true && ours.has(String(e.entityName)))
    .map((e) => String(e.entityName));
  if (switchOff.length === 0) return [];
  const realTimeEvents = entries.map((e) => ({
    entityName: String(e.entityName),
    isEnabled: switchOff.includes(String(e.entityName)) ? false : e.isEnabled === true,
  }));
  return [
    {
      description: `switch off ${switchOff.length} Event Manager entit(ies) reco-sf switched on`,
      action: {
        kind: 'deploy-settings',
        settings: {
          key,
          type: 'Settings',
          fullName: 'RealTimeEvent',
          rootType: 'RealTimeEventSettings',
          value: { realTimeEvents: realTimeEvents as unknown as XmlRecord[] },
        },
      },
    },
  ];
}

/** Deletion order inside one destructive deploy: OAuth policy children before their app, the permission set, then the ownership record last. */
const DELETE_ORDER = [
  'ExtlClntAppOauthConfigurablePolicies',
  'ExtlClntAppConfigurablePolicies',
  'ExtlClntAppGlobalOauthSettings',
  'ExtlClntAppOauthSettings',
  'ExternalClientApplication',
  'ConnectedApp',
  'PermissionSet',
  'StaticResource',
];

/** Components the record shows reco-sf created, in deletion order (present, or not read by this snapshot). */
export function createdComponents(
  ownership: Ownership,
  snapshot: Pick<OrgSnapshot, 'metadata'>,
): Array<{ type: string; fullName: string }> {
  // Not read by this snapshot (a component of an earlier config): deleting a missing one is only a warning.
  const components = ownership.created.filter(
    (c) => snapshot.metadata[componentKey(c)] !== null && c.type !== 'Settings',
  );
  return inDeletionOrder(components);
}

/** Children before their parents (OAuth policies before their app), the permission set, the record last. */
export function inDeletionOrder<T extends { type: string; fullName: string }>(components: T[]): T[] {
  return [...components].sort(
    (a, b) =>
      DELETE_ORDER.indexOf(a.type) - DELETE_ORDER.indexOf(b.type) || a.fullName.localeCompare(b.fullName),
  );
}

function deleteStep(input: TeardownInput): TeardownStep[] {
  if (!input.ownership) return [];
  const components = [
    ...createdComponents(input.ownership, input.snapshot),
    { type: 'StaticResource', fullName: OWNERSHIP_NAME },
  ];
  return [
    {
      description: `delete ${components.map((c) => `${c.type} ${c.fullName}`).join(', ')} (destructive deploy; the last is reco-sf's ownership record)`,
      action: { kind: 'delete-components', components },
    },
  ];
}

/** Steps in the order they run: assignments, users, settings, then the destructive deploy (an assigned permission set cannot be deleted). */
export function planTeardown(input: TeardownInput): TeardownPlan {
  const kept: string[] = [];
  const steps = [
    ...assignmentSteps(input),
    ...userSteps(input.users, kept),
    ...securityStep(input, kept),
    ...eventSettingsStep(input),
    ...realTimeEventStep(input),
    ...deleteStep(input),
  ];
  return { steps, kept };
}
