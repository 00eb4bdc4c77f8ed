import { fileAt, type Diagnostic } from '../../scripts/core/diagnostic';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { checkConfigObject, loadConfig, MAX_CONFIG_BYTES } from '../../scripts/core/config';
import { parseJsonStrict } from '../../scripts/core/json';
import { checkConfigRules } from '../../scripts/validate/config-rules';
import { DEMO_CONFIG, aConfig, aProject, makeTempDir, removeTempDirs, writeJson } from '../builders/project';

afterAll(removeTempDirs);

function codesAndFields(problems: Diagnostic[]): Array<[string, string | undefined]> {
  return problems.map((p) => [p.code, fileAt(p)?.path]);
}

describe('loadConfig', () => {
  it('Given the demo config, when loaded, then it has zero problems', () => {
    const loaded = loadConfig(DEMO_CONFIG);
    expect(loaded.problems).toEqual([]);
    expect(loaded.config?.permissionSet.name).toBe('Reco_Integration');
  });

  it('the demo config, placed in a project, points "$schema" at config/reco.config.schema.json', () => {
    const project = aProject();
    const raw = JSON.parse(readFileSync(join(project, 'config', 'reco.config.json'), 'utf8')) as {
      $schema?: string;
    };
    expect(raw.$schema).toBeDefined();
    const schemaFile = resolve(project, 'config', raw.$schema ?? '');
    expect(schemaFile).toBe(join(project, 'config', 'reco.config.schema.json'));
    expect(existsSync(schemaFile)).toBe(true);
  });

  it('Given a config with only required fields, when loaded, then defaults are filled from the schema', () => {
    const file = join(makeTempDir(), 'minimal.json');
    writeJson(file, {
      permissionSet: {
        name: 'Reco_Integration',
        label: 'Reco Integration',
        license: 'SalesforceAPIIntegrationPsl',
        systemPermissions: [],
        objectAccess: [],
      },
      integrationUser: {
        lastName: 'Reco Integration',
        alias: 'Reco',
        email: 'a@corp.test',
        username: 'a@corp.test.reco',
      },
      trustedIpRanges: [],
      eventMonitoring: { mode: 'auto' },
      oauthApp: { kind: 'external-client-app' },
    });
    const { config, problems } = loadConfig(file);
    expect(problems).toEqual([]);
    expect(config?.apiVersion).toBe('66.0');
    expect(config?.demo).toBe(false);
    expect(config?.permissionSet.additionalPermissions).toEqual([]);
    expect(config?.integrationUser.localeSidKey).toBe('en_US');
    expect(config?.integrationUser.timeZoneSidKey).toBe('America/Los_Angeles');
    expect(config?.integrationUser.emailEncodingKey).toBe('UTF-8');
    expect(config?.integrationUser.profiles).toEqual([
      'Minimum Access - API Only Integrations',
      'Salesforce API Only System Integrations',
    ]);
    expect(config?.eventMonitoring).toEqual({
      mode: 'auto',
      analyticsIntegration: true,
      deleteMonitoringData: false,
      eventManager: { events: 'all', streaming: true, storage: true },
    });
    expect(config?.oauthApp).toMatchObject({
      kind: 'external-client-app',
      name: 'Reco_Integration',
      ipRelaxation: 'relax',
      refreshTokenPolicy: 'infinite',
      permittedUsers: 'admin-approved',
    });
    // Without these two defaults the model and the config rules crashed on a config that omitted them.
    expect(config?.oauthApp.scopes).toEqual([]);
    expect(config && checkConfigRules(config, 'minimal.json').map((p) => p.code)).toContain('REQUIRED');
  });

  it('Given schema errors, then each names the JSON path in field and message, with a line', () => {
    const text = JSON.stringify(
      aConfig((c) => Object.assign(c.eventMonitoring, { mode: 'sometimes' })),
      null,
      2,
    );
    const parsed = parseJsonStrict(text, 'x.json');
    if (!parsed.ok) throw new Error(parsed.problem.message);
    const loaded = checkConfigObject(parsed.value, 'x.json', parsed.positions);
    expect(codesAndFields(loaded.problems)).toEqual([['CONFIG_SCHEMA', '/eventMonitoring/mode']]);
    expect(loaded.problems[0].message.startsWith('/eventMonitoring/mode: ')).toBe(true);
    expect(fileAt(loaded.problems[0])?.line).toBe(
      text.split('\n').findIndex((l) => l.includes('"mode"')) + 1,
    );
    expect(loaded.config).toBeUndefined();
  });

  it('reports every schema error at once (allErrors), each with its own path', () => {
    const config = aConfig((c) => {
      Object.assign(c.integrationUser, { nickname: 'x' });
      Object.assign(c.oauthApp, { kind: 'both' });
    });
    expect(codesAndFields(checkConfigObject(config, 'x.json').problems)).toEqual([
      ['CONFIG_SCHEMA', '/integrationUser/nickname'],
      ['CONFIG_SCHEMA', '/oauthApp/kind'],
    ]);
  });

  it('Given a trusted range with both cidr and start, then one CONFIG_SCHEMA problem names the range (not its oneOf branches)', () => {
    const config = aConfig((c) => Object.assign(c.trustedIpRanges[0], { start: '203.0.113.0' }));
    const { problems } = checkConfigObject(config, 'x.json');
    expect(codesAndFields(problems)).toEqual([['CONFIG_SCHEMA', '/trustedIpRanges/0']]);
    expect(problems[0].message).toBe(
      '/trustedIpRanges/0: a trusted range needs either "cidr" or both "start" and "end", not both forms',
    );
  });

  it('Given a missing file, then CONFIG_NOT_FOUND; given a file over the size limit, then CONFIG_TOO_LARGE without reading it', () => {
    const dir = makeTempDir();
    expect(codesAndFields(loadConfig(join(dir, 'nope.json')).problems)).toEqual([
      ['CONFIG_NOT_FOUND', undefined],
    ]);
    const big = join(dir, 'big.json');
    writeFileSync(big, ' '.repeat(MAX_CONFIG_BYTES + 1));
    expect(codesAndFields(loadConfig(big).problems)).toEqual([['CONFIG_TOO_LARGE', undefined]]);
  });

  it('Given a BOM before the JSON, then the config loads', () => {
    const file = join(makeTempDir(), 'bom.json');
    writeFileSync(file, '\uFEFF' + readFileSync(DEMO_CONFIG, 'utf8'));
    expect(loadConfig(file).problems).toEqual([]);
  });

  it('Given invalid JSON, then CONFIG_JSON with the line of the error', () => {
    const file = join(makeTempDir(), 'bad.json');
    writeFileSync(file, '{\n  "apiVersion": "66.0",\n  oops\n}\n');
    const { problems } = loadConfig(file);
    expect(codesAndFields(problems)).toEqual([['CONFIG_JSON', undefined]]);
    expect(fileAt(problems[0])?.line).toBe(3);
  });
});
