/**
 * Loading the integration config: read, parse, check against config/reco.config.schema.json
 * (ajv), and fill defaults. Problems name the file and the JSON path; nothing is thrown for
 * bad input, so `validate` can show every problem at once.
 */
import type { ErrorObject } from 'ajv';
import { closest, distance } from 'fastest-levenshtein';
import { readJsonInput, type Position } from './json';
import { fileLocation, type Diagnostic } from './diagnostic';
import { CONFIG_SCHEMA, validatorFor } from './schemas';
import type { IpRelaxation, RefreshTokenPolicy } from '../catalog/catalog';
import { USERNAME_PLACEHOLDER_LIST } from './username-pattern';

import type { RecoConfig } from './config-type.generated';

/** The loaded config (defaults filled): generated from config/reco.config.schema.json (npm run config-type). */
export type { RecoConfig };
export type EventMonitoringMode = RecoConfig['eventMonitoring']['mode'];
export type OAuthAppKind = RecoConfig['oauthApp']['kind'];
export type TrustedRangeConfig = RecoConfig['trustedIpRanges'][number];

/** The schema's enums and the catalog's keys must name the same policies (a compile-time check). */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
export const CATALOG_AGREES: [
  Same<RecoConfig['oauthApp']['ipRelaxation'], IpRelaxation>,
  Same<RecoConfig['oauthApp']['refreshTokenPolicy'], RefreshTokenPolicy>,
] = [true, true];

export const DEFAULT_CONFIG_PATH = 'config/reco.config.json';
/** Configs are small; anything bigger is a mistake (and must not be read whole). */
export const MAX_CONFIG_BYTES = 1024 * 1024;

export interface LoadedConfig {
  file: string;
  config?: RecoConfig;
  problems: Diagnostic[];
  /** JSON pointer → line:column in the file, for problems found later (config rules). */
  positions?: Map<string, Position>;
}

function problem(
  file: string,
  code: string,
  message: string,
  field: string,
  fix: string,
  at?: Position,
): Diagnostic {
  return {
    severity: 'error',
    code,
    message,
    location: fileLocation(file, { ...at, path: field }),
    fix,
    source: 'tool',
  };
}

/** Where a JSON pointer lands: the pointer itself, else its nearest ancestor the file has. */
export function positionOfPointer(
  positions: Map<string, Position> | undefined,
  pointer: string,
): Position | undefined {
  if (!positions) return undefined;
  for (let p = pointer === '/' ? '' : pointer; ; p = p.slice(0, p.lastIndexOf('/'))) {
    const at = positions.get(p);
    if (at) return at;
    if (p === '') return undefined;
  }
}

type SchemaNode = { properties?: Record<string, SchemaNode>; items?: SchemaNode };

/** The property names the schema allows at a JSON pointer (for "did you mean"). */
function allowedKeysAt(pointer: string): string[] {
  let node = CONFIG_SCHEMA.schema() as SchemaNode | undefined;
  for (const part of pointer.split('/').filter(Boolean)) {
    node = /^\d+$/.test(part)
      ? node?.items
      : node?.properties?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return Object.keys(node?.properties ?? {});
}

/** "did you mean …" for a misspelt key: the closest allowed name within a third of its length. */
export function didYouMean(key: string, allowed: string[]): string | undefined {
  if (allowed.length === 0) return undefined;
  const best = closest(key, allowed);
  const lower = allowed.find((a) => a.toLowerCase() === key.toLowerCase());
  if (lower) return lower;
  return distance(key, best) <= Math.max(1, Math.floor(best.length / 3)) ? best : undefined;
}

/** An unknown key's closest allowed name, and the rename that fixes it (both undefined when none is close). */
export function renameSuggestion(key: string, allowed: string[]): { suggestion?: string; fix?: string } {
  const suggestion = didYouMean(key, allowed);
  return { suggestion, fix: suggestion ? `rename "${key}" to "${suggestion}"` : undefined };
}

/** The wording every JSON Schema check (config, seed) gives `required`, `enum` and any keyword without its own. */
export function schemaErrorText(error: ErrorObject): string {
  switch (error.keyword) {
    case 'required':
      return `missing required property "${String(error.params.missingProperty)}"`;
    case 'enum':
      return `must be one of ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return error.message ?? error.keyword;
  }
}

function describeAjvError(error: ErrorObject): { path: string; message: string; fix?: string } {
  const path = error.instancePath || '/';
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(error.params.additionalProperty);
      const { suggestion, fix } = renameSuggestion(key, allowedKeysAt(error.instancePath));
      return {
        path: `${path === '/' ? '' : path}/${key}`,
        message: `unknown property${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`,
        fix,
      };
    }
    case 'pattern':
      if (path === '/integrationUser/username')
        return {
          path,
          message: `holds an unknown placeholder or a stray "{" or "}"; the placeholders are ${USERNAME_PLACEHOLDER_LIST}`,
          fix: 'e.g. "reco-integration@acme.com.{orgId}" (see the README, Fleets)',
        };
      return { path, message: schemaErrorText(error) };
    default:
      return { path, message: schemaErrorText(error) };
  }
}

/**
 * Checks parsed JSON against the schema and fills defaults in place. `positions` (from
 * parseJsonStrict) maps JSON pointers to line:column so each problem points into the file.
 */
export function checkConfigObject(
  data: unknown,
  file: string,
  positions?: Map<string, Position>,
): LoadedConfig {
  const validate = validatorFor(CONFIG_SCHEMA);
  if (validate(data)) return { file, config: data as RecoConfig, problems: [] };
  const seen = new Set<string>();
  const problems: Diagnostic[] = [];
  // A trusted range's oneOf (cidr | start+end) says it best; its branches' required/not errors only confuse.
  const rangeOneOf = new Set(
    (validate.errors ?? [])
      .filter((e) => e.keyword === 'oneOf' && e.instancePath.includes('trustedIpRanges'))
      .map((e) => e.instancePath),
  );
  for (const error of validate.errors ?? []) {
    // oneOf/anyOf/not add a summary error for each branch; the leaf errors say more.
    if (
      ['oneOf', 'anyOf', 'not', 'if'].includes(error.keyword) &&
      (validate.errors?.length ?? 0) > 1 &&
      !error.instancePath.includes('trustedIpRanges')
    )
      continue;
    if (['required', 'not'].includes(error.keyword) && rangeOneOf.has(error.instancePath)) continue;
    const { path, message, fix } = describeAjvError(error);
    const msg =
      error.keyword === 'oneOf' && path.includes('trustedIpRanges')
        ? 'a trusted range needs either "cidr" or both "start" and "end", not both forms'
        : message;
    const key = `${path}|${msg}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(
      problem(
        file,
        'CONFIG_SCHEMA',
        `${path}: ${msg}`,
        path,
        fix ?? 'see config/reco.config.schema.json',
        positionOfPointer(positions, path),
      ),
    );
  }
  return { file, problems };
}

/**
 * Reads the config through the strict reader (regular file, size limit, UTF-8, no duplicate
 * keys, no control characters) and checks it against the schema. Read problems keep the
 * reader's codes with a CONFIG_ prefix (CONFIG_NOT_FOUND, CONFIG_NOT_A_FILE, CONFIG_ENCODING,
 * CONFIG_DUPLICATE_KEY, CONFIG_JSON, …); nothing is thrown for bad input.
 */
export function loadConfig(file: string = DEFAULT_CONFIG_PATH): LoadedConfig {
  const parsed = readJsonInput(file, { maxBytes: MAX_CONFIG_BYTES, what: 'the config file' });
  if (!parsed.ok) {
    const p = parsed.problem;
    const code = p.code.replace(/^INPUT_/, 'CONFIG_');
    const fix =
      code === 'CONFIG_NOT_FOUND' ? 'pass --config <file> or create config/reco.config.json' : p.fix;
    return { file, problems: [{ ...p, code, ...(fix ? { fix } : {}) }] };
  }
  return { ...checkConfigObject(parsed.value, file, parsed.positions), positions: parsed.positions };
}
