import {
  cidrToRange,
  isDocumentationRange,
  overlappingPairs,
  overlaps,
  parseIp,
  rangeKey,
  rangeSize,
  specialRangeOf,
  type ParsedRange,
} from '../../scripts/core/ip';

function range(start: string, end: string): ParsedRange {
  const s = parseIp(start);
  const e = parseIp(end);
  if (!s || !e) throw new Error(`test range ${start}-${end} does not parse`);
  return { start: s, end: e };
}

describe('parseIp (strict)', () => {
  it.each([
    '203.0.113.7',
    '0.0.0.0',
    '255.255.255.255',
    '2001:db8::1',
    '::',
    '::ffff:192.0.2.1',
    '2001:DB8::A',
  ])('accepts %s', (text) => {
    expect(parseIp(text)).toBeDefined();
  });

  it.each([
    '256.1.1.1',
    '1.2.3',
    '1.2.3.4.5',
    '01.2.3.4',
    '0x1.2.3.4',
    '1.2.3.4 ',
    ' 1.2.3.4',
    '',
    '1.2.3.-1',
    '2001:db8:::1',
    '2001:db8::g',
    '12345::',
    'localhost',
    '1.2.3.4/24',
  ])('rejects %j', (text) => {
    expect(parseIp(text)).toBeUndefined();
  });

  it('canonicalises IPv6 to compressed lower case and gives the family', () => {
    expect(parseIp('2001:0DB8:0000:0000:0000:0000:0000:0001')).toEqual({
      family: 6,
      value: 0x20010db8000000000000000000000001n,
      text: '2001:db8::1',
    });
    expect(parseIp('192.0.2.1')).toEqual({ family: 4, value: 0xc0000201n, text: '192.0.2.1' });
  });
});

describe('cidrToRange', () => {
  it.each([
    ['203.0.113.0/24', '203.0.113.0', '203.0.113.255'],
    ['203.0.113.77/24', '203.0.113.0', '203.0.113.255'],
    ['198.51.100.10/32', '198.51.100.10', '198.51.100.10'],
    ['0.0.0.0/0', '0.0.0.0', '255.255.255.255'],
    ['10.0.0.0/7', '10.0.0.0', '11.255.255.255'],
    ['2001:db8:7ec0::/48', '2001:db8:7ec0::', '2001:db8:7ec0:ffff:ffff:ffff:ffff:ffff'],
    ['2001:db8::1/128', '2001:db8::1', '2001:db8::1'],
    ['2001:db8::/32', '2001:db8::', '2001:db8:ffff:ffff:ffff:ffff:ffff:ffff'],
  ])('%s expands to %s – %s', (cidr, start, end) => {
    expect(cidrToRange(cidr)).toEqual({ start, end });
  });

  it.each([
    '203.0.113.0/33',
    '2001:db8::/129',
    '203.0.113.0',
    '203.0.113.0/',
    '203.0.113/24',
    '2001:db8:::/48',
    '203.0.113.0/-1',
    'x/24',
  ])('rejects %j', (cidr) => {
    expect(cidrToRange(cidr)).toBeUndefined();
  });
});

describe('sizes, overlaps and keys', () => {
  it('rangeSize counts both ends', () => {
    expect(rangeSize(range('198.51.100.10', '198.51.100.20'))).toBe(11n);
    expect(rangeSize(range('2001:db8::', '2001:db8::ffff'))).toBe(65536n);
  });

  it('overlaps only within one family and when the ranges share an address', () => {
    expect(overlaps(range('10.0.0.0', '10.0.0.10'), range('10.0.0.10', '10.0.0.20'))).toBe(true);
    expect(overlaps(range('10.0.0.0', '10.0.0.9'), range('10.0.0.10', '10.0.0.20'))).toBe(false);
    expect(overlaps(range('0.0.0.0', '0.0.0.255'), range('::', '::ff'))).toBe(false);
  });

  it('overlappingPairs returns every overlapping pair by input index, sorted, and nothing else', () => {
    const ranges = [
      range('10.0.0.0', '10.0.0.255'), // 0
      range('192.0.2.0', '192.0.2.10'), // 1
      range('10.0.0.100', '10.0.0.110'), // 2: inside 0
      range('10.0.0.200', '10.0.1.5'), // 3: overlaps 0
      range('2001:db8::', '2001:db8::ff'), // 4
      range('2001:db8::10', '2001:db8::20'), // 5: inside 4
      range('192.0.2.11', '192.0.2.20'), // 6: adjacent to 1, no overlap
    ];
    expect(overlappingPairs(ranges)).toEqual([
      [0, 2],
      [0, 3],
      [4, 5],
    ]);
  });

  it('overlappingPairs agrees with the pairwise definition on a grid of ranges', () => {
    const ranges: ParsedRange[] = [];
    for (let a = 0; a < 12; a += 3)
      for (let len = 0; len < 5; len += 2) ranges.push(range(`10.0.0.${a}`, `10.0.0.${a + len}`));
    const expected: Array<[number, number]> = [];
    for (let i = 0; i < ranges.length; i++)
      for (let j = i + 1; j < ranges.length; j++) if (overlaps(ranges[i], ranges[j])) expected.push([i, j]);
    expect(overlappingPairs(ranges)).toEqual(expected);
    expect(expected.length).toBeGreaterThan(0);
  });

  it('rangeKey identifies ranges by exact, canonical start and end', () => {
    expect(rangeKey({ start: '2001:DB8::0001', end: '2001:db8:0::ff' })).toBe(
      rangeKey({ start: '2001:db8::1', end: '2001:db8::ff' }),
    );
    expect(rangeKey({ start: '10.0.0.1', end: '10.0.0.2' })).not.toBe(
      rangeKey({ start: '10.0.0.1', end: '10.0.0.3' }),
    );
  });
});

describe('special and documentation ranges', () => {
  it.each([
    ['203.0.113.0', '203.0.113.255', true],
    ['198.51.100.10', '198.51.100.20', true],
    ['192.0.2.0', '192.0.2.255', true],
    ['2001:db8:7ec0::', '2001:db8:7ec0:ffff:ffff:ffff:ffff:ffff', true],
    ['203.0.113.0', '203.0.114.0', false],
    ['8.8.8.0', '8.8.8.255', false],
    ['2001:db9::', '2001:db9::ff', false],
  ])('%s – %s is a documentation range: %s', (start, end, expected) => {
    expect(isDocumentationRange(range(start, end))).toBe(expected);
  });

  it('names private, loopback and reserved space; public unicast is undefined', () => {
    const name = (ip: string): string | undefined => {
      const parsed = parseIp(ip);
      if (!parsed) throw new Error(ip);
      return specialRangeOf(parsed);
    };
    expect(name('10.1.2.3')).toBe('private');
    expect(name('192.168.0.1')).toBe('private');
    expect(name('127.0.0.1')).toBe('loopback');
    expect(name('8.8.8.8')).toBeUndefined();
    expect(name('2606:4700::1111')).toBeUndefined();
    expect(name('fc00::1')).toBe('uniqueLocal');
  });
});
