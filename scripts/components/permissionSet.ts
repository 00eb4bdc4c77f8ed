/**
 * PermissionSet: replace semantics. Since API 40 a permission missing from the deployed file is
 * disabled in the org, so a deploy sends the whole set and a diff reports the org's extras as removals.
 */
import type {
  PermissionSet,
  PermissionSetObjectPermissions,
  PermissionSetUserPermission,
} from '@salesforce/types/metadata';
import type { Model } from '../core/model';
import type { XmlRecord } from '../core/xml';
import { diffKeyedList, diffScalars } from './diff';
import { SOURCE_ROOT, type BuiltComponent, type ComponentKind } from './types';

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

export const permissionSetKind: ComponentKind = {
  id: 'permissionSet',
  rootType: 'PermissionSet',
  type: 'PermissionSet',
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
};
