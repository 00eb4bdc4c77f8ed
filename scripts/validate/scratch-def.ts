/** The generated scratch definition must be valid against Salesforce's own schema (@salesforce/schemas). */
import { join } from 'node:path';
import { MAX_CONFIG_BYTES } from '../core/config';
import { fileLocation, type Diagnostic } from '../core/diagnostic';
import { readJsonInput } from '../core/json';
import { SCRATCH_DEF_SCHEMA, validatorFor } from '../core/schemas';
import { SCRATCH_DEF_PATH } from '../generate/project';

export function checkScratchDefinition(root: string): Diagnostic[] {
  const parsed = readJsonInput(join(root, SCRATCH_DEF_PATH), {
    display: SCRATCH_DEF_PATH,
    maxBytes: MAX_CONFIG_BYTES,
    root,
    what: 'the scratch definition',
  });
  if (!parsed.ok) return [{ ...parsed.problem, code: 'SCRATCH_DEF_INVALID' }];
  const data = parsed.value;
  const validate = validatorFor(SCRATCH_DEF_SCHEMA);
  if (validate(data)) return [];
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
