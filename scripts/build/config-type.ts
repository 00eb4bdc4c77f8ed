/**
 * Build step: generates the `RecoConfig` type (scripts/core/config-type.generated.ts) from
 * config/reco.config.schema.json, so the type never restates the schema by hand. The type is the
 * config after loading: Ajv fills every `default` (scripts/core/schemas.ts, useDefaults), so each
 * property with a default is required in the type. After a schema change run
 * `npm run config-type`; `npm run config-type -- --check` (and a test) fail while the committed
 * file is stale. json-schema-to-typescript is loaded only here (a devDependency); it loads Prettier 3,
 * which needs a real Node process (not Jest's VM), so its test runs this in a child process.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

type JsonSchema = { [key: string]: unknown };

export const CONFIG_TYPE_FILE = join('scripts', 'core', 'config-type.generated.ts');
export const SCHEMA_FILE = join('config', 'reco.config.schema.json');

const COMBINATORS = ['oneOf', 'anyOf', 'allOf', 'not'];

/** A branch that only says which properties must (not) be present: a check, not a type. */
function onlyPresenceRules(branch: unknown): boolean {
  if (branch === null || typeof branch !== 'object') return false;
  return Object.entries(branch as JsonSchema).every(
    ([key, value]) =>
      key === 'required' ||
      (COMBINATORS.includes(key) && (Array.isArray(value) ? value : [value]).every(onlyPresenceRules)),
  );
}

/**
 * The schema as the loaded config's type sees it, at any depth: every property that has a default
 * is required (Ajv has filled it), and combinators that only require some properties to be present
 * or absent (trusted ranges: cidr, or start and end) are dropped, since TypeScript's optional
 * properties already allow each of those shapes; the validator still enforces them.
 */
export function withDefaultsRequired(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withDefaultsRequired);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(schema as JsonSchema)) {
    if (COMBINATORS.includes(key) && (Array.isArray(value) ? value : [value]).every(onlyPresenceRules))
      continue;
    out[key] =
      key === 'properties' || key === 'definitions' || key === '$defs'
        ? Object.fromEntries(
            Object.entries(value as JsonSchema).map(([name, sub]) => [name, withDefaultsRequired(sub)]),
          )
        : key === 'default' || key === 'examples'
          ? value
          : withDefaultsRequired(value);
  }
  const properties = (schema as JsonSchema).properties as Record<string, JsonSchema> | undefined;
  if (properties) {
    const required = new Set((out.required as string[] | undefined) ?? []);
    for (const [name, sub] of Object.entries(properties)) if ('default' in sub) required.add(name);
    out.required = [...required];
  }
  return out;
}

/** The TypeScript source of the generated type file for the config schema at `schemaFile`. */
export async function configTypeSource(schemaFile: string): Promise<string> {
  const { compile } = await import('json-schema-to-typescript');
  // The root's title (or $id) would name the type; the name is RecoConfig.
  const { title: _title, $id: _id, ...schema } = JSON.parse(readFileSync(schemaFile, 'utf8')) as JsonSchema;
  const source = await compile(withDefaultsRequired(schema) as Parameters<typeof compile>[0], 'RecoConfig', {
    bannerComment:
      '/* Generated from config/reco.config.schema.json by scripts/build/config-type.ts (npm run config-type); do not edit. */',
    additionalProperties: false,
    unknownAny: true,
    // profiles' minItems: 1 would become a tuple type; the validator checks the count.
    ignoreMinAndMaxItems: true,
    style: { singleQuote: true, printWidth: 110, trailingComma: 'all' },
  });
  return source;
}

async function main(argv: string[]): Promise<number> {
  const root = join(__dirname, '..', '..', '..');
  const source = await configTypeSource(join(root, SCHEMA_FILE));
  const file = join(root, CONFIG_TYPE_FILE);
  const current = readFileSync(file, { encoding: 'utf8', flag: 'a+' });
  if (argv.includes('--check')) {
    if (current === source) return 0;
    process.stderr.write(`${CONFIG_TYPE_FILE} is stale: run npm run config-type\n`);
    return 1;
  }
  if (current !== source) writeFileSync(file, source);
  process.stdout.write(`${current === source ? 'unchanged' : 'wrote'} ${CONFIG_TYPE_FILE}\n`);
  return 0;
}

if (require.main === module)
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
