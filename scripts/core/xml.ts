/**
 * Metadata XML in Salesforce's own source format: XML declaration, the metadata namespace,
 * 4-space indent, elements in WSDL order, booleans as true/false, one trailing newline.
 * Rendering and parsing are driven by the WSDL-derived schema, so order and types are facts
 * read from one place (scripts/wsdl/metadata-schema.json), not typed twice.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import schemaJson from '../wsdl/metadata-schema.json';
import type { MetadataSchema, SchemaComplexType, SchemaField } from '../wsdl/wsdl-to-schema';
import { RecoError } from './errors';
import { findXmlHazard } from './xml-guard';

/**
 * fast-xml-parser's validator, for modules that need it: one `require('fast-xml-parser')` per run.
 * The package has an `exports` map, and a second resolution of it from another folder makes
 * Node compile its ~17 KB machine-code check of export targets (~5% of a warm `validate`).
 */
export { XMLValidator };

export const METADATA_NS = 'http://soap.sforce.com/2006/04/metadata';
export const schema = schemaJson as MetadataSchema;

/** A metadata value as plain data: strings, numbers, booleans, nested records and arrays of them. */
export type XmlValue = string | number | boolean | XmlRecord | XmlValue[];
export interface XmlRecord {
  [field: string]: XmlValue | undefined;
}

/** Fields of a type in document order; fields of the abstract `Metadata` base are not written in source format. */
export function fieldsOf(typeName: string): SchemaField[] {
  const type: SchemaComplexType | undefined = schema.complexTypes[typeName];
  if (!type)
    throw new Error(`metadata-schema.json has no type ${typeName}; add it to ROOT_TYPES and regenerate`);
  if (!type.base || type.base === 'Metadata') return type.fields;
  return [...fieldsOf(type.base), ...type.fields];
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

function renderScalar(value: XmlValue, field: SchemaField, path: string): string {
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`${path}: number is not finite`);
    return String(value);
  }
  if (typeof value === 'string') return escapeXml(value);
  throw new Error(`${path}: ${field.type} expects a scalar`);
}

function renderFields(typeName: string, value: XmlRecord, indent: string, path: string, out: string[]): void {
  const fields = fieldsOf(typeName);
  const known = new Set(fields.map((f) => f.name));
  for (const key of Object.keys(value)) {
    if (!known.has(key) && value[key] !== undefined)
      throw new Error(`${path}: ${typeName} has no field ${key}`);
  }
  for (const field of fields) {
    const raw = value[field.name];
    if (raw === undefined) continue;
    const items = Array.isArray(raw) ? raw : [raw];
    for (const item of items) renderElement(field, item, indent, `${path}.${field.name}`, out);
  }
}

function renderElement(
  field: SchemaField,
  item: XmlValue,
  indent: string,
  path: string,
  out: string[],
): void {
  const complex = schema.complexTypes[field.type];
  if (!complex) {
    out.push(`${indent}<${field.name}>${renderScalar(item, field, path)}</${field.name}>`);
    return;
  }
  if (typeof item !== 'object' || Array.isArray(item))
    throw new Error(`${path}: ${field.type} expects a record`);
  const inner: string[] = [];
  renderFields(field.type, item, indent + '    ', path, inner);
  if (inner.length === 0) out.push(`${indent}<${field.name}></${field.name}>`);
  else out.push(`${indent}<${field.name}>`, ...inner, `${indent}</${field.name}>`);
}

/** Renders one metadata document. Throws (a programming error) on a field the schema does not know. */
export function renderMetadata(typeName: string, value: XmlRecord): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>', `<${typeName} xmlns="${METADATA_NS}">`];
  renderFields(typeName, value, '    ', typeName, out);
  out.push(`</${typeName}>`, '');
  return out.join('\n');
}

// ----------------------------------------------------------------------------------------------
// Parsing

export interface ParsedMetadata {
  root: string;
  namespace: string | undefined;
  value: XmlRecord;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  processEntities: true,
  htmlEntities: false,
});

/** Throws RecoError XML_MALFORMED with line and column when the text is not well-formed. */
export function assertWellFormed(xml: string, file: string): void {
  const result = XMLValidator.validate(xml);
  if (result !== true) {
    throw new RecoError('XML_MALFORMED', `${file}:${result.err.line}:${result.err.col}: ${result.err.msg}`, {
      file,
      line: result.err.line,
      column: result.err.col,
    });
  }
}

/** Converts the parser's raw tree into typed values according to the schema (booleans, ints, arrays). */
function typed(typeName: string, raw: Record<string, unknown>): XmlRecord {
  const result: XmlRecord = {};
  const fields = new Map(fieldsOf(typeName).map((f) => [f.name, f]));
  for (const [key, rawValue] of Object.entries(raw)) {
    if (key.startsWith('@_') || key === '#text') continue;
    const field = fields.get(key);
    const values = Array.isArray(rawValue) ? rawValue : [rawValue];
    const converted = values.map((v) => convert(field, v));
    result[key] = field && field.max === 1 && converted.length === 1 ? converted[0] : converted;
  }
  return result;
}

function convert(field: SchemaField | undefined, raw: unknown): XmlValue {
  if (field && schema.complexTypes[field.type]) {
    return typed(field.type, typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {});
  }
  if (typeof raw === 'object' && raw !== null) {
    // Unknown element with children: keep its text-free structure as strings for the validator to report.
    return Object.fromEntries(Object.entries(raw as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
  }
  const text = raw === undefined || raw === null ? '' : String(raw);
  if (field?.type === 'xsd:boolean') return text === 'true' ? true : text === 'false' ? false : text;
  if (field?.type === 'xsd:int' || field?.type === 'xsd:double' || field?.type === 'xsd:long') {
    return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
  }
  return text;
}

/**
 * Parses a metadata document into typed values. Unknown elements are kept (as strings) so a
 * validator can report them; booleans and ints that do not parse are kept as the raw text.
 * `checked`: the caller has already found the text free of DTDs and entities and well-formed
 * (validate's structure check, which reports both with their lines), so neither is checked twice.
 */
export function parseMetadata(
  xml: string,
  file: string,
  options: { checked?: boolean } = {},
): ParsedMetadata {
  const text = xml.charCodeAt(0) === 0xfeff ? xml.slice(1) : xml;
  const hazard = options.checked ? undefined : findXmlHazard(text);
  if (hazard)
    throw new RecoError(
      hazard.code,
      `${file}:${hazard.location.line}:${hazard.location.column}: ${hazard.message}`,
      { location: { ...hazard.location, file }, fix: hazard.fix, source: hazard.source },
    );
  if (!options.checked) assertWellFormed(text, file);
  const doc = parser.parse(text) as Record<string, unknown>;
  const roots = Object.keys(doc).filter((k) => !k.startsWith('?') && !k.startsWith('#'));
  if (roots.length !== 1)
    throw new RecoError('XML_ROOT', `${file}: expected one root element, found ${roots.length}`, { file });
  const root = roots[0];
  const body = doc[root];
  const rawBody = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const namespace = typeof rawBody['@_xmlns'] === 'string' ? rawBody['@_xmlns'] : undefined;
  if (!schema.complexTypes[root]) return { root, namespace, value: {} };
  return { root, namespace, value: typed(root, rawBody) };
}

/** Reads a field that may hold one item or several as an array. */
export function listOf<T extends XmlValue>(value: XmlValue | undefined): T[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]) as T[];
}
