/** Review e2e helpers on top of the deploy harness. */

/** Ids, hashes, times and ports vary between runs; the shape of the `--json` output must not. */
export function masked(value: unknown): unknown {
  const text = JSON.stringify(value)
    .replace(/\b(00D|005|0PS|0PL|0Pa|2LA|0H4|00e|0Af|09S)[A-Za-z0-9]{12,15}\b/g, '<$1-id>')
    .replace(/[0-9a-f]{64}/g, '<hash>')
    .replace(/\d{4}-\d\d-\d\dT\d\d[:-]\d\d[:-]\d\d[.-]\d{3}Z?(\+0000)?/g, '<time>')
    .replace(/http:\/\/127\.0\.0\.1:\d+/g, '<url>');
  return JSON.parse(text) as unknown;
}
