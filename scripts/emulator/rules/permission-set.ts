/**
 * PermissionSet rules (Metadata API Developer Guide: PermissionSet; Tooling API: PermissionDependency):
 * user permissions must exist in the org's shape; an enabled permission needs every permission
 * it is declared to depend on (facts/permission-dependencies.json); object permissions
 * need the object; the licence must exist and allow each enabled permission; label ≤ 80,
 * description ≤ 255. A deploy replaces the whole set (API 40+), so there is no merge.
 */
import { listOf, type XmlRecord } from '../../core/xml';
import { ComponentProblem, deployProblems } from '../errors';
import { ORG_BASELINE, STANDARD_APPS, STANDARD_OBJECTS } from '../facts';
import type { MetadataRule, RuleContext } from './context';

const LIMITS = ORG_BASELINE.permissionSetLimits;

const KNOWN_FIELDS = new Map(STANDARD_OBJECTS.map((o) => [o.name, o.fields ? new Set(o.fields) : undefined]));

/**
 * References to other components, checked against what the baseline org holds: fields (standard
 * ones of its objects; it has no custom fields), standard apps and standard object tabs; it has no
 * Apex classes, Visualforce pages, custom permissions or record types. Messages in the Metadata
 * API's "In field: X - no Y named Z found" form.
 */
function referenceProblems(value: XmlRecord, objects: ReadonlySet<string>): ComponentProblem[] {
  const problems: ComponentProblem[] = [];
  for (const fp of listOf<XmlRecord>(value.fieldPermissions)) {
    const field = String(fp.field ?? '');
    const [object, name = ''] = field.split('.');
    const listed = KNOWN_FIELDS.get(object);
    const exists = objects.has(object) && !name.endsWith('__c') && (listed === undefined || listed.has(name));
    if (!exists) problems.push(deployProblems.noSuchField(field));
  }
  const missing = (
    list: string,
    key: string,
    element: string,
    type: string,
    known: (n: string) => boolean,
  ): void => {
    for (const item of listOf<XmlRecord>(value[list])) {
      const name = String(item[key] ?? '');
      if (!known(name)) problems.push(deployProblems.noSuchReference(element, type, name));
    }
  };
  missing('applicationVisibilities', 'application', 'application', 'CustomApplication', (n) =>
    STANDARD_APPS.includes(n),
  );
  missing('classAccesses', 'apexClass', 'apexClass', 'ApexClass', () => false);
  missing('pageAccesses', 'apexPage', 'apexPage', 'ApexPage', () => false);
  missing('customPermissions', 'name', 'name', 'CustomPermission', () => false);
  missing('recordTypeVisibilities', 'recordType', 'recordType', 'RecordType', () => false);
  missing(
    'tabSettings',
    'tab',
    'tab',
    'CustomTab',
    (n) => n.startsWith('standard-') && objects.has(n.slice('standard-'.length)),
  );
  return problems;
}

export const permissionSetRule: MetadataRule = {
  check(_member: string, _root: string, value: XmlRecord, ctx: RuleContext): ComponentProblem[] {
    const problems: ComponentProblem[] = [];
    const label = typeof value.label === 'string' ? value.label : '';
    if (label.length > LIMITS.labelMax) problems.push(deployProblems.fieldTooLong('label', LIMITS.labelMax));
    if (typeof value.description === 'string' && value.description.length > LIMITS.descriptionMax) {
      problems.push(deployProblems.fieldTooLong('description', LIMITS.descriptionMax));
    }

    const known = new Set(ctx.shape.userPermissions.map((p) => p.apiName));
    const enabled = new Set<string>();
    for (const perm of listOf<XmlRecord>(value.userPermissions)) {
      const name = String(perm.name ?? '');
      if (!known.has(name)) {
        problems.push(deployProblems.unknownUserPermission(name));
        continue;
      }
      if (perm.enabled === true) enabled.add(name);
    }
    const dependencies = ctx.shape.dependencies;
    for (const name of enabled) {
      const missing = (dependencies.get(name) ?? []).filter((dep) => !enabled.has(dep));
      if (missing.length > 0) problems.push(deployProblems.permissionDependency(name, missing));
    }

    const objects = new Set(ctx.shape.objects);
    for (const op of listOf<XmlRecord>(value.objectPermissions)) {
      const object = String(op.object ?? '');
      if (!objects.has(object)) problems.push(deployProblems.noSuchObject(object));
    }
    problems.push(...referenceProblems(value, objects));

    if (typeof value.license === 'string' && value.license !== '') {
      const psl = ctx.permissionSetLicense(value.license);
      if (psl) {
        for (const name of enabled) {
          if (psl[`MaximumPermissions${name}`] === false)
            problems.push(deployProblems.licenseDoesNotAllow(name));
        }
      } else if (!ctx.userLicenseExists(value.license)) {
        problems.push(deployProblems.noSuchLicense(value.license));
      }
    }
    return problems;
  },
};
