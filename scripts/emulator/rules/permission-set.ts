/**
 * PermissionSet rules (Metadata API Developer Guide: PermissionSet; Tooling API: PermissionDependency):
 * user permissions must exist in the org's shape; an enabled permission needs every permission
 * it is declared to depend on (catalog `dependsOn` only, never `worksWith`); object permissions
 * need the object; the licence must exist and allow each enabled permission; label ≤ 80,
 * description ≤ 255. A deploy replaces the whole set (API 40+), so there is no merge.
 */
import { LIMITS, PERMISSIONS, permissionByKey } from '../../catalog/catalog';
import { listOf, type XmlRecord } from '../../core/xml';
import { ComponentProblem, deployProblems } from '../errors';
import { EMULATED_EVENT_LOG_OBJECTS_PERMISSION, type OrgShape } from '../shapes';
import type { MetadataRule, RuleContext } from './context';

/** The org's API name of a catalog permission (the emulated one for the label-only permission). */
export function apiNameOfKey(key: string, shape: OrgShape): string | undefined {
  const fact = permissionByKey(key);
  if (!fact) return undefined;
  if (fact.apiName) return fact.apiName;
  return (
    shape.userPermissions.find((p) => p.catalogKey === key)?.apiName ??
    (key === 'ViewEventLogObjectData' ? EMULATED_EVENT_LOG_OBJECTS_PERMISSION : undefined)
  );
}

/** Declared dependencies by API name, from the catalog's `dependsOn`. */
export function declaredDependencies(shape: OrgShape): Map<string, string[]> {
  const result = new Map<string, string[]>();
  for (const fact of PERMISSIONS) {
    const name = apiNameOfKey(fact.key, shape);
    if (!name || fact.dependsOn.length === 0) continue;
    result.set(
      name,
      fact.dependsOn.map((k) => apiNameOfKey(k, shape)).filter((n): n is string => n !== undefined),
    );
  }
  return result;
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
    const dependencies = declaredDependencies(ctx.shape);
    for (const name of enabled) {
      const missing = (dependencies.get(name) ?? []).filter((dep) => !enabled.has(dep));
      if (missing.length > 0) problems.push(deployProblems.permissionDependency(name, missing));
    }

    const objects = new Set(ctx.shape.objects);
    for (const op of listOf<XmlRecord>(value.objectPermissions)) {
      const object = String(op.object ?? '');
      if (!objects.has(object)) problems.push(deployProblems.noSuchObject(object));
    }

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
