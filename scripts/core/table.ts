/**
 * The one table renderer for what the tool prints: aligned text columns (deploy summary, fleet
 * summary) and Markdown (plan --markdown, the bench's table). Cells are text: a caller escapes
 * what Markdown would read (pipes, line breaks) in its own cells. Own code rather than a library:
 * cli-table3, the common one, took 46–156 ms to load on this machine, for one small function.
 */
export type TableStyle =
  /** Columns padded to their widest cell, two spaces apart, no trailing blanks. */
  | 'columns'
  /** `| a | b |` under a `| --- | --- |` line; cells unpadded. */
  | 'markdown'
  /** Markdown with every column padded to its widest cell (`|------|` rules), for terminals. */
  | 'markdown-aligned';

/** `header` and each row have one cell per column. */
export function formatTable(header: string[], rows: string[][], style: TableStyle = 'columns'): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const padded = (cells: string[]): string[] => header.map((_, i) => (cells[i] ?? '').padEnd(widths[i]));
  if (style === 'columns')
    return [header, ...rows].map((cells) => padded(cells).join('  ').trimEnd()).join('\n');
  if (style === 'markdown')
    return [header, header.map(() => '---'), ...rows]
      .map((cells) => `| ${header.map((_, i) => cells[i] ?? '').join(' | ')} |`)
      .join('\n');
  const line = (cells: string[]): string => `| ${padded(cells).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}
