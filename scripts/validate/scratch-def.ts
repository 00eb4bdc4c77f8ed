/** The generated scratch definition must be valid against Salesforce's own schema (@salesforce/schemas). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Problem } from '../core/errors';
import { SCRATCH_DEF_SCHEMA, validatorFor } from '../core/schemas';
import { SCRATCH_DEF_PATH } from '../generate/project';

export function checkScratchDefinition(root: string): Problem[] {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(join(root, SCRATCH_DEF_PATH), 'utf8'));
  } catch (error) {
    return [
      {
        severity: 'error',
        code: 'SCRATCH_DEF_INVALID',
        message: `cannot read: ${error instanceof Error ? error.message : String(error)}`,
        file: SCRATCH_DEF_PATH,
      },
    ];
  }
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
    file: SCRATCH_DEF_PATH,
    field: e.instancePath,
  }));
}
