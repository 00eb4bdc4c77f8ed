/**
 * Loading the integration config: read, parse, check against config/reco.config.schema.json
 * (ajv), and fill defaults. Problems name the file and the JSON path; nothing is thrown for
 * bad input, so `validate` can show every problem at once.
 */
import { readFileSync, statSync } from 'node:fs';
import type { ErrorObject } from 'ajv';
import type { Problem } from './errors';
import { CONFIG_SCHEMA, validatorFor } from './schemas';
import type { IpRelaxation, RefreshTokenPolicy } from '../catalog/catalog';

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
  problems: Problem[];
}

function problem(file: string, code: string, message: string, field?: string, hint?: string): Problem {
  return { severity: 'error', code, message, file, field, hint };
}

/** Line (1-based) of the first occurrence of a JSON path's last key, to point editors somewhere useful. */
function lineOfPath(text: string, path: string): number | undefined {
  const last = path
    .split('/')
    .filter((s) => s && !/^\d+$/.test(s))
    .pop();
  if (!last) return undefined;
  const index = text.indexOf(`"${last}"`);
  return index < 0 ? undefined : text.slice(0, index).split('\n').length;
}

function describeAjvError(error: ErrorObject): { path: string; message: string } {
  const path = error.instancePath || '/';
  switch (error.keyword) {
    case 'additionalProperties':
      return {
        path: `${path === '/' ? '' : path}/${String(error.params.additionalProperty)}`,
        message: 'unknown property',
      };
    case 'required':
      return { path, message: `missing required property "${String(error.params.missingProperty)}"` };
    case 'enum':
      return {
        path,
        message: `must be one of ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`,
      };
    default:
      return { path, message: error.message ?? error.keyword };
  }
}

/** Checks parsed JSON against the schema and fills defaults in place. */
export function checkConfigObject(data: unknown, file: string, text = ''): LoadedConfig {
  const validate = validatorFor(CONFIG_SCHEMA);
  if (validate(data)) return { file, config: data as RecoConfig, problems: [] };
  const seen = new Set<string>();
  const problems: Problem[] = [];
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
    const { path, message } = describeAjvError(error);
    const msg =
      error.keyword === 'oneOf' && path.includes('trustedIpRanges')
        ? 'a trusted range needs either "cidr" or both "start" and "end", not both forms'
        : message;
    const key = `${path}|${msg}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push({
      ...problem(file, 'CONFIG_SCHEMA', `${path}: ${msg}`, path, 'see config/reco.config.schema.json'),
      line: lineOfPath(text, path),
    });
  }
  return { file, problems };
}

export function loadConfig(file: string = DEFAULT_CONFIG_PATH): LoadedConfig {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    return {
      file,
      problems: [
        problem(
          file,
          'CONFIG_NOT_FOUND',
          `config file not found: ${file}`,
          undefined,
          'pass --config <file> or create config/reco.config.json',
        ),
      ],
    };
  }
  if (size > MAX_CONFIG_BYTES) {
    return {
      file,
      problems: [
        problem(file, 'CONFIG_TOO_LARGE', `config file is ${size} bytes; the limit is ${MAX_CONFIG_BYTES}`),
      ],
    };
  }
  let text = readFileSync(file, 'utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') return { file, problems: [problem(file, 'CONFIG_EMPTY', 'config file is empty')] };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /position (\d+)/.exec(message);
    const line = position ? text.slice(0, Number(position[1])).split('\n').length : undefined;
    return { file, problems: [{ ...problem(file, 'CONFIG_JSON', `not valid JSON: ${message}`), line }] };
  }
  return checkConfigObject(data, file, text);
}
