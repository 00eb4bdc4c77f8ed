/** Plain-HTTP helpers for emulator tests: REST calls, SOAP calls, and deploys of hand-built zips. */
import JSZip from 'jszip';
import { XMLParser } from 'fast-xml-parser';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startEmulator, type EmulatorHandle, type EmulatorOptions } from '../../scripts/emulator';

export const FIXTURES = join(__dirname, 'fixtures');
export const PROJECT_FIXTURE = join(FIXTURES, 'project');

export function fixture(relative: string): string {
  return readFileSync(join(FIXTURES, relative), 'utf8');
}
export function projectFile(relative: string): string {
  return readFileSync(join(PROJECT_FIXTURE, 'force-app', 'main', 'default', relative), 'utf8');
}

export interface HttpResult {
  status: number;
  body: unknown;
  text: string;
  contentType: string;
}

export async function rest(
  handle: EmulatorHandle,
  method: string,
  path: string,
  body?: unknown,
  token = handle.accessToken,
): Promise<HttpResult> {
  const response = await fetch(`${handle.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text === '' ? undefined : (JSON.parse(text) as unknown);
  } catch {
    parsed = text;
  }
  return {
    status: response.status,
    body: parsed,
    text,
    contentType: response.headers.get('content-type') ?? '',
  };
}

export function soql(handle: EmulatorHandle, q: string, tooling = false): Promise<HttpResult> {
  return rest(
    handle,
    'GET',
    `/services/data/v66.0/${tooling ? 'tooling/' : ''}query?q=${encodeURIComponent(q)}`,
  );
}

const parser = new XMLParser({
  ignoreAttributes: false,
  removeNSPrefix: true,
  parseTagValue: false,
  isArray: (name) =>
    ['componentFailures', 'componentSuccesses', 'fileProperties', 'records', 'messages', 'result'].includes(
      name,
    ),
});

export interface SoapResult {
  status: number;
  text: string;
  /** The `<result>` elements of the response (or the Fault). */
  results: Array<Record<string, unknown>>;
  fault?: { faultcode: string; faultstring: string };
}

export async function soap(
  handle: EmulatorHandle,
  operation: string,
  innerXml: string,
  token = handle.accessToken,
  version = '66.0',
): Promise<SoapResult> {
  const envelope =
    '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<soapenv:Header xmlns="http://soap.sforce.com/2006/04/metadata"><SessionHeader><sessionId>${token}</sessionId></SessionHeader></soapenv:Header>` +
    `<soapenv:Body xmlns="http://soap.sforce.com/2006/04/metadata"><${operation}>${innerXml}</${operation}></soapenv:Body></soapenv:Envelope>`;
  const response = await fetch(`${handle.url}/services/Soap/m/${version}`, {
    method: 'POST',
    headers: { 'Content-Type': 'text/xml', SOAPAction: '""' },
    body: envelope,
  });
  const text = await response.text();
  const doc = parser.parse(text) as { Envelope: { Body: Record<string, unknown> } };
  const body = doc.Envelope.Body;
  const fault = body.Fault as { faultcode: string; faultstring: string } | undefined;
  const payload = body[`${operation}Response`] as { result?: Array<Record<string, unknown>> } | undefined;
  return { status: response.status, text, results: payload?.result ?? [], fault };
}

export interface DeployOptionsInput {
  checkOnly?: boolean;
  rollbackOnError?: boolean;
  ignoreWarnings?: boolean;
  singlePackage?: boolean;
  testLevel?: string;
}

export function packageXml(types: Record<string, string[]>, version = '66.0'): string {
  const body = Object.entries(types)
    .map(
      ([name, members]) =>
        `<types>${members.map((m) => `<members>${m}</members>`).join('')}<name>${name}</name></types>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?><Package xmlns="http://soap.sforce.com/2006/04/metadata">${body}<version>${version}</version></Package>`;
}

/** Builds a deploy zip: `files` paths are relative to the package root (e.g. `permissionsets/X.permissionset`). */
export async function buildZip(files: Record<string, string>, folder = ''): Promise<string> {
  const zip = new JSZip();
  for (const [path, text] of Object.entries(files)) zip.file(`${folder}${path}`, text);
  return (await zip.generateAsync({ type: 'nodebuffer' })).toString('base64');
}

export async function startDeploy(
  handle: EmulatorHandle,
  zipBase64: string,
  options: DeployOptionsInput = {},
): Promise<string> {
  const o = {
    rollbackOnError: true,
    ignoreWarnings: false,
    checkOnly: false,
    singlePackage: true,
    ...options,
  };
  const opts = Object.entries(o)
    .map(([k, v]) => `<${k}>${String(v)}</${k}>`)
    .join('');
  const r = await soap(
    handle,
    'deploy',
    `<ZipFile>${zipBase64}</ZipFile><DeployOptions>${opts}</DeployOptions>`,
  );
  if (r.fault) throw new Error(`deploy fault ${r.fault.faultcode}: ${r.fault.faultstring}`);
  return String(r.results[0].id);
}

export async function checkDeploy(handle: EmulatorHandle, id: string): Promise<Record<string, unknown>> {
  const r = await soap(
    handle,
    'checkDeployStatus',
    `<asyncProcessId>${id}</asyncProcessId><includeDetails>true</includeDetails>`,
  );
  if (r.fault) throw new Error(`checkDeployStatus fault ${r.fault.faultcode}: ${r.fault.faultstring}`);
  return r.results[0];
}

export interface DeployReport {
  id: string;
  status: string;
  success: boolean;
  failures: Array<{
    fullName: string;
    componentType: string;
    problem: string;
    problemType: string;
    fileName: string;
  }>;
  successes: Array<{
    fullName: string;
    componentType: string;
    created: string;
    changed: string;
    deleted: string;
    fileName: string;
  }>;
}

/** Deploys files (plus a generated package.xml unless given) and polls until done. */
export async function deploy(
  handle: EmulatorHandle,
  files: Record<string, string>,
  options: DeployOptionsInput = {},
): Promise<DeployReport> {
  const id = await startDeploy(handle, await buildZip(files), options);
  for (let i = 0; i < 20; i++) {
    const result = await checkDeploy(handle, id);
    if (result.done === 'true') {
      const details = (result.details ?? {}) as Record<string, unknown>;
      return {
        id,
        status: String(result.status),
        success: result.success === 'true',
        failures: (details.componentFailures ?? []) as DeployReport['failures'],
        successes: ((details.componentSuccesses ?? []) as DeployReport['successes']).filter(
          (s) => s.fullName !== 'package.xml',
        ),
      };
    }
  }
  throw new Error(`deploy ${id} did not finish in 20 polls`);
}

/** `{ 'permissionsets/X.permissionset': xml }` plus the matching package.xml. */
export function withManifest(files: Record<string, string>, version = '66.0'): Record<string, string> {
  const types: Record<string, string[]> = {};
  const typeOfDir: Record<string, string> = {
    permissionsets: 'PermissionSet',
    settings: 'Settings',
    connectedApps: 'ConnectedApp',
    externalClientApps: 'ExternalClientApplication',
    extlClntAppOauthSettings: 'ExtlClntAppOauthSettings',
    extlClntAppOauthPolicies: 'ExtlClntAppOauthConfigurablePolicies',
    extlClntAppPolicies: 'ExtlClntAppConfigurablePolicies',
    profiles: 'Profile',
  };
  for (const path of Object.keys(files)) {
    const [dir, file] = path.split('/');
    const type = typeOfDir[dir];
    (types[type] ??= []).push(file.slice(0, file.lastIndexOf('.')));
  }
  return { 'package.xml': packageXml(types, version), ...files };
}

export function permissionSetXml(opts: {
  label?: string;
  license?: string;
  permissions?: string[];
  objects?: string[];
  extra?: string;
}): string {
  const perms = (opts.permissions ?? [])
    .map((p) => `<userPermissions><enabled>true</enabled><name>${p}</name></userPermissions>`)
    .join('');
  const objects = (opts.objects ?? [])
    .map(
      (o) =>
        `<objectPermissions><allowCreate>false</allowCreate><allowDelete>false</allowDelete><allowEdit>false</allowEdit><allowRead>true</allowRead><modifyAllRecords>false</modifyAllRecords><object>${o}</object><viewAllRecords>true</viewAllRecords></objectPermissions>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?><PermissionSet xmlns="http://soap.sforce.com/2006/04/metadata"><hasActivationRequired>false</hasActivationRequired><label>${opts.label ?? 'Test Set'}</label>${opts.license ? `<license>${opts.license}</license>` : ''}${objects}${perms}${opts.extra ?? ''}</PermissionSet>`;
}

/**
 * The emulator a describe shares, declared once: started with `options` before its tests and
 * stopped after them. Call it in the describe's body; the handle it returns stands for the
 * emulator started then and may only be used inside the describe's hooks and tests.
 */
export function useEmulator(options: EmulatorOptions = {}): EmulatorHandle {
  let started: EmulatorHandle | undefined;
  beforeAll(async () => {
    started = await startEmulator(options);
  });
  afterAll(async () => {
    await started?.stop();
  });
  return standIn(() => started, 'useEmulator');
}

/**
 * An object that stands for the one `current()` returns once a `beforeAll` has made it (each
 * property read is forwarded, methods bound to it), so that a describe can declare it in its body.
 * Reading it before then throws, naming `who`.
 */
export function standIn<T extends object>(current: () => T | undefined, who: string): T {
  return new Proxy({} as T, {
    get(_target, key) {
      const real = current();
      if (!real) throw new Error(`${who}: it exists only inside the describe's hooks and tests`);
      const value: unknown = Reflect.get(real, key);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(real) : value;
    },
  });
}

/**
 * The fields of a User insert for the integration user, as the data step sends them (REST API
 * Developer Guide, sObject User): `profileId` its profile, `extra` any field to add or replace.
 */
export function integrationUserFields(
  profileId: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    Username: 'reco.integration@example.com',
    LastName: 'Integration',
    FirstName: 'Reco',
    Alias: 'Reco',
    Email: 'reco@example.com',
    TimeZoneSidKey: 'America/Los_Angeles',
    LocaleSidKey: 'en_US',
    EmailEncodingKey: 'UTF-8',
    LanguageLocaleKey: 'en_US',
    ProfileId: profileId,
    ...extra,
  };
}
