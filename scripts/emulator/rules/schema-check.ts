/**
 * Checks a parsed component against the WSDL-derived schema at the deploy's API version:
 * elements the type does not have (or not at this version) and required elements.
 */
import { fieldVersion } from '../../catalog/catalog';
import { fieldsOf, schema, type XmlRecord, type XmlValue } from '../../core/xml';
import { ComponentProblem, deployProblems } from '../errors';

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
    const version = fieldVersion(typeName, key);
    const outOfVersion =
      version !== undefined &&
      ((version.minVersion !== undefined && apiVersion < version.minVersion) ||
        (version.maxVersion !== undefined && apiVersion > version.maxVersion));
    if (!field || outOfVersion) {
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
