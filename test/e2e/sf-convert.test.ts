/**
 * The real `sf project convert source` (the @salesforce/cli dev dependency) on a temporary copy
 * of the project, with a temporary HOME and the quiet offline environment: the package.xml it
 * writes must list every component we generate, and not Settings:Security, which .forceignore
 * keeps out of plain `sf` deploys (the trusted-ranges trap).
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { copyProjectTo, makeTempHome, removeDir, runSf, type SfResult } from '../helpers/sf';

interface PackageXml {
  Package: {
    types: Array<{ members: string | string[]; name: string }> | { members: string | string[]; name: string };
    version: string;
  };
}

const EXPECTED: Record<string, string[]> = {
  ExternalClientApplication: ['Reco_Integration'],
  ExtlClntAppConfigurablePolicies: ['Reco_Integration_plcy'],
  ExtlClntAppOauthConfigurablePolicies: ['Reco_Integration_oauthPlcy'],
  ExtlClntAppOauthSettings: ['Reco_Integration_oauth'],
  PermissionSet: ['Reco_Integration'],
  Settings: ['Event', 'RealTimeEvent'],
};

describe('sf project convert source', () => {
  let home: string;
  let project: string;
  let result: SfResult;
  const outDir = (): string => join(project, 'converted');

  beforeAll(async () => {
    home = makeTempHome();
    project = copyProjectTo(mkdtempSync(join(tmpdir(), 'reco-sf-convert-')));
    result = await runSf(['project', 'convert', 'source', '--output-dir', 'converted', '--json'], {
      cwd: project,
      home,
    });
  });

  afterAll(() => {
    removeDir(home);
    removeDir(project);
  });

  it('exits 0 with a JSON result', () => {
    expect({ code: result.code, stderr: result.code === 0 ? '' : result.stderr }).toEqual({
      code: 0,
      stderr: '',
    });
    expect(result.json).toMatchObject({
      status: 0,
      result: { location: expect.stringContaining('converted') },
    });
  });

  it('writes a package.xml listing every component, at the project API version, and not Settings:Security', () => {
    const xml = readFileSync(join(outDir(), 'package.xml'), 'utf8');
    const parsed = new XMLParser({
      parseTagValue: false,
      isArray: (name) => name === 'types' || name === 'members',
    }).parse(xml) as PackageXml;
    const types = Array.isArray(parsed.Package.types) ? parsed.Package.types : [parsed.Package.types];
    const listed = Object.fromEntries(
      types.map((t) => [t.name, (Array.isArray(t.members) ? t.members : [t.members]).sort()]),
    );
    expect(listed).toEqual(EXPECTED);
    expect(String(parsed.Package.version)).toBe('66.0');
    expect(xml).not.toContain('<members>Security</members>');
  });

  it('writes each component in metadata format, and no Security settings file', () => {
    for (const file of [
      'permissionsets/Reco_Integration.permissionset',
      'settings/Event.settings',
      'settings/RealTimeEvent.settings',
      'externalClientApps/Reco_Integration.eca',
      'extlClntAppOauthSettings/Reco_Integration_oauth.ecaOauth',
      'extlClntAppOauthPolicies/Reco_Integration_oauthPlcy.ecaOauthPlcy',
      'extlClntAppPolicies/Reco_Integration_plcy.ecaPlcy',
    ]) {
      expect({ file, exists: existsSync(join(outDir(), file)) }).toEqual({ file, exists: true });
    }
    expect(existsSync(join(outDir(), 'settings', 'Security.settings'))).toBe(false);
  });
});
