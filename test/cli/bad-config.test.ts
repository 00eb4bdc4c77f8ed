/**
 * The bad-input corpus: test/fixtures/bad-config/*.json, each the demo config (test/fixtures/configs) with one
 * defect. Every file must be listed here with the exact (code, field) of the errors it causes;
 * `generate` and `validate` must exit 2, and neither may write a byte into the project.
 * A few entries are ACCEPTED on purpose (a BOM, overlapping ranges, XML-special characters).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileAt, errorsOf, type Diagnostic } from '../../scripts/core/diagnostic';
import { parseMetadata, type XmlRecord } from '../../scripts/core/xml';
import { runOfflinePipeline } from '../../scripts/generate/pipeline';
import { demoConfig, aProject, removeTempDirs, runCli, treeHash } from '../builders/project';

afterAll(removeTempDirs);

const BAD = join(__dirname, '..', 'fixtures', 'bad-config');

type Expected = Array<[code: string, field: string | undefined]>;

/** file → the errors it must cause, exactly (code, field), in report order. */
const REJECTED: Record<string, Expected> = {
  'api-version-not-a-version.json': [['CONFIG_SCHEMA', '/apiVersion']],
  'array-not-object.json': [['CONFIG_SCHEMA', '/']],
  'empty.json': [['CONFIG_EMPTY', undefined]],
  'whitespace-only.json': [['CONFIG_EMPTY', undefined]],
  'not-json.json': [['CONFIG_JSON', undefined]],
  'trailing-comma.json': [['CONFIG_JSON', undefined]],
  'top-level-missing-oauth-app.json': [['CONFIG_SCHEMA', '/']],
  'event-duplicate.json': [['DUPLICATE_EVENT', '/eventMonitoring/eventManager/events/1']],
  'event-unknown.json': [['UNKNOWN_EVENT', '/eventMonitoring/eventManager/events/1']],
  'event-mode-sometimes.json': [['CONFIG_SCHEMA', '/eventMonitoring/mode']],
  'event-streaming-yes.json': [['CONFIG_SCHEMA', '/eventMonitoring/eventManager/streaming']],
  'ipv4-invalid.json': [['IP_INVALID', '/trustedIpRanges/1']],
  'ipv4-short-form.json': [['IP_INVALID', '/trustedIpRanges/1']],
  'ipv4-leading-zero.json': [['IP_INVALID', '/trustedIpRanges/1']],
  'ipv6-invalid.json': [['IP_INVALID', '/trustedIpRanges/2/cidr']],
  'range-cidr-invalid.json': [['IP_INVALID', '/trustedIpRanges/0/cidr']],
  'range-cidr-and-start.json': [['CONFIG_SCHEMA', '/trustedIpRanges/0']],
  'range-reversed.json': [['IP_REVERSED', '/trustedIpRanges/1']],
  'range-mixed-families.json': [['IP_MIXED_FAMILY', '/trustedIpRanges/1']],
  'range-ipv4-slash6.json': [['IP_RANGE_TOO_LARGE', '/trustedIpRanges/0']],
  'range-ipv6-slash31.json': [['IP_RANGE_TOO_LARGE', '/trustedIpRanges/2']],
  'range-duplicate.json': [['IP_DUPLICATE', '/trustedIpRanges/3']],
  'range-description-256.json': [['IP_DESCRIPTION_TOO_LONG', '/trustedIpRanges/0']],
  'permission-unknown.json': [['UNKNOWN_PERMISSION', '/permissionSet/systemPermissions/11']],
  'permission-api-name-not-key.json': [['UNKNOWN_PERMISSION', '/permissionSet/systemPermissions/0']],
  'permission-duplicate.json': [['DUPLICATE_PERMISSION', '/permissionSet/systemPermissions/11']],
  'permission-not-required.json': [['LEAST_PRIVILEGE', '/permissionSet/systemPermissions/11']],
  'permission-opt-in-not-an-api-name.json': [
    ['UNKNOWN_PERMISSION', '/permissionSet/additionalPermissions/0/permission'],
  ],
  'permission-set-label-81.json': [['LABEL_TOO_LONG', '/permissionSet/label']],
  'permission-set-description-256.json': [['DESCRIPTION_TOO_LONG', '/permissionSet/description']],
  'permission-set-name-double-underscore.json': [['API_NAME_INVALID', '/permissionSet/name']],
  'permission-set-name-trailing-underscore.json': [['API_NAME_INVALID', '/permissionSet/name']],
  'object-access-edit.json': [['CONFIG_SCHEMA', '/permissionSet/objectAccess/0/access']],
  'object-access-duplicate.json': [['DUPLICATE_OBJECT', '/permissionSet/objectAccess/4/object']],
  'user-alias-9.json': [['ALIAS_TOO_LONG', '/integrationUser/alias']],
  'user-last-name-81.json': [['LAST_NAME_TOO_LONG', '/integrationUser/lastName']],
  'user-email-invalid.json': [['EMAIL_INVALID', '/integrationUser/email']],
  'user-username-invalid.json': [['USERNAME_INVALID', '/integrationUser/username']],
  'user-username-placeholder-unknown.json': [['CONFIG_SCHEMA', '/integrationUser/username']],
  'user-username-pattern-not-email.json': [['USERNAME_INVALID', '/integrationUser/username']],
  'user-missing-email.json': [['CONFIG_SCHEMA', '/integrationUser']],
  'user-unknown-property.json': [['CONFIG_SCHEMA', '/integrationUser/nickname']],
  'scope-unknown.json': [['UNKNOWN_SCOPE', '/oauthApp/scopes/12']],
  'scope-duplicate.json': [['DUPLICATE_SCOPE', '/oauthApp/scopes/12']],
  'oauth-connected-app-without-callback.json': [['REQUIRED', '/oauthApp/callbackUrl']],
  'oauth-callback-not-https.json': [['CALLBACK_URL_INVALID', '/oauthApp/callbackUrl']],
  'oauth-contact-email-invalid.json': [['EMAIL_INVALID', '/oauthApp/contactEmail']],
  'oauth-ip-relaxation-unknown.json': [['CONFIG_SCHEMA', '/oauthApp/ipRelaxation']],
  'oauth-name-starts-with-digit.json': [['API_NAME_INVALID', '/oauthApp/name']],
};

/** Inputs that look odd but are valid: they must load, and generate must succeed. */
const ACCEPTED = ['bom.json', 'range-overlapping.json', 'xml-special-characters.json'];

function errors(file: string): Diagnostic[] {
  return errorsOf(runOfflinePipeline(BAD, join(BAD, file)).problems);
}

/** Leaf paths where two JSON values differ (a whole subtree counts once when added or removed). */
function differingPaths(a: unknown, b: unknown, path = ''): string[] {
  if (
    typeof a !== 'object' ||
    typeof b !== 'object' ||
    a === null ||
    b === null ||
    Array.isArray(a) !== Array.isArray(b)
  ) {
    return JSON.stringify(a) === JSON.stringify(b) ? [] : [path || '/'];
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(left), ...Object.keys(right)])];
  return keys.flatMap((k) =>
    k in left && k in right ? differingPaths(left[k], right[k], `${path}/${k}`) : [`${path}/${k}`],
  );
}

describe('bad-config corpus', () => {
  it('every fixture is in the table, every table entry has a fixture, and there are at least 30 rejected configs', () => {
    expect(readdirSync(BAD).sort()).toEqual([...Object.keys(REJECTED), ...ACCEPTED].sort());
    expect(Object.keys(REJECTED).length).toBeGreaterThanOrEqual(30);
  });

  it.each(
    readdirSync(BAD).filter(
      (f) =>
        ![
          'empty.json',
          'whitespace-only.json',
          'not-json.json',
          'trailing-comma.json',
          'bom.json',
          'array-not-object.json',
        ].includes(f),
    ),
  )('%s is the demo config with one defect (at most two differing paths)', (file) => {
    const diff = differingPaths(demoConfig(), JSON.parse(readFileSync(join(BAD, file), 'utf8')));
    expect(diff.length).toBeGreaterThanOrEqual(1);
    expect(diff.length).toBeLessThanOrEqual(2);
  });

  it.each(Object.entries(REJECTED))('%s → exactly %j, each message naming its field', (file, expected) => {
    const found = errors(file);
    expect(found.map((p) => [p.code, fileAt(p)?.path])).toEqual(expected);
    for (const p of found) {
      if (fileAt(p)?.path !== undefined) expect(p.message.startsWith(`${fileAt(p)?.path}: `)).toBe(true);
      expect(fileAt(p)?.file).toBe(file);
    }
  });

  it('JSON syntax errors name the line', () => {
    expect(fileAt(errors('not-json.json')[0])?.line).toBe(6);
    expect(fileAt(errors('trailing-comma.json')[0])?.line).toBe(106);
  });

  it('an API name where a catalog key belongs gets a hint naming the key', () => {
    expect(errors('permission-api-name-not-key.json')[0].fix).toBe(
      'use the catalog key "ManageConnectedApps"',
    );
  });

  describe('through the CLI, on one project copy that must stay untouched', () => {
    let project: string;
    let pristine: string;
    beforeAll(() => {
      project = aProject();
      pristine = treeHash(project);
    });

    it.each(Object.keys(REJECTED))('%s: generate and validate exit 2, nothing is written', async (file) => {
      const generate = await runCli(project, ['generate', '--config', join(BAD, file)]);
      expect(generate.code).toBe(2);
      expect(generate.stderr).toContain('nothing written');
      const validate = await runCli(project, ['validate', '--config', join(BAD, file)]);
      expect(validate.code).toBe(2);
      expect(treeHash(project)).toBe(pristine);
    });

    it('validate --json lists the defect among its errors', async () => {
      const run = await runCli(project, ['validate', '--json', '--config', join(BAD, 'user-alias-9.json')]);
      const parsed = JSON.parse(run.stdout) as { status: number; result: { errors: Diagnostic[] } };
      expect(run.code).toBe(2);
      expect(parsed.status).toBe(2);
      expect(parsed.result.errors.map((p) => p.code)).toEqual(['ALIAS_TOO_LONG']);
    });
  });

  describe('accepted inputs', () => {
    it('a BOM before the JSON loads: the BOM copy of the demo config generates exactly the demo tree', async () => {
      expect(readFileSync(join(BAD, 'bom.json'))[0]).toBe(0xef);
      expect(errors('bom.json')).toEqual([]);
      const project = aProject();
      expect(await runCli(project, ['generate', '--check', '--config', join(BAD, 'bom.json')])).toMatchObject(
        { code: 0 },
      );
    });

    it('overlapping ranges are a warning only (IP_OVERLAP), and generate succeeds', async () => {
      const problems = runOfflinePipeline(BAD, join(BAD, 'range-overlapping.json')).problems;
      expect(errorsOf(problems)).toEqual([]);
      expect(
        problems.filter((p) => p.code === 'IP_OVERLAP').map((p) => [p.severity, fileAt(p)?.path]),
      ).toEqual([['warning', '/trustedIpRanges/3']]);
      const project = aProject();
      const run = await runCli(project, ['generate', '--config', join(BAD, 'range-overlapping.json')]);
      expect(run.code).toBe(0);
      expect(run.stderr).toContain('IP_OVERLAP');
    });

    it('<, & and ]]> in descriptions are accepted, written escaped, and parse back to the same text', async () => {
      const config = JSON.parse(readFileSync(join(BAD, 'xml-special-characters.json'), 'utf8')) as {
        permissionSet: { description: string };
        trustedIpRanges: Array<{ description: string }>;
      };
      expect(errors('xml-special-characters.json')).toEqual([]);
      const project = aProject();
      expect(
        await runCli(project, ['generate', '--config', join(BAD, 'xml-special-characters.json')]),
      ).toMatchObject({ code: 0 });
      const psText = readFileSync(
        join(project, 'force-app/main/default/permissionsets/Reco_Integration.permissionset-meta.xml'),
        'utf8',
      );
      expect(psText).toContain(
        '<description>Read-only &lt;Reco&gt; access &amp; audit ]]&gt; &quot;quoted&quot;</description>',
      );
      expect(parseMetadata(psText, 'ps').value.description).toBe(config.permissionSet.description);
      const secText = readFileSync(
        join(project, 'force-app/main/default/settings/Security.settings-meta.xml'),
        'utf8',
      );
      expect(secText).toContain('<description>Pool &lt;A&gt; &amp; B ]]&gt;</description>');
      const ranges = (parseMetadata(secText, 'sec').value.networkAccess as XmlRecord).ipRanges as XmlRecord[];
      expect(ranges[0].description).toBe(config.trustedIpRanges[0].description);
      expect(
        await runCli(project, ['validate', '--config', join(BAD, 'xml-special-characters.json')]),
      ).toMatchObject({ code: 0 });
    });
  });
});
