/**
 * Open-world validation: reco-sf's files share the project with other teams' metadata, in more
 * than one package directory. Other teams' files are judged by Salesforce's rules only (no false
 * error for standard permissions, write access, the full OAuth scope enum, hand-written element
 * orders, ECA files named unlike their app, an org's own Event Manager entities); every genuine
 * flaw is caught at its file and line. Fixtures: test/fixtures/open-world (hand-written).
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileAt, type Diagnostic } from '../../scripts/core/diagnostic';
import { validateProject } from '../../scripts/validate';
import { aConfig, aProject, removeTempDirs, runCli, writeJson } from '../builders/project';

afterAll(removeTempDirs);

const FIXTURES = join(__dirname, '..', 'fixtures', 'open-world');

/** A copy of the project with `dirs` of the fixtures added as package directories after force-app. */
function projectWith(dirs: string[], change?: Parameters<typeof aConfig>[0]): string {
  const project = aProject();
  for (const dir of dirs) cpSync(join(FIXTURES, dir), join(project, dir), { recursive: true });
  const sfdx = JSON.parse(readFileSync(join(project, 'sfdx-project.json'), 'utf8')) as {
    packageDirectories: Array<{ path: string; default?: boolean }>;
  };
  sfdx.packageDirectories.push(...dirs.map((path) => ({ path })));
  writeJson(join(project, 'sfdx-project.json'), sfdx);
  if (change) writeJson(join(project, 'config', 'reco.config.json'), aConfig(change));
  return project;
}

async function validate(project: string): Promise<{ errors: Diagnostic[]; warnings: Diagnostic[] }> {
  return validateProject(project, join(project, 'config', 'reco.config.json'), { cache: false });
}

const at = (p: Diagnostic): string => `${p.code} ${fileAt(p)?.file}:${fileAt(p)?.line ?? '-'}`;

describe('validate in an open world', () => {
  it("Given another team's permission sets, connected app, ECA set, Apex class and a metadata-format Security settings in two more package directories, then no error", async () => {
    const project = projectWith(['team-app', 'retrieved']);
    const { errors, warnings } = await validate(project);
    expect(errors).toEqual([]);
    // Hand-written order (label before description, userPermissions first, …; externalClientApplication
    // after label): one warning per element, at its first misplaced child.
    const order = warnings.filter((w) => w.code === 'XML_ORDER').map(at);
    expect(order.sort()).toEqual([
      'XML_ORDER team-app/main/default/extlClntAppOauthPolicies/Warehouse_Policies.ecaOauthPlcy-meta.xml:4',
      'XML_ORDER team-app/main/default/permissionsets/Sales_Ops_Admin.permissionset-meta.xml:4',
    ]);
    const others = ['XML_ORDER', 'SCOPE_UNCERTAIN', 'LOCK_MISSING'];
    expect(warnings.filter((w) => !others.includes(w.code))).toEqual([]);
  });

  it("Given a production org's Event Manager retrieve (entities the catalog does not know) in another package directory, then no error", async () => {
    const project = projectWith(['production-events'], (c) => (c.eventMonitoring.mode = 'off'));
    expect((await runCli(project, ['generate'])).code).toBe(0);
    const { errors } = await validate(project);
    expect(errors).toEqual([]);
  });

  it('Given the metadata-format Security.settings and a .forceignore that covers only the source format, then TRUSTED_RANGES_HAZARD names the file, its line and the hazard', async () => {
    const project = projectWith(['retrieved']);
    writeFileSync(join(project, '.forceignore'), '**/settings/Security.settings-meta.xml\n');
    const { errors } = await validate(project);
    expect(errors.map(at)).toEqual(['TRUSTED_RANGES_HAZARD retrieved/settings/Security.settings:4']);
    expect(errors[0].message).toContain("replace all of the org's trusted IP ranges with the 0 in this file");
  });

  it("Given another team's metadata-format Security settings with a private range, then Reco's IP_SPECIAL_RANGE policy stays out of it while Salesforce's range rules and the hazard still apply", async () => {
    const project = projectWith(['retrieved']);
    const file = join(project, 'retrieved/settings/Security.settings');
    const range = (start: string, end: string): string =>
      `<ipRanges><start>${start}</start><end>${end}</end></ipRanges>`;
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace(
        '<networkAccess/>',
        `<networkAccess>\n        ${range('10.0.0.0', '10.0.0.255')}\n    </networkAccess>`,
      ),
    );
    const first = await validate(project);
    expect(first.errors).toEqual([]);
    expect([...first.errors, ...first.warnings].filter((p) => p.code === 'IP_SPECIAL_RANGE')).toEqual([]);

    // Salesforce's own rules still judge the file: a reversed range is an error at its line.
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace(
        '</networkAccess>',
        `    ${range('10.0.1.9', '10.0.1.1')}\n    </networkAccess>`,
      ),
    );
    writeFileSync(join(project, '.forceignore'), '**/settings/Security.settings-meta.xml\n');
    const second = await validate(project);
    expect(second.errors.map(at).sort()).toEqual([
      'IP_REVERSED retrieved/settings/Security.settings:6',
      'TRUSTED_RANGES_HAZARD retrieved/settings/Security.settings:4',
    ]);
    expect(second.warnings.filter((p) => p.code === 'IP_SPECIAL_RANGE')).toEqual([]);
  });

  it('Given a Security settings file under another name of folder in a second package directory and no .forceignore, then each one is a hazard', async () => {
    const project = projectWith(['retrieved']);
    cpSync(
      join(project, 'force-app/main/default/settings/Security.settings-meta.xml'),
      join(project, 'retrieved/misc/Security.settings-meta.xml'),
    );
    writeFileSync(join(project, '.forceignore'), '');
    const hazards = (await validate(project)).errors.filter((p) => p.code === 'TRUSTED_RANGES_HAZARD');
    expect(hazards.map((p) => fileAt(p)?.file).sort()).toEqual([
      'force-app/main/default/settings/Security.settings-meta.xml',
      'retrieved/misc/Security.settings-meta.xml',
      'retrieved/settings/Security.settings',
    ]);
  });

  it('Given genuinely flawed files, then each flaw is an error at its file and exact line', async () => {
    const project = projectWith(['team-app', 'flawed']);
    const { errors } = await validate(project);
    const base = 'flawed/main/default';
    expect(errors.map(at).sort()).toEqual(
      [
        // An ECA policy naming an app that is in no package directory.
        `ECA_NOT_IN_PROJECT ${base}/extlClntAppOauthPolicies/Orphan_Policies.ecaOauthPlcy-meta.xml:4`,
        // The exact token's line: not the label's "CDPIngest feed", not the valid CDPIngest.
        `UNKNOWN_SCOPE ${base}/extlClntAppOauthSettings/Bad_Scope.ecaOauth-meta.xml:5`,
        // A WSDL enum value: at the <scopes> element, not at the description that mentions "Full".
        `XML_BAD_ENUM ${base}/connectedApps/Legacy_Sync.connectedApp-meta.xml:9`,
        `VIEW_ALL_WITHOUT_READ ${base}/permissionsets/Support_Agent.permissionset-meta.xml:20`,
        `DUPLICATE_PERMISSION ${base}/permissionsets/Support_Agent.permissionset-meta.xml:29`,
        `SDR_UNRESOLVED ${base}/permissionsets/Misnamed.permset-meta.xml:-`,
      ].sort(),
    );
    expect(errors.find((p) => p.code === 'UNKNOWN_SCOPE')?.message).toContain('CDPIngestion');
  });

  it("Given the team's files, then Reco's policy still binds the files the config generates", async () => {
    const project = projectWith(['team-app']);
    const ps = 'force-app/main/default/permissionsets/Reco_Integration.permissionset-meta.xml';
    const text = readFileSync(join(project, ps), 'utf8');
    writeFileSync(
      join(project, ps),
      text.replace('<allowEdit>false</allowEdit>', '<allowEdit>true</allowEdit>'),
    );
    const codes = (await validate(project)).errors.map((p) => `${p.code} ${fileAt(p)?.file}`);
    expect(codes).toEqual(expect.arrayContaining([`WRITE_ACCESS ${ps}`, `OUT_OF_SYNC ${ps}`]));
    expect(codes.filter((c) => !c.endsWith(ps))).toEqual([]);
  });

  it("Given a project at a newer API version than the schema, then another team's element the schema lacks is a warning, not an error", async () => {
    const project = projectWith(['team-app']);
    const ps = 'team-app/main/default/permissionsets/Sales_Ops_Admin.permissionset-meta.xml';
    const text = readFileSync(join(project, ps), 'utf8');
    writeFileSync(
      join(project, ps),
      text.replace('<label>', '<futureSetting>true</futureSetting>\n    <label>'),
    );
    const unknownAt = async (): Promise<string[]> => {
      const { errors, warnings } = await validate(project);
      return [...errors, ...warnings]
        .filter((p) => p.code === 'XML_UNKNOWN_ELEMENT')
        .map((p) => `${p.severity} ${fileAt(p)?.file}:${fileAt(p)?.line}`);
    };
    expect(await unknownAt()).toEqual([`error ${ps}:3`]);
    const sfdx = JSON.parse(readFileSync(join(project, 'sfdx-project.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    writeJson(join(project, 'sfdx-project.json'), { ...sfdx, sourceApiVersion: '67.0' });
    expect(await unknownAt()).toEqual([`warning ${ps}:3`]);
  });
});
