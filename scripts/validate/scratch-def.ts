/** The generated scratch definition must be valid against Salesforce's own schema (@salesforce/schemas). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_CONFIG_BYTES } from '../core/config';
import { fileLocation, type Diagnostic } from '../core/diagnostic';
import { readTextIfExists, writeFileAtomic } from '../core/files';
import { readJsonInput } from '../core/json';
import { SCRATCH_DEF_SCHEMA, validatorFor } from '../core/schemas';
import { SCRATCH_DEF_PATH } from '../generate/project';

/** A scratch definition found valid, by its content and the schema's version: warm runs skip the 180 KB validator. */
const CACHE_FILE = '.reco/cache/scratch-def.json';

/**
 * The schema's version and the definition itself, as one line: a scratch definition is a few
 * hundred bytes, so the key is the content, compared as it is (no hash: node:crypto costs a
 * warm run ~6 ms to load).
 */
function cacheKey(data: unknown): string {
  const schemas = JSON.parse(readFileSync(require.resolve('@salesforce/schemas/package.json'), 'utf8')) as {
    version: string;
  };
  return `${schemas.version} ${JSON.stringify(data)}`;
}

/**
 * Checks config/project-scratch-def.json against @salesforce/schemas' project-scratch-def schema.
 * With `useCache`, a definition found valid before (same content, same schema version) is not
 * checked again.
 */
export function checkScratchDefinition(root: string, useCache = false): Diagnostic[] {
  const parsed = readJsonInput(join(root, SCRATCH_DEF_PATH), {
    display: SCRATCH_DEF_PATH,
    maxBytes: MAX_CONFIG_BYTES,
    root,
    what: 'the scratch definition',
  });
  if (!parsed.ok) return [{ ...parsed.problem, code: 'SCRATCH_DEF_INVALID' }];
  const data = parsed.value;
  const key = useCache ? cacheKey(data) : '';
  if (useCache && readTextIfExists(join(root, CACHE_FILE))?.trim() === key) return [];
  const validate = validatorFor(SCRATCH_DEF_SCHEMA);
  if (validate(data)) {
    if (useCache) remember(join(root, CACHE_FILE), key);
    return [];
  }
  // anyOf over feature patterns yields one error per alternative; the enum error says it best.
  const byPath = new Map<string, NonNullable<typeof validate.errors>[number]>();
  for (const e of validate.errors ?? []) {
    const kept = byPath.get(e.instancePath);
    if (!kept || e.keyword === 'enum') byPath.set(e.instancePath, e);
  }
  return [...byPath.values()].map((e) => ({
    severity: 'error' as const,
    code: 'SCRATCH_DEF_INVALID',
    message: `${e.instancePath || '/'}: ${e.message ?? e.keyword}${e.keyword === 'enum' ? ` (${JSON.stringify(e.data)})` : ''}`,
    location: fileLocation(SCRATCH_DEF_PATH, { path: e.instancePath }),
    source: 'salesforce',
  }));
}

function remember(path: string, key: string): void {
  try {
    writeFileAtomic(path, key + '\n');
  } catch {
    // A read-only checkout still validates; it only loses the cache.
  }
}
