/**
 * Every type of the Metadata API WSDL, for validate's element, type and enum check of files of
 * any metadata type (another team's objects, flows, layouts, labels, …), not only those reco-sf
 * writes (scripts/wsdl/metadata-schema.json, which the generator and the checks of our own
 * files use and which stays small).
 *
 * The table (scripts/wsdl/metadata-types.tsv, written by `reco-sf wsdl-schema`; format in
 * wsdlToTypeTable) is ~1 MB: parsed as one JSON document it would cost ~25 ms on every run.
 * It is read only when a file's root is not one of the compact schema's, indexed by line, and
 * only the lines of the types a file uses are parsed (each once).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SchemaComplexType, TypeTableHeader } from './wsdl-to-schema';

export const TYPE_TABLE_FILE = 'metadata-types.tsv';

interface TypeTable {
  header: TypeTableHeader;
  roots: ReadonlySet<string>;
  /** Type name → its JSON text, until parsed. */
  lines: Map<string, string>;
  parsed: Map<string, SchemaComplexType | string[]>;
}

let table: TypeTable | undefined;

/** scripts/wsdl/ beside this module when run from the sources; from dist/scripts/wsdl, the repository's. */
function tablePath(): string {
  const here = join(__dirname, TYPE_TABLE_FILE);
  return existsSync(here) ? here : join(__dirname, '..', '..', '..', 'scripts', 'wsdl', TYPE_TABLE_FILE);
}

function load(): TypeTable {
  if (table) return table;
  const text = readFileSync(tablePath(), 'utf8');
  const lines = new Map<string, string>();
  let start = text.indexOf('\n') + 1;
  const header = JSON.parse(text.slice(0, start)) as TypeTableHeader;
  while (start < text.length) {
    const end = text.indexOf('\n', start);
    const tab = text.indexOf('\t', start);
    lines.set(text.slice(start, tab), text.slice(tab + 1, end < 0 ? text.length : end));
    start = end < 0 ? text.length : end + 1;
  }
  table = { header, roots: new Set(header.roots), lines, parsed: new Map() };
  return table;
}

function entry(name: string): SchemaComplexType | string[] | undefined {
  if (name.startsWith('xsd:')) return undefined;
  const t = load();
  let value = t.parsed.get(name);
  if (value === undefined) {
    const line = t.lines.get(name);
    if (line === undefined) return undefined;
    value = JSON.parse(line) as SchemaComplexType | string[];
    t.parsed.set(name, value);
  }
  return value;
}

/** Whether `name` is a metadata type of the WSDL (a root element a metadata file can have). */
export function isWsdlMetadataType(name: string): boolean {
  return load().roots.has(name);
}

/** The WSDL's complex type `name` (fields in WSDL order), or undefined. */
export function wsdlComplexType(name: string): SchemaComplexType | undefined {
  const value = entry(name);
  return value && !Array.isArray(value) ? value : undefined;
}

/** The WSDL's enum `name` (its values), or undefined. */
export function wsdlEnum(name: string): string[] | undefined {
  const value = entry(name);
  return Array.isArray(value) ? value : undefined;
}

/** The API version of the table's WSDL (e.g. "66.0"). */
export function wsdlTableApiVersion(): string {
  return load().header.apiVersion;
}
