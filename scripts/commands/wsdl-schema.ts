/**
 * `reco-sf wsdl-schema [--wsdl F] [--out F]`: regenerates the compact structural schema
 * (scripts/wsdl/metadata-schema.json) from a Metadata API WSDL, e.g. a newer one, and beside it
 * the table of every WSDL type (metadata-types.tsv) that validate checks other files with.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { RecoError } from '../core/errors';
import { writeFilesAtomic } from '../core/files';
import { TYPE_TABLE_FILE } from '../wsdl/types';
import { wsdlToSchema, wsdlToTypeTable, type MetadataSchema } from '../wsdl/wsdl-to-schema';

/** The Metadata API WSDL (API 66.0, Setup > API > Generate Metadata WSDL) kept in the repository. */
export const DEFAULT_WSDL = 'scripts/wsdl/metadata-v66.wsdl';
export const DEFAULT_SCHEMA_OUT = 'scripts/wsdl/metadata-schema.json';

/** The repository root: the nearest folder above this file with reco-sf's package.json (works from scripts/ and dist/). */
export function repoRoot(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'reco-sf')
      return dir;
    if (dirname(dir) === dir) return process.cwd();
  }
}

/** The committed file's exact format: one-space indent and a trailing newline. */
export function serializeSchema(schema: MetadataSchema): string {
  return JSON.stringify(schema, null, 1) + '\n';
}

function readWsdl(path: string): string {
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw new RecoError('WSDL_NOT_FOUND', `WSDL file not found: ${path}`, {
      file: path,
      fix: 'download the Metadata WSDL from Setup > API > Generate Metadata WSDL and pass it with --wsdl',
    });
  }
  return readFileSync(path, 'utf8');
}

function convert(text: string, path: string): { schema: MetadataSchema; table: string } {
  const name = path.split(/[\\/]/).pop() ?? path;
  try {
    return { schema: wsdlToSchema(text, name), table: wsdlToTypeTable(text, name) };
  } catch (error) {
    // wsdlToSchema throws plain errors (or TypeErrors on a document of another shape).
    throw new RecoError(
      'WSDL_NOT_METADATA',
      `${path} is not a Salesforce Metadata API WSDL: ${(error as Error).message}`,
      {
        file: path,
        fix: 'use the Metadata WSDL (Setup > API > Generate Metadata WSDL), not the Enterprise, Partner or Tooling WSDL',
        cause: error,
      },
    );
  }
}

export async function wsdlSchemaCommand(opts: { wsdl?: string; out?: string }): Promise<number> {
  // Paths the user gives are relative to where they run the command; the defaults to the repository.
  const root = repoRoot();
  const wsdlPath = opts.wsdl === undefined ? resolve(root, DEFAULT_WSDL) : resolve(opts.wsdl);
  const outPath = opts.out === undefined ? resolve(root, DEFAULT_SCHEMA_OUT) : resolve(opts.out);
  const { schema, table } = convert(readWsdl(wsdlPath), wsdlPath);
  const tablePath = join(dirname(outPath), TYPE_TABLE_FILE);
  writeFilesAtomic([
    { path: outPath, content: serializeSchema(schema) },
    { path: tablePath, content: table },
  ]);
  const types = Object.keys(schema.complexTypes).length;
  const enums = Object.keys(schema.enums).length;
  process.stdout.write(
    `Wrote ${relative(process.cwd(), outPath) || outPath}: ${types} types, ${enums} enums, API ${schema.apiVersion} (from ${wsdlPath}), and ${relative(process.cwd(), tablePath) || tablePath}: every type of the WSDL\n`,
  );
  return 0;
}
