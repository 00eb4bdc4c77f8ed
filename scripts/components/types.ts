/**
 * The face every metadata component kind shares: one kind per XML root type the org sees, one
 * module per kind. A kind owns everything about its metadata — build from the model, render and
 * parse files, validate (Salesforce's rules for any file of its root; Reco's policy for the ones
 * the config generates), merge with the org, diff, drift (what verify reports), teardown (what
 * to restore from the org's ownership record), the ownership-record fields it keeps — so the
 * consumers (validate, plan, deploy, verify, teardown) iterate over kinds and never branch on a
 * type name. Capabilities marked optional are absent where a kind has nothing to do.
 */
import type { Diagnostic } from '../core/diagnostic';
import type { Model } from '../core/model';
import type { XmlRecord } from '../core/xml';
import type { ComponentChange } from '../org/changes';
import type { Ownership } from '../org/ownership';
import type { OrgSnapshot } from '../org/types';
import type { FileContext, ProjectContext } from './rules';

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

/** One file of a Metadata API deploy, relative to the deploy's root (source path for source format). */
export interface MetadataFile {
  path: string;
  content: string;
}

/**
 * What a kind's drift reads besides the change: the model, the org's permission labels by API
 * name, and the fixes for the org and files the review ran with.
 */
export interface DriftFacts {
  model: Model;
  labels: ReadonlyMap<string, string>;
  /** Range keys the org's ownership record says reco-sf added; null when the record cannot be read. */
  ownedRanges: ReadonlySet<string> | null;
  /** `run: reco-sf deploy …` for this org and files, and the same with --yes (a fix that removes something of the org's). */
  fix: { deploy: string; deployYes: string };
}

/** A settings value a teardown deploys to put the org back (review/teardown-run.ts sends it). */
export interface SettingsValue {
  key: string;
  type: string;
  fullName: string;
  rootType: string;
  value: XmlRecord;
  /**
   * For SecuritySettings: the ranges reco-sf removes and the org's value the plan was made from,
   * so the run can re-read the org before its quick deploy and check afterwards that no other
   * range was lost.
   */
  ranges?: { remove: Array<{ start: string; end: string }>; seen: XmlRecord | null };
}

/** One restoring step of a teardown. */
export interface KindTeardownStep {
  /** One line a reviewer reads: what is removed or restored. */
  description: string;
  settings: SettingsValue;
}

/** What a kind's teardown reads: the model, the org now and its ownership record. */
export interface TeardownFacts {
  model: Model;
  snapshot: Pick<OrgSnapshot, 'metadata'>;
  ownership: Ownership | null;
}

/** The section of `reco-sf plan` a kind's changes are listed under. */
export type PlanSection =
  'permissionSet' | 'trustedRanges' | 'eventSettings' | 'eventManager' | 'oauth' | 'none';

export interface ComponentKind {
  /** Stable id (ComponentChange.kindId). */
  id: string;
  /** XML root element of this kind's files; one kind per root. */
  rootType: string;
  /** SDR type name (package.xml `<name>`). */
  type: string;
  /** For a settings kind: the one Settings member it owns (`Security`); absent: any member of `type`. */
  member?: string;
  /** Source-format suffix (`permissionset` in `X.permissionset-meta.xml`); settings files are named by member. */
  suffix?: string;
  /**
   * `created`: reco-sf creates the component (the ownership record lists it, teardown deletes it,
   * a missing one is drift); `setting`: it exists in every org and is only ever changed.
   */
  lifecycle: 'created' | 'setting';
  /** Where a plan lists the component among deletions, lowest first (an app's parts before the app). */
  deleteOrder?: number;
  /**
   * When a destructive deploy deletes it (Metadata API Developer Guide, "Deleting Components from
   * an Organization"): `pre` (destructiveChangesPre.xml, before the deploy's additions) for a
   * component that references another created one (an External Client App's settings and
   * policies name the app), so that what it references can go; `post` (destructiveChangesPost.xml,
   * after the additions), the default, for the rest. The guide orders the phases only, never the
   * members of one manifest.
   */
  deletePhase?: 'pre' | 'post';
  planSection: PlanSection;
  build(model: Model): BuiltComponent[];
  /** Files a deploy sends for the component (default: its XML rendered under its root). */
  render?(component: BuiltComponent): MetadataFile[];
  /** The value of a retrieved file (default: the XML parsed under its root). */
  parse?(text: string, path: string): XmlRecord;
  /**
   * What to deploy given the org's current value (undefined when the org has none). For
   * replace-semantics types this is `desired`; for list-merging settings it keeps the org's entries.
   * `ownership`: the org's ownership record (null: none, or unreadable), which says which of the
   * org's entries reco-sf added and may therefore update.
   */
  merge(desired: XmlRecord, current: XmlRecord | undefined, ownership?: Ownership | null): XmlRecord;
  /** Differences between what a deploy would leave (`desired` after merge) and what the org holds. */
  diff(desired: XmlRecord, current: XmlRecord | undefined, component: string): DiffItem[];
  /** Rules for one parsed file of this root: Salesforce's for any file, Reco's policy when `ctx.scope` is `generated`. */
  validateFile?(ctx: FileContext, value: XmlRecord): Diagnostic[];
  /** Rules across the project's files (references, hazards of a plain `sf` deploy). */
  validateProject?(project: ProjectContext): Diagnostic[];
  /**
   * Verify's report for a pending change of this kind, each an error Diagnostic at the org entity
   * with its fix (components/diff.ts `driftAt`; default: COMPONENT_MISSING, or COMPONENT_CHANGED
   * per diff item).
   */
  drift?(change: ComponentChange, facts: DriftFacts): Diagnostic[];
  /** Restoring steps of a teardown (created components are deleted generically). */
  teardown?(facts: TeardownFacts, kept: string[]): KindTeardownStep[];
  /** When this kind's teardown steps run among the kinds', lowest first (access before settings); default 0. */
  teardownOrder?: number;
  /** Adds to the ownership record what `change` is about to change in the org (write-ahead). */
  recordAhead?(next: Ownership, change: ComponentChange): void;
  /**
   * A component of this kind that reco-sf created and the config no longer builds, while what it
   * belongs to stays (an app whose optional part's config key was removed): the warning that it
   * stays as the org holds it, so convergence keeps it (and the ownership record keeps it, for
   * the teardown that deletes it with the app). Undefined: convergence withdraws it.
   * `current`: the org's value (undefined when not read).
   */
  keptWhenUndeclared?(
    component: { type: string; fullName: string },
    model: Model,
    current: XmlRecord | undefined,
  ): Diagnostic | undefined;
}
