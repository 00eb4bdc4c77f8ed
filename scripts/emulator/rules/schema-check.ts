/**
 * Checks a parsed component against the WSDL-derived schema at the deploy's API version:
 * elements the type does not have (or not at this version) and required elements.
 */
import { fieldsOf, schema, type XmlRecord, type XmlValue } from '../../core/xml';
import { ComponentProblem, deployProblems } from '../errors';
import { fieldInVersion } from '../facts';

function isRecord(value: XmlValue | undefined): value is XmlRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function schemaProblems(typeName: string, value: XmlRecord, apiVersion: number): ComponentProblem[] {
  const problems: ComponentProblem[] = [];
  walk(typeName, value, apiVersion, problems);
  return problems;
}

function walk(typeName: string, value: XmlRecord, apiVersion: number, problems: ComponentProblem[]): void {
  const fields = new Map(fieldsOf(typeName).map((f) => [f.name, f]));
  for (const [key, raw] of Object.entries(value)) {
    if (raw === undefined || key === 'fullName') continue;
    const field = fields.get(key);
    if (!field || !fieldInVersion(typeName, key, apiVersion)) {
      problems.push(deployProblems.invalidElement(key, typeName));
      continue;
    }
    if (schema.complexTypes[field.type]) {
      for (const item of Array.isArray(raw) ? raw : [raw])
        if (isRecord(item)) walk(field.type, item, apiVersion, problems);
    } else if (field.type === 'xsd:boolean') {
      for (const item of Array.isArray(raw) ? raw : [raw]) {
        if (typeof item !== 'boolean')
          problems.push(
            new ComponentProblem(
              `Error parsing file: '${String(item)}' is not a valid value for the type xsd:boolean`,
            ),
          );
      }
    } else if (schema.enums[field.type]) {
      for (const item of Array.isArray(raw) ? raw : [raw]) {
        if (!schema.enums[field.type].includes(String(item)))
          problems.push(deployProblems.invalidEnum(field.type, String(item)));
      }
    }
  }
  for (const field of fields.values()) {
    if (field.min >= 1 && value[field.name] === undefined)
      problems.push(deployProblems.requiredField(field.name));
  }
}

/**
 * The component as a retrieve at `apiVersion` returns it: elements the type does not have at that
 * version are left out (a retrieve at an older API version never returns newer fields; an element
 * unknown to the v66.0 WSDL, e.g. from a file retrieved at a later version, is one such field).
 */
export function valueAtVersion(typeName: string, value: XmlRecord, apiVersion: number): XmlRecord {
  if (!schema.complexTypes[typeName]) return value;
  const fields = new Map(fieldsOf(typeName).map((f) => [f.name, f]));
  const result: XmlRecord = {};
  for (const [key, raw] of Object.entries(value)) {
    const field = fields.get(key);
    if (raw === undefined || !field || !fieldInVersion(typeName, key, apiVersion)) continue;
    if (!schema.complexTypes[field.type]) {
      // A scalar field holding a structure (an unknown shape kept by the parser) cannot be rendered.
      if (isRecord(raw) || (Array.isArray(raw) && raw.some(isRecord))) continue;
      result[key] = raw;
      continue;
    }
    const items = (Array.isArray(raw) ? raw : [raw]).filter(isRecord);
    const pruned = items.map((item) => valueAtVersion(field.type, item, apiVersion));
    result[key] = Array.isArray(raw) ? pruned : pruned[0];
  }
  return result;
}
