/**
 * The typed model: the config with every derived fact resolved from the catalog (dependency
 * closure, API names, CIDR expansion, Event Manager entities, scope values). Pure: no I/O.
 * The component modules build metadata from this, never from the raw config.
 */
import {
  dependencyClosure,
  EVENT_MANAGER_EVENTS,
  eventByKey,
  permissionByApiName,
  permissionByKey,
  scopeByToken,
  type EventFact,
} from '../catalog/catalog';
import type { RecoConfig, EventMonitoringMode } from './config';
import { cidrToRange } from './ip';
import { compareText } from './order';

export interface ModelPermission {
  /** Catalog key, or the API name itself for an opted-in permission the catalog does not know. */
  key: string;
  /** Salesforce API name; null when only the org can tell (resolved by label at deploy time). */
  apiName: string | null;
  label: string;
  /** Why it is in the set: required by Reco, a dependency of another, or an opt-in. */
  origin: 'required' | 'dependency' | 'opt-in';
  reason: string;
  requiresFeature?: string;
  /** Where the config names it, e.g. `permissionSet.systemPermissions[2]`; absent for a dependency the catalog added. */
  source?: string;
}

export interface ModelRange {
  start: string;
  end: string;
  description?: string;
  /** JSON path in the config, for messages. */
  source: string;
}

export interface Model {
  apiVersion: string;
  demo: boolean;
  permissionSet: Pick<RecoConfig['permissionSet'], 'name' | 'label' | 'description' | 'license'> & {
    permissions: ModelPermission[];
    objects: Array<{ object: string; viewAll: boolean }>;
  };
  user: RecoConfig['integrationUser'];
  trustedRanges: ModelRange[];
  eventMonitoring: {
    mode: EventMonitoringMode;
    analyticsIntegration: boolean;
    deleteMonitoringData: boolean;
    /** Event Manager entity names to switch on, sorted. */
    entities: string[];
  };
  oauthApp: RecoConfig['oauthApp'] & {
    /** Metadata scope values (deduplicated, in catalog order). */
    scopeValues: { connectedApp: string[]; eca: string[] };
  };
}

function resolvePermissions(config: RecoConfig): ModelPermission[] {
  const requested = new Set(config.permissionSet.systemPermissions);
  const sources = new Map<string, string>();
  config.permissionSet.systemPermissions.forEach((key, i) =>
    sources.set(key, `permissionSet.systemPermissions[${i}]`),
  );
  const optIns = new Map<string, string>();
  config.permissionSet.additionalPermissions.forEach(({ permission, justification }, i) => {
    const key = permissionByKey(permission)?.key ?? permissionByApiName(permission)?.key ?? permission;
    optIns.set(key, justification);
    if (!sources.has(key)) sources.set(key, `permissionSet.additionalPermissions[${i}].permission`);
  });
  const closure = dependencyClosure([...requested, ...optIns.keys()]);
  return closure.map((key): ModelPermission => {
    const fact = permissionByKey(key);
    const origin = requested.has(key) ? 'required' : optIns.has(key) ? 'opt-in' : 'dependency';
    return {
      key,
      apiName: fact ? fact.apiName : key,
      label: fact?.label ?? key,
      origin,
      reason: optIns.get(key) ?? fact?.reason ?? 'opted in',
      requiresFeature: fact?.requiresFeature,
      ...(sources.has(key) ? { source: sources.get(key) } : {}),
    };
  });
}

function resolveRanges(config: RecoConfig): ModelRange[] {
  return config.trustedIpRanges.map((range, index) => {
    const source = `/trustedIpRanges/${index}`;
    const expanded = range.cidr !== undefined ? cidrToRange(range.cidr) : undefined;
    const start = expanded?.start ?? range.start ?? range.cidr ?? '';
    const end = expanded?.end ?? range.end ?? range.cidr ?? '';
    return { start, end, description: range.description, source };
  });
}

function selectedEvents(config: RecoConfig): EventFact[] {
  const { events } = config.eventMonitoring.eventManager;
  if (events === 'all') return [...EVENT_MANAGER_EVENTS];
  return events.map((key) => eventByKey(key)).filter((e): e is EventFact => e !== undefined);
}

export function eventEntitiesFor(config: RecoConfig): string[] {
  const { streaming, storage } = config.eventMonitoring.eventManager;
  const names = new Set<string>();
  for (const event of selectedEvents(config)) {
    if (streaming && event.stream) names.add(event.stream);
    if (storage && event.store) names.add(event.store);
  }
  return [...names].sort();
}

function resolveScopes(tokens: string[]): { connectedApp: string[]; eca: string[] } {
  const facts = [...new Set(tokens.map((t) => scopeByToken(t)).filter((s) => s !== undefined))];
  return { connectedApp: facts.map((s) => s.connectedAppValue), eca: facts.map((s) => s.ecaValue) };
}

/** Builds the model from a config that passed the schema; unknown names are kept for the validator to report. */
export function buildModel(config: RecoConfig): Model {
  const ps = config.permissionSet;
  const objects = [...ps.objectAccess]
    .map((o) => ({ object: o.object, viewAll: o.access === 'ViewAll' }))
    .sort((a, b) => compareText(a.object, b.object));
  return {
    apiVersion: config.apiVersion,
    demo: config.demo,
    permissionSet: {
      name: ps.name,
      label: ps.label,
      description: ps.description,
      license: ps.license,
      permissions: resolvePermissions(config),
      objects,
    },
    user: config.integrationUser,
    trustedRanges: resolveRanges(config),
    eventMonitoring: {
      mode: config.eventMonitoring.mode,
      analyticsIntegration: config.eventMonitoring.analyticsIntegration,
      deleteMonitoringData: config.eventMonitoring.deleteMonitoringData,
      entities: config.eventMonitoring.mode === 'off' ? [] : eventEntitiesFor(config),
    },
    oauthApp: { ...config.oauthApp, scopeValues: resolveScopes(config.oauthApp.scopes) },
  };
}
