/**
 * The structural half of `reco-sf validate`: is a metadata file well-formed XML in Salesforce's
 * source format, and does it match the WSDL-derived schema (elements known, in WSDL order, not
 * repeated unless repeatable, required ones present, values of the right type and enum)?
 * The rules come from the WSDL: scripts/wsdl/metadata-schema.json for the types reco-sf writes
 * (loaded with the generator), scripts/wsdl/metadata-types.tsv (read lazily, scripts/wsdl/types.ts)
 * for every other metadata type a file can be. Semantic rules (permission names, IP ranges,
 * string fields Salesforce constrains beyond the WSDL) live in the rules module.
 */
import { basename } from 'node:path';
import { rootForSuffix } from '../components';
import { fileLocation, type Diagnostic, type Severity } from '../core/diagnostic';
import { readInput, type ReadResult } from '../core/read';
import { findXmlHazard } from '../core/xml-guard';
import { METADATA_NS, schema, XMLValidator } from '../core/xml';
import { isWsdlMetadataType, wsdlComplexType, wsdlEnum } from '../wsdl/types';
import type { SchemaComplexType, SchemaField } from '../wsdl/wsdl-to-schema';
import { LineIndex, scanXml, type ScannedElement } from './xml-scan';

/** Our files are a few hundred KB at most; a real org's largest permission set is ~1 MB. */
export const MAX_METADATA_FILE_BYTES = 5 * 1024 * 1024;

/** Roots by suffix that no component kind owns (the kinds know their own: rootForSuffix). */
const SUFFIX_ROOTS: Record<string, string> = { profile: 'Profile' };

/**
 * The root element a file must have, by its suffix in source format (`Security.settings-meta.xml`)
 * or metadata format (`Security.settings`); undefined when we do not know the suffix.
 */
export function expectedRootFor(displayPath: string): string | undefined {
  const match = /([^.]+)\.([A-Za-z]+)(?:-meta\.xml)?$/.exec(basename(displayPath));
  if (!match) return undefined;
  // Settings files are named after the type without its suffix: Security.settings → SecuritySettings.
  // Only the last dotted part counts, so a test fixture may carry a prefix (case-1.Security.settings-meta.xml).
  if (match[2] === 'settings') return `${match[1]}Settings`;
  return SUFFIX_ROOTS[match[2]] ?? rootForSuffix(match[2]);
}

/**
 * How a file is judged. Generated files must be exactly what the generator writes; hand-written
 * ones (another team's metadata in the same project) only what the Metadata API accepts: it
 * accepts elements in any order, so an order other than the WSDL's is a warning for them.
 */
export interface StructureOptions {
  handWritten?: boolean;
  /**
   * The API version the file is written for (sfdx-project.json sourceApiVersion). Above the
   * schema's version, an element or enum value the schema lacks may be a newer one: a warning.
   */
  apiVersion?: string;
}

/** A WSDL complex type: the compact schema's (no file read), else the full table's. */
function complexType(name: string): SchemaComplexType | undefined {
  if (name.startsWith('xsd:')) return undefined;
  return schema.complexTypes[name] ?? wsdlComplexType(name);
}

function enumValuesOf(name: string): string[] | undefined {
  if (name.startsWith('xsd:')) return undefined;
  return schema.enums[name] ?? wsdlEnum(name);
}

/** Whether the file's API version is newer than the schema's, so "unknown" may mean "added since". */
function newerThanSchema(options: StructureOptions): boolean {
  return (
    options.handWritten === true &&
    options.apiVersion !== undefined &&
    Number(options.apiVersion) > Number(schema.apiVersion)
  );
}

/** Collects problems for one file; positions are computed lazily from offsets. */
class Report {
  readonly problems: Diagnostic[] = [];
  private index?: LineIndex;

  constructor(
    private readonly file: string,
    private readonly text = '',
    readonly options: StructureOptions = {},
  ) {}

  add(severity: Severity, code: string, message: string, fix: string, at?: number, field?: string): void {
    const position =
      at === undefined ? { line: 1, column: 1 } : (this.index ??= new LineIndex(this.text)).position(at);
    const location = fileLocation(this.file, { ...position, path: field });
    this.problems.push({ severity, code, message, location, fix, source: 'salesforce' });
  }
}

/**
 * Checks one metadata file. It is read through the strict reader (regular file, size limit,
 * UTF-8, no forbidden characters; a symlink leaving `options.root` is refused, not followed).
 */
export function checkMetadataFile(
  absPath: string,
  displayPath: string,
  options: StructureOptions & { root?: string } = {},
): Diagnostic[] {
  const read = readMetadataFile(absPath, displayPath, options.root);
  return read.ok ? checkMetadataText(read.text, displayPath, options) : [read.problem];
}

/** The strict read of a metadata file; reader codes become XML_* (XML_NOT_A_FILE, XML_TOO_LARGE, XML_ENCODING, …). */
export function readMetadataFile(absPath: string, displayPath: string, root?: string): ReadResult {
  const read = readInput(absPath, {
    display: displayPath,
    maxBytes: MAX_METADATA_FILE_BYTES,
    root,
    what: 'a metadata source file',
  });
  if (read.ok) return read;
  const code = read.problem.code.replace(/^INPUT_/, 'XML_');
  const location = fileLocation(
    read.problem.location && 'file' in read.problem.location ? read.problem.location.file : '',
    {
      line: 1,
      column: 1,
      ...(read.problem.location && 'file' in read.problem.location ? read.problem.location : {}),
    },
  );
  return { ok: false, problem: { ...read.problem, code, location } };
}

export function checkMetadataText(
  input: string,
  displayPath: string,
  options: StructureOptions = {},
): Diagnostic[] {
  const hasBom = input.charCodeAt(0) === 0xfeff;
  // Offsets stay aligned with the file's columns when the BOM is replaced rather than removed.
  const text = hasBom ? ' ' + input.slice(1) : input;
  const report = new Report(displayPath, text, options);
  if (text.trim().length === 0) {
    report.add(
      'error',
      'XML_EMPTY',
      `${displayPath} is empty`,
      'regenerate it with `reco-sf generate` or delete it',
    );
    return report.problems;
  }
  if (hasBom) {
    report.add(
      'error',
      'XML_BOM',
      `${displayPath} starts with a UTF-8 byte order mark; Salesforce source files are written without one`,
      're-save the file as UTF-8 without BOM',
      0,
    );
  }
  const crlf = text.indexOf('\r\n');
  if (crlf >= 0) {
    report.add(
      'warning',
      'XML_CRLF',
      `${displayPath} has CRLF line ends; Salesforce writes LF`,
      'convert line ends to LF (e.g. `dos2unix`)',
      crlf,
    );
  }
  const hazard = findXmlHazard(hasBom ? ' ' + text.slice(1) : text);
  if (hazard) {
    report.problems.push({
      severity: 'error',
      code: hazard.code,
      message: `${displayPath} ${hazard.message}`,
      location: { ...hazard.location, file: displayPath },
      source: 'salesforce',
      fix: hazard.fix,
    });
    return report.problems;
  }
  const body = hasBom ? text.slice(1) : text;
  const wellFormed = XMLValidator.validate(body);
  if (wellFormed !== true) {
    const { line, col, msg } = wellFormed.err;
    report.problems.push({
      severity: 'error',
      code: 'XML_MALFORMED',
      message: `${displayPath} is not well-formed XML: ${msg}`,
      location: fileLocation(displayPath, { line: line, column: line === 1 && hasBom ? col + 1 : col }),
      source: 'salesforce',
      fix: 'fix the XML syntax at this position (unclosed or mismatched tag, stray `<` or `&`)',
    });
    return report.problems;
  }
  checkDocument(text, displayPath, report);
  return report.problems;
}

function checkDocument(text: string, displayPath: string, report: Report): void {
  const doc = scanXml(text);
  const root = doc.root;
  if (!root) {
    report.add(
      'error',
      'XML_MALFORMED',
      `${displayPath} has no root element`,
      'a metadata file holds one root element',
    );
    return;
  }
  if (!doc.hasDeclaration) {
    report.add(
      'warning',
      'XML_DECLARATION_MISSING',
      `${displayPath} has no XML declaration`,
      'start the file with <?xml version="1.0" encoding="UTF-8"?>',
      root.offset,
    );
  }
  checkNamespace(root, report);
  const expected = expectedRootFor(displayPath);
  if (expected !== undefined && root.name !== expected) {
    report.add(
      'error',
      'XML_WRONG_ROOT',
      `root element <${root.name}> does not match the file suffix, which needs <${expected}>`,
      `rename the file or change the root element to <${expected}>`,
      root.offset,
      root.name,
    );
  }
  // Another team's types (classes, objects, layouts, …) are checked against the whole WSDL.
  if (!schema.roots.includes(root.name) && !isWsdlMetadataType(root.name)) {
    // Not a metadata type: SDR resolution and the Metadata API judge it. Only a generated file of an unknown type is news.
    if (!report.options.handWritten && (expected === undefined || !schema.complexTypes[expected])) {
      report.add(
        'warning',
        'XML_UNKNOWN_TYPE',
        `<${root.name}> is not a metadata type in metadata-schema.json; its structure was not checked`,
        'add the type to ROOT_TYPES in scripts/wsdl/wsdl-to-schema.ts and run `reco-sf wsdl-schema`',
        root.offset,
        root.name,
      );
    }
    return;
  }
  checkComplex(root, root.name, root.name, report);
}

function checkNamespace(root: ScannedElement, report: Report): void {
  const ns = root.attributes['xmlns'];
  if (ns === undefined) {
    report.add(
      'error',
      'XML_NAMESPACE_MISSING',
      `root element <${root.name}> has no xmlns; metadata must be in ${METADATA_NS}`,
      `add xmlns="${METADATA_NS}" to <${root.name}>`,
      root.offset,
      root.name,
    );
  } else if (ns !== METADATA_NS) {
    report.add(
      'error',
      'XML_NAMESPACE_WRONG',
      `root element <${root.name}> has xmlns="${ns}"; metadata must be in ${METADATA_NS}`,
      `set xmlns="${METADATA_NS}"`,
      root.offset,
      root.name,
    );
  }
}

/** Fields of a type in document order, base type first; the abstract Metadata base is included because `fullName` may appear. */
function allFields(typeName: string): SchemaField[] {
  const type = complexType(typeName);
  if (!type) return [];
  return type.base ? [...allFields(type.base), ...type.fields] : type.fields;
}

const fieldCache = new Map<string, { list: SchemaField[]; byName: Map<string, number> }>();
function fieldTable(typeName: string): { list: SchemaField[]; byName: Map<string, number> } {
  let table = fieldCache.get(typeName);
  if (!table) {
    const list = allFields(typeName);
    table = { list, byName: new Map(list.map((f, i) => [f.name, i])) };
    fieldCache.set(typeName, table);
  }
  return table;
}

function checkComplex(element: ScannedElement, typeName: string, path: string, report: Report): void {
  if (element.textOffset !== undefined) {
    report.add(
      'error',
      'XML_TEXT_IN_COMPLEX',
      `<${element.name}> (${typeName}) holds text, but it takes only child elements`,
      `move the text into one of the child elements of <${element.name}>`,
      element.textOffset,
      path,
    );
  }
  const { list, byName } = fieldTable(typeName);
  const counts = new Map<string, number>();
  let furthest = -1;
  let orderReported = false;
  for (const child of element.children) {
    const index = byName.get(child.name);
    const childPath = `${path}.${child.name}`;
    if (index === undefined) {
      reportUnknown(child, typeName, childPath, report);
      continue;
    }
    const field = list[index];
    const count = (counts.get(field.name) ?? 0) + 1;
    counts.set(field.name, count);
    if (opaqueContent(child, field)) {
      // Source format places it freely (an LWC's targetConfigs after its targets): not ordered.
    } else if (index < furthest) {
      // A hand-written element gets one warning (its first misplaced child), not one per child.
      if (!(report.options.handWritten && orderReported))
        reportOrder(child, list[furthest].name, typeName, childPath, report);
      orderReported = true;
    } else furthest = index;
    if (field.max === 1 && count === 2) reportRepeated(child, typeName, childPath, report);
    checkChild(child, field, childPath, report);
  }
  for (const field of list) {
    if (field.min > (counts.get(field.name) ?? 0)) reportMissing(element, field, typeName, path, report);
  }
}

function reportUnknown(child: ScannedElement, typeName: string, path: string, report: Report): void {
  const newer = newerThanSchema(report.options);
  report.add(
    newer ? 'warning' : 'error',
    'XML_UNKNOWN_ELEMENT',
    `<${child.name}> is not an element of ${typeName} (Metadata API v${schema.apiVersion})${newer ? `; the project is at v${report.options.apiVersion ?? ''}, so it may be newer` : ''}`,
    'check the spelling, or remove it if it belongs to another API version',
    child.offset,
    path,
  );
}

function reportOrder(
  child: ScannedElement,
  after: string,
  typeName: string,
  path: string,
  report: Report,
): void {
  const handWritten = report.options.handWritten === true;
  report.add(
    handWritten ? 'warning' : 'error',
    'XML_ORDER',
    handWritten
      ? `<${child.name}> is out of WSDL order in ${typeName} (after <${after}>); the Metadata API accepts it, but a retrieve writes it in WSDL order`
      : `<${child.name}> is out of order in ${typeName}: it must come before <${after}>`,
    `move <${child.name}> above <${after}> (WSDL order)`,
    child.offset,
    path,
  );
}

function reportRepeated(child: ScannedElement, typeName: string, path: string, report: Report): void {
  report.add(
    'error',
    'XML_REPEATED',
    `<${child.name}> appears more than once in ${typeName}, which allows it once`,
    `keep a single <${child.name}>`,
    child.offset,
    path,
  );
}

function reportMissing(
  element: ScannedElement,
  field: SchemaField,
  typeName: string,
  path: string,
  report: Report,
): void {
  report.add(
    'error',
    'XML_MISSING_REQUIRED',
    `<${element.name}> (${typeName}) lacks required element <${field.name}>`,
    `add <${field.name}> inside <${element.name}>`,
    element.offset,
    `${path}.${field.name}`,
  );
}

/** Content the Metadata API carries as base64 that source files write as XML (an LWC's targetConfigs): not judged. */
function opaqueContent(child: ScannedElement, field: SchemaField): boolean {
  return field.type === 'xsd:base64Binary' && child.children.length > 0;
}

function checkChild(child: ScannedElement, field: SchemaField, path: string, report: Report): void {
  if (complexType(field.type)) {
    checkComplex(child, field.type, path, report);
    return;
  }
  if (opaqueContent(child, field)) return;
  if (child.children.length > 0) {
    report.add(
      'error',
      'XML_CHILDREN_IN_SCALAR',
      `<${child.name}> takes a ${field.type} value, not child elements (found <${child.children[0].name}>)`,
      `replace the children of <${child.name}> with a plain value`,
      child.children[0].offset,
      path,
    );
    return;
  }
  checkValue(child, field, path, report);
}

interface ValueRule {
  code: string;
  test: (value: string) => boolean;
  expected: string;
}

const INT32 = (v: string): boolean => /^[+-]?[0-9]+$/.test(v) && Math.abs(Number(v)) <= 2 ** 31;
const VALUE_RULES: Record<string, ValueRule> = {
  'xsd:boolean': {
    code: 'XML_BAD_BOOLEAN',
    test: (v) => v === 'true' || v === 'false',
    expected: 'true or false',
  },
  'xsd:int': { code: 'XML_BAD_INT', test: INT32, expected: 'a 32-bit integer' },
  'xsd:long': { code: 'XML_BAD_INT', test: (v) => /^[+-]?[0-9]+$/.test(v), expected: 'an integer' },
  'xsd:double': {
    code: 'XML_BAD_NUMBER',
    test: (v) => /^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(v),
    expected: 'a number',
  },
  'xsd:base64Binary': {
    code: 'XML_BAD_BASE64',
    test: (v) => /^[A-Za-z0-9+/\s]*={0,2}\s*$/.test(v),
    expected: 'base64 data',
  },
};

function checkValue(child: ScannedElement, field: SchemaField, path: string, report: Report): void {
  const value = child.text;
  const enumValues = enumValuesOf(field.type);
  if (enumValues) {
    if (!enumValues.includes(value)) {
      const shown =
        enumValues.length <= 12 ? enumValues.join(', ') : `${enumValues.slice(0, 12).join(', ')}, …`;
      report.add(
        newerThanSchema(report.options) ? 'warning' : 'error',
        'XML_BAD_ENUM',
        `<${child.name}> is "${value}", not a ${field.type} value (${shown})`,
        `use one of: ${enumValues.join(', ')}`,
        child.offset,
        path,
      );
    }
    return;
  }
  const rule = VALUE_RULES[field.type];
  if (rule && !rule.test(value)) {
    report.add(
      'error',
      rule.code,
      `<${child.name}> is "${value}", but ${field.type} needs ${rule.expected}`,
      `write ${rule.expected}, exactly, with no surrounding spaces`,
      child.offset,
      path,
    );
  }
}
