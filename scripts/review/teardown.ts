/**
 * Teardown planning (pure): from the deploy receipts and the org as it is now, what to remove or
 * restore so that only what reco-sf added goes. Each step says what it touches; a step whose
 * work is already done (the set deleted, the user inactive) is not planned, so a second run
 * plans nothing.
 */
import { rangesOf } from '../components/securitySettings';
import type { IpRange } from '../components/securitySettings';
import { rangeKey } from '../core/ip';
import type { Model } from '../core/model';
import { listOf, type XmlRecord } from '../core/xml';
import type { Receipt } from '../org/receipt';
import type { OrgSnapshot } from '../org/types';
import type { ReviewFacts } from './facts';

export interface SettingsValue {
  key: string;
  type: 'Settings';
  fullName: string;
  rootType: string;
  value: XmlRecord;
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

export interface TeardownInput {
  model: Model;
  snapshot: OrgSnapshot;
  facts: ReviewFacts;
  /** Oldest first. */
  receipts: Receipt[];
  /** Current assignment record ids of the integration user. */
  assignmentIds: { permissionSet: string[]; permissionSetLicense: string[] };
}

export interface TeardownPlan {
  steps: TeardownStep[];
  /** What stays, and why (the org's own ranges, a user reco-sf did not create…). */
  kept: string[];
}

/** The org's value of a component before reco-sf first changed it; undefined when no receipt touched it. */
function firstPrior(receipts: Receipt[], key: string): { prior: XmlRecord | null } | undefined {
  for (const r of receipts) {
    const c = r.components.find((x) => x.key === key);
    if (c) return { prior: c.prior };
  }
  return undefined;
}

function createdRecord(receipts: Receipt[], sobject: string): boolean {
  return receipts.some((r) => r.records.some((x) => x.sobject === sobject && x.action === 'created'));
}

function assignmentSteps(input: TeardownInput): TeardownStep[] {
  const { model, receipts, assignmentIds } = input;
  const user = model.user.username;
  const steps: TeardownStep[] = [];
  if (createdRecord(receipts, 'PermissionSetAssignment')) {
    for (const id of assignmentIds.permissionSet)
      steps.push({
        description: `delete the assignment of permission set ${model.permissionSet.name} to ${user}`,
        action: { kind: 'delete-record', sobject: 'PermissionSetAssignment', id },
      });
  }
  if (createdRecord(receipts, 'PermissionSetLicenseAssign')) {
    for (const id of assignmentIds.permissionSetLicense)
      steps.push({
        description: `delete the assignment of licence ${model.permissionSet.license} to ${user}`,
        action: { kind: 'delete-record', sobject: 'PermissionSetLicenseAssign', id },
      });
  }
  return steps;
}

/** Users cannot be deleted: freeze first (logins stop at once), then deactivate (frees the licence). */
function userSteps(input: TeardownInput, kept: string[]): TeardownStep[] {
  const user = input.snapshot.user;
  if (!user) return [];
  if (!createdRecord(input.receipts, 'User')) {
    kept.push(`the user ${user.username}: reco-sf did not create it`);
    return [];
  }
  const steps: TeardownStep[] = [];
  const login = input.facts.login;
  if (user.isActive && !login)
    kept.push(`the user ${user.username} is not frozen first: its UserLogin could not be read`);
  if (user.isActive && login && !login.isFrozen)
    steps.push({
      description: `freeze the user ${user.username}`,
      action: { kind: 'freeze-user', userLoginId: login.id },
    });
  if (user.isActive)
    steps.push({
      description: `deactivate the user ${user.username} (users cannot be deleted)`,
      action: { kind: 'deactivate-user', userId: user.id },
    });
  return steps;
}

function securityStep(input: TeardownInput, kept: string[]): TeardownStep[] {
  const key = 'Settings:Security';
  const first = firstPrior(input.receipts, key);
  const current = rangesOf(input.snapshot.metadata[key] ?? undefined);
  if (!first) {
    if (current.length > 0)
      kept.push(`all ${current.length} trusted IP range(s): no receipt shows reco-sf added any`);
    return [];
  }
  const before = new Set(rangesOf(first.prior ?? undefined).map((r) => rangeKey(r)));
  const ours = new Set(input.model.trustedRanges.map((r) => rangeKey(r)).filter((k) => !before.has(k)));
  const remove = current.filter((r) => ours.has(rangeKey(r)));
  const stay = current.filter((r) => !ours.has(rangeKey(r)));
  kept.push(`${stay.length} trusted IP range(s) of the org's own`);
  if (remove.length === 0) return [];
  const value = { networkAccess: { ipRanges: stay as unknown as XmlRecord[] } };
  const list = remove.map((r: IpRange) => (r.start === r.end ? r.start : `${r.start}–${r.end}`)).join(', ');
  return [
    {
      description: `remove ${remove.length} trusted IP range(s) reco-sf added (${list}); the org's ${stay.length} other(s) stay`,
      action: {
        kind: 'deploy-settings',
        settings: { key, type: 'Settings', fullName: 'Security', rootType: 'SecuritySettings', value },
      },
    },
  ];
}

const EVENT_FIELDS = ['enableDeleteMonitoringData', 'enableEventLogWaveIntegration'] as const;

/** Event Monitoring settings back to their values before reco-sf, where reco-sf changed them and nobody changed them since. */
function eventSettingsStep(input: TeardownInput, kept: string[]): TeardownStep[] {
  const key = 'Settings:Event';
  const first = firstPrior(input.receipts, key);
  const current = input.snapshot.metadata[key];
  if (!first || !current) return [];
  if (!first.prior) {
    kept.push('Event Monitoring settings: their values before reco-sf are unknown (the org returned none)');
    return [];
  }
  const ours: Record<string, boolean> = {
    enableDeleteMonitoringData: input.model.eventMonitoring.deleteMonitoringData,
    enableEventLogWaveIntegration: input.model.eventMonitoring.analyticsIntegration,
  };
  const restore: XmlRecord = {};
  for (const field of EVENT_FIELDS) {
    const prior = first.prior[field];
    if (typeof prior === 'boolean' && prior !== current[field] && current[field] === ours[field])
      restore[field] = prior;
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
  const first = firstPrior(input.receipts, key);
  const current = input.snapshot.metadata[key];
  if (!first || !current) return [];
  const wasOn = new Set(
    listOf<XmlRecord>(first.prior?.realTimeEvents)
      .filter((e) => e.isEnabled === true)
      .map((e) => String(e.entityName)),
  );
  const ours = new Set(input.model.eventMonitoring.entities.filter((e) => !wasOn.has(e)));
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

/** Deletion order inside one destructive deploy: OAuth policy children before their app, the permission set last. */
const DELETE_ORDER = [
  'ExtlClntAppOauthConfigurablePolicies',
  'ExtlClntAppConfigurablePolicies',
  'ExtlClntAppOauthSettings',
  'ExternalClientApplication',
  'ConnectedApp',
  'PermissionSet',
];

function deleteStep(input: TeardownInput): TeardownStep[] {
  const created = new Map<string, { type: string; fullName: string }>();
  for (const r of input.receipts)
    for (const c of r.components)
      if (c.state === 'create' && c.type !== 'Settings')
        created.set(c.key, { type: c.type, fullName: c.fullName });
  // Present, or not read by this snapshot (a component of an earlier config): deleting a missing one is only a warning.
  const components = [...created.entries()]
    .filter(([key]) => input.snapshot.metadata[key] !== null)
    .map(([, c]) => c);
  if (components.length === 0) return [];
  components.sort(
    (a, b) =>
      DELETE_ORDER.indexOf(a.type) - DELETE_ORDER.indexOf(b.type) || a.fullName.localeCompare(b.fullName),
  );
  return [
    {
      description: `delete ${components.map((c) => `${c.type} ${c.fullName}`).join(', ')} (destructive deploy)`,
      action: { kind: 'delete-components', components },
    },
  ];
}

/** Steps in the order they run: assignments, the user, settings, then the destructive deploy (an assigned permission set cannot be deleted). */
export function planTeardown(input: TeardownInput): TeardownPlan {
  const kept: string[] = [];
  const steps = [
    ...assignmentSteps(input),
    ...userSteps(input, kept),
    ...securityStep(input, kept),
    ...eventSettingsStep(input, kept),
    ...realTimeEventStep(input),
    ...deleteStep(input),
  ];
  return { steps, kept };
}
