/**
 * JSON Schema validators for the config, the lock and the scratch definition. Compiling them with Ajv
 * costs ~150 ms a run, so `npm run build` writes them as standalone code (Ajv's standalone mode)
 * into dist/validators/; at run time the compiled module is used when present and the schema
 * is compiled on the spot otherwise (running from the TypeScript sources, e.g. in tests).
 */
import type { ErrorObject, Options } from 'ajv';

export type CompiledValidator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

export interface SchemaSpec {
  name: string;
  options: Options;
  schema: () => object;
}

export const CONFIG_SCHEMA: SchemaSpec = {
  name: 'reco-config',
  options: { allErrors: true, useDefaults: true, strict: false },
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  schema: () => require('../../config/reco.config.schema.json') as object,
};

export const SCRATCH_DEF_SCHEMA: SchemaSpec = {
  name: 'project-scratch-def',
  options: { allErrors: true, strict: false },
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  schema: () => require('@salesforce/schemas/project-scratch-def.schema.json') as object,
};

export const LOCK_SCHEMA: SchemaSpec = {
  name: 'reco-lock',
  options: { allErrors: true, strict: false },
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  schema: () => require('../lock/lock.schema.json') as object,
};

const compiled = new Map<string, CompiledValidator>();

function precompiled(name: string): CompiledValidator | undefined {
  try {
    // dist/scripts/core/schemas.js → dist/validators/<name>.js
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(`../../validators/${name}.js`) as CompiledValidator;
  } catch {
    return undefined;
  }
}

export function validatorFor(spec: SchemaSpec): CompiledValidator {
  let validator = compiled.get(spec.name);
  if (!validator) {
    validator = precompiled(spec.name);
    if (!validator) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const Ajv = require('ajv').default as typeof import('ajv').default;
      validator = new Ajv(spec.options).compile(spec.schema());
    }
    compiled.set(spec.name, validator);
  }
  return validator;
}
