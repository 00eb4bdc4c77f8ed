/**
 * What a kind's validation rules work with: one parsed file and its text (for pointing at the
 * line of an element), the judgement that applies (`generated`: Salesforce's rules and Reco's
 * policy; `project`: Salesforce's rules only), and the helpers every kind's rules share.
 */
import { fileLocation, type Diagnostic, type DiagnosticSource, type Severity } from '../core/diagnostic';
import type { Model } from '../core/model';
import { LineStarts } from '../core/read';
import { schema, type ParsedMetadata, type XmlRecord, type XmlValue } from '../core/xml';

/** 1-based line of the first occurrence of `needle` at or after `fromIndex`, for pointing at an element. */
export function lineOf(text: string, needle: string, fromIndex = 0, lines?: LineStarts): number | undefined {
  const index = text.indexOf(needle, fromIndex);
  if (index < 0) return undefined;
  // With an index, O(log lines); without, a scan of the text before the match.
  return lines ? lines.position(index).line : text.slice(0, index).split('\n').length;
}

/** `generated`: a file the config generates (Salesforce's rules and Reco's policy); `project`: any other file (Salesforce's rules only). */
export type RuleScope = 'generated' | 'project';

export interface FileContext {
  file: string;
  text: string;
  scope: RuleScope;
  /** The model the config produces; undefined when the config itself is broken. */
  model?: Model;
  /**
   * Line starts of `text`, built on first use: files with thousands of entries (an org's
   * permission set, its trusted ranges) would otherwise rescan the text for every problem.
   */
  lines?: LineStarts;
}

/** One parsed XML file of the project (for rules across files). */
export interface ProjectFile {
  file: string;
  text: string;
  parsed: ParsedMetadata;
}

/** What SDR resolves a project file to (scripts/validate/resolve.ts). */
export interface ResolvedMember {
  file: string;
  type: string;
  fullName: string;
}

/** Rules across the project's files: the parsed files a plain `sf` deploy sends and what SDR resolves them to. */
export interface ProjectContext {
  /** Parsed XML files a plain `sf` deploy would send. */
  sent: ProjectFile[];
  /** Every parsed XML file of the package directories. */
  parsed: ProjectFile[];
  resolved: ResolvedMember[];
}

export function linesOf(ctx: FileContext): LineStarts {
  return (ctx.lines ??= new LineStarts(ctx.text));
}

export function record(value: XmlValue | undefined): XmlRecord | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
}

/**
 * A finding at the line of `needle` in the file (or at `line`, when the caller already knows the
 * exact occurrence).
 */
export function problemAt(
  ctx: FileContext,
  needle: string,
  severity: Severity,
  code: string,
  message: string,
  fix?: string,
  line?: number,
): Diagnostic {
  const at = line ?? lineOf(ctx.text, needle, 0, linesOf(ctx));
  const d: Diagnostic = {
    severity,
    code,
    message,
    location: fileLocation(ctx.file, { line: at }),
    source: sourceOf(code),
  };
  if (fix) d.fix = fix;
  return d;
}

/** Reco's policy judges only the components the config generates; every other rule is Salesforce's. */
const POLICY_CODES: ReadonlySet<string> = new Set([
  'LEAST_PRIVILEGE',
  'MISSING_DEPENDENCY',
  'SECRET_IN_SOURCE',
  'UNKNOWN_EVENT',
  'UNKNOWN_PERMISSION',
  'WRITE_ACCESS',
]);

function sourceOf(code: string): DiagnosticSource {
  return POLICY_CODES.has(code) ? 'policy' : 'salesforce';
}

/** Line of the occurrence of `needle` after the previous one asked for (a repeat points at the repeat). */
export function nextLine(ctx: FileContext, needle: string, cursor: Map<string, number>): number | undefined {
  const index = ctx.text.indexOf(needle, cursor.get(needle) ?? 0);
  cursor.set(needle, index < 0 ? ctx.text.length : index + needle.length);
  return index < 0 ? undefined : linesOf(ctx).position(index).line;
}

/** The Metadata API's OAuth scope values (WSDL enum ConnectedAppOauthAccessScope), shared by ConnectedApp and External Client App settings. */
export const OAUTH_SCOPE_ENUM = 'ConnectedAppOauthAccessScope';

function metadataApiScopes(): ReadonlySet<string> {
  return new Set(schema.enums[OAUTH_SCOPE_ENUM] ?? []);
}

/** A scope value with the 1-based line of its exact token (`CDP` never points at `CDPIngest`). */
export interface ScopeToken {
  value: string;
  line?: number;
}

/** The tokens of `<element>a,b,c</element>`, each at its own line (lists may wrap). */
export function commaSeparatedTokens(ctx: FileContext, element: string): ScopeToken[] {
  const open = `<${element}>`;
  const start = ctx.text.indexOf(open);
  if (start < 0) return [];
  const from = start + open.length;
  const end = ctx.text.indexOf(`</${element}>`, from);
  const body = ctx.text.slice(from, end < 0 ? undefined : end);
  const tokens: ScopeToken[] = [];
  for (const match of body.matchAll(/[^,]+/g)) {
    const value = match[0].trim();
    if (!value) continue;
    const at = from + (match.index ?? 0) + match[0].indexOf(value);
    tokens.push({ value, line: linesOf(ctx).position(at).line });
  }
  return tokens;
}

/** Each `<element>value</element>` of the file, at the line of that exact element. */
export function elementTokens(ctx: FileContext, element: string, values: string[]): ScopeToken[] {
  const cursor = new Map<string, number>();
  return values.map((value) => ({ value, line: nextLine(ctx, `<${element}>${value}</${element}>`, cursor) }));
}

/**
 * Salesforce's scope rules for every file: a repeated scope is DUPLICATE_SCOPE at the repeat's
 * line; with `checkEnum`, a value outside the WSDL enum ConnectedAppOauthAccessScope is
 * UNKNOWN_SCOPE. For a generated file, also a scope the catalog (`byValue`) lacks.
 */
export function checkScopeTokens(
  ctx: FileContext,
  tokens: ScopeToken[],
  byValue: (v: string) => unknown,
  checkEnum: boolean,
): Diagnostic[] {
  const problems: Diagnostic[] = [];
  const known = metadataApiScopes();
  const seen = new Map<string, number | undefined>();
  for (const { value, line } of tokens) {
    if (seen.has(value)) {
      const first = seen.get(value);
      problems.push({
        severity: 'error',
        code: 'DUPLICATE_SCOPE',
        message: `OAuth scope ${value} is listed twice${first === undefined ? '' : ` (first at line ${first})`}`,
        location: fileLocation(ctx.file, { line }),
        source: 'salesforce',
        fix: 'remove the repeat',
      });
      continue;
    }
    seen.set(value, line);
    if (checkEnum && !known.has(value))
      problems.push({
        severity: 'error',
        code: 'UNKNOWN_SCOPE',
        message: `${value} is not an OAuth scope of the Metadata API (${OAUTH_SCOPE_ENUM})`,
        location: fileLocation(ctx.file, { line }),
        source: 'salesforce',
        fix: `use one of: ${[...known].join(', ')}`,
      });
    else if (ctx.scope === 'generated' && !byValue(value))
      problems.push({
        severity: 'error',
        code: 'UNKNOWN_SCOPE',
        message: `OAuth scope ${value} is not one the config can ask for`,
        location: fileLocation(ctx.file, { line }),
        source: 'salesforce',
        fix: 'use a scope from the catalog (Api, RefreshToken, …) in oauthApp.scopes',
      });
  }
  return problems;
}
