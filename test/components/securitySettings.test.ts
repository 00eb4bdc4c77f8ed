import { listOf, renderMetadata, parseMetadata, type XmlRecord } from '../../scripts/core/xml';
import {
  rangesOf,
  securitySettingsKind,
  unionRanges,
  type IpRange,
} from '../../scripts/components/securitySettings';
import { emptyOwnership } from '../../scripts/org/ownership';
import { aModel, deepFreeze, realWorld } from '../builders/model';

const OURS: IpRange[] = [
  {
    description: 'Reco egress pool (example: ask Reco Support for yours)',
    end: '203.0.113.255',
    start: '203.0.113.0',
  },
  { description: 'Reco egress pool (example)', end: '198.51.100.20', start: '198.51.100.10' },
  {
    description: 'Reco egress pool IPv6 (example)',
    end: '2001:db8:7ec0:ffff:ffff:ffff:ffff:ffff',
    start: '2001:db8:7ec0::',
  },
];

function doc(ranges: IpRange[]): XmlRecord {
  return { networkAccess: { ipRanges: ranges as unknown as XmlRecord[] } };
}

describe('securitySettings kind', () => {
  const built = securitySettingsKind.build(aModel());

  it('builds one Settings:Security file holding our ranges (CIDR expanded), in config order', () => {
    expect(built.map((c) => [c.type, c.fullName, c.path, c.rootType])).toEqual([
      [
        'Settings',
        'Security',
        'force-app/main/default/settings/Security.settings-meta.xml',
        'SecuritySettings',
      ],
    ]);
    expect(rangesOf(built[0].value)).toEqual(OURS);
  });

  it('builds nothing when the config has no trusted ranges', () => {
    expect(securitySettingsKind.build(aModel((c) => (c.trustedIpRanges = [])))).toEqual([]);
  });

  describe('Given the real-world org file (150+ ranges)', () => {
    const org = realWorld('Security.settings-meta.xml');
    const orgRanges = rangesOf(org);

    it('When merged, then the org ranges come first, unchanged and in order, and ours are appended', () => {
      expect(orgRanges.length).toBeGreaterThan(150);
      const merged = rangesOf(securitySettingsKind.merge(built[0].value, org));
      expect(merged).toEqual([...orgRanges, ...OURS]);
    });

    it('When the org already holds one of ours exactly (in another spelling), then it is not appended again', () => {
      const withOurs = doc([
        ...orgRanges,
        {
          start: '2001:DB8:7EC0:0::',
          end: '2001:db8:7ec0:ffff:ffff:ffff:ffff:ffff',
          description: 'already there',
        },
      ]);
      const merged = rangesOf(securitySettingsKind.merge(built[0].value, withOurs));
      expect(merged).toEqual([
        ...orgRanges,
        {
          start: '2001:DB8:7EC0:0::',
          end: '2001:db8:7ec0:ffff:ffff:ffff:ffff:ffff',
          description: 'already there',
        },
        OURS[0],
        OURS[1],
      ]);
    });

    it('When the org holds a range overlapping ours but not identical, then ours is still appended (identity = exact start and end)', () => {
      const near = doc([{ start: '198.51.100.10', end: '198.51.100.21' }]);
      expect(rangesOf(securitySettingsKind.merge(built[0].value, near))).toEqual([
        { start: '198.51.100.10', end: '198.51.100.21' },
        ...OURS,
      ]);
    });

    it('diff lists only our missing ranges as additions; nothing of the org is reported for removal', () => {
      const items = securitySettingsKind.diff(built[0].value, org, 'Settings:Security');
      expect(items.map((i) => [i.kind, i.path])).toEqual(
        OURS.map((r) => ['add', `networkAccess.ipRanges[${r.start}-${r.end}]`]),
      );
      const merged = securitySettingsKind.merge(built[0].value, org);
      expect(securitySettingsKind.diff(built[0].value, merged, 'Settings:Security')).toEqual([]);
    });

    it('the merged document renders and parses back to the same ranges', () => {
      const merged = securitySettingsKind.merge(built[0].value, org);
      const reparsed = parseMetadata(
        renderMetadata('SecuritySettings', merged),
        'Security.settings-meta.xml',
      ).value;
      expect(rangesOf(reparsed)).toEqual(rangesOf(merged));
    });
  });

  describe('Given a range of ours whose description in the org differs from the config', () => {
    const relabelled = { ...OURS[1], description: 'old label' };
    const org = doc([{ start: '10.0.0.1', end: '10.0.0.1', description: 'office' }, relabelled]);
    const recordOf = (ranges: IpRange[]) => ({
      ...emptyOwnership(),
      ranges: ranges.map((r) => ({ start: r.start, end: r.end })),
    });

    it('When the ownership record says reco-sf added it, then the merge writes the config description in place and diff reports the change', () => {
      const merged = securitySettingsKind.merge(built[0].value, org, recordOf([OURS[1]]));
      expect(rangesOf(merged)).toEqual([
        { start: '10.0.0.1', end: '10.0.0.1', description: 'office' },
        OURS[1],
        OURS[0],
        OURS[2],
      ]);
      const items = securitySettingsKind.diff(merged, org, 'Settings:Security');
      expect(items.filter((i) => i.kind === 'change')).toEqual([
        {
          component: 'Settings:Security',
          path: `networkAccess.ipRanges[${OURS[1].start}-${OURS[1].end}].description`,
          kind: 'change',
          before: 'old label',
          after: OURS[1].description,
        },
      ]);
    });

    it('When the record does not name it (the org own range with the same start and end), then its description stays and nothing is reported', () => {
      for (const record of [null, recordOf([]), recordOf([{ start: '10.0.0.1', end: '10.0.0.1' }])]) {
        const merged = securitySettingsKind.merge(built[0].value, org, record);
        expect(rangesOf(merged).slice(0, 2)).toEqual(rangesOf(org));
        expect(securitySettingsKind.diff(merged, org, 'Settings:Security').map((i) => i.kind)).toEqual([
          'add',
          'add',
        ]);
      }
    });
  });

  it('Given no org value, merge yields ours; an empty networkAccess yields ours', () => {
    expect(rangesOf(securitySettingsKind.merge(built[0].value, undefined))).toEqual(OURS);
    expect(rangesOf(securitySettingsKind.merge(built[0].value, { networkAccess: {} }))).toEqual(OURS);
  });

  it('unionRanges does not add a range twice when ours repeats it, and is pure', () => {
    const current = deepFreeze([{ start: '10.0.0.1', end: '10.0.0.1' }]);
    const ours = deepFreeze([OURS[0], { ...OURS[0], description: 'copy' }]);
    expect(unionRanges(current, ours)).toEqual([current[0], OURS[0]]);
    expect(listOf(current)).toHaveLength(1);
  });
});
