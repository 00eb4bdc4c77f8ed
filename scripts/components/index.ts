/**
 * The registry of component kinds, one per XML root type the org sees, in the order files are
 * generated and deployed, and the lookups the consumers use instead of testing type names.
 * Every function takes the registry as an optional last argument so a test can add a kind.
 */
import type { Model } from '../core/model';
import { parseMetadata, renderMetadata, type XmlRecord } from '../core/xml';
import { connectedAppKind } from './connectedApp';
import { eventSettingsKind } from './eventSettings';
import { extlClntAppConfigurablePoliciesKind } from './extlClntAppConfigurablePolicies';
import { extlClntAppGlobalOauthSettingsKind } from './extlClntAppGlobalOauthSettings';
import { extlClntAppOauthConfigurablePoliciesKind } from './extlClntAppOauthConfigurablePolicies';
import { extlClntAppOauthSettingsKind } from './extlClntAppOauthSettings';
import { externalClientApplicationKind } from './externalClientApplication';
import { permissionSetKind } from './permissionSet';
import { realTimeEventSettingsKind } from './realTimeEventSettings';
import { securitySettingsKind } from './securitySettings';
import { staticResourceKind } from './staticResource';
import type { BuiltComponent, ComponentKind, MetadataFile, PlanSection } from './types';

export const COMPONENT_KINDS: readonly ComponentKind[] = [
  permissionSetKind,
  eventSettingsKind,
  realTimeEventSettingsKind,
  securitySettingsKind,
  connectedAppKind,
  externalClientApplicationKind,
  extlClntAppOauthSettingsKind,
  extlClntAppOauthConfigurablePoliciesKind,
  extlClntAppConfigurablePoliciesKind,
  extlClntAppGlobalOauthSettingsKind,
  staticResourceKind,
];

export interface OwnedComponent extends BuiltComponent {
  kind: ComponentKind;
}

export function buildComponents(
  model: Model,
  kinds: readonly ComponentKind[] = COMPONENT_KINDS,
): OwnedComponent[] {
  return kinds.flatMap((kind) => kind.build(model).map((c) => ({ ...c, kind })));
}

export function renderComponent(component: BuiltComponent): string {
  return renderMetadata(component.rootType, component.value);
}

/** The kind that owns an XML root element (settings files share the Settings type but not the root). */
export function kindForRoot(
  rootType: string,
  kinds: readonly ComponentKind[] = COMPONENT_KINDS,
): ComponentKind | undefined {
  return kinds.find((k) => k.rootType === rootType);
}

/** The kind of a package.xml member (`Settings` + `Security` → the SecuritySettings kind); undefined when none owns it. */
export function kindOf(
  component: { type: string; fullName: string },
  kinds: readonly ComponentKind[] = COMPONENT_KINDS,
): ComponentKind | undefined {
  return kinds.find(
    (k) => k.type === component.type && (k.member === undefined || k.member === component.fullName),
  );
}

export function kindById(
  id: string,
  kinds: readonly ComponentKind[] = COMPONENT_KINDS,
): ComponentKind | undefined {
  return kinds.find((k) => k.id === id);
}

/** The kinds whose changes `reco-sf plan` lists under `section`. */
export function kindsInSection(
  section: PlanSection,
  kinds: readonly ComponentKind[] = COMPONENT_KINDS,
): Set<string> {
  return new Set(kinds.filter((k) => k.planSection === section).map((k) => k.id));
}

/** The root element a file must have by its source- or metadata-format suffix (`permissionset`); settings are named by member. */
export function rootForSuffix(
  suffix: string,
  kinds: readonly ComponentKind[] = COMPONENT_KINDS,
): string | undefined {
  return kinds.find((k) => k.suffix === suffix)?.rootType;
}

/** Whether reco-sf creates (and teardown deletes) the member; false for settings and members no kind owns. */
export function isCreatedByUs(
  component: { type: string; fullName: string },
  kinds: readonly ComponentKind[] = COMPONENT_KINDS,
): boolean {
  return kindOf(component, kinds)?.lifecycle === 'created';
}

/** The files a deploy sends for a component: its kind's, or its XML rendered under its root. */
export function componentFiles(
  component: BuiltComponent,
  kinds: readonly ComponentKind[] = COMPONENT_KINDS,
): MetadataFile[] {
  const render = kindOf(component, kinds)?.render;
  return render ? render(component) : [{ path: component.path, content: renderComponent(component) }];
}

/** The value of a retrieved file of `component`: its kind's parse, or the XML parsed. */
export function parseRetrieved(
  component: { type: string; fullName: string },
  text: string,
  path: string,
  kinds: readonly ComponentKind[] = COMPONENT_KINDS,
): XmlRecord {
  const parse = kindOf(component, kinds)?.parse;
  return parse ? parse(text, path) : parseMetadata(text, path).value;
}

/**
 * Members in the order a plan lists their deletion: an app's parts before the app, then by name.
 * The deploy's own order comes from byDeletePhase (destructiveChangesPre/Post.xml).
 */
export function inDeletionOrder<T extends { type: string; fullName: string }>(
  components: T[],
  kinds: readonly ComponentKind[] = COMPONENT_KINDS,
): T[] {
  const order = (c: T): number => kindOf(c, kinds)?.deleteOrder ?? -1;
  return [...components].sort((a, b) => order(a) - order(b) || a.fullName.localeCompare(b.fullName));
}

/**
 * Deletions split by their kind's `deletePhase` (members no kind owns, and the ownership
 * record, go in post), each in `components`' order.
 */
export function byDeletePhase<T extends { type: string; fullName: string }>(
  components: T[],
  kinds: readonly ComponentKind[] = COMPONENT_KINDS,
): { pre: T[]; post: T[] } {
  const pre = components.filter((c) => kindOf(c, kinds)?.deletePhase === 'pre');
  return { pre, post: components.filter((c) => !pre.includes(c)) };
}

export type { BuiltComponent, ComponentKind, DiffItem } from './types';
