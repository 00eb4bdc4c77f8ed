/**
 * The face every metadata component kind shares (one module per kind): build from the model,
 * render to XML, parse XML, diff desired against the org, and the merge rule that decides what
 * a deploy must send given what the org holds now.
 */
import type { Model } from '../core/model';
import type { XmlRecord } from '../core/xml';

/** Where generated source lives. */
export const SOURCE_ROOT = 'force-app/main/default';

export interface BuiltComponent {
  /** SDR metadata type name (package.xml `<name>`). */
  type: string;
  /** package.xml member, e.g. `Reco_Integration` or `Security` for settings. */
  fullName: string;
  /** Path relative to the repository root. */
  path: string;
  /** XML root element. */
  rootType: string;
  value: XmlRecord;
  /**
   * Deployed by reco-sf but never written to the project: a type Salesforce says must not be in
   * source control (ExtlClntAppGlobalOauthSettings), whose org copy holds the consumer secret.
   */
  deployOnly?: true;
}

export type DiffKind = 'add' | 'remove' | 'change';
export interface DiffItem {
  component: string;
  /** Human path of the field or list entry, e.g. `userPermissions[ViewSetup]`. */
  path: string;
  kind: DiffKind;
  before?: string | boolean | number;
  after?: string | boolean | number;
  note?: string;
}

export interface ComponentKind {
  id: string;
  rootType: string;
  /** SDR type name. */
  type: string;
  build(model: Model): BuiltComponent[];
  /**
   * What to deploy given the org's current value (undefined when the org has none). For
   * replace-semantics types this is `desired`; for list-merging settings it keeps the org's entries.
   */
  merge(desired: XmlRecord, current: XmlRecord | undefined): XmlRecord;
  /** Differences between what a deploy would leave (`desired` after merge) and what the org holds. */
  diff(desired: XmlRecord, current: XmlRecord | undefined, component: string): DiffItem[];
}
