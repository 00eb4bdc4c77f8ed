import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  EVENT_MANAGER_EVENTS,
  EVENT_STORE_OBJECTS,
  IP_RELAXATION,
  OAUTH_SCOPES,
  PERMISSIONS,
  REFRESH_TOKEN_POLICY,
  allEventEntityNames,
  dependencyClosure,
  eventByKey,
  eventEntity,
  permissionByApiName,
  permissionByKey,
  permissionByLabel,
  requiredPermissionKeys,
  scopeByConnectedAppValue,
  scopeByEcaValue,
  scopeByToken,
} from '../../scripts/catalog/catalog';
import schemaJson from '../../scripts/wsdl/metadata-schema.json';
import type { MetadataSchema } from '../../scripts/wsdl/wsdl-to-schema';

const schema = schemaJson as MetadataSchema;
/** The Reco vendor guide's Salesforce integration steps, as text, kept in the repository. */
const VENDOR_GUIDE = join(
  __dirname,
  '..',
  'fixtures',
  'reference',
  'vendor-guide-salesforce-integration.txt',
);

/** The vendor guide's "Enable all the following permissions" list, read from the guide itself. */
function vendorPermissionLabels(): string[] {
  const lines = readFileSync(VENDOR_GUIDE, 'utf8').split(/\r?\n/);
  const start = lines.findIndex((l) => l.startsWith('Enable all the following permissions'));
  const end = lines.findIndex((l, i) => i > start && l.startsWith('Click on "Save"'));
  return lines.slice(start + 1, end).map((l) => l.trim());
}

describe('catalog: permissions', () => {
  it('Given the vendor guide, then its 11 required permissions are exactly the catalog entries marked required, with the same labels', () => {
    const labels = vendorPermissionLabels();
    expect(labels).toHaveLength(11);
    const required = PERMISSIONS.filter((p) => p.required).map((p) => p.label);
    expect([...required].sort()).toEqual([...labels].sort());
    expect(requiredPermissionKeys()).toHaveLength(11);
  });

  it.each(PERMISSIONS.map((p) => [p.key, p] as const))(
    '%s: dependsOn/worksWith targets exist and are not itself',
    (key, fact) => {
      for (const target of [...fact.dependsOn, ...(fact.worksWith ?? [])]) {
        expect(permissionByKey(target)).toBeDefined();
        expect(target).not.toBe(key);
      }
      expect(fact.reason.length).toBeGreaterThan(10);
    },
  );

  it('has no dependency cycles (depth-first search over dependsOn and worksWith)', () => {
    const state = new Map<string, 'visiting' | 'done'>();
    const cycles: string[][] = [];
    const visit = (key: string, path: string[]): void => {
      if (state.get(key) === 'done') return;
      if (state.get(key) === 'visiting') {
        cycles.push([...path, key]);
        return;
      }
      state.set(key, 'visiting');
      const fact = permissionByKey(key);
      for (const dep of [...(fact?.dependsOn ?? []), ...(fact?.worksWith ?? [])]) visit(dep, [...path, key]);
      state.set(key, 'done');
    };
    for (const p of PERMISSIONS) visit(p.key, []);
    expect(cycles).toEqual([]);
  });

  it('keys, labels and API names are unique; accessors find every entry', () => {
    const keys = PERMISSIONS.map((p) => p.key);
    const labels = PERMISSIONS.map((p) => p.label.toLowerCase());
    const apiNames = PERMISSIONS.map((p) => p.apiName).filter((n): n is string => n !== null);
    expect(new Set(keys).size).toBe(keys.length);
    expect(new Set(labels).size).toBe(labels.length);
    expect(new Set(apiNames).size).toBe(apiNames.length);
    for (const p of PERMISSIONS) {
      expect(permissionByKey(p.key)).toBe(p);
      expect(permissionByLabel(p.label.toUpperCase())).toBe(p);
      if (p.apiName) expect(permissionByApiName(p.apiName)).toBe(p);
    }
  });

  it('marks only View Event Log Object Data as "resolve in org by label", with low confidence', () => {
    const unresolved = PERMISSIONS.filter((p) => p.apiName === null);
    expect(unresolved.map((p) => p.key)).toEqual(['ViewEventLogObjectData']);
    expect(unresolved[0].confidence).toBe('L');
  });

  it('dependencyClosure is sorted, contains its input, and is closed', () => {
    const closure = dependencyClosure(requiredPermissionKeys());
    expect(closure).toEqual([...closure].sort());
    for (const key of requiredPermissionKeys()) expect(closure).toContain(key);
    for (const key of closure) {
      const fact = permissionByKey(key);
      for (const dep of [...(fact?.dependsOn ?? []), ...(fact?.worksWith ?? [])])
        expect(closure).toContain(dep);
    }
    expect(closure).toContain('ApiEnabled');
  });
});

describe('catalog: Event Manager events and stores', () => {
  it('every event has a stream or a store, and keys are unique', () => {
    const keys = EVENT_MANAGER_EVENTS.map((e) => e.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const e of EVENT_MANAGER_EVENTS) {
      expect(e.stream !== null || e.store !== null).toBe(true);
      expect(eventByKey(e.key)).toBe(e);
    }
  });

  it('every entity name (stream or store) is unique across all events', () => {
    const names = EVENT_MANAGER_EVENTS.flatMap((e) => [e.stream, e.store]).filter(
      (n): n is string => n !== null,
    );
    expect(new Set(names).size).toBe(names.length);
    expect(allEventEntityNames()).toHaveLength(names.length);
  });

  it.each(EVENT_MANAGER_EVENTS.map((e) => [e.key, e] as const))(
    '%s: stream/store pair follows the naming rule and resolves back',
    (key, e) => {
      if (e.stream) expect(eventEntity(e.stream)).toEqual({ event: e, role: 'stream' });
      if (e.store) expect(eventEntity(e.store)).toEqual({ event: e, role: 'store' });
      if (e.stream && e.store) {
        // Older events stream as XEventStream and store as XEvent; newer ones stream as XEvent and store as XEventStore.
        const older = e.stream === `${key}Stream` && e.store === key;
        const newer = e.stream === key && e.store === `${key}Store`;
        expect(older || newer).toBe(true);
      }
    },
  );

  it('every event store object Reco reads with View All is a storage entity of Event Manager', () => {
    for (const o of EVENT_STORE_OBJECTS) expect(eventEntity(o.apiName)?.role).toBe('store');
    expect(EVENT_STORE_OBJECTS.filter((o) => o.required).map((o) => o.label)).toEqual([
      'API Anomaly Event Stores',
      'Guest User Anomaly Event Stores',
      'Report Anomaly Event Stores',
      'Session Hijacking Event Stores',
    ]);
  });
});

describe('catalog: OAuth scopes and policies', () => {
  const wsdlScopes = schema.enums.ConnectedAppOauthAccessScope;

  it('the WSDL-derived schema holds the ConnectedAppOauthAccessScope enum', () => {
    expect(wsdlScopes).toContain('Api');
  });

  it.each(OAUTH_SCOPES.flatMap((s) => s.tokens.map((t) => [t, s] as const)))(
    'token %s maps to a value in the WSDL enum ConnectedAppOauthAccessScope',
    (token, scope) => {
      expect(scopeByToken(token)).toBe(scope);
      expect(wsdlScopes).toContain(scope.connectedAppValue);
      expect(wsdlScopes).toContain(scope.ecaValue);
      expect(scopeByConnectedAppValue(scope.connectedAppValue)).toBe(scope);
      expect(scopeByEcaValue(scope.ecaValue)).toBe(scope);
    },
  );

  it('tokens are unique, and every token of the vendor table is known', () => {
    const tokens = OAUTH_SCOPES.flatMap((s) => s.tokens);
    expect(new Set(tokens).size).toBe(tokens.length);
    for (const t of [
      'api',
      'chatter_api',
      'wave_api',
      'eclair_api',
      'id',
      'profile',
      'email',
      'address',
      'phone',
      'openid',
      'refresh_token',
      'offline_access',
      'cdp_query_api',
    ]) {
      expect(scopeByToken(t)).toBeDefined();
    }
  });

  it('OfflineAccess (a synonym) resolves to RefreshToken', () => {
    expect(scopeByConnectedAppValue('OfflineAccess')?.connectedAppValue).toBe('RefreshToken');
  });

  it('IP_RELAXATION values are the ones Salesforce documents for ConnectedApp and External Client Apps', () => {
    // Metadata API Developer Guide, ConnectedAppOauthPolicy and ExtlClntAppOauthConfigurablePolicies: ipRelaxation ∈ ENFORCE | BYPASS_2FACTOR | BYPASS | ENFORCE_RELAXREFRESH;
    // ipRelaxationPolicyType ∈ Enforce | Bypass | Bypass_2factor | Enforce_RelaxRefresh. (The WSDL types both as xsd:string.)
    const connectedApp = ['ENFORCE', 'BYPASS_2FACTOR', 'BYPASS', 'ENFORCE_RELAXREFRESH'];
    const eca = ['Enforce', 'Bypass', 'Bypass_2factor', 'Enforce_RelaxRefresh'];
    const values = Object.values(IP_RELAXATION);
    expect(values.map((v) => v.connectedApp).sort()).toEqual([...connectedApp].sort());
    expect(values.map((v) => v.eca).sort()).toEqual([...eca].sort());
    expect(IP_RELAXATION.relax).toEqual({ connectedApp: 'BYPASS', eca: 'Bypass' });
  });

  it('REFRESH_TOKEN_POLICY eca values are in the WSDL enum RefreshTokenPolicyType; connected-app values are the documented words', () => {
    for (const v of Object.values(REFRESH_TOKEN_POLICY)) {
      expect(schema.enums.RefreshTokenPolicyType).toContain(v.eca);
      expect(['zero', 'infinite']).toContain(v.connectedApp);
    }
  });
});
