/**
 * One model for every finding reco-sf reports — validation problems, plan blockers, deploy
 * component failures, data-step errors, drift, doctor findings, warnings — whether it is thrown
 * (inside a RecoError) or listed. One text renderer (`formatDiagnostic`) and one JSON shape (the
 * object itself: `$defs/diagnostic` in scripts/schemas/json-output/common.schema.json).
 */

export type Severity = 'error' | 'warning' | 'info';

/**
 * Which rule set or authority says so: `salesforce` (Salesforce's own rules: the Metadata API
 * WSDL, its documentation), `policy` (Reco's policy: least privilege, the catalog), `org` (the
 * org's own answer: a deploy result, a record error, what the org holds), `tool` (reco-sf itself:
 * its input, its state, a request that did not go through).
 */
export type DiagnosticSource = 'salesforce' | 'policy' | 'org' | 'tool';

/** Something in an org: a metadata component (type + fullName) or a record (sObject + id or name). */
export interface OrgEntity {
  /** Metadata type (`PermissionSet`) or sObject (`User`). */
  type: string;
  /** Metadata fullName or the record's name (a username, a step's record). */
  name: string;
  /** The record id, when known. */
  id?: string;
}

/**
 * Where a finding is: a file (with its line/column, and the JSON pointer or metadata field in
 * it), a config path with no file at hand (`permissionSet.systemPermissions[2]`), or an org entity
 * (with the field or entry in it, e.g. `userPermissions[ViewSetup]`).
 */
export type DiagnosticLocation =
  | { file: string; line?: number; column?: number; path?: string }
  | { configPath: string }
  | { entity: OrgEntity; path?: string };

export interface Diagnostic {
  /** Stable code: tests and `--json` consumers match on it, never on the message. */
  code: string;
  severity: Severity;
  location?: DiagnosticLocation;
  message: string;
  /** Why it matters (doctor: what it breaks), when the message alone does not say. */
  why?: string;
  /** How to fix it: a command to run, a Setup path, or the edit to make. */
  fix?: string;
  source: DiagnosticSource;
  /** Kind-specific values a consumer needs beyond the message (drift: expected and actual). */
  data?: Record<string, string | number | boolean | null | undefined>;
}

/** `file:line:col`, the config path, or `Type:name path`; '' when the finding has no location. */
export function formatLocation(location: DiagnosticLocation | undefined): string {
  if (!location) return '';
  if ('file' in location) {
    if (location.line === undefined) return location.file;
    return `${location.file}:${location.line}:${location.column ?? 1}`;
  }
  if ('configPath' in location) return location.configPath;
  const entity = `${location.entity.type}:${location.entity.name}`;
  return location.path ? `${entity} ${location.path}` : entity;
}

const LABEL: Record<Severity, string> = { error: 'ERROR', warning: 'WARN', info: 'INFO' };

/**
 * The one text form of a diagnostic: `where  SEVERITY CODE  message  (fix)` on one line, or
 * (`block`, for verify and doctor) a header line `CODE  message` followed by indented
 * `why:` and `fix:` lines. `paint` colours the header (the caller's style; identity by default).
 */
export function formatDiagnostic(
  d: Diagnostic,
  options: { layout?: 'line' | 'block'; indent?: string; paint?: (text: string) => string } = {},
): string {
  const where = formatLocation(d.location);
  if (options.layout === 'block') {
    const indent = options.indent ?? '  ';
    const paint = options.paint ?? ((text: string): string => text);
    const lines = [`${indent}${paint(d.code)}  ${d.message}`];
    if (d.why) lines.push(`${indent}  why: ${d.why}`);
    if (d.fix) lines.push(`${indent}  fix: ${d.fix}`);
    return lines.join('\n');
  }
  const fix = d.fix ? `  (${d.fix})` : '';
  return `${where ? `${where}  ` : ''}${LABEL[d.severity]} ${d.code}  ${d.message}${fix}`;
}

export function errorsOf(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((d) => d.severity === 'error');
}

/** A file location from the optional pieces producers have at hand. */
export function fileLocation(
  file: string,
  at: { line?: number; column?: number; path?: string } = {},
): DiagnosticLocation {
  const location: { file: string; line?: number; column?: number; path?: string } = { file };
  if (at.line !== undefined) location.line = at.line;
  if (at.column !== undefined) location.column = at.column;
  if (at.path !== undefined) location.path = at.path;
  return location;
}

/** The file location of a diagnostic, if it points into a file. */
export function fileAt(
  d: Pick<Diagnostic, 'location'> | undefined,
): { file: string; line?: number; column?: number; path?: string } | undefined {
  return d?.location && 'file' in d.location ? d.location : undefined;
}

/** `Type:name` keys (as changes and receipts name components) as an org entity. */
export function entityOf(key: string): OrgEntity {
  const colon = key.indexOf(':');
  return colon < 0 ? { type: '', name: key } : { type: key.slice(0, colon), name: key.slice(colon + 1) };
}
