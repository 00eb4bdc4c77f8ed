/** Every component kind, in the order files are generated and deployed. */
import type { Model } from '../core/model';
import { renderMetadata } from '../core/xml';
import { eventSettingsKind } from './eventSettings';
import { oauthAppKind } from './oauthApp';
import { permissionSetKind } from './permissionSet';
import { realTimeEventSettingsKind } from './realTimeEventSettings';
import { securitySettingsKind } from './securitySettings';
import type { BuiltComponent, ComponentKind } from './types';

export const COMPONENT_KINDS: readonly ComponentKind[] = [
  permissionSetKind,
  eventSettingsKind,
  realTimeEventSettingsKind,
  securitySettingsKind,
  oauthAppKind,
];

export interface OwnedComponent extends BuiltComponent {
  kind: ComponentKind;
}

export function buildComponents(model: Model): OwnedComponent[] {
  return COMPONENT_KINDS.flatMap((kind) => kind.build(model).map((c) => ({ ...c, kind })));
}

export function renderComponent(component: BuiltComponent): string {
  return renderMetadata(component.rootType, component.value);
}

/** The kind that owns an XML root element (settings files share the Settings type but not the root). */
export function kindForRoot(rootType: string): ComponentKind | undefined {
  if (rootType.startsWith('Extl') || rootType === 'ConnectedApp') return oauthAppKind;
  return COMPONENT_KINDS.find((k) => k.rootType === rootType);
}

export type { BuiltComponent, ComponentKind, DiffItem } from './types';
