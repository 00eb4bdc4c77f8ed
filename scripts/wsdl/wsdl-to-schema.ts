/**
 * Turns the Metadata API WSDL into a compact structural schema of the types reco-sf writes:
 * for each complex type its fields in WSDL order (name, type, min/max occurs), and for each
 * referenced simple type its enum values. The output, scripts/wsdl/metadata-schema.json, is
 * committed; re-run with a newer WSDL:  npx reco-sf wsdl-schema --wsdl path/to/metadata.wsdl
 */
import { readFileSync } from 'node:fs';
import { XMLParser } from 'fast-xml-parser';

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

export function wsdlToSchema(wsdlText: string, source: string, roots: string[] = ROOT_TYPES): MetadataSchema {
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

  const complexTypes: Record<string, SchemaComplexType> = {};
  const enums: Record<string, string[]> = {};
  const visit = (name: string): void => {
    if (name.startsWith('xsd:') || complexTypes[name] || enums[name]) return;
    const simple = simpleNodes.get(name);
    if (simple) {
      const restriction = simple['xsd:restriction'] as XmlNode;
      enums[name] = asArray(restriction['xsd:enumeration'] as XmlNode | XmlNode[]).map((e) =>
        String(e['@_value']),
      );
      return;
    }
    const complex = complexNodes.get(name);
    if (!complex) throw new Error(`${source}: type ${name} is referenced but not defined`);
    const content = complex['xsd:complexContent'] as XmlNode | undefined;
    const extension = content?.['xsd:extension'] as XmlNode | undefined;
    const entry: SchemaComplexType = extension
      ? { base: stripPrefix(String(extension['@_base'])), fields: readFields(extension) }
      : { fields: readFields(complex) };
    complexTypes[name] = entry;
    if (entry.base) visit(entry.base);
    for (const field of entry.fields) visit(field.type);
  };
  for (const root of roots) visit(root);

  const version = /Salesforce\.com Metadata API version ([0-9.]+)/.exec(wsdlText)?.[1] ?? 'unknown';
  return {
    source,
    apiVersion: version,
    roots: [...roots],
    complexTypes: sortKeys(complexTypes),
    enums: sortKeys(enums),
  };
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}

export function wsdlFileToSchema(path: string): MetadataSchema {
  return wsdlToSchema(readFileSync(path, 'utf8'), path.split('/').pop() ?? path);
}
