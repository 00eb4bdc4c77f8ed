/**
 * The catalog (what reco-sf believes) against the emulator's facts (what the emulated org is,
 * from Salesforce's public references). Every disagreement is listed naming both sources, so a
 * catalog mistake fails here instead of being agreed with by the emulator.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  EVENT_MANAGER_EVENTS,
  EVENT_MANAGER_FEATURE,
  EVENT_STORE_OBJECTS,
  FIELD_VERSIONS as CATALOG_FIELD_VERSIONS,
  IP_RELAXATION,
  LIMITS,
  OAUTH_SCOPES,
  PERMISSION_SET_LICENSE,
  PERMISSIONS,
  PROFILES,
  SETTINGS_FEATURE_GATES as CATALOG_GATES,
  permissionByKey,
} from '../../scripts/catalog/catalog';
import {
  EVENT_MANAGER,
  FIELD_VERSIONS,
  OAUTH,
  ORG_BASELINE,
  PERMISSION_DEPENDENCIES,
  SETTINGS_FEATURE_GATES,
  STANDARD_OBJECTS,
  USER_PERMISSIONS,
} from '../../scripts/emulator/facts';
import { REPO_ROOT } from '../helpers/sf';

const CATALOG = 'scripts/catalog/catalog.ts';
const FACTS = 'scripts/emulator/facts';

function differ(
  what: string,
  catalogWhere: string,
  catalogSays: unknown,
  factsWhere: string,
  factsSay: unknown,
): string {
  return `${what}: catalog (${CATALOG} ${catalogWhere}) says ${JSON.stringify(catalogSays)}; emulator facts (${FACTS}/${factsWhere}) say ${JSON.stringify(factsSay)}`;
}

const sorted = (list: Iterable<string>): string[] => [...list].sort();

/** The catalog permission's name in the org: its API name, or the facts' permission with its label. */
function orgNameOf(key: string): string | undefined {
  const fact = permissionByKey(key);
  if (!fact) return undefined;
  return fact.apiName ?? USER_PERMISSIONS.find((p) => p.label === fact.label)?.name;
}

function permissionDisagreements(): string[] {
  const out: string[] = [];
  for (const p of PERMISSIONS) {
    const name = orgNameOf(p.key);
    const fact = USER_PERMISSIONS.find((u) => u.name === name);
    if (!fact) {
      out.push(
        differ(
          `permission ${p.key}`,
          `PERMISSIONS[${p.key}]`,
          p.apiName ?? p.label,
          'user-permissions.json',
          null,
        ),
      );
      continue;
    }
    if (fact.label !== p.label)
      out.push(
        differ(
          `label of ${fact.name}`,
          `PERMISSIONS[${p.key}].label`,
          p.label,
          'user-permissions.json',
          fact.label,
        ),
      );
    if ((fact.requiresFeature ?? null) !== (p.requiresFeature ?? null))
      out.push(
        differ(
          `add-on of ${fact.name}`,
          `PERMISSIONS[${p.key}].requiresFeature`,
          p.requiresFeature ?? null,
          'user-permissions.json',
          fact.requiresFeature ?? null,
        ),
      );
    const catalogDeps = sorted(p.dependsOn.map((k) => orgNameOf(k) ?? k));
    const factsDeps = sorted(PERMISSION_DEPENDENCIES.find((d) => d.permission === fact.name)?.requires ?? []);
    if (JSON.stringify(catalogDeps) !== JSON.stringify(factsDeps))
      out.push(
        differ(
          `dependencies of ${fact.name}`,
          `PERMISSIONS[${p.key}].dependsOn`,
          catalogDeps,
          'permission-dependencies.json',
          factsDeps,
        ),
      );
  }
  return out;
}

function eventDisagreements(): string[] {
  const out: string[] = [];
  const catalogEntities = sorted(
    new Set(EVENT_MANAGER_EVENTS.flatMap((e) => [e.stream, e.store]).filter((n): n is string => n !== null)),
  );
  const factsEntities = sorted(EVENT_MANAGER.entities);
  if (JSON.stringify(catalogEntities) !== JSON.stringify(factsEntities))
    out.push(
      differ(
        'Event Manager entities',
        'EVENT_MANAGER_EVENTS',
        catalogEntities,
        'event-manager.json',
        factsEntities,
      ),
    );
  if (EVENT_MANAGER_FEATURE !== EVENT_MANAGER.requiresFeature)
    out.push(
      differ(
        'Event Manager add-on',
        'EVENT_MANAGER_FEATURE',
        EVENT_MANAGER_FEATURE,
        'event-manager.json',
        EVENT_MANAGER.requiresFeature,
      ),
    );
  for (const o of EVENT_STORE_OBJECTS) {
    const fact = STANDARD_OBJECTS.find((s) => s.name === o.apiName);
    if (fact?.requiresFeature !== o.requiresFeature)
      out.push(
        differ(
          `object ${o.apiName}`,
          'EVENT_STORE_OBJECTS',
          o.requiresFeature,
          'standard-objects.json',
          fact ?? null,
        ),
      );
  }
  return out;
}

function oauthAndOrgDisagreements(): string[] {
  const out: string[] = [];
  for (const s of OAUTH_SCOPES) {
    if (!OAUTH.connectedAppScopes.includes(s.connectedAppValue))
      out.push(
        differ(
          `scope ${s.tokens.join('/')}`,
          'OAUTH_SCOPES.connectedAppValue',
          s.connectedAppValue,
          'oauth.json connectedAppScopes',
          OAUTH.connectedAppScopes,
        ),
      );
    if (!OAUTH.ecaScopes.includes(s.ecaValue))
      out.push(
        differ(
          `scope ${s.tokens.join('/')}`,
          'OAUTH_SCOPES.ecaValue',
          s.ecaValue,
          'oauth.json ecaScopes',
          OAUTH.ecaScopes,
        ),
      );
  }
  const relax = Object.values(IP_RELAXATION);
  const pairs: Array<[string, string[], readonly string[]]> = [
    ['connectedAppIpRelaxation', relax.map((r) => r.connectedApp), OAUTH.connectedAppIpRelaxation],
    ['ecaIpRelaxation', relax.map((r) => r.eca), OAUTH.ecaIpRelaxation],
  ];
  for (const [where, catalogValues, factValues] of pairs) {
    if (JSON.stringify(sorted(catalogValues)) !== JSON.stringify(sorted(factValues)))
      out.push(
        differ(
          'IP relaxation values',
          'IP_RELAXATION',
          sorted(catalogValues),
          `oauth.json ${where}`,
          sorted(factValues),
        ),
      );
  }
  const profile = (apiOnly: 'current' | 'deprecated'): unknown =>
    ORG_BASELINE.profiles.find((p) => p.apiOnly === apiOnly);
  const current = ORG_BASELINE.profiles.find((p) => p.apiOnly === 'current');
  const deprecated = ORG_BASELINE.profiles.find((p) => p.apiOnly === 'deprecated');
  if (current?.name !== PROFILES.apiOnly || current.userLicense !== PROFILES.userLicense)
    out.push(
      differ(
        'API-only profile',
        'PROFILES.apiOnly/userLicense',
        [PROFILES.apiOnly, PROFILES.userLicense],
        'org-baseline.json',
        profile('current'),
      ),
    );
  if (deprecated?.name !== PROFILES.apiOnlyDeprecated)
    out.push(
      differ(
        'deprecated API-only profile',
        'PROFILES.apiOnlyDeprecated',
        PROFILES.apiOnlyDeprecated,
        'org-baseline.json',
        profile('deprecated'),
      ),
    );
  const psl = ORG_BASELINE.permissionSetLicenses.find(
    (l) => l.developerName === PERMISSION_SET_LICENSE.developerName,
  );
  if (psl?.masterLabel !== PERMISSION_SET_LICENSE.masterLabel)
    out.push(
      differ(
        'permission set licence',
        'PERMISSION_SET_LICENSE',
        PERMISSION_SET_LICENSE,
        'org-baseline.json',
        psl ?? null,
      ),
    );
  const limits = ORG_BASELINE.permissionSetLimits;
  if (limits.labelMax !== LIMITS.labelMax || limits.descriptionMax !== LIMITS.descriptionMax)
    out.push(
      differ(
        'permission set limits',
        'LIMITS',
        [LIMITS.labelMax, LIMITS.descriptionMax],
        'org-baseline.json',
        limits,
      ),
    );
  const gates = (list: ReadonlyArray<{ type: string; field: string; requiresFeature: string }>): string[] =>
    sorted(list.map((g) => `${g.type}.${g.field}:${g.requiresFeature}`));
  if (JSON.stringify(gates(CATALOG_GATES)) !== JSON.stringify(gates(SETTINGS_FEATURE_GATES)))
    out.push(
      differ(
        'settings feature gates',
        'SETTINGS_FEATURE_GATES',
        gates(CATALOG_GATES),
        'settings-feature-gates.json',
        gates(SETTINGS_FEATURE_GATES),
      ),
    );
  const versions = (
    list: ReadonlyArray<{ type: string; field: string; minVersion?: number; maxVersion?: number }>,
  ): string[] => sorted(list.map((f) => `${f.type}.${f.field}:${f.minVersion ?? ''}-${f.maxVersion ?? ''}`));
  if (JSON.stringify(versions(CATALOG_FIELD_VERSIONS)) !== JSON.stringify(versions(FIELD_VERSIONS)))
    out.push(
      differ(
        'field versions',
        'FIELD_VERSIONS',
        versions(CATALOG_FIELD_VERSIONS),
        'field-versions.json',
        versions(FIELD_VERSIONS),
      ),
    );
  return out;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)],
  );
}

describe('catalog against the emulator facts', () => {
  it('agree on every permission: name, label, add-on and declared dependencies', () => {
    expect(permissionDisagreements()).toEqual([]);
  });

  it('agree on the Event Manager entities and the event store objects', () => {
    expect(eventDisagreements()).toEqual([]);
  });

  it('agree on OAuth scopes, IP relaxation, profiles, licences, limits, feature gates and field versions', () => {
    expect(oauthAndOrgDisagreements()).toEqual([]);
  });

  it('names both sources when they disagree', () => {
    expect(differ('label of X', 'PERMISSIONS[X].label', 'A', 'user-permissions.json', 'B')).toBe(
      `label of X: catalog (${CATALOG} PERMISSIONS[X].label) says "A"; emulator facts (${FACTS}/user-permissions.json) say "B"`,
    );
  });

  it('gives every fact file its public source, and holds hundreds of standard user permissions', () => {
    const dir = join(REPO_ROOT, FACTS);
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      const text = readFileSync(join(dir, file), 'utf8');
      expect(`${file}: ${/"source":\s*"[^"]{20,}/.test(text)}`).toBe(`${file}: true`);
    }
    expect(USER_PERMISSIONS.length).toBeGreaterThanOrEqual(300);
    const names = USER_PERMISSIONS.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('the emulator never imports scripts/catalog', () => {
    const offenders = filesUnder(join(REPO_ROOT, 'scripts', 'emulator'))
      .filter((f) => f.endsWith('.ts'))
      .filter((f) => /from\s+['"][./]*catalog\//.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
