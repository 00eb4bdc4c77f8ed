/**
 * Semantic rules on a config that passed the JSON Schema: names known to the catalog, least
 * privilege, Salesforce's length and format limits, trusted ranges, events and OAuth values.
 * Pure: returns problems, never throws.
 */
import { patternProblems, sampleUsername, USERNAME_PLACEHOLDER_LIST } from '../core/username-pattern';
import {
  EXAMPLE_DOMAINS,
  LIMITS,
  PERMISSION_SET_LICENSE,
  PERMISSIONS,
  PROFILES,
  USER_LICENSE_NAMES,
  eventByKey,
  eventStoreObject,
  permissionByApiName,
  permissionByKey,
  requiredPermissionKeys,
  scopeByToken,
} from '../catalog/catalog';
import type { RecoConfig } from '../core/config';
import { fileAt, type Diagnostic, type Severity } from '../core/diagnostic';
import { cidrProblem, cidrToRange } from '../core/ip';
import { didYouMean } from '../core/suggest';
import { checkRanges, type RangeToCheck } from './ranges';

const EMAIL =
  /^[^\s@<>()[\],;:"]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

class Reporter {
  readonly problems: Diagnostic[] = [];
  constructor(private readonly file: string) {}
  error(field: string, code: string, message: string, fix?: string): void {
    this.add('error', field, code, message, fix);
  }
  warn(field: string, code: string, message: string, fix?: string): void {
    this.add('warning', field, code, message, fix);
  }
  /**
   * Visits each entry of a config list with its JSON pointer (`pointer/i`); an entry listed again
   * is `duplicateCode` at its pointer. Returns the entries seen.
   */
  eachOnce(
    list: readonly string[],
    pointer: string,
    duplicateCode: string,
    visit: (entry: string, field: string) => void,
  ): Set<string> {
    const seen = new Set<string>();
    list.forEach((entry, i) => {
      const field = `${pointer}/${i}`;
      if (seen.has(entry)) this.error(field, duplicateCode, `"${entry}" is listed twice`);
      seen.add(entry);
      visit(entry, field);
    });
    return seen;
  }
  private add(severity: Severity, field: string, code: string, message: string, fix?: string): void {
    this.problems.push({
      severity,
      code,
      message: `${field}: ${message}`,
      location: { file: this.file, path: field },
      source: 'policy',
      ...(fix ? { fix } : {}),
    });
  }
}

export function isApiName(name: string): boolean {
  return LIMITS.apiNamePattern.test(name) && !name.includes('__') && !name.endsWith('_');
}

function checkApiName(r: Reporter, field: string, name: string): void {
  if (!isApiName(name)) {
    r.error(
      field,
      'API_NAME_INVALID',
      `"${name}" is not a valid API name`,
      'start with a letter; letters, digits and single underscores only; no trailing underscore',
    );
  }
}

function checkLength(r: Reporter, field: string, value: string | undefined, max: number, code: string): void {
  if (value !== undefined && value.length > max)
    r.error(field, code, `is ${value.length} characters; the limit is ${max}`);
}

function exampleDomain(address: string): boolean {
  const domain = address.split('@')[1]?.toLowerCase() ?? '';
  return EXAMPLE_DOMAINS.some((d) => domain === d || domain.endsWith(`.${d}`) || domain.startsWith(`${d}.`));
}

/** Catalog keys and API names a permission may be written as. */
function permissionNames(): string[] {
  return PERMISSIONS.flatMap((p) => (p.apiName && p.apiName !== p.key ? [p.key, p.apiName] : [p.key]));
}

function permissionSuggestion(name: string): string {
  return didYouMean(name, permissionNames()) || 'see the catalog table in the README';
}

function checkPermissions(r: Reporter, config: RecoConfig): void {
  const ps = config.permissionSet;
  checkApiName(r, '/permissionSet/name', ps.name);
  checkLength(r, '/permissionSet/label', ps.label, LIMITS.labelMax, 'LABEL_TOO_LONG');
  checkLength(r, '/permissionSet/description', ps.description, LIMITS.descriptionMax, 'DESCRIPTION_TOO_LONG');
  if (USER_LICENSE_NAMES.some((n) => n.toLowerCase() === ps.license.toLowerCase())) {
    r.error(
      '/permissionSet/license',
      'LICENSE_IS_USER_LICENSE',
      `"${ps.license}" is a user licence (the integration user's), not a permission set licence`,
      `use "${PERMISSION_SET_LICENSE.developerName}" (${PERMISSION_SET_LICENSE.masterLabel}), the permission set licence the vendor guide picks`,
    );
  } else if (ps.license === PERMISSION_SET_LICENSE.masterLabel) {
    r.error(
      '/permissionSet/license',
      'LICENSE_LABEL_NOT_NAME',
      `"${ps.license}" is the licence's label; a permission set names its licence by DeveloperName`,
      `use "${PERMISSION_SET_LICENSE.developerName}"`,
    );
  } else if (ps.license !== PERMISSION_SET_LICENSE.developerName) {
    r.warn(
      '/permissionSet/license',
      'LICENSE_UNEXPECTED',
      `"${ps.license}" is not the ${PERMISSION_SET_LICENSE.masterLabel} licence (${PERMISSION_SET_LICENSE.developerName}) the vendor guide asks for`,
    );
  }
  const seen = r.eachOnce(
    ps.systemPermissions,
    '/permissionSet/systemPermissions',
    'DUPLICATE_PERMISSION',
    (key, field) => {
      const fact = permissionByKey(key);
      if (!fact) {
        const byApi = permissionByApiName(key);
        r.error(
          field,
          'UNKNOWN_PERMISSION',
          `"${key}" is not a permission key in the catalog`,
          byApi ? `use the catalog key "${byApi.key}"` : permissionSuggestion(key),
        );
      } else if (!fact.required) {
        r.error(
          field,
          'LEAST_PRIVILEGE',
          `"${key}" is not in Reco's required set`,
          'move it to permissionSet.additionalPermissions with a justification',
        );
      }
    },
  );
  const requiredMissing = requiredPermissionKeys().filter((k) => !seen.has(k));
  for (const key of requiredMissing) {
    r.warn(
      '/permissionSet/systemPermissions',
      'REQUIRED_PERMISSION_MISSING',
      `"${key}" (${permissionByKey(key)?.label}) is missing; Reco loses: ${permissionByKey(key)?.reason}`,
    );
  }
  ps.additionalPermissions.forEach((opt, i) => {
    const field = `/permissionSet/additionalPermissions/${i}/permission`;
    const fact = permissionByKey(opt.permission) ?? permissionByApiName(opt.permission);
    if (fact?.required)
      r.warn(field, 'OPT_IN_REDUNDANT', `"${opt.permission}" is already in Reco's required set`);
    else if (!fact) {
      if (!isApiName(opt.permission))
        r.error(
          field,
          'UNKNOWN_PERMISSION',
          `"${opt.permission}" is neither a catalog key nor a valid permission API name`,
          permissionSuggestion(opt.permission),
        );
      else
        r.warn(
          field,
          'PERMISSION_NOT_IN_CATALOG',
          `"${opt.permission}" is not in the catalog: its dependencies and org needs are not checked offline`,
          didYouMean(opt.permission, permissionNames()) || undefined,
        );
    }
  });
  const objects = new Set<string>();
  ps.objectAccess.forEach((o, i) => {
    const field = `/permissionSet/objectAccess/${i}/object`;
    if (objects.has(o.object)) r.error(field, 'DUPLICATE_OBJECT', `"${o.object}" is listed twice`);
    objects.add(o.object);
    if (!isApiName(o.object))
      r.error(field, 'API_NAME_INVALID', `"${o.object}" is not a valid object API name`);
    else if (!eventStoreObject(o.object))
      r.warn(
        field,
        'OBJECT_NOT_IN_CATALOG',
        `"${o.object}" is not an event store Reco reads`,
        'least privilege: grant only what Reco needs',
      );
  });
}

function checkUser(r: Reporter, config: RecoConfig): void {
  const u = config.integrationUser;
  checkLength(r, '/integrationUser/alias', u.alias, LIMITS.aliasMax, 'ALIAS_TOO_LONG');
  checkLength(r, '/integrationUser/lastName', u.lastName, LIMITS.lastNameMax, 'LAST_NAME_TOO_LONG');
  checkLength(r, '/integrationUser/email', u.email, LIMITS.emailMax, 'EMAIL_TOO_LONG');
  if (!EMAIL.test(u.email))
    r.error('/integrationUser/email', 'EMAIL_INVALID', `"${u.email}" is not an email address`);
  for (const problem of patternProblems(u.username))
    r.error(
      '/integrationUser/username',
      'USERNAME_PLACEHOLDER',
      problem,
      `placeholders each org fills in: ${USERNAME_PLACEHOLDER_LIST}`,
    );
  if (!EMAIL.test(sampleUsername(u.username)))
    r.error(
      '/integrationUser/username',
      'USERNAME_INVALID',
      `"${u.username}" is not in email form (name@domain.tld)`,
      'Salesforce usernames look like email addresses and are unique across all orgs',
    );
  if (!config.demo) {
    for (const field of ['email', 'username'] as const) {
      if (exampleDomain(u[field]))
        r.warn(
          `/integrationUser/${field}`,
          'EXAMPLE_DOMAIN',
          `"${u[field]}" uses an example domain`,
          'use your organisation\'s domain, or set "demo": true',
        );
    }
  }
  const known: string[] = [PROFILES.apiOnly, PROFILES.apiOnlyDeprecated];
  u.profiles.forEach((p, i) => {
    if (!known.includes(p))
      r.warn(
        `/integrationUser/profiles/${i}`,
        'PROFILE_NOT_API_ONLY',
        `"${p}" is not a known API-only profile`,
        `use "${PROFILES.apiOnly}"`,
      );
  });
}

function checkTrustedRanges(file: string, config: RecoConfig): Diagnostic[] {
  const problems: Diagnostic[] = [];
  const ranges: RangeToCheck[] = [];
  config.trustedIpRanges.forEach((range, i) => {
    const field = `/trustedIpRanges/${i}`;
    if (range.cidr !== undefined) {
      const notCanonical = cidrProblem(range.cidr);
      if (notCanonical) {
        problems.push({
          severity: 'error',
          code: notCanonical.code,
          message: `${field}/cidr: ${notCanonical.message}`,
          location: { file, path: `${field}/cidr` },
          source: 'salesforce',
          fix: notCanonical.fix,
        });
        return;
      }
      const expanded = cidrToRange(range.cidr);
      if (!expanded) {
        problems.push({
          severity: 'error',
          code: 'IP_INVALID',
          message: `${field}/cidr: "${range.cidr}" is not a valid CIDR block`,
          location: { file, path: `${field}/cidr` },
          source: 'salesforce',
          fix: 'write it as 203.0.113.0/24 or 2001:db8::/48',
        });
        return;
      }
      ranges.push({ ...expanded, description: range.description, file, field, label: range.cidr });
    } else {
      ranges.push({
        start: range.start ?? '',
        end: range.end ?? '',
        description: range.description,
        file,
        field,
      });
    }
  });
  return [
    ...problems,
    ...checkRanges(ranges, { demo: config.demo }).map((p) => ({
      ...p,
      message: `${fileAt(p)?.path}: ${p.message}`,
    })),
  ];
}

function checkEvents(r: Reporter, config: RecoConfig): void {
  const { events, streaming, storage } = config.eventMonitoring.eventManager;
  if (events !== 'all') {
    const seen = new Set<string>();
    events.forEach((key, i) => {
      const field = `/eventMonitoring/eventManager/events/${i}`;
      if (seen.has(key)) r.error(field, 'DUPLICATE_EVENT', `"${key}" is listed twice`);
      seen.add(key);
      if (!eventByKey(key))
        r.error(
          field,
          'UNKNOWN_EVENT',
          `"${key}" is not an Event Manager event in the catalog`,
          'see the Event Manager table in the README',
        );
    });
  }
  if (!streaming && !storage && config.eventMonitoring.mode !== 'off') {
    r.warn(
      '/eventMonitoring/eventManager',
      'EVENT_MANAGER_EMPTY',
      'neither streaming nor storage is enabled: Event Manager is left as it is',
    );
  }
  if (config.eventMonitoring.deleteMonitoringData) {
    r.warn(
      '/eventMonitoring/deleteMonitoringData',
      'DELETE_MONITORING_DATA',
      'the vendor guide asks for "Delete event monitoring data" to be off',
    );
  }
}

function checkOAuth(r: Reporter, config: RecoConfig): void {
  const app = config.oauthApp;
  if (app.kind === 'installed') {
    // The vendor's installed app carries its own scopes; ours would be written nowhere.
    if (app.scopes.length > 0)
      r.warn(
        '/oauthApp/scopes',
        'SCOPES_IGNORED',
        `${app.scopes.length} scope(s) listed, but kind installed uses the scopes of ${app.installedAppName}, the vendor's app: these are neither checked nor deployed`,
        'remove oauthApp.scopes, or set oauthApp.kind to "external-client-app" if Reco asked you to connect through your own OAuth client',
      );
    return;
  }
  checkApiName(r, '/oauthApp/name', app.name);
  checkLength(r, '/oauthApp/label', app.label, LIMITS.labelMax, 'LABEL_TOO_LONG');
  if (app.contactEmail === undefined)
    r.error('/oauthApp/contactEmail', 'REQUIRED', `is required for kind ${app.kind}`);
  else if (!EMAIL.test(app.contactEmail))
    r.error('/oauthApp/contactEmail', 'EMAIL_INVALID', `"${app.contactEmail}" is not an email address`);
  if (app.kind === 'external-client-app' && app.callbackUrl === undefined)
    r.warn(
      '/oauthApp',
      'CALLBACK_URL_MISSING',
      'no callbackUrl: the External Client App is deployed without the callback URL Reco needs for the OAuth consent',
      "set oauthApp.callbackUrl to the URL Reco gives you (reco-sf deploys it in the app's global OAuth settings), or set it in Setup (the hand-off says where)",
    );
  if (app.kind === 'connected-app') {
    if (app.callbackUrl === undefined)
      r.error('/oauthApp/callbackUrl', 'REQUIRED', 'is required for a connected app');
    r.warn(
      '/oauthApp/kind',
      'CONNECTED_APP_BLOCKED',
      "creating new connected apps is blocked in orgs since Spring '26 unless Salesforce Support re-enables it",
      'prefer "external-client-app"',
    );
  }
  if (app.callbackUrl !== undefined && !/^https:\/\/[^\s]+$/.test(app.callbackUrl)) {
    r.error('/oauthApp/callbackUrl', 'CALLBACK_URL_INVALID', `"${app.callbackUrl}" is not an https URL`);
  }
  r.eachOnce(app.scopes, '/oauthApp/scopes', 'DUPLICATE_SCOPE', (token, field) => {
    const scope = scopeByToken(token);
    if (!scope)
      r.error(
        field,
        'UNKNOWN_SCOPE',
        `"${token}" is not an OAuth scope token in the catalog`,
        'use the tokens of the vendor\'s "What do we ingest" table, e.g. api, refresh_token',
      );
    else if (scope.confidence !== 'H')
      r.warn(
        field,
        'SCOPE_UNCERTAIN',
        `"${token}" → ${scope.connectedAppValue}: ${scope.note ?? 'not confirmed'}`,
      );
  });
  if (app.ipRelaxation !== 'relax')
    r.warn(
      '/oauthApp/ipRelaxation',
      'IP_NOT_RELAXED',
      'the vendor guide asks for "Relax IP restrictions" so Reco can connect from its pool',
    );
}

export function checkConfigRules(config: RecoConfig, file: string): Diagnostic[] {
  const r = new Reporter(file);
  checkPermissions(r, config);
  checkUser(r, config);
  checkEvents(r, config);
  checkOAuth(r, config);
  return [...r.problems, ...checkTrustedRanges(file, config)];
}
