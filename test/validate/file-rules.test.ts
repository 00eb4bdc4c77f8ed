/**
 * Hand-broken force-app files (test/fixtures/bad-files): each is a generated file with one
 * defect. The structural (WSDL) checks must pass, so each defect is caught by the file rules,
 * with its code and line; `validate` on a project holding the file must fail with that code.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileAt, type Diagnostic } from '../../scripts/core/diagnostic';
import { parseMetadata } from '../../scripts/core/xml';
import { checkMetadataRules } from '../../scripts/validate/file-rules';
import { checkMetadataFile } from '../../scripts/validate/structure';
import { validateProject } from '../../scripts/validate';
import { aModel } from '../builders/model';
import { aProject, removeTempDirs } from '../builders/project';

afterAll(removeTempDirs);

const BAD = join(__dirname, '..', 'fixtures', 'bad-files');
const D = 'force-app/main/default';

interface Case {
  code: string;
  /** Line of the element at fault. */
  line: number;
  /** Where the file goes in a project to run `validate` on it. */
  target: string;
}

const CASES: Record<string, Case> = {
  'least-privilege.permissionset-meta.xml': {
    code: 'LEAST_PRIVILEGE',
    line: 53,
    target: `${D}/permissionsets/Reco_Integration.permissionset-meta.xml`,
  },
  'unknown-permission.permissionset-meta.xml': {
    code: 'UNKNOWN_PERMISSION',
    line: 85,
    target: `${D}/permissionsets/Reco_Integration.permissionset-meta.xml`,
  },
  'missing-dependency.permissionset-meta.xml': {
    code: 'MISSING_DEPENDENCY',
    line: 81,
    target: `${D}/permissionsets/Reco_Integration.permissionset-meta.xml`,
  },
  // The line of the repeat (85), not of the first ViewRoles (81).
  'duplicate-permission.permissionset-meta.xml': {
    code: 'DUPLICATE_PERMISSION',
    line: 85,
    target: `${D}/permissionsets/Reco_Integration.permissionset-meta.xml`,
  },
  'duplicate-entity.RealTimeEvent.settings-meta.xml': {
    code: 'DUPLICATE_EVENT',
    line: 100,
    target: `${D}/settings/RealTimeEvent.settings-meta.xml`,
  },
  'view-all-without-read.permissionset-meta.xml': {
    code: 'VIEW_ALL_WITHOUT_READ',
    line: 13,
    target: `${D}/permissionsets/Reco_Integration.permissionset-meta.xml`,
  },
  'allow-edit.permissionset-meta.xml': {
    code: 'WRITE_ACCESS',
    line: 13,
    target: `${D}/permissionsets/Reco_Integration.permissionset-meta.xml`,
  },
  'label-81.permissionset-meta.xml': {
    code: 'LABEL_TOO_LONG',
    line: 5,
    target: `${D}/permissionsets/Reco_Integration.permissionset-meta.xml`,
  },
  'unknown-entity.RealTimeEvent.settings-meta.xml': {
    code: 'UNKNOWN_EVENT',
    line: 12,
    target: `${D}/settings/RealTimeEvent.settings-meta.xml`,
  },
  'reversed-range.Security.settings-meta.xml': {
    code: 'IP_REVERSED',
    line: 9,
    target: `${D}/settings/Security.settings-meta.xml`,
  },
  'relaxation-sometimes.ecaOauthPlcy-meta.xml': {
    code: 'IP_RELAXATION_INVALID',
    line: 5,
    target: `${D}/extlClntAppOauthPolicies/Reco_Integration_oauthPlcy.ecaOauthPlcy-meta.xml`,
  },
  'unknown-scope.ecaOauth-meta.xml': {
    code: 'UNKNOWN_SCOPE',
    line: 3,
    target: `${D}/extlClntAppOauthSettings/Reco_Integration_oauth.ecaOauth-meta.xml`,
  },
  // The repeated Api's line (18), not the first Api's (9).
  'duplicate-scope.connectedApp-meta.xml': {
    code: 'DUPLICATE_SCOPE',
    line: 18,
    target: `${D}/connectedApps/Reco_Integration.connectedApp-meta.xml`,
  },
  // The wrapped list's second line, where the repeated Api is.
  'duplicate-scope.ecaOauth-meta.xml': {
    code: 'DUPLICATE_SCOPE',
    line: 4,
    target: `${D}/extlClntAppOauthSettings/Reco_Integration_oauth.ecaOauth-meta.xml`,
  },
  'consumer-secret.connectedApp-meta.xml': {
    code: 'SECRET_IN_SOURCE',
    line: 9,
    target: `${D}/connectedApps/Reco_Integration.connectedApp-meta.xml`,
  },
  'relaxation-connected-app.connectedApp-meta.xml': {
    code: 'IP_RELAXATION_INVALID',
    line: 23,
    target: `${D}/connectedApps/Reco_Integration.connectedApp-meta.xml`,
  },
};

const ROWS = Object.entries(CASES).map(([file, c]) => [file, c.code, c] as const);

function rulesFor(file: string): Diagnostic[] {
  const text = readFileSync(join(BAD, file), 'utf8');
  return checkMetadataRules(parseMetadata(text, file), file, text, aModel());
}

describe('file rules on hand-broken files', () => {
  it('every fixture has a table entry and every entry a fixture', () => {
    expect(readdirSync(BAD).sort()).toEqual(Object.keys(CASES).sort());
  });

  it.each(ROWS)('%s → %s', (file, _code, { code, line }) => {
    expect(checkMetadataFile(join(BAD, file), file)).toEqual([]);
    const problems = rulesFor(file);
    expect(problems.map((p) => [p.severity, p.code])).toEqual([['error', code]]);
    expect(fileAt(problems[0])?.line).toBe(line);
  });

  it('a missing dependency says exactly which permission needs which', () => {
    expect(rulesFor('missing-dependency.permissionset-meta.xml')[0].message).toBe(
      'Permission ViewSetup depends on permission(s): ViewRoles',
    );
  });

  it('without a model (broken config) a catalog permission is not a least-privilege error, but an unknown one still is', () => {
    const check = (file: string): string[] => {
      const text = readFileSync(join(BAD, file), 'utf8');
      return checkMetadataRules(parseMetadata(text, file), file, text, undefined).map((p) => p.code);
    };
    expect(check('least-privilege.permissionset-meta.xml')).toEqual([]);
    expect(check('unknown-permission.permissionset-meta.xml')).toEqual(['UNKNOWN_PERMISSION']);
  });

  describe('validate on a project holding the broken file', () => {
    it.each(ROWS)('%s: validate reports %s as an error', async (file, _code, { code, target }) => {
      const project = aProject();
      mkdirSync(join(project, target, '..'), { recursive: true });
      writeFileSync(join(project, target), readFileSync(join(BAD, file)));
      const report = await validateProject(project, join(project, 'config', 'reco.config.json'), {
        cache: false,
      });
      expect(report.errors.filter((p) => fileAt(p)?.file === target).map((p) => p.code)).toContain(code);
    });

    it('an External Client App global OAuth settings file (.ecaGlblOauth) is SECRET_IN_SOURCE', async () => {
      const project = aProject();
      const target = `${D}/extlClntAppGlobalOauthSets/Reco_Integration_glbl.ecaGlblOauth-meta.xml`;
      mkdirSync(join(project, target, '..'), { recursive: true });
      writeFileSync(
        join(project, target),
        [
          '<?xml version="1.0" encoding="UTF-8"?>',
          '<ExtlClntAppGlobalOauthSettings xmlns="http://soap.sforce.com/2006/04/metadata">',
          '    <callbackUrl>https://app.example.com/cb</callbackUrl>',
          '    <consumerKey>3MVG9abc</consumerKey>',
          '    <externalClientApplication>Reco_Integration</externalClientApplication>',
          '    <label>Reco Integration</label>',
          '</ExtlClntAppGlobalOauthSettings>',
          '',
        ].join('\n'),
      );
      const report = await validateProject(project, join(project, 'config', 'reco.config.json'), {
        cache: false,
      });
      expect(report.errors.map((p) => [p.code, fileAt(p)?.file])).toContainEqual([
        'SECRET_IN_SOURCE',
        target,
      ]);
    });
  });
});
