import { cidrProblem, cidrToRange, coversTooMuch, parseIp, type ParsedRange } from '../../scripts/core/ip';

function range(cidr: string): ParsedRange {
  const r = cidrToRange(cidr);
  const start = r && parseIp(r.start);
  const end = r && parseIp(r.end);
  if (!start || !end) throw new Error(`bad test CIDR ${cidr}`);
  return { start, end };
}

const slash7s = (count: number): string[] => Array.from({ length: count }, (_, i) => `${i * 2}.0.0.0/7`);

describe('coversTooMuch', () => {
  it.each([
    ['128 × /7 (all of IPv4)', 4, slash7s(128)],
    ['127 × /7 (nearly all)', 4, slash7s(127)],
    ['64 × /7 (half)', 4, slash7s(64)],
    ['IPv4-mapped ::ffff:0:0/96', 4, ['::ffff:0:0/96']],
    ['IPv4-compatible ::/96', 4, ['::/96']],
    ['NAT64 64:ff9b::/96', 4, ['64:ff9b::/96']],
    ['Teredo 2001::/32', 4, ['2001::/32']],
    ['6to4 halves 2002::/17 + 2002:8000::/17', 4, ['2002::/17', '2002:8000::/17']],
    ['mapped half + native half', 4, ['::ffff:0:0/97', '128.0.0.0/1']],
    ['IPv6 halves ::/1 + 8000::/1', 6, ['::/1', '8000::/1']],
  ])('Given %s, then the set is refused for IPv%i', (_name, family, cidrs) => {
    expect(coversTooMuch(cidrs.map(range)).map((c) => c.family)).toContain(family);
  });

  it('Given Reco-sized ranges and a large but partial set, then nothing is flagged', () => {
    expect(coversTooMuch(['34.117.88.0/28', '2001:db8::/48', '::ffff:203.0.113.0/120'].map(range))).toEqual(
      [],
    );
    expect(coversTooMuch(slash7s(63).map(range))).toEqual([]);
  });
});

describe('cidrProblem', () => {
  it('Given host bits set, then IP_CIDR_NOT_CANONICAL with the canonical block as the fix', () => {
    expect(cidrProblem('34.117.88.5/28')).toMatchObject({
      code: 'IP_CIDR_NOT_CANONICAL',
      data: { canonical: '34.117.88.0/28' },
    });
    expect(cidrProblem('2001:db8::1/32')).toMatchObject({ data: { canonical: '2001:db8::/32' } });
  });

  it('Given a prefix with a leading zero, or a zone id, then a named problem', () => {
    expect(cidrProblem('203.0.113.0/024')).toMatchObject({
      code: 'IP_CIDR_NOT_CANONICAL',
      data: { canonical: '203.0.113.0/24' },
    });
    expect(cidrProblem('fe80::1%eth0/128')).toMatchObject({
      code: 'IP_ZONE_ID',
      data: { canonical: 'fe80::1/128' },
    });
    expect(parseIp('fe80::1%eth0')).toBeUndefined();
  });

  it('Given a canonical CIDR, then no problem', () => {
    expect(cidrProblem('203.0.113.0/24')).toBeUndefined();
    expect(cidrProblem('2001:db8::/48')).toBeUndefined();
  });
});
