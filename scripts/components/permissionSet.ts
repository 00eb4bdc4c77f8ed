/**
 * PermissionSet: replace semantics. Since API 40 a permission missing from the deployed file is
 * disabled in the org, so a deploy sends the whole set and a diff reports the org's extras as removals.
 */
import type {
  PermissionSet,
  PermissionSetObjectPermissions,
  PermissionSetUserPermission,
} from '@salesforce/types/metadata';
import { LIMITS, permissionByApiName, permissionByKey } from '../catalog/catalog';
import type { Diagnostic } from '../core/diagnostic';
import type { Model } from '../core/model';
import { listOf, type XmlRecord } from '../core/xml';
import { diffKeyedList, diffScalars, driftAt, driftPerItem, nameOf, parseDiffPath } from './diff';
import { nextLine, problemAt, type FileContext } from './rules';
import {
  SOURCE_ROOT,
  type BuiltComponent,
  type ComponentKind,
  type DiffItem,
  type DriftFacts,
} from './types';

type PermissionSetDoc = Pick<PermissionSet, 'description' | 'label' | 'license' | 'hasActivationRequired'> & {
  objectPermissions: Array<Omit<PermissionSetObjectPermissions, 'viewAllFields'>>;
  userPermissions: PermissionSetUserPermission[];
};

export function permissionSetDoc(model: Model): PermissionSetDoc {
  const ps = model.permissionSet;
  const names = ps.permissions.map((p) => p.apiName).filter((n): n is string => n !== null);
  return {
    description: ps.description,
    hasActivationRequired: false,
    label: ps.label,
    license: ps.license,
    objectPermissions: ps.objects.map((o) => ({
      allowCreate: false,
      allowDelete: false,
      allowEdit: false,
      allowRead: true,
      modifyAllRecords: false,
      object: o.object,
      viewAllRecords: o.viewAll,
    })),
    userPermissions: [...new Set(names)].sort().map((name) => ({ enabled: true, name })),
  };
}

function checkPermissionSet(ctx: FileContext, value: XmlRecord): Diagnostic[] {
  const problems: Diagnostic[] = [];
  const lengths = [
    ['label', LIMITS.labelMax, 'LABEL_TOO_LONG'],
    ['description', LIMITS.descriptionMax, 'DESCRIPTION_TOO_LONG'],
  ] as const;
  for (const [field, limit, code] of lengths) {
    const text = typeof value[field] === 'string' ? value[field] : '';
    if (text.length > limit)
      problems.push(
        problemAt(
          ctx,
          `<${field}>`,
          'error',
          code,
          `${field} is ${text.length} characters; the limit is ${limit}`,
        ),
      );
  }

  const allowed = new Set(
    (ctx.model?.permissionSet.permissions ?? []).map((p) => p.apiName).filter((n): n is string => n !== null),
  );
  const enabled = new Set<string>();
  const cursor = new Map<string, number>();
  for (const entry of listOf<XmlRecord>(value.userPermissions)) {
    const name = String(entry.name ?? '');
    const needle = `<name>${name}</name>`;
    const line = nextLine(ctx, needle, cursor);
    if (entry.enabled !== true) continue;
    if (enabled.has(name))
      problems.push(
        problemAt(
          ctx,
          needle,
          'error',
          'DUPLICATE_PERMISSION',
          `permission ${name} is listed twice`,
          undefined,
          line,
        ),
      );
    enabled.add(name);
    if (ctx.scope !== 'generated') continue;
    const fact = permissionByApiName(name);
    if (!fact && !allowed.has(name)) {
      problems.push(
        problemAt(
          ctx,
          needle,
          'error',
          'UNKNOWN_PERMISSION',
          `unknown user permission ${name}`,
          'use a permission from the catalog, or opt in through permissionSet.additionalPermissions',
        ),
      );
    } else if (ctx.model && !allowed.has(name)) {
      problems.push(
        problemAt(
          ctx,
          needle,
          'error',
          'LEAST_PRIVILEGE',
          `permission ${name} is not in the config's permission set`,
          'add it to permissionSet.additionalPermissions with a justification, or remove it',
        ),
      );
    }
  }
  for (const name of enabled) {
    for (const depKey of permissionByApiName(name)?.dependsOn ?? []) {
      const depName = permissionByKey(depKey)?.apiName;
      if (depName && !enabled.has(depName)) {
        // The catalog's dependencies are Salesforce's, but an org may declare others (or none):
        // binding for what Reco generates, advice for another team's set.
        problems.push(
          problemAt(
            ctx,
            `<name>${name}</name>`,
            ctx.scope === 'generated' ? 'error' : 'warning',
            'MISSING_DEPENDENCY',
            `Permission ${name} depends on permission(s): ${depName}`,
            `enable ${depName} as well`,
          ),
        );
      }
    }
  }
  const objectCursor = new Map<string, number>();
  for (const entry of listOf<XmlRecord>(value.objectPermissions)) {
    const object = String(entry.object ?? '');
    const needle = `<object>${object}</object>`;
    const line = nextLine(ctx, needle, objectCursor);
    if (entry.viewAllRecords === true && entry.allowRead !== true) {
      problems.push(
        problemAt(
          ctx,
          needle,
          'error',
          'VIEW_ALL_WITHOUT_READ',
          `${object}: View All needs Read (allowRead true)`,
        ),
      );
    }
    if (ctx.scope !== 'generated') continue;
    for (const field of ['allowCreate', 'allowEdit', 'allowDelete', 'modifyAllRecords'] as const) {
      if (entry[field] === true)
        problems.push(
          problemAt(
            ctx,
            needle,
            'error',
            'WRITE_ACCESS',
            `${object}: ${field} is true; Reco only reads`,
            'set it to false',
            line,
          ),
        );
    }
  }
  return problems;
}

function permissionDrift(item: DiffItem, facts: DriftFacts): Diagnostic {
  const parsed = parseDiffPath(item.path);
  const ps = nameOf(item.component);
  const at = (code: string, message: string, values: { needsYes?: boolean; withValues?: boolean } = {}) =>
    driftAt(facts, code, item.component, message, {
      path: item.path,
      ...(values.withValues ? { expected: item.after, actual: item.before } : {}),
      ...(values.needsYes ? { needsYes: true } : {}),
    });
  if (parsed?.list === 'userPermissions') {
    const name = `${parsed.key} (${facts.labels.get(parsed.key) ?? parsed.key})`;
    return item.kind === 'remove'
      ? at(
          'PERMISSION_ADDED',
          `permission ${name} was added to ${ps} outside reco-sf (the next deploy disables it)`,
          { needsYes: true },
        )
      : at(
          'PERMISSION_REMOVED',
          // Nothing in the org says whether it was ever enabled (a plain sf deploy without a lock never sends it).
          `permission ${name} is not enabled in ${ps}: never enabled there, or removed since (by hand, or by a plain sf deploy without a lock); the org does not say which`,
        );
  }
  if (parsed?.list === 'objectPermissions') {
    const what = parsed.field
      ? `${parsed.key}.${parsed.field} is ${String(item.before)}, expected ${String(item.after)}`
      : `${parsed.key} access is ${item.kind === 'add' ? 'missing' : 'not ours'}`;
    return at('OBJECT_ACCESS_CHANGED', `object access changed in ${ps}: ${what}`, { withValues: true });
  }
  return at(
    'PERMISSION_SET_CHANGED',
    `${ps} ${item.path} is ${JSON.stringify(item.before ?? null)}, expected ${JSON.stringify(item.after)}`,
    { withValues: true },
  );
}

export const permissionSetKind: ComponentKind = {
  id: 'permissionSet',
  rootType: 'PermissionSet',
  type: 'PermissionSet',
  suffix: 'permissionset',
  lifecycle: 'created',
  deleteOrder: 50,
  planSection: 'permissionSet',
  build(model: Model): BuiltComponent[] {
    const name = model.permissionSet.name;
    return [
      {
        type: 'PermissionSet',
        fullName: name,
        path: `${SOURCE_ROOT}/permissionsets/${name}.permissionset-meta.xml`,
        rootType: 'PermissionSet',
        value: permissionSetDoc(model) as unknown as XmlRecord,
      },
    ];
  },
  merge: (desired) => desired,
  diff(desired, current, component) {
    const enabledOnly = (list: XmlRecord['userPermissions']): XmlRecord[] =>
      (Array.isArray(list) ? list : list ? [list] : []).filter(
        (p): p is XmlRecord => typeof p === 'object' && !Array.isArray(p) && p.enabled === true,
      );
    return [
      ...diffScalars(component, ['label', 'description', 'license'], desired, current),
      ...diffKeyedList(
        component,
        'userPermissions',
        enabledOnly(desired.userPermissions),
        enabledOnly(current?.userPermissions),
        (p) => String(p.name),
      ),
      ...diffKeyedList(
        component,
        'objectPermissions',
        desired.objectPermissions,
        current?.objectPermissions,
        (p) => String(p.object),
      ),
    ];
  },
  validateFile: (ctx, value) => checkPermissionSet(ctx, value),
  drift: (change, facts) => driftPerItem(change, facts, (d) => permissionDrift(d, facts)),
};
