/**
 * Turns the Metadata API WSDL into a compact structural schema of the types reco-sf writes:
 * for each complex type its fields in WSDL order (name, type, min/max occurs), and for each
 * referenced simple type its enum values. The output, scripts/wsdl/metadata-schema.json, is
 * committed; re-run with a newer WSDL:  npx reco-sf wsdl-schema --wsdl path/to/metadata.wsdl
 */
import { readFileSync } from 'node:fs';
import { XMLParser } from 'fast-xml-parser';
import { compareText } from '../core/order';

export interface SchemaField {
  name: string;
  /** `xsd:string`-style primitives keep their xsd name; others are type names in this schema. */
  type: string;
  min: number;
  /** -1 = unbounded */
  max: number;
}
export interface SchemaComplexType {
  base?: string;
  fields: SchemaField[];
}
export interface MetadataSchema {
  source: string;
  apiVersion: string;
  /** Metadata types we write, by root element name. */
  roots: string[];
  complexTypes: Record<string, SchemaComplexType>;
  enums: Record<string, string[]>;
}

/** The metadata types reco-sf generates, reads or merges. */
export const ROOT_TYPES = [
  'PermissionSet',
  'EventSettings',
  'RealTimeEventSettings',
  'SecuritySettings',
  'ConnectedApp',
  'ExternalClientApplication',
  'ExtlClntAppOauthSettings',
  'ExtlClntAppOauthConfigurablePolicies',
  'ExtlClntAppConfigurablePolicies',
  'ExtlClntAppGlobalOauthSettings',
  'Profile',
  'StaticResource',
  'ConnectedAppSettings',
];

type XmlNode = Record<string, unknown>;

function asArray<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function stripPrefix(qname: string): string {
  return qname.startsWith('tns:') ? qname.slice(4) : qname;
}

function readFields(node: XmlNode): SchemaField[] {
  const sequence = node['xsd:sequence'] as XmlNode | undefined;
  return asArray(sequence?.['xsd:element'] as XmlNode | XmlNode[] | undefined).map((el) => ({
    name: String(el['@_name']),
    type: stripPrefix(String(el['@_type'])),
    min: el['@_minOccurs'] === undefined ? 1 : Number(el['@_minOccurs']),
    max:
      el['@_maxOccurs'] === 'unbounded'
        ? -1
        : el['@_maxOccurs'] === undefined
          ? 1
          : Number(el['@_maxOccurs']),
  }));
}

interface WsdlTypes {
  complexNodes: Map<string, XmlNode>;
  simpleNodes: Map<string, XmlNode>;
}

function parseWsdl(wsdlText: string, source: string): WsdlTypes {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_' });
  const doc = parser.parse(wsdlText) as XmlNode;
  const definitions = doc['definitions'] as XmlNode;
  const types = definitions['types'] as XmlNode;
  const schemas = asArray(types['xsd:schema'] as XmlNode | XmlNode[]);
  const metadataSchema = schemas.find(
    (s) => s['@_targetNamespace'] === 'http://soap.sforce.com/2006/04/metadata',
  );
  if (!metadataSchema)
    throw new Error(`${source}: no schema with targetNamespace http://soap.sforce.com/2006/04/metadata`);

  const complexNodes = new Map<string, XmlNode>();
  for (const ct of asArray(metadataSchema['xsd:complexType'] as XmlNode | XmlNode[]))
    complexNodes.set(String(ct['@_name']), ct);
  const simpleNodes = new Map<string, XmlNode>();
  for (const st of asArray(metadataSchema['xsd:simpleType'] as XmlNode | XmlNode[]))
    simpleNodes.set(String(st['@_name']), st);
  return { complexNodes, simpleNodes };
}

function extensionOf(complex: XmlNode): XmlNode | undefined {
  const content = complex['xsd:complexContent'] as XmlNode | undefined;
  return content?.['xsd:extension'] as XmlNode | undefined;
}

/** The types reachable from `roots`: complex types (fields in WSDL order) and enums. */
function collect(
  wsdl: WsdlTypes,
  source: string,
  roots: string[],
): Pick<MetadataSchema, 'complexTypes' | 'enums'> {
  const complexTypes: Record<string, SchemaComplexType> = {};
  const enums: Record<string, string[]> = {};
  const visit = (name: string): void => {
    if (name.startsWith('xsd:') || complexTypes[name] || enums[name]) return;
    const simple = wsdl.simpleNodes.get(name);
    if (simple) {
      const restriction = simple['xsd:restriction'] as XmlNode;
      enums[name] = asArray(restriction['xsd:enumeration'] as XmlNode | XmlNode[]).map((e) =>
        String(e['@_value']),
      );
      return;
    }
    const complex = wsdl.complexNodes.get(name);
    if (!complex) throw new Error(`${source}: type ${name} is referenced but not defined`);
    const extension = extensionOf(complex);
    const entry: SchemaComplexType = extension
      ? { base: stripPrefix(String(extension['@_base'])), fields: readFields(extension) }
      : { fields: readFields(complex) };
    complexTypes[name] = entry;
    if (entry.base) visit(entry.base);
    for (const field of entry.fields) visit(field.type);
  };
  for (const root of roots) visit(root);
  return { complexTypes, enums };
}

function apiVersionOf(wsdlText: string): string {
  return /Salesforce\.com Metadata API version ([0-9.]+)/.exec(wsdlText)?.[1] ?? 'unknown';
}

export function wsdlToSchema(wsdlText: string, source: string, roots: string[] = ROOT_TYPES): MetadataSchema {
  const { complexTypes, enums } = collect(parseWsdl(wsdlText, source), source, roots);
  return {
    source,
    apiVersion: apiVersionOf(wsdlText),
    roots: [...roots],
    complexTypes: sortKeys(complexTypes),
    enums: sortKeys(enums),
  };
}

/**
 * Every metadata type of the WSDL: each complex type whose base chain reaches `Metadata` (the
 * WSDL's abstract base of every metadata component), i.e. every root element a metadata file
 * can have. Sorted.
 */
function metadataRoots(wsdl: WsdlTypes): string[] {
  const baseOf = (name: string): string | undefined => {
    const node = wsdl.complexNodes.get(name);
    const extension = node && extensionOf(node);
    return extension ? stripPrefix(String(extension['@_base'])) : undefined;
  };
  const isMetadata = (name: string): boolean => {
    for (let base = baseOf(name), depth = 0; base && depth < 16; base = baseOf(base), depth++)
      if (base === 'Metadata') return true;
    return false;
  };
  return [...wsdl.complexNodes.keys()].filter(isMetadata).sort();
}

/** The header line of the type table. */
export interface TypeTableHeader {
  source: string;
  apiVersion: string;
  /** Every metadata type (a file's possible root element). */
  roots: string[];
}

/**
 * The whole WSDL as a type table (scripts/wsdl/metadata-types.tsv), for validate's check of any
 * metadata file: line 1 the JSON header (TypeTableHeader); then one line per type, sorted,
 * `<name>\t<JSON>`: a SchemaComplexType (`{…}`) or an enum's values (`[…]`). One line per type
 * lets a reader parse only the types a file uses (scripts/wsdl/types.ts).
 */
export function wsdlToTypeTable(wsdlText: string, source: string): string {
  const wsdl = parseWsdl(wsdlText, source);
  const roots = metadataRoots(wsdl);
  const { complexTypes, enums } = collect(wsdl, source, roots);
  const header: TypeTableHeader = { source, apiVersion: apiVersionOf(wsdlText), roots };
  const lines = Object.entries({ ...complexTypes, ...enums })
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${name}\t${JSON.stringify(value)}`);
  return [JSON.stringify(header), ...lines].join('\n') + '\n';
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => compareText(a, b)));
}

export function wsdlFileToTypeTable(path: string): string {
  return wsdlToTypeTable(readFileSync(path, 'utf8'), path.split('/').pop() ?? path);
}

export function wsdlFileToSchema(path: string): MetadataSchema {
  return wsdlToSchema(readFileSync(path, 'utf8'), path.split('/').pop() ?? path);
}
