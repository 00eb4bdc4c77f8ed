/**
 * The catalog: every Salesforce fact reco-sf relies on, stated once.
 * The generator, the validator, the emulator, the org preflight and the README read it
 * through the accessors at the bottom; nothing else hard-codes these names.
 *
 * Sources (confidence H/M/L kept per entry): Salesforce's Metadata API Developer Guide (PermissionSet,
 * SecuritySettings, EventSettings, RealTimeEventSettings, ConnectedApp, ExternalClientApplication),
 * the Metadata WSDL v66 (scripts/wsdl/metadata-v66.wsdl), the Object Reference (User,
 * PermissionSetLicense, PermissionDependency), real retrieved org files (test/fixtures/real-world) and
 * the vendor guide (test/fixtures/reference). Where confidence is below H, callers resolve or confirm against the target org.
 */

export type Confidence = 'H' | 'M' | 'L';

/** An org capability a permission, object or entity needs. */
export type OrgFeature =
  | 'EventMonitoring' // Shield / Event Monitoring add-on: event log files, Event Manager storage
  | 'RealTimeEventMonitoring' // Shield RTEM: streaming events, event stores, RTEM permissions
  | 'EventLogObjects' // Hyperforce-only Event Log Objects (API 61+)
  | 'ExternalClientApps';

/** What brings each feature into an org, for "the org lacks …" messages (Salesforce Help: Event Monitoring, External Client Apps). */
export const FEATURE_SOURCES: Readonly<Record<OrgFeature, string>> = {
  EventMonitoring: 'Event Monitoring (Salesforce Shield or the Event Monitoring add-on)',
  RealTimeEventMonitoring: 'Real-Time Event Monitoring (Salesforce Shield or the Event Monitoring add-on)',
  EventLogObjects:
    'Event Log Objects (Hyperforce orgs with Shield / Event Monitoring; Setup > Event Monitoring Settings)',
  ExternalClientApps: 'External Client Apps (Setup > External Client Apps > Settings)',
};

/**
 * User licence names admins type where the permission set licence belongs (the vendor guide
 * names both "Salesforce Integration" and "Salesforce API Integration"). UserLicense names, not
 * PermissionSetLicense DeveloperNames: a permission set cannot carry them.
 */
export const USER_LICENSE_NAMES: readonly string[] = [
  'Salesforce Integration',
  'Salesforce',
  'Salesforce Platform',
];

export interface PermissionFact {
  /** Stable key used in config files; independent of the org's API name. */
  key: string;
  label: string;
  /** API name of the `userPermissions/name` value, or null when it must be resolved by label in the org. */
  apiName: string | null;
  confidence: Confidence;
  /** Catalog keys Salesforce declares as dependencies (PermissionDependency): a deploy without them fails. */
  dependsOn: string[];
  dependencyConfidence?: Confidence;
  /** Catalog keys needed for the permission to be useful, though Salesforce does not enforce them. */
  worksWith?: string[];
  requiresFeature?: OrgFeature;
  /** Why Reco needs it: shown in plans, docs and least-privilege reports. */
  reason: string;
  /**
   * In the vendor guide's required list. A permission that is not may still be granted by
   * default: `dependencyClosure` adds what a listed permission depends on or works with.
   */
  required: boolean;
}

export const PERMISSIONS: readonly PermissionFact[] = [
  {
    key: 'ManageConnectedApps',
    label: 'Manage Connected Apps',
    apiName: 'ManageRemoteAccess',
    confidence: 'H',
    dependsOn: [],
    reason: 'Read connected-app definitions and their OAuth policies to detect risky third-party access.',
    required: true,
  },
  {
    key: 'ManageCustomPermissions',
    label: 'Manage Custom Permissions',
    apiName: 'ManageCustomPermissions',
    confidence: 'H',
    dependsOn: [],
    reason: 'Read custom permissions so Reco can map who holds which app capability.',
    required: true,
  },
  {
    key: 'ModifyMetadata',
    label: 'Modify Metadata Through Metadata API Functions',
    apiName: 'ModifyMetadata',
    confidence: 'H',
    dependsOn: ['ViewSetup'],
    dependencyConfidence: 'M',
    reason: 'Read configuration (profiles, permission sets, settings) through the Metadata API.',
    required: true,
  },
  {
    key: 'ExternalClientAppViewer',
    label: 'View all External Client Apps',
    apiName: 'ExternalClientAppViewer',
    confidence: 'H',
    dependsOn: [],
    requiresFeature: 'ExternalClientApps',
    reason: 'List External Client Apps, the successor of connected apps, for OAuth posture.',
    required: true,
  },
  {
    key: 'ExternalClientAppAdmin',
    label: 'View all External Client Apps, view their settings, and edit their policies',
    apiName: 'ExternalClientAppAdmin',
    confidence: 'H',
    dependsOn: ['ExternalClientAppViewer'],
    dependencyConfidence: 'M',
    requiresFeature: 'ExternalClientApps',
    reason: 'Read External Client App OAuth settings and policies (scopes, IP relaxation).',
    required: true,
  },
  {
    key: 'ViewEventLogFiles',
    label: 'View Event Log Files',
    apiName: 'ViewEventLogFiles',
    confidence: 'H',
    dependsOn: [],
    worksWith: ['ApiEnabled'],
    requiresFeature: 'EventMonitoring',
    reason: 'Download EventLogFile records: the activity feed behind Reco detections.',
    required: true,
  },
  {
    key: 'ViewEventLogObjectData',
    label: 'View Event Log Object Data',
    apiName: null,
    confidence: 'L',
    dependsOn: [],
    requiresFeature: 'EventLogObjects',
    reason: 'Query Event Log Objects (Hyperforce), the near-real-time successor of event log files.',
    required: true,
  },
  {
    key: 'ViewLoginForensicsEvents',
    label: 'View Login Forensics Events',
    apiName: 'ViewPlatformEvents',
    confidence: 'H',
    dependsOn: [],
    requiresFeature: 'RealTimeEventMonitoring',
    reason: 'Read LoginEvent and related login forensics for account-takeover detection.',
    required: true,
  },
  {
    key: 'ViewRealTimeEventMonitoringData',
    label: 'View Real-Time Event Monitoring Data',
    apiName: 'ViewDataLeakageEvents',
    confidence: 'H',
    dependsOn: [],
    requiresFeature: 'RealTimeEventMonitoring',
    reason: 'Read Real-Time Event Monitoring events and stores (API, report, session anomalies).',
    required: true,
  },
  {
    key: 'ViewRoles',
    label: 'View Roles and Role Hierarchy',
    apiName: 'ViewRoles',
    confidence: 'H',
    dependsOn: [],
    reason: 'Read the role hierarchy to compute effective record access.',
    required: true,
  },
  {
    key: 'ViewSetup',
    label: 'View Setup and Configuration',
    apiName: 'ViewSetup',
    confidence: 'H',
    dependsOn: ['ViewRoles'],
    dependencyConfidence: 'M',
    reason: 'Read Setup configuration and the Setup Audit Trail.',
    required: true,
  },
  // Not in the vendor guide's list, but granted with it: ViewEventLogFiles works with it
  // (EventLogFile records are read through the API), and every Reco call is an API call.
  {
    key: 'ApiEnabled',
    label: 'API Enabled',
    apiName: 'ApiEnabled',
    confidence: 'H',
    dependsOn: [],
    reason: 'Every Reco call is an API call; EventLogFile access needs API Enabled too.',
    required: false,
  },
  // Known permissions a customer may opt into; not granted by default (least privilege).
  {
    key: 'CustomizeApplication',
    label: 'Customize Application',
    apiName: 'CustomizeApplication',
    confidence: 'H',
    dependsOn: ['ViewSetup', 'ManageCustomPermissions'],
    dependencyConfidence: 'M',
    reason: 'Not needed by Reco; known only so that an opt-in is checked for its dependencies.',
    required: false,
  },
];

/** Standard objects Reco reads with View All. */
export interface ObjectFact {
  apiName: string;
  label: string;
  requiresFeature: OrgFeature;
  required: boolean;
}

export const EVENT_STORE_OBJECTS: readonly ObjectFact[] = [
  {
    apiName: 'ApiAnomalyEventStore',
    label: 'API Anomaly Event Stores',
    requiresFeature: 'RealTimeEventMonitoring',
    required: true,
  },
  {
    apiName: 'GuestUserAnomalyEventStore',
    label: 'Guest User Anomaly Event Stores',
    requiresFeature: 'RealTimeEventMonitoring',
    required: true,
  },
  {
    apiName: 'ReportAnomalyEventStore',
    label: 'Report Anomaly Event Stores',
    requiresFeature: 'RealTimeEventMonitoring',
    required: true,
  },
  {
    apiName: 'SessionHijackingEventStore',
    label: 'Session Hijacking Event Stores',
    requiresFeature: 'RealTimeEventMonitoring',
    required: true,
  },
  {
    apiName: 'CredentialStuffingEventStore',
    label: 'Credential Stuffing Event Stores',
    requiresFeature: 'RealTimeEventMonitoring',
    required: false,
  },
  {
    apiName: 'LoginAnomalyEventStore',
    label: 'Login Anomaly Event Stores',
    requiresFeature: 'RealTimeEventMonitoring',
    required: false,
  },
];

/** One Event Manager event: its streaming entity and its storage entity (either may be absent). */
export interface EventFact {
  key: string;
  stream: string | null;
  store: string | null;
}

/** Event Manager entities (RealTimeEventSettings). Older events stream as XEventStream and store as XEvent. */
export const EVENT_MANAGER_EVENTS: readonly EventFact[] = [
  { key: 'ApiEvent', stream: 'ApiEventStream', store: 'ApiEvent' },
  { key: 'LoginEvent', stream: 'LoginEventStream', store: 'LoginEvent' },
  { key: 'LoginAsEvent', stream: 'LoginAsEventStream', store: 'LoginAsEvent' },
  { key: 'LogoutEvent', stream: 'LogoutEventStream', store: 'LogoutEvent' },
  { key: 'ListViewEvent', stream: 'ListViewEventStream', store: 'ListViewEvent' },
  { key: 'ReportEvent', stream: 'ReportEventStream', store: 'ReportEvent' },
  { key: 'UriEvent', stream: 'UriEventStream', store: 'UriEvent' },
  { key: 'LightningUriEvent', stream: 'LightningUriEventStream', store: 'LightningUriEvent' },
  { key: 'ApiAnomalyEvent', stream: 'ApiAnomalyEvent', store: 'ApiAnomalyEventStore' },
  {
    key: 'CredentialStuffingEvent',
    stream: 'CredentialStuffingEvent',
    store: 'CredentialStuffingEventStore',
  },
  { key: 'ReportAnomalyEvent', stream: 'ReportAnomalyEvent', store: 'ReportAnomalyEventStore' },
  { key: 'SessionHijackingEvent', stream: 'SessionHijackingEvent', store: 'SessionHijackingEventStore' },
  { key: 'GuestUserAnomalyEvent', stream: 'GuestUserAnomalyEvent', store: 'GuestUserAnomalyEventStore' },
  { key: 'LoginAnomalyEvent', stream: 'LoginAnomalyEvent', store: 'LoginAnomalyEventStore' },
  { key: 'PermissionSetEvent', stream: 'PermissionSetEvent', store: 'PermissionSetEventStore' },
  { key: 'BulkApiResultEvent', stream: 'BulkApiResultEvent', store: 'BulkApiResultEventStore' },
  { key: 'FileEvent', stream: 'FileEvent', store: 'FileEventStore' },
  { key: 'ConcurLongRunApexErrEvent', stream: 'ConcurLongRunApexErrEvent', store: null },
  { key: 'IdentityVerificationEvent', stream: null, store: 'IdentityVerificationEvent' },
  { key: 'IdentityProviderEvent', stream: null, store: 'IdentityProviderEventStore' },
];

/** Event Manager needs Real-Time Event Monitoring (Shield); the whole RealTimeEventSettings file is Shield-only. */
export const EVENT_MANAGER_FEATURE: OrgFeature = 'RealTimeEventMonitoring';

/** OAuth scopes: the token of the vendor's "What do we ingest" table ↔ metadata values. */
export interface ScopeFact {
  tokens: string[];
  /** ConnectedApp `<scopes>` value (ConnectedAppOauthAccessScope enum). */
  connectedAppValue: string;
  /** External Client App `commaSeparatedOauthScopes` value. */
  ecaValue: string;
  label: string;
  confidence: Confidence;
  note?: string;
}

export const OAUTH_SCOPES: readonly ScopeFact[] = [
  {
    tokens: ['api'],
    connectedAppValue: 'Api',
    ecaValue: 'Api',
    label: 'Manage user data via APIs',
    confidence: 'H',
  },
  {
    tokens: ['chatter_api'],
    connectedAppValue: 'Chatter',
    ecaValue: 'Chatter',
    label: 'Access Connect REST API resources',
    confidence: 'H',
  },
  {
    tokens: ['wave_api'],
    connectedAppValue: 'Wave',
    ecaValue: 'Wave',
    label: 'Access Analytics REST API resources',
    confidence: 'H',
  },
  {
    tokens: ['eclair_api'],
    connectedAppValue: 'Eclair',
    ecaValue: 'Eclair',
    label: 'Access Analytics REST API Charts Geodata resources',
    confidence: 'H',
  },
  {
    tokens: ['id'],
    connectedAppValue: 'Basic',
    ecaValue: 'Basic',
    label: 'Access the identity URL service',
    confidence: 'H',
  },
  {
    tokens: ['profile'],
    connectedAppValue: 'Profile',
    ecaValue: 'Profile',
    label: 'Access the identity URL service (profile)',
    confidence: 'H',
  },
  {
    tokens: ['email'],
    connectedAppValue: 'Email',
    ecaValue: 'Email',
    label: 'Access the identity URL service (email)',
    confidence: 'H',
  },
  {
    tokens: ['address'],
    connectedAppValue: 'Address',
    ecaValue: 'Address',
    label: 'Access the identity URL service (address)',
    confidence: 'H',
  },
  {
    tokens: ['phone'],
    connectedAppValue: 'Phone',
    ecaValue: 'Phone',
    label: 'Access the identity URL service (phone)',
    confidence: 'H',
  },
  {
    tokens: ['openid'],
    connectedAppValue: 'OpenID',
    ecaValue: 'OpenID',
    label: 'Access unique user identifiers',
    confidence: 'H',
  },
  {
    tokens: ['refresh_token', 'offline_access'],
    connectedAppValue: 'RefreshToken',
    ecaValue: 'RefreshToken',
    label: 'Perform requests at any time',
    confidence: 'H',
    note: 'OfflineAccess is a synonym of RefreshToken',
  },
  {
    tokens: ['cdp_query_api'],
    connectedAppValue: 'CDPQuery',
    ecaValue: 'CDPQuery',
    label: 'Perform ANSI SQL queries on Customer Data Platform data',
    confidence: 'M',
    note: 'In the WSDL enum; not in the documented list accepted on deploy',
  },
];

/** IP relaxation: our config word ↔ ConnectedApp value ↔ External Client App value. */
export const IP_RELAXATION = {
  enforce: { connectedApp: 'ENFORCE', eca: 'Enforce' },
  relax: { connectedApp: 'BYPASS', eca: 'Bypass' },
  'relax-2fa': { connectedApp: 'BYPASS_2FACTOR', eca: 'Bypass_2factor' },
  'enforce-relax-refresh': { connectedApp: 'ENFORCE_RELAXREFRESH', eca: 'Enforce_RelaxRefresh' },
} as const;
export type IpRelaxation = keyof typeof IP_RELAXATION;

/** Refresh-token policy: our config word ↔ ConnectedApp `refreshTokenPolicy` ↔ ECA `refreshTokenPolicyType`. */
export const REFRESH_TOKEN_POLICY = {
  infinite: { connectedApp: 'infinite', eca: 'Infinite' },
  'immediately-expire': { connectedApp: 'zero', eca: 'Zero' },
} as const;
export type RefreshTokenPolicy = keyof typeof REFRESH_TOKEN_POLICY;

export const PROFILES = {
  /** Preferred: new orgs have only this one (H). */
  apiOnly: 'Minimum Access - API Only Integrations',
  /** Deprecated name, still present in older orgs (H). */
  apiOnlyDeprecated: 'Salesforce API Only System Integrations',
  userLicense: 'Salesforce Integration',
} as const;

export const PERMISSION_SET_LICENSE = {
  developerName: 'SalesforceAPIIntegrationPsl',
  masterLabel: 'Salesforce API Integration',
  confidence: 'H' as Confidence,
} as const;

/** Limits that Salesforce enforces and we check offline. */
export const LIMITS = {
  labelMax: 80,
  descriptionMax: 255,
  aliasMax: 8,
  lastNameMax: 80,
  emailMax: 128,
  ipv4MaxAddresses: 2n ** 25n,
  ipv6MaxAddresses: 2n ** 96n,
  apiNamePattern: /^[A-Za-z][A-Za-z0-9_]*$/,
} as const;

/** Documentation-only and example domains: fine in a demo config, a warning elsewhere. */
export const EXAMPLE_DOMAINS = ['example.com', 'example.org', 'example.net', 'example.invalid', 'example'];

/**
 * Scratch-org features the integration needs (scratch definition). Real-Time Event Monitoring has
 * none (M). `EventLogWaveIntegration` is named in some public setup guides (M-L) but is not in the feature
 * list of @salesforce/schemas, which the CLI validates definitions against, so it is left out.
 */
export const SCRATCH_FEATURES = ['EventLogFile', 'SecurityEventEnabled', 'StreamingAPI'];

// ---------------------------------------------------------------------------------------------
// Accessors. Callers go through these so lookups stay consistent (and indexed once).

const permissionsByKey = new Map(PERMISSIONS.map((p) => [p.key, p]));
const permissionsByApiName = new Map(
  PERMISSIONS.filter((p) => p.apiName).map((p) => [p.apiName as string, p]),
);
const permissionsByLabel = new Map(PERMISSIONS.map((p) => [p.label.toLowerCase(), p]));

export function permissionByKey(key: string): PermissionFact | undefined {
  return permissionsByKey.get(key);
}
export function permissionByApiName(apiName: string): PermissionFact | undefined {
  return permissionsByApiName.get(apiName);
}
export function permissionByLabel(label: string): PermissionFact | undefined {
  return permissionsByLabel.get(label.toLowerCase());
}
export function requiredPermissionKeys(): string[] {
  return PERMISSIONS.filter((p) => p.required).map((p) => p.key);
}

/** The keys plus everything they depend on or work with, transitively; sorted by key for stable output. */
export function dependencyClosure(keys: Iterable<string>): string[] {
  const seen = new Set<string>();
  const visit = (key: string): void => {
    if (seen.has(key)) return;
    seen.add(key);
    const fact = permissionByKey(key);
    for (const dep of [...(fact?.dependsOn ?? []), ...(fact?.worksWith ?? [])]) visit(dep);
  };
  for (const key of keys) visit(key);
  return [...seen].sort();
}

const eventEntities = new Map<string, { event: EventFact; role: 'stream' | 'store' }>();
for (const event of EVENT_MANAGER_EVENTS) {
  if (event.stream) eventEntities.set(event.stream, { event, role: 'stream' });
  if (event.store) eventEntities.set(event.store, { event, role: 'store' });
}
export function eventEntity(entityName: string): { event: EventFact; role: 'stream' | 'store' } | undefined {
  return eventEntities.get(entityName);
}
export function eventByKey(key: string): EventFact | undefined {
  return EVENT_MANAGER_EVENTS.find((e) => e.key === key);
}
export function allEventEntityNames(): string[] {
  return [...eventEntities.keys()].sort();
}

export function scopeByToken(token: string): ScopeFact | undefined {
  return OAUTH_SCOPES.find((s) => s.tokens.includes(token));
}
export function scopeByConnectedAppValue(value: string): ScopeFact | undefined {
  return OAUTH_SCOPES.find(
    (s) =>
      s.connectedAppValue === value || (value === 'OfflineAccess' && s.connectedAppValue === 'RefreshToken'),
  );
}
export function scopeByEcaValue(value: string): ScopeFact | undefined {
  return OAUTH_SCOPES.find((s) => s.ecaValue === value);
}
export function eventStoreObject(apiName: string): ObjectFact | undefined {
  return EVENT_STORE_OBJECTS.find((o) => o.apiName === apiName);
}

// ---------------------------------------------------------------------------------------------
// Field-level facts about settings and metadata fields (used by the emulator and validators).

/** A settings field that only orgs with a feature can deploy ("<Component> : Not available for deploy for this organization"). */
export interface SettingsFeatureGate {
  /** Metadata type (root element), e.g. EventSettings. */
  type: string;
  field: string;
  requiresFeature: OrgFeature;
  confidence: Confidence;
}

export const SETTINGS_FEATURE_GATES: readonly SettingsFeatureGate[] = [
  // Likely needs the Event Monitoring Analytics Apps licence (scratch orgs: EventLogWaveIntegration feature).
  {
    type: 'EventSettings',
    field: 'enableEventLogWaveIntegration',
    requiresFeature: 'EventMonitoring',
    confidence: 'L',
  },
  {
    type: 'EventSettings',
    field: 'enableLightningLoggerEvents',
    requiresFeature: 'EventMonitoring',
    confidence: 'M',
  },
];

/** A metadata field that exists only from (and optionally up to) an API version. */
export interface FieldVersionFact {
  /** Complex type that holds the field, e.g. PermissionSetObjectPermissions. */
  type: string;
  field: string;
  minVersion?: number;
  maxVersion?: number;
  confidence: Confidence;
}

export const FIELD_VERSIONS: readonly FieldVersionFact[] = [
  { type: 'PermissionSetObjectPermissions', field: 'viewAllFields', minVersion: 63, confidence: 'H' },
  { type: 'IpRange', field: 'description', minVersion: 34, confidence: 'H' },
];

export function settingsFeatureGate(type: string, field: string): SettingsFeatureGate | undefined {
  return SETTINGS_FEATURE_GATES.find((g) => g.type === type && g.field === field);
}
export function fieldVersion(type: string, field: string): FieldVersionFact | undefined {
  return FIELD_VERSIONS.find((f) => f.type === type && f.field === field);
}

// ---------------------------------------------------------------------------------------------
// Deploy tips: Salesforce's component-failure messages (DeployMessage.problem, as public deploy logs
// and peer tools' issue trackers quote them) and
// how to fix each. Salesforce gives no codes for these, so the message pattern is the fact.

export interface DeployTip {
  pattern: RegExp;
  fix: string;
}

export const DEPLOY_TIPS: readonly DeployTip[] = [
  {
    pattern: /^Unknown user permission/i,
    fix: 'the org lacks this permission (Shield / Event Monitoring features bring several): set eventMonitoring.mode to "auto" or remove it from the config',
  },
  {
    pattern: /depends on permission\(s\)/i,
    fix: 'add the named permission(s) to permissionSet.additionalPermissions (and tell us, so the catalog learns the dependency)',
  },
  {
    pattern: /no CustomObject named/i,
    fix: 'the org lacks this object; event stores need Real-Time Event Monitoring (Shield)',
  },
  {
    pattern: /no PermissionSetLicense named/i,
    fix: 'the org lacks this permission set licence; check permissionSet.license',
  },
  {
    pattern: /user license doesn't allow the permission/i,
    fix: 'the permission set licence does not allow this permission: remove it from the config',
  },
  {
    pattern: /Not available for deploy for this organization/i,
    fix: 'the org lacks the licence or feature behind this setting (Event Monitoring settings need the add-on)',
  },
  {
    pattern: /Not available for deploy for this API version/i,
    fix: 'change apiVersion in the config to one the org supports',
  },
  {
    pattern: /can no longer create connected apps/i,
    fix: 'set oauthApp.kind to "external-client-app" (connected-app creation is blocked since Spring \'26 unless Support re-enables it)',
  },
  {
    pattern: /Invalid IP address range/i,
    fix: 'fix the range in trustedIpRanges (same family, start ≤ end, at most a /7 for IPv4 or a /32 for IPv6)',
  },
  {
    pattern: /not available for Event Manager/i,
    fix: 'the org does not offer this Event Manager event: list only available events in eventMonitoring.eventManager.events',
  },
];

export function deployTipFor(problem: string): string | undefined {
  return DEPLOY_TIPS.find((t) => t.pattern.test(problem))?.fix;
}
