/** The committed RecoConfig type is generated from the config schema and up to date with it. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_TYPE_FILE, SCHEMA_FILE, withDefaultsRequired } from '../../scripts/build/config-type';

const REPO = join(__dirname, '..', '..');
const SCHEMA = join(REPO, SCHEMA_FILE);

/**
 * The generator's output, from a child Node process: json-schema-to-typescript loads Prettier 3,
 * which cannot load inside Jest's VM. The TypeScript source is transpiled on the fly.
 */
function generatedSource(): string {
  const script = `
    const ts = require(${JSON.stringify(join(REPO, 'node_modules/typescript'))});
    const fs = require('fs');
    require.extensions['.ts'] = (m, filename) => {
      const out = ts.transpileModule(fs.readFileSync(filename, 'utf8'), { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } });
      m._compile(out.outputText, filename);
    };
    require(${JSON.stringify(join(REPO, 'scripts/build/config-type.ts'))})
      .configTypeSource(${JSON.stringify(SCHEMA)})
      .then((source) => process.stdout.write(source));
  `;
  const result = spawnSync(process.execPath, ['-e', script], { cwd: REPO, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  return result.stdout;
}

describe('the RecoConfig type generated from config/reco.config.schema.json', () => {
  it('is what the generator writes today (else run npm run config-type)', () => {
    expect(readFileSync(join(REPO, CONFIG_TYPE_FILE), 'utf8')).toBe(generatedSource());
  });

  it('makes a property with a default required, at any depth, and leaves the others optional', () => {
    const schema = {
      type: 'object',
      required: ['a'],
      properties: {
        a: { type: 'string' },
        b: { type: 'boolean', default: false },
        c: { type: 'object', properties: { d: { type: 'string', default: 'x' }, e: { type: 'string' } } },
      },
    };
    const out = withDefaultsRequired(schema) as typeof schema & {
      properties: { c: { required: string[] } };
    };
    expect(out.required).toEqual(['a', 'b']);
    expect(out.properties.c.required).toEqual(['d']);
    expect(out.properties.b).toEqual({ type: 'boolean', default: false });
  });

  it('drops combinators that only require properties to be present or absent, and keeps typed ones', () => {
    const presence = {
      type: 'object',
      properties: { cidr: { type: 'string' }, start: { type: 'string' } },
      oneOf: [{ required: ['cidr'], not: { required: ['start'] } }, { required: ['start'] }],
    };
    expect(withDefaultsRequired(presence)).not.toHaveProperty('oneOf');
    const typed = { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] };
    expect(withDefaultsRequired(typed)).toEqual(typed);
  });
});
