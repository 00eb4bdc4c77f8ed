/**
 * Org shapes: which add-ons, permissions, objects, profiles and Event Manager entities an
 * emulated org has. Everything comes from the emulator's own facts (./facts), never from
 * scripts/catalog.
 */
import {
  EVENT_MANAGER,
  ORG_BASELINE,
  PERMISSION_DEPENDENCIES,
  STANDARD_OBJECTS,
  USER_PERMISSIONS,
  type OrgFeature,
  type ProfileFact,
} from './facts';
import { compareText } from '../core/order';
import { SHAPE_NAMES, type ShapeName } from './shape-names';

export type { OrgFeature } from './facts';
export { SHAPE_NAMES, type ShapeName } from './shape-names';

/** Shapes that decide the Shield add-ons; at most one of them. */
const SHIELD_SHAPES: Record<string, OrgFeature[]> = {
  shield: ['EventMonitoring', 'RealTimeEventMonitoring', 'EventLogObjects'],
  'no-shield': [],
  // Event Monitoring (event log files) bought alone, without Real-Time Event Monitoring.
  'event-monitoring-only': ['EventMonitoring'],
  // Shield on an org off Hyperforce: no Event Log Objects.
  'no-event-log-objects': ['EventMonitoring', 'RealTimeEventMonitoring'],
};

export interface UserPermissionDef {
  apiName: string;
  label: string;
}

export type ProfileDef = Pick<
  ProfileFact,
  'name' | 'userLicense' | 'fullName' | 'ownedPermissionSetName' | 'permissions'
>;

export interface OrgShape {
  names: ShapeName[];
  features: ReadonlySet<OrgFeature>;
  isSandbox: boolean;
  /**
   * A scratch org: Organization.IsSandbox false and a TrialExpirationDate (Object Reference,
   * Organization; a scratch org expires 1 to 30 days after creation, Salesforce DX Developer Guide).
   */
  isScratch: boolean;
  /** Spring '26: new ConnectedApp creation blocked unless Support re-enables it (Salesforce release notes). */
  connectedAppsBlocked: boolean;
  profiles: ProfileDef[];
  userPermissions: UserPermissionDef[];
  objects: string[];
  /** Event Manager entities; empty when the org lacks Real-Time Event Monitoring. */
  eventEntities: string[];
  /** Declared dependencies between the shape's permissions, by API name (seeds may add more). */
  dependencies: Map<string, string[]>;
}

function parseShapeNames(input: ShapeName | ShapeName[] | string | undefined): ShapeName[] {
  const raw = input === undefined ? [] : Array.isArray(input) ? input : String(input).split(',');
  const names = raw.map((n) => n.trim()).filter((n) => n !== '');
  for (const name of names) {
    if (!(SHAPE_NAMES as readonly string[]).includes(name)) {
      throw new Error(`unknown emulator shape '${name}'; known shapes: ${SHAPE_NAMES.join(', ')}`);
    }
  }
  const shapes = names as ShapeName[];
  const shield = shapes.filter((n) => n in SHIELD_SHAPES);
  if (shield.length > 1)
    throw new Error(`shapes ${shield.map((n) => `'${n}'`).join(' and ')} exclude each other`);
  const kinds = shapes.filter((n) => n === 'production' || n === 'sandbox' || n === 'scratch');
  if (kinds.length > 1)
    throw new Error(`shapes ${kinds.map((n) => `'${n}'`).join(' and ')} exclude each other`);
  return shapes;
}

const hasFeature = (features: ReadonlySet<OrgFeature>, needed: OrgFeature | undefined): boolean =>
  needed === undefined || features.has(needed);

/** Builds an org shape; the default is a Shield production org with the current API-only profile. */
export function resolveShape(input?: ShapeName | ShapeName[] | string): OrgShape {
  const names = parseShapeNames(input);
  const shieldShape = names.find((n) => n in SHIELD_SHAPES) ?? 'shield';
  const features = new Set<OrgFeature>(['ExternalClientApps', ...SHIELD_SHAPES[shieldShape]]);
  const apiOnly = names.includes('legacy-profile') ? 'deprecated' : 'current';
  const profiles = ORG_BASELINE.profiles
    .filter((p) => p.apiOnly === undefined || p.apiOnly === apiOnly)
    .map(({ name, userLicense, fullName, ownedPermissionSetName, permissions }) => ({
      name,
      userLicense,
      fullName,
      ownedPermissionSetName,
      permissions,
    }));
  const userPermissions = USER_PERMISSIONS.filter((p) => hasFeature(features, p.requiresFeature))
    .map((p) => ({ apiName: p.name, label: p.label }))
    .sort((a, b) => compareText(a.apiName, b.apiName));
  const known = new Set(userPermissions.map((p) => p.apiName));
  const dependencies = new Map<string, string[]>();
  for (const d of PERMISSION_DEPENDENCIES) {
    if (known.has(d.permission))
      dependencies.set(
        d.permission,
        d.requires.filter((r) => known.has(r)),
      );
  }
  return {
    names: names.length > 0 ? names : ['shield', 'production'],
    features,
    isSandbox: names.includes('sandbox'),
    isScratch: names.includes('scratch'),
    connectedAppsBlocked: names.includes('connected-apps-blocked'),
    profiles,
    userPermissions,
    objects: STANDARD_OBJECTS.filter((o) => hasFeature(features, o.requiresFeature)).map((o) => o.name),
    eventEntities: hasFeature(features, EVENT_MANAGER.requiresFeature) ? [...EVENT_MANAGER.entities] : [],
    dependencies,
  };
}
