/**
 * Real orgs' files (test/fixtures/real-world, retrieved from real orgs): they must
 * parse, pass the structural checks, and get exactly the file-rule findings their content calls for.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rangesOf } from '../../scripts/components/securitySettings';
import { fileAt, type Diagnostic } from '../../scripts/core/diagnostic';
import { overlaps, parseIp, specialRangeOf, type ParsedRange } from '../../scripts/core/ip';
import { parseMetadata } from '../../scripts/core/xml';
import { checkMetadataRules } from '../../scripts/validate/file-rules';
import { checkRanges } from '../../scripts/validate/ranges';
import { checkMetadataFile } from '../../scripts/validate/structure';
import { REAL_WORLD, REAL_WORLD_UNKNOWN_PERMISSIONS, aModel } from '../builders/model';

function count(problems: Diagnostic[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const p of problems) counts[`${p.severity}:${p.code}`] = (counts[`${p.severity}:${p.code}`] ?? 0) + 1;
  return counts;
}

function rules(file: string): Diagnostic[] {
  const text = readFileSync(join(REAL_WORLD, file), 'utf8');
  return checkMetadataRules(parseMetadata(text, file), file, text, aModel());
}

const FILES = readdirSync(REAL_WORLD).sort();

describe('real-world files', () => {
  it('holds the five real-world files', () => {
    expect(FILES).toEqual([
      'Event.settings-meta.xml',
      'RealTimeEvent.settings-meta.xml',
      'Security.settings-meta.xml',
      'Simply_Retirement_Min_Access.permissionset-meta.xml',
      'sfdcInternalInt__sfdc_a360_sfcrm_data_extract.permissionset-meta.xml',
    ]);
  });

  it.each(FILES)('%s parses with the metadata namespace and passes the structural (WSDL) checks', (file) => {
    const parsed = parseMetadata(readFileSync(join(REAL_WORLD, file), 'utf8'), file);
    expect(parsed.namespace).toBe('http://soap.sforce.com/2006/04/metadata');
    expect(Object.keys(parsed.value).length).toBeGreaterThan(0);
    expect(checkMetadataFile(join(REAL_WORLD, file), file)).toEqual([]);
  });

  it('Event and RealTimeEvent settings: no file-rule findings', () => {
    expect(rules('Event.settings-meta.xml')).toEqual([]);
    expect(rules('RealTimeEvent.settings-meta.xml')).toEqual([]);
  });

  it('a customer permission set with edit access: 3 WRITE_ACCESS errors (Reco only reads)', () => {
    expect(count(rules('Simply_Retirement_Min_Access.permissionset-meta.xml'))).toEqual({
      'error:WRITE_ACCESS': 3,
    });
  });

  it('an internal permission set with 11 permissions: the 8 outside the catalog are UNKNOWN_PERMISSION; the 3 Reco grants are fine', () => {
    const problems = rules('sfdcInternalInt__sfdc_a360_sfcrm_data_extract.permissionset-meta.xml');
    expect(problems.map((p) => p.message)).toEqual(
      REAL_WORLD_UNKNOWN_PERMISSIONS.map((n) => `unknown user permission ${n}`),
    );
  });

  describe('Security settings with 150+ ranges', () => {
    const value = parseMetadata(
      readFileSync(join(REAL_WORLD, 'Security.settings-meta.xml'), 'utf8'),
      'Security',
    ).value;
    const ranges = rangesOf(value);
    const parsed: ParsedRange[] = ranges.map((r) => {
      const start = parseIp(r.start);
      const end = parseIp(r.end);
      if (!start || !end) throw new Error(`unparsable range ${r.start}-${r.end}`);
      return { start, end };
    });

    it('all 159 ranges parse as valid addresses of one family each', () => {
      expect(ranges).toHaveLength(159);
      for (const r of parsed) expect(r.start.family).toBe(r.end.family);
    });

    it('checkRanges reports its 4 overlaps and 5 private/reserved ranges as warnings only (counted independently)', () => {
      let pairs = 0;
      for (let i = 0; i < parsed.length; i++)
        for (let j = i + 1; j < parsed.length; j++) if (overlaps(parsed[i], parsed[j])) pairs++;
      const special = parsed.filter((r) => specialRangeOf(r.start) ?? specialRangeOf(r.end)).length;
      expect([pairs, special]).toEqual([4, 5]);
      const problems = checkRanges(ranges.map((r) => ({ ...r, file: 'Security.settings-meta.xml' })));
      expect(count(problems)).toEqual({ 'warning:IP_OVERLAP': 4, 'warning:IP_SPECIAL_RANGE': 5 });
    });

    it('the file rules give the same warnings, each with a line inside the file', () => {
      const problems = rules('Security.settings-meta.xml');
      expect(count(problems)).toEqual({ 'warning:IP_OVERLAP': 4, 'warning:IP_SPECIAL_RANGE': 5 });
      for (const p of problems) expect(fileAt(p)?.line).toBeGreaterThan(10);
    });
  });
});
