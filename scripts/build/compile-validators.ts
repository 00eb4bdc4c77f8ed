/**
 * Build step (run by `npm run build` and `npm ci`'s prepare): compiles the JSON Schemas the
 * tool checks at run time into standalone validator modules in dist/validators/, so that
 * `validate` and `generate` do not pay Ajv's compile time on every run.
 */
import { join } from 'node:path';
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone';
import { writeFilesAtomic } from '../core/files';
import { CONFIG_SCHEMA, LOCK_SCHEMA, SCRATCH_DEF_SCHEMA } from '../core/schemas';

export function compileValidatorsTo(outDir: string): string[] {
  const files = [CONFIG_SCHEMA, LOCK_SCHEMA, SCRATCH_DEF_SCHEMA].map((spec) => {
    const ajv = new Ajv({ ...spec.options, code: { source: true } });
    return {
      path: join(outDir, `${spec.name}.js`),
      content: standaloneCode(ajv, ajv.compile(spec.schema())),
    };
  });
  writeFilesAtomic(files);
  return files.map((f) => f.path);
}

if (require.main === module) {
  const written = compileValidatorsTo(join(__dirname, '..', '..', 'validators'));
  process.stdout.write(`compiled ${written.length} schema validators into dist/validators\n`);
}
