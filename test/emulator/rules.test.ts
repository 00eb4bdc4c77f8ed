/**
 * The org's metadata rules, each from Salesforce's public references (named per test), driven through the
 * Metadata SOAP API with hand-built zips.
 */
import { startEmulator, type EmulatorHandle } from '../../scripts/emulator';
import {
  buildZip,
  checkDeploy,
  deploy,
  packageXml,
  permissionSetXml,
  projectFile,
  soap,
  soql,
  startDeploy,
  useEmulator,
  withManifest,
} from './helpers';

const NS = 'xmlns="http://soap.sforce.com/2006/04/metadata"';
const security = (ranges: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?><SecuritySettings ${NS}><networkAccess>${ranges}</networkAccess></SecuritySettings>`;
const range = (start: string, end: string, description?: string): string =>
  `<ipRanges>${description ? `<description>${description}</description>` : ''}<end>${end}</end><start>${start}</start></ipRanges>`;
const ps = (name: string, xml: string): Record<string, string> =>
  withManifest({ [`permissionsets/${name}.permissionset`]: xml });

describe('permission set rules (shield shape)', () => {
  const h = useEmulator({
    seed: {
      permissionSetLicenses: [
        {
          developerName: 'Restricted_Psl',
          masterLabel: 'Restricted',
          maximumPermissions: { ModifyMetadata: false },
        },
      ],
    },
  });

  it('a deploy replaces the whole set: a permission left out is disabled (API 40+)', async () => {
    expect(
      (await deploy(h, ps('Whole', permissionSetXml({ permissions: ['ViewRoles', 'ApiEnabled'] })))).status,
    ).toBe('Succeeded');
    expect((await deploy(h, ps('Whole', permissionSetXml({ permissions: ['ApiEnabled'] })))).status).toBe(
      'Succeeded',
    );
    const row = await soql(
      h,
      "SELECT PermissionsViewRoles, PermissionsApiEnabled FROM PermissionSet WHERE Name = 'Whole'",
    );
    expect((row.body as { records: unknown[] }).records).toEqual([
      expect.objectContaining({ PermissionsViewRoles: false, PermissionsApiEnabled: true }),
    ]);
  });

  it('enforces declared dependencies (catalog dependsOn): "Permission X depends on permission(s): Y"', async () => {
    const r = await deploy(
      h,
      ps('Deps', permissionSetXml({ permissions: ['ModifyMetadata', 'ExternalClientAppAdmin'] })),
    );
    expect(r.status).toBe('Failed');
    expect(r.failures.map((f) => f.problem).sort()).toEqual([
      'Permission ExternalClientAppAdmin depends on permission(s): ExternalClientAppViewer',
      'Permission ModifyMetadata depends on permission(s): ViewSetup',
    ]);
    expect(r.failures[0]).toMatchObject({
      componentType: 'PermissionSet',
      fullName: 'Deps',
      fileName: 'permissionsets/Deps.permissionset',
      problemType: 'Error',
    });
  });

  it('does not enforce worksWith: ViewEventLogFiles deploys without ApiEnabled', async () => {
    expect(
      (await deploy(h, ps('Logs', permissionSetXml({ permissions: ['ViewEventLogFiles'] })))).status,
    ).toBe('Succeeded');
  });

  it('accepts the emulated Event Log Objects permission and the event stores in the shield shape', async () => {
    const r = await deploy(
      h,
      ps(
        'Elo',
        permissionSetXml({
          permissions: ['ViewEventLogObjects'],
          objects: ['ApiAnomalyEventStore', 'SessionHijackingEventStore'],
        }),
      ),
    );
    expect(r.status).toBe('Succeeded');
  });

  it('the licence must exist in the org and allow each enabled permission', async () => {
    const missing = await deploy(
      h,
      ps('NoLicense', permissionSetXml({ license: 'NoSuchPsl', permissions: ['ApiEnabled'] })),
    );
    expect(missing.failures.map((f) => f.problem)).toEqual([
      'In field: license - no PermissionSetLicense named NoSuchPsl found',
    ]);
    const restricted = await deploy(
      h,
      ps(
        'Restricted',
        permissionSetXml({
          license: 'Restricted_Psl',
          permissions: ['ModifyMetadata', 'ViewSetup', 'ViewRoles'],
        }),
      ),
    );
    expect(restricted.failures.map((f) => f.problem)).toEqual([
      "The user license doesn't allow the permission: ModifyMetadata",
    ]);
    const ok = await deploy(
      h,
      ps(
        'Licensed',
        permissionSetXml({
          license: 'SalesforceAPIIntegrationPsl',
          permissions: ['ModifyMetadata', 'ViewSetup', 'ViewRoles'],
        }),
      ),
    );
    expect(ok.status).toBe('Succeeded');
    const row = await soql(h, "SELECT License.DeveloperName FROM PermissionSet WHERE Name = 'Licensed'");
    expect((row.body as { records: unknown[] }).records).toEqual([
      expect.objectContaining({
        License: expect.objectContaining({ DeveloperName: 'SalesforceAPIIntegrationPsl' }),
      }),
    ]);
  });

  it("rejects label over 80 characters and elements not in the type at the deploy's API version", async () => {
    const long = await deploy(h, ps('Long', permissionSetXml({ label: 'x'.repeat(81) })));
    expect(long.failures.map((f) => f.problem)).toEqual(['label: value too long (max length=80)']);
    // viewAllFields exists from API 63 (catalog FIELD_VERSIONS).
    const files = {
      'package.xml': packageXml({ PermissionSet: ['Old'] }, '62.0'),
      'permissionsets/Old.permissionset': permissionSetXml({
        extra:
          '<objectPermissions><allowCreate>false</allowCreate><allowDelete>false</allowDelete><allowEdit>false</allowEdit><allowRead>true</allowRead><modifyAllRecords>false</modifyAllRecords><object>Account</object><viewAllFields>false</viewAllFields><viewAllRecords>false</viewAllRecords></objectPermissions>',
      }),
    };
    const old = await deploy(h, files);
    expect(old.failures.map((f) => f.problem)).toEqual([
      'Error parsing file: Element {http://soap.sforce.com/2006/04/metadata}viewAllFields invalid at this location in type PermissionSetObjectPermissions',
    ]);
  });

  it('reports malformed XML with its line and column', async () => {
    const r = await deploy(
      h,
      ps('Broken', '<?xml version="1.0"?>\n<PermissionSet>\n<label>x</lab>\n</PermissionSet>'),
    );
    expect(r.failures).toHaveLength(1);
    expect(r.failures[0].problem).toMatch(/^Error parsing file: permissionsets\/Broken\.permissionset:3:/);
  });
});

describe('shape differences', () => {
  it('no-shield: RTEM permissions, event stores, Event Manager and licence-gated event settings are absent', async () => {
    const h = await startEmulator({ shape: 'no-shield' });
    try {
      const perms = await deploy(
        h,
        ps(
          'Shield',
          permissionSetXml({
            permissions: ['ViewDataLeakageEvents', 'ViewEventLogObjects'],
            objects: ['ApiAnomalyEventStore'],
          }),
        ),
      );
      expect(perms.failures.map((f) => f.problem).sort()).toEqual([
        'In field: object - no CustomObject named ApiAnomalyEventStore found',
        'Unknown user permission: ViewDataLeakageEvents',
        'Unknown user permission: ViewEventLogObjects',
      ]);
      const settings = await deploy(
        h,
        withManifest({
          'settings/RealTimeEvent.settings': projectFile('settings/RealTimeEvent.settings-meta.xml'),
          'settings/Event.settings': projectFile('settings/Event.settings-meta.xml'),
        }),
      );
      expect(settings.failures.map((f) => `${f.fullName}: ${f.problem}`).sort()).toEqual([
        'Event: Event : Not available for deploy for this organization',
        'RealTimeEvent: RealTimeEvent : Not available for deploy for this organization',
      ]);
      const describe = await fetch(`${h.url}/services/data/v66.0/sobjects/PermissionSet/describe`, {
        headers: { Authorization: `Bearer ${h.accessToken}` },
      });
      const labels = ((await describe.json()) as { fields: Array<{ label: string }> }).fields.map(
        (f) => f.label,
      );
      expect(labels).not.toContain('View Event Log Object Data');
    } finally {
      await h.stop();
    }
  });

  it('connected-apps-blocked: a new ConnectedApp fails, an existing one still updates; sandbox shows IsSandbox', async () => {
    const app = `<?xml version="1.0" encoding="UTF-8"?><ConnectedApp ${NS}><contactEmail>a@example.com</contactEmail><label>Reco</label><oauthPolicy><ipRelaxation>BYPASS</ipRelaxation><refreshTokenPolicy>infinite</refreshTokenPolicy></oauthPolicy></ConnectedApp>`;
    const h = await startEmulator({
      shape: ['connected-apps-blocked', 'sandbox'],
      seed: { metadata: [{ type: 'ConnectedApp', fullName: 'Old_App', xml: app }] },
    });
    try {
      const created = await deploy(h, withManifest({ 'connectedApps/New_App.connectedApp': app }));
      expect(created.failures.map((f) => f.problem)).toEqual([
        'You can no longer create connected apps. Create an external client app instead, or contact Salesforce Customer Support.',
      ]);
      expect((await deploy(h, withManifest({ 'connectedApps/Old_App.connectedApp': app }))).status).toBe(
        'Succeeded',
      );
      const org = await soql(h, 'SELECT IsSandbox FROM Organization');
      expect((org.body as { records: Array<{ IsSandbox: boolean }> }).records[0].IsSandbox).toBe(true);
    } finally {
      await h.stop();
    }
  });
});

describe('settings rules', () => {
  const h = useEmulator({
    seed: { trustedIpRanges: [{ start: '198.51.100.1', end: '198.51.100.1', description: 'Existing' }] },
  });

  it('SecuritySettings.networkAccess: a deploy replaces every range; an empty element clears them', async () => {
    expect(
      (
        await deploy(
          h,
          withManifest({
            'settings/Security.settings': security(range('203.0.113.0', '203.0.113.255', 'Reco')),
          }),
        )
      ).status,
    ).toBe('Succeeded');
    expect(h.store.readMetadataXml('Settings', 'Security')).not.toContain('198.51.100.1');
    expect(h.store.readMetadataXml('Settings', 'Security')).toContain('<start>203.0.113.0</start>');
    expect((await deploy(h, withManifest({ 'settings/Security.settings': security('') }))).status).toBe(
      'Succeeded',
    );
    expect(h.store.getMetadata('Settings', 'Security')?.value.networkAccess).toEqual({});
  });

  it('rejects invalid ranges with a failure naming the range', async () => {
    const r = await deploy(
      h,
      withManifest({
        'settings/Security.settings': security(
          range('10.0.0.9', '10.0.0.1') +
            range('1.0.0.0', '3.0.0.0') +
            range('10.0.0.1', '2001:db8::1') +
            range('10.0.0.256', '10.0.0.300'),
        ),
      }),
    );
    expect(r.failures.map((f) => f.problem)).toEqual([
      'Invalid IP address range: 10.0.0.9 - 10.0.0.1: the start address is greater than the end address',
      'Invalid IP address range: 1.0.0.0 - 3.0.0.0: the range is larger than 33,554,432 addresses (/7)',
      'Invalid IP address range: 10.0.0.1 - 2001:db8::1: start and end must be the same IP version',
      'Invalid IP address range: 10.0.0.256 - 10.0.0.300: 10.0.0.256 is not a valid IP address',
    ]);
  });

  it('EventSettings merge field by field; an unknown field fails', async () => {
    const event = (body: string): string =>
      `<?xml version="1.0" encoding="UTF-8"?><EventSettings ${NS}>${body}</EventSettings>`;
    await deploy(
      h,
      withManifest({
        'settings/Event.settings': event('<enableDeleteMonitoringData>false</enableDeleteMonitoringData>'),
      }),
    );
    await deploy(
      h,
      withManifest({
        'settings/Event.settings': event(
          '<enableEventLogWaveIntegration>true</enableEventLogWaveIntegration>',
        ),
      }),
    );
    expect(h.store.getMetadata('Settings', 'Event')?.value).toEqual({
      enableDeleteMonitoringData: false,
      enableEventLogWaveIntegration: true,
    });
    const bad = await deploy(
      h,
      withManifest({
        'settings/Event.settings': event('<enableEventLogObjectFeature>true</enableEventLogObjectFeature>'),
      }),
    );
    expect(bad.failures.map((f) => f.problem)).toEqual([
      'Error parsing file: Element {http://soap.sforce.com/2006/04/metadata}enableEventLogObjectFeature invalid at this location in type EventSettings',
    ]);
  });

  it('RealTimeEventSettings: unknown entities fail; listed entities update, others stay', async () => {
    const rte = (entries: Array<[string, boolean]>): string =>
      `<?xml version="1.0" encoding="UTF-8"?><RealTimeEventSettings ${NS}>${entries.map(([n, on]) => `<realTimeEvents><entityName>${n}</entityName><isEnabled>${on}</isEnabled></realTimeEvents>`).join('')}</RealTimeEventSettings>`;
    const bad = await deploy(
      h,
      withManifest({ 'settings/RealTimeEvent.settings': rte([['NoSuchEvent', true]]) }),
    );
    expect(bad.failures.map((f) => f.problem)).toEqual([
      'Entity type NoSuchEvent is not available for Event Manager in this organization',
    ]);
    await deploy(
      h,
      withManifest({
        'settings/RealTimeEvent.settings': rte([
          ['LoginEvent', true],
          ['ApiEvent', true],
        ]),
      }),
    );
    await deploy(h, withManifest({ 'settings/RealTimeEvent.settings': rte([['ApiEvent', false]]) }));
    expect(h.store.getMetadata('Settings', 'RealTimeEvent')?.value.realTimeEvents).toEqual([
      { entityName: 'LoginEvent', isEnabled: true },
      { entityName: 'ApiEvent', isEnabled: false },
    ]);
  });
});

describe('deploy semantics', () => {
  let h: EmulatorHandle;
  beforeEach(async () => {
    h = await startEmulator({ pollsUntilDone: 3 });
  });
  afterEach(() => h.stop());

  const good = permissionSetXml({ permissions: ['ApiEnabled'] });
  const bad = permissionSetXml({ permissions: ['NoSuch'] });

  it('moves Pending → InProgress → Succeeded over the configured polls', async () => {
    const id = await startDeploy(h, await buildZip(ps('A', good)));
    const statuses: string[] = [];
    for (let i = 0; i < 3; i++) statuses.push(String((await checkDeploy(h, id)).status));
    expect(statuses).toEqual(['Pending', 'InProgress', 'Succeeded']);
  });

  it('rollbackOnError=true leaves the org unchanged on any failure; false applies the good ones (SucceededPartial)', async () => {
    const files = withManifest({
      'permissionsets/Good.permissionset': good,
      'permissionsets/Bad.permissionset': bad,
    });
    const rolledBack = await deploy(h, files);
    expect(rolledBack.status).toBe('Failed');
    expect(h.store.getMetadata('PermissionSet', 'Good')).toBeUndefined();
    const partial = await deploy(h, files, { rollbackOnError: false });
    expect(partial.status).toBe('SucceededPartial');
    expect(h.store.getMetadata('PermissionSet', 'Good')).toBeDefined();
    expect(h.store.getMetadata('PermissionSet', 'Bad')).toBeUndefined();
  });

  it('checkOnly never changes the org; a validation can be quick deployed until the org changes', async () => {
    const validation = await deploy(h, ps('Quick', good), { checkOnly: true, testLevel: 'RunLocalTests' });
    expect(validation.status).toBe('Succeeded');
    expect(h.store.getMetadata('PermissionSet', 'Quick')).toBeUndefined();
    const quick = await soap(h, 'deployRecentValidation', `<validationId>${validation.id}</validationId>`);
    const quickId = String(quick.results[0]);
    expect(quickId).toMatch(/^0Af/);
    for (let i = 0; i < 3; i++) await checkDeploy(h, quickId);
    expect(h.store.getMetadata('PermissionSet', 'Quick')).toBeDefined();

    const second = await deploy(h, ps('Stale', good), { checkOnly: true });
    await deploy(h, ps('Other', good));
    const refused = await soap(h, 'deployRecentValidation', `<validationId>${second.id}</validationId>`);
    expect(refused.fault).toEqual({
      faultcode: 'sf:INVALID_ID_FIELD',
      faultstring: `INVALID_ID_FIELD: The org changed since the validation ${second.id}; validate again before deploying`,
    });
  });

  it('singlePackage=false reads the package from its folder and reports file names under it', async () => {
    const id = await startDeploy(h, await buildZip(ps('Folder', good), 'unpackaged/'), {
      singlePackage: false,
    });
    let result: Record<string, unknown> = {};
    for (let i = 0; i < 3; i++) result = await checkDeploy(h, id);
    expect(result.status).toBe('Succeeded');
    const details = result.details as { componentSuccesses: Array<{ fileName: string }> };
    expect(details.componentSuccesses.map((s) => s.fileName)).toContain(
      'unpackaged/permissionsets/Folder.permissionset',
    );
  });

  it('a zip without package.xml fails with "No package.xml found"', async () => {
    const r = await deploy(h, { 'permissionsets/A.permissionset': good });
    expect(r.failures).toEqual([
      expect.objectContaining({ fullName: 'package.xml', problem: 'No package.xml found' }),
    ]);
  });

  it('destructiveChanges.xml deletes; a missing member is a warning that fails unless ignoreWarnings', async () => {
    await deploy(h, ps('Gone', good));
    const del = await deploy(h, {
      'package.xml': packageXml({}),
      'destructiveChanges.xml': packageXml({ PermissionSet: ['Gone'] }),
    });
    expect(del.status).toBe('Succeeded');
    expect(del.successes).toEqual([expect.objectContaining({ fullName: 'Gone', deleted: 'true' })]);
    expect(h.store.getMetadata('PermissionSet', 'Gone')).toBeUndefined();
    const again = await deploy(h, {
      'package.xml': packageXml({}),
      'destructiveChanges.xml': packageXml({ PermissionSet: ['Gone'] }),
    });
    expect(again.status).toBe('Failed');
    expect(again.failures).toEqual([
      expect.objectContaining({ problem: 'No PermissionSet named: Gone found', problemType: 'Warning' }),
    ]);
    const ignored = await deploy(
      h,
      { 'package.xml': packageXml({}), 'destructiveChanges.xml': packageXml({ PermissionSet: ['Gone'] }) },
      { ignoreWarnings: true },
    );
    expect(ignored.status).toBe('Succeeded');
  });

  it('cancelDeploy stops a deploy in progress', async () => {
    const id = await startDeploy(h, await buildZip(ps('Cancel', good)));
    const cancel = await soap(h, 'cancelDeploy', `<id>${id}</id>`);
    expect(cancel.results[0]).toMatchObject({ done: 'true', id });
    expect((await checkDeploy(h, id)).status).toBe('Canceled');
    expect(h.store.getMetadata('PermissionSet', 'Cancel')).toBeUndefined();
  });
});

describe('OAuth apps and retrieve', () => {
  const h = useEmulator({
    seed: {
      profileLoginIpRanges: [
        {
          profile: 'Minimum Access - API Only Integrations',
          ranges: [{ startAddress: '192.0.2.1', endAddress: '192.0.2.9' }],
        },
      ],
    },
  });

  it('stores External Client App files; a policy naming a missing app fails', async () => {
    const policy = projectFile('extlClntAppOauthPolicies/Reco_App_oauthPlcy.ecaOauthPlcy-meta.xml');
    const orphan = await deploy(
      h,
      withManifest({ 'extlClntAppOauthPolicies/Reco_App_oauthPlcy.ecaOauthPlcy': policy }),
    );
    expect(orphan.failures.map((f) => f.problem)).toEqual([
      'In field: externalClientApplication - no ExternalClientApplication named Reco_App found',
    ]);
    const ok = await deploy(
      h,
      withManifest({
        'extlClntAppOauthPolicies/Reco_App_oauthPlcy.ecaOauthPlcy': policy,
        'externalClientApps/Reco_App.eca': projectFile('externalClientApps/Reco_App.eca-meta.xml'),
      }),
    );
    expect(ok.status).toBe('Succeeded');
    expect(
      h.store.getMetadata('ExtlClntAppOauthConfigurablePolicies', 'Reco_App_oauthPlcy')?.value
        .ipRelaxationPolicyType,
    ).toBe('Bypass');
  });

  it('Profile is read-only: a deploy fails loudly; retrieve returns its login IP ranges', async () => {
    const profile = `<?xml version="1.0" encoding="UTF-8"?><Profile ${NS}><custom>false</custom></Profile>`;
    const r = await deploy(h, withManifest({ 'profiles/Admin.profile': profile }));
    expect(r.failures.map((f) => f.problem)).toEqual([
      'The reco-sf emulator does not implement Profile deploys (Profile is read-only here)',
    ]);
    const retrieve = await soap(
      h,
      'retrieve',
      '<request><apiVersion>66.0</apiVersion><unpackaged><types><members>Minimum Access - API Only Integrations</members><members>Nope</members><name>Profile</name></types><version>66.0</version></unpackaged></request>',
    );
    const status = await soap(
      h,
      'checkRetrieveStatus',
      `<asyncProcessId>${String(retrieve.results[0].id)}</asyncProcessId>`,
    );
    const result = status.results[0] as {
      messages: Array<{ problem: string }>;
      fileProperties: Array<{ fileName: string }>;
      zipFile: string;
    };
    expect(result.messages.map((m) => m.problem)).toEqual([
      "Entity of type 'Profile' named 'Nope' cannot be found",
    ]);
    expect(result.fileProperties.map((f) => f.fileName)).toEqual([
      'unpackaged/profiles/Minimum Access - API Only Integrations.profile',
      'unpackaged/package.xml',
    ]);
    const JSZip = (await import('jszip')).default;
    const zip = await JSZip.loadAsync(Buffer.from(result.zipFile, 'base64'));
    expect(
      await zip.file('unpackaged/profiles/Minimum Access - API Only Integrations.profile')?.async('string'),
    ).toContain('<startAddress>192.0.2.1</startAddress>');
  });
});
