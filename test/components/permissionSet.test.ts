import { permissionSetKind } from '../../scripts/components/permissionSet';
import { listOf, type XmlRecord } from '../../scripts/core/xml';
import { aModel, realWorld, REAL_WORLD_UNKNOWN_PERMISSIONS } from '../builders/model';

const names = (value: XmlRecord): string[] =>
  listOf<XmlRecord>(value.userPermissions).map((p) => String(p.name));

describe('permissionSet kind', () => {
  const [built] = permissionSetKind.build(aModel());

  it('builds Reco_Integration with the licence, the dependency closure by API name (sorted), and no null API names', () => {
    expect([built.type, built.fullName, built.path]).toEqual([
      'PermissionSet',
      'Reco_Integration',
      'force-app/main/default/permissionsets/Reco_Integration.permissionset-meta.xml',
    ]);
    expect(built.value.license).toBe('SalesforceAPIIntegrationPsl');
    expect(names(built.value)).toEqual([
      'ApiEnabled',
      'ExternalClientAppAdmin',
      'ExternalClientAppViewer',
      'ManageCustomPermissions',
      'ManageRemoteAccess',
      'ModifyMetadata',
      'ViewDataLeakageEvents',
      'ViewEventLogFiles',
      'ViewPlatformEvents',
      'ViewRoles',
      'ViewSetup',
    ]);
    expect(listOf<XmlRecord>(built.value.userPermissions).every((p) => p.enabled === true)).toBe(true);
  });

  it('grants read-only View All on the four event stores', () => {
    expect(listOf<XmlRecord>(built.value.objectPermissions)).toEqual(
      [
        'ApiAnomalyEventStore',
        'GuestUserAnomalyEventStore',
        'ReportAnomalyEventStore',
        'SessionHijackingEventStore',
      ].map((object) => ({
        allowCreate: false,
        allowDelete: false,
        allowEdit: false,
        allowRead: true,
        modifyAllRecords: false,
        object,
        viewAllRecords: true,
      })),
    );
  });

  it('merge is replace: the deploy sends exactly ours', () => {
    expect(
      permissionSetKind.merge(
        built.value,
        realWorld('sfdcInternalInt__sfdc_a360_sfcrm_data_extract.permissionset-meta.xml'),
      ),
    ).toBe(built.value);
  });

  it('Given an org set with extra enabled permissions, diff reports them as removals (a deploy disables them)', () => {
    const current: XmlRecord = {
      ...built.value,
      userPermissions: [
        ...listOf<XmlRecord>(built.value.userPermissions),
        { enabled: true, name: 'ModifyAllData' },
        { enabled: false, name: 'ManageUsers' },
      ],
    };
    expect(permissionSetKind.diff(built.value, current, 'PermissionSet:Reco_Integration')).toEqual([
      { component: 'PermissionSet:Reco_Integration', path: 'userPermissions[ModifyAllData]', kind: 'remove' },
    ]);
  });

  it('Given the real-world org set, diff reports each of its enabled permissions we do not grant as a removal, and ours as additions', () => {
    const org = realWorld('sfdcInternalInt__sfdc_a360_sfcrm_data_extract.permissionset-meta.xml');
    const items = permissionSetKind.diff(built.value, org, 'ps');
    const removed = items
      .filter((i) => i.kind === 'remove' && i.path.startsWith('userPermissions'))
      .map((i) => i.path);
    expect(removed).toEqual(REAL_WORLD_UNKNOWN_PERMISSIONS.map((n) => `userPermissions[${n}]`));
    const added = items
      .filter((i) => i.kind === 'add' && i.path.startsWith('userPermissions['))
      .map((i) => i.path);
    expect(added).not.toContain('userPermissions[ViewEventLogFiles]');
    expect(added).toContain('userPermissions[ViewSetup]');
  });

  it('diff of the set against itself is empty', () => {
    expect(permissionSetKind.diff(built.value, built.value, 'ps')).toEqual([]);
  });
});
