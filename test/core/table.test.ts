/** The one table renderer: aligned columns for the terminal and Markdown, same cells. */
import { formatTable } from '../../scripts/core/table';

const header = ['ORG', 'RESULT', 'ERROR'];
const rows = [
  ['acme-uat', 'ok', ''],
  ['b', 'failed', 'ORG_UNREACHABLE'],
];

describe('formatTable', () => {
  it('pads columns to their widest cell, two spaces apart, with no trailing blanks', () => {
    expect(formatTable(header, rows)).toBe(
      ['ORG       RESULT  ERROR', 'acme-uat  ok', 'b         failed  ORG_UNREACHABLE'].join('\n'),
    );
  });

  it('writes Markdown with a --- rule and unpadded cells', () => {
    expect(formatTable(header, rows, 'markdown')).toBe(
      [
        '| ORG | RESULT | ERROR |',
        '| --- | --- | --- |',
        '| acme-uat | ok |  |',
        '| b | failed | ORG_UNREACHABLE |',
      ].join('\n'),
    );
  });

  it('aligns Markdown for a terminal, the rule as wide as each column', () => {
    expect(formatTable(['case', 'ms'], [['startup', '7']], 'markdown-aligned')).toBe(
      ['| case    | ms |', '|---------|----|', '| startup | 7  |'].join('\n'),
    );
  });

  it('prints the header alone when there are no rows, and a missing cell as empty', () => {
    expect(formatTable(['A', 'B'], [])).toBe('A  B');
    expect(formatTable(['A', 'B'], [['x']], 'markdown')).toBe('| A | B |\n| --- | --- |\n| x |  |');
  });
});
