/**
 * Semantic rules on metadata files, in two kinds of judgement:
 * - Salesforce's own rules, for every file of the project: limits on labels and descriptions,
 *   no duplicate entries, View All needs Read, valid trusted ranges, OAuth values the Metadata
 *   API knows (scopes from the WSDL's ConnectedAppOauthAccessScope enum), no secrets in source.
 * - Reco's policy, for the components the config generates only: permissions from the catalog
 *   or the config (least privilege), read-only object access, known Event Manager entities.
 * Whether a permission or an Event Manager entity exists is the org's to say (deploy, plan and
 * doctor read it there); another team's permission set is never judged by Reco's policy.
 */
import {
  IP_RELAXATION,
  LIMITS,
  eventEntity,
  permissionByApiName,
  permissionByKey,
  scopeByConnectedAppValue,
  scopeByEcaValue,
} from '../catalog/catalog';
import { fileLocation, type Diagnostic, type DiagnosticSource, type Severity } from '../core/diagnostic';
import type { Model } from '../core/model';
import { listOf, schema, type ParsedMetadata, type XmlRecord, type XmlValue } from '../core/xml';
import { checkRanges } from './ranges';
import { LineIndex } from './xml-scan';

/** 1-based line of the first occurrence of `needle` at or after `fromIndex`, for pointing at an element. */
export function lineOf(text: string, needle: string, fromIndex = 0, lines?: LineIndex): number | undefined {
  const index = text.indexOf(needle, fromIndex);
  if (index < 0) return undefined;
  // With an index, O(log lines); without, a scan of the text before the match.
  return lines ? lines.position(index).line : text.slice(0, index).split('\n').length;
}

/** `generated`: a file the config generates (Salesforce's rules and Reco's policy); `project`: any other file (Salesforce's rules only). */
export type RuleScope = 'generated' | 'project';

interface FileContext {
  file: string;
  text: string;
  scope: RuleScope;
  /** The model the config produces; undefined when the config itself is broken. */
  model?: Model;
  /**
   * Line starts of `text`, built on first use: files with thousands of entries (an org's
   * permission set, its trusted ranges) would otherwise rescan the text for every problem.
   */
  lines?: LineIndex;
}

function linesOf(ctx: FileContext): LineIndex {
  return (ctx.lines ??= new LineIndex(ctx.text));
}

function record(value: XmlValue | undefined): XmlRecord | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
}

function problemAt(
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
function nextLine(ctx: FileContext, needle: string, cursor: Map<string, number>): number | undefined {
  const index = ctx.text.indexOf(needle, cursor.get(needle) ?? 0);
  cursor.set(needle, index < 0 ? ctx.text.length : index + needle.length);
  return index < 0 ? undefined : linesOf(ctx).position(index).line;
}

function checkPermissionSet(ctx: FileContext, value: XmlRecord): Diagnostic[] {
  const problems: Diagnostic[] = [];
  const label = typeof value.label === 'string' ? value.label : '';
  if (label.length > LIMITS.labelMax)
    problems.push(
      problemAt(
        ctx,
        '<label>',
        'error',
        'LABEL_TOO_LONG',
        `label is ${label.length} characters; the limit is ${LIMITS.labelMax}`,
      ),
    );
  const description = typeof value.description === 'string' ? value.description : '';
  if (description.length > LIMITS.descriptionMax)
    problems.push(
      problemAt(
        ctx,
        '<description>',
        'error',
        'DESCRIPTION_TOO_LONG',
        `description is ${description.length} characters; the limit is ${LIMITS.descriptionMax}`,
      ),
    );

  const allowed = new Set(
    (ctx.model?.permissionSet.permissions ?? []).map((p) => p.apiName).filter((n): n is string => n !== null),
  );
  const enabled = new Set<string>();
  const cursor = new Map<string, number>();
  for (const entry of listOf<XmlRecord>(value.userPermissions)) {
    const name = String(entry.name ?? '');
    const needle = `<name>${name}</name>`;
    const line = nextLine(ctx, needle, cursor);
    if (entry.enabled !== true) continue;
    if (enabled.has(name))
      problems.push(
        problemAt(
          ctx,
          needle,
          'error',
          'DUPLICATE_PERMISSION',
          `permission ${name} is listed twice`,
          undefined,
          line,
        ),
      );
    enabled.add(name);
    if (ctx.scope !== 'generated') continue;
    const fact = permissionByApiName(name);
    if (!fact && !allowed.has(name)) {
      problems.push(
        problemAt(
          ctx,
          needle,
          'error',
          'UNKNOWN_PERMISSION',
          `unknown user permission ${name}`,
          'use a permission from the catalog, or opt in through permissionSet.additionalPermissions',
        ),
      );
    } else if (ctx.model && !allowed.has(name)) {
      problems.push(
        problemAt(
          ctx,
          needle,
          'error',
          'LEAST_PRIVILEGE',
          `permission ${name} is not in the config's permission set`,
          'add it to permissionSet.additionalPermissions with a justification, or remove it',
        ),
      );
    }
  }
  for (const name of enabled) {
    for (const depKey of permissionByApiName(name)?.dependsOn ?? []) {
      const depName = permissionByKey(depKey)?.apiName;
      if (depName && !enabled.has(depName)) {
        // The catalog's dependencies are Salesforce's, but an org may declare others (or none):
        // binding for what Reco generates, advice for another team's set.
        problems.push(
          problemAt(
            ctx,
            `<name>${name}</name>`,
            ctx.scope === 'generated' ? 'error' : 'warning',
            'MISSING_DEPENDENCY',
            `Permission ${name} depends on permission(s): ${depName}`,
            `enable ${depName} as well`,
          ),
        );
      }
    }
  }
  const objectCursor = new Map<string, number>();
  for (const entry of listOf<XmlRecord>(value.objectPermissions)) {
    const object = String(entry.object ?? '');
    const needle = `<object>${object}</object>`;
    const line = nextLine(ctx, needle, objectCursor);
    if (entry.viewAllRecords === true && entry.allowRead !== true) {
      problems.push(
        problemAt(
          ctx,
          needle,
          'error',
          'VIEW_ALL_WITHOUT_READ',
          `${object}: View All needs Read (allowRead true)`,
        ),
      );
    }
    if (ctx.scope !== 'generated') continue;
    for (const field of ['allowCreate', 'allowEdit', 'allowDelete', 'modifyAllRecords'] as const) {
      if (entry[field] === true)
        problems.push(
          problemAt(
            ctx,
            needle,
            'error',
            'WRITE_ACCESS',
            `${object}: ${field} is true; Reco only reads`,
            'set it to false',
            line,
          ),
        );
    }
  }
  return problems;
}

function checkRealTimeEvents(ctx: FileContext, value: XmlRecord): Diagnostic[] {
  const problems: Diagnostic[] = [];
  const seen = new Set<string>();
  const cursor = new Map<string, number>();
  for (const entry of listOf<XmlRecord>(value.realTimeEvents)) {
    const name = String(entry.entityName ?? '');
    const needle = `<entityName>${name}</entityName>`;
    const line = nextLine(ctx, needle, cursor);
    if (seen.has(name))
      problems.push(
        problemAt(ctx, needle, 'error', 'DUPLICATE_EVENT', `entity ${name} is listed twice`, undefined, line),
      );
    seen.add(name);
    if (ctx.scope === 'generated' && !eventEntity(name))
      problems.push(
        problemAt(
          ctx,
          needle,
          'error',
          'UNKNOWN_EVENT',
          `unknown Event Manager entity ${name}`,
          'see the Event Manager table in the README',
        ),
      );
  }
  return problems;
}

function checkSecurity(ctx: FileContext, value: XmlRecord): Diagnostic[] {
  const networkAccess = record(value.networkAccess);
  let from = 0;
  const ranges = listOf<XmlRecord>(networkAccess?.ipRanges).map((r) => {
    const index = ctx.text.indexOf('<ipRanges>', from);
    from = index < 0 ? from : index + 1;
    return {
      start: String(r.start ?? ''),
      end: String(r.end ?? ''),
      description: r.description === undefined ? undefined : String(r.description),
      file: ctx.file,
      line: index < 0 ? undefined : linesOf(ctx).position(index).line,
    };
  });
  return checkRanges(ranges, { demo: ctx.model?.demo });
}

/** The Metadata API's OAuth scope values (WSDL enum ConnectedAppOauthAccessScope), shared by ConnectedApp and External Client App settings. */
export const OAUTH_SCOPE_ENUM = 'ConnectedAppOauthAccessScope';

function metadataApiScopes(): ReadonlySet<string> {
  return new Set(schema.enums[OAUTH_SCOPE_ENUM] ?? []);
}

/** A scope value with the 1-based line of its exact token (`CDP` never points at `CDPIngest`). */
interface ScopeToken {
  value: string;
  line?: number;
}

/** The tokens of `<element>a,b,c</element>`, each at its own line (lists may wrap). */
function commaSeparatedTokens(ctx: FileContext, element: string): ScopeToken[] {
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
function elementTokens(ctx: FileContext, element: string, values: string[]): ScopeToken[] {
  const cursor = new Map<string, number>();
  return values.map((value) => ({ value, line: nextLine(ctx, `<${element}>${value}</${element}>`, cursor) }));
}

function checkScopeTokens(
  ctx: FileContext,
  tokens: ScopeToken[],
  byValue: (v: string) => unknown,
  checkEnum: boolean,
): Diagnostic[] {
  const problems: Diagnostic[] = [];
  const known = metadataApiScopes();
  for (const { value, line } of tokens) {
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

function checkOAuthFile(ctx: FileContext, root: string, value: XmlRecord): Diagnostic[] {
  const problems: Diagnostic[] = [];
  const ecaRelaxations: string[] = Object.values(IP_RELAXATION).map((v) => v.eca);
  const caRelaxations: string[] = Object.values(IP_RELAXATION).map((v) => v.connectedApp);
  if (root === 'ExtlClntAppGlobalOauthSettings') {
    problems.push({
      severity: 'error',
      code: 'SECRET_IN_SOURCE',
      message:
        'External Client App global OAuth settings (consumer key and secret) must not be in source control',
      location: fileLocation(ctx.file, { line: 1 }),
      source: 'salesforce',
      fix: 'delete the file; it is in .forceignore and .gitignore',
    });
  }
  if (
    root === 'ExtlClntAppOauthConfigurablePolicies' &&
    value.ipRelaxationPolicyType !== undefined &&
    !ecaRelaxations.includes(String(value.ipRelaxationPolicyType))
  ) {
    problems.push(
      problemAt(
        ctx,
        '<ipRelaxationPolicyType>',
        'error',
        'IP_RELAXATION_INVALID',
        `ipRelaxationPolicyType "${String(value.ipRelaxationPolicyType)}" is not one of ${ecaRelaxations.join(', ')}`,
      ),
    );
  }
  if (root === 'ExtlClntAppOauthSettings' && typeof value.commaSeparatedOauthScopes === 'string') {
    const tokens = commaSeparatedTokens(ctx, 'commaSeparatedOauthScopes');
    problems.push(...checkScopeTokens(ctx, tokens, scopeByEcaValue, true));
  }
  if (root === 'ConnectedApp') {
    const policy = record(value.oauthPolicy);
    if (policy?.ipRelaxation !== undefined && !caRelaxations.includes(String(policy.ipRelaxation))) {
      problems.push(
        problemAt(
          ctx,
          '<ipRelaxation>',
          'error',
          'IP_RELAXATION_INVALID',
          `ipRelaxation "${String(policy.ipRelaxation)}" is not one of ${caRelaxations.join(', ')}`,
        ),
      );
    }
    const config = record(value.oauthConfig);
    if (config?.consumerSecret !== undefined)
      problems.push(
        problemAt(
          ctx,
          '<consumerSecret>',
          'error',
          'SECRET_IN_SOURCE',
          'consumerSecret must not be in source control',
          'remove the element',
        ),
      );
    // ConnectedApp scopes are WSDL-typed elements: the structural check already judged the enum.
    const tokens = elementTokens(ctx, 'scopes', listOf<XmlValue>(config?.scopes).map(String));
    problems.push(...checkScopeTokens(ctx, tokens, scopeByConnectedAppValue, false));
  }
  return problems;
}

/**
 * Rules for one parsed metadata file. `scope` says which judgement applies (default
 * `generated`: Salesforce's rules and Reco's policy); `model` is the config's, when valid.
 */
export function checkMetadataRules(
  parsed: ParsedMetadata,
  file: string,
  text: string,
  model?: Model,
  scope: RuleScope = 'generated',
): Diagnostic[] {
  const ctx: FileContext = { file, text, model, scope };
  switch (parsed.root) {
    case 'PermissionSet':
      return checkPermissionSet(ctx, parsed.value);
    case 'RealTimeEventSettings':
      return checkRealTimeEvents(ctx, parsed.value);
    case 'SecuritySettings':
      return checkSecurity(ctx, parsed.value);
    case 'ConnectedApp':
    case 'ExtlClntAppOauthSettings':
    case 'ExtlClntAppOauthConfigurablePolicies':
    case 'ExtlClntAppGlobalOauthSettings':
      return checkOAuthFile(ctx, parsed.root, parsed.value);
    default:
      return [];
  }
}
