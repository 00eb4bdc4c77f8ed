/** What a metadata rule may read of the org while checking one component. */
import type { XmlRecord } from '../../core/xml';
import type { ComponentProblem } from '../errors';
import type { OrgShape } from '../shapes';

export type FieldValue = string | number | boolean | null;
export type SRecord = Record<string, FieldValue>;

export interface RuleContext {
  shape: OrgShape;
  apiVersion: number;
  /** The component as stored now (including components applied earlier in the same deploy). */
  existing(type: string, member: string): XmlRecord | undefined;
  /** A PermissionSetLicense row by DeveloperName or MasterLabel. */
  permissionSetLicense(name: string): SRecord | undefined;
  userLicenseExists(name: string): boolean;
}

export interface MetadataRule {
  /** Problems of this component in this org; empty when it deploys. */
  check(member: string, root: string, value: XmlRecord, ctx: RuleContext): ComponentProblem[];
  /** The stored value after the deploy; replace when absent. */
  merge?(existing: XmlRecord | undefined, incoming: XmlRecord): XmlRecord;
  /**
   * Components a stored component of this type references: while it exists, the org refuses to
   * delete them (Metadata API Developer Guide, "Deleting Components from an Organization": a
   * referenced component cannot be deleted until the reference is removed).
   */
  references?(value: XmlRecord): Array<{ type: string; fullName: string }>;
}
