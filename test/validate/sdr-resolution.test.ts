/**
 * SDR resolution: what source-deploy-retrieve (the library behind `sf`) makes of force-app/.
 * Finding: ComponentSet.fromSource applies .forceignore itself — it locates the project root
 * (sfdx-project.json) above the path, reads its .forceignore, leaves ignored files out of the set
 * and lists them in `forceIgnoredPaths`. So Settings:Security is absent from what `sf` deploys.
 */
import { fileAt } from '../../scripts/core/diagnostic';
import { copyFileSync, cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ComponentSet, MetadataResolver } from '@salesforce/source-deploy-retrieve';
import { validateProject } from '../../scripts/validate';
import { listPackageFiles } from '../../scripts/validate/package-dirs';
import { placeByRegistry, resolveFiles } from '../../scripts/validate/resolve';
import { aProject, removeTempDirs } from '../builders/project';

afterAll(removeTempDirs);

const PS = 'force-app/main/default/permissionsets/Reco_Integration.permissionset-meta.xml';
const SECURITY = 'force-app/main/default/settings/Security.settings-meta.xml';

const EXPECTED = [
  'ExternalClientApplication:Reco_Integration',
  'ExtlClntAppConfigurablePolicies:Reco_Integration_plcy',
  'ExtlClntAppOauthConfigurablePolicies:Reco_Integration_oauthPlcy',
  'ExtlClntAppOauthSettings:Reco_Integration_oauth',
  'PermissionSet:Reco_Integration',
  'Settings:Event',
  'Settings:RealTimeEvent',
];

function members(root: string): { members: string[]; ignored: string[] } {
  const set = ComponentSet.fromSource(join(root, 'force-app'));
  return {
    members: set
      .getSourceComponents()
      .toArray()
      .map((c) => `${c.type.name}:${c.fullName}`)
      .sort(),
    ignored: [...(set.forceIgnoredPaths ?? [])].map((p) => p.slice(root.length + 1)).sort(),
  };
}

describe('SDR resolution of force-app', () => {
  it('Given a generated demo project, then ComponentSet.fromSource yields exactly the expected types and members, without Settings:Security', () => {
    const { members: found, ignored } = members(aProject());
    expect(found).toEqual(EXPECTED);
    expect(found).not.toContain('Settings:Security');
    expect(ignored).toEqual([SECURITY]);
  });

  it('Given no .forceignore, then SDR does resolve Settings:Security (so it is .forceignore that keeps it out)', () => {
    const project = aProject();
    rmSync(join(project, '.forceignore'));
    expect(members(project).members).toEqual([...EXPECTED, 'Settings:Security'].sort());
  });

  it('Given a generated demo project, then validateProject reports no SDR_* problem and no error at all', async () => {
    const project = aProject();
    const report = await validateProject(project, join(project, 'config', 'reco.config.json'), {
      cache: false,
    });
    expect(report.errors).toEqual([]);
    expect([...report.errors, ...report.warnings].filter((p) => p.code.startsWith('SDR_'))).toEqual([]);
  });

  it("Given a second permission set in a copy (another team's), then validate reports nothing for it", async () => {
    const project = aProject();
    const extra = 'force-app/main/default/permissionsets/Second_Set.permissionset-meta.xml';
    copyFileSync(join(project, PS), join(project, extra));
    const report = await validateProject(project, join(project, 'config', 'reco.config.json'), {
      cache: false,
    });
    expect(report.errors).toEqual([]);
  });

  it('Given the registry path and SDR itself, then both resolve every file of a generated project to the same component', async () => {
    const project = aProject();
    const files = listPackageFiles(project, ['force-app']);
    const cheap = files.map((f) => placeByRegistry(f)).filter((r) => r !== undefined);
    expect(cheap).toHaveLength(files.length);
    const set = ComponentSet.fromSource(join(project, 'force-app'));
    const bySdr = new Map<string, string>();
    for (const c of set.getSourceComponents())
      if (c.xml) bySdr.set(c.xml.slice(project.length + 1), `${c.type.name}:${c.fullName}`);
    for (const r of cheap) if (bySdr.has(r.file)) expect(`${r.type}:${r.fullName}`).toBe(bySdr.get(r.file));
    expect(bySdr.size).toBeGreaterThan(0);
  });

  it("Given a project of many kinds (another team's package directory, an object with fields and a list view, LWC and Aura bundles, classes), then every file the registry places is placed exactly as SDR's resolver places it", () => {
    const project = aProject();
    cpSync(join(__dirname, '..', 'fixtures', 'open-world', 'team-app'), join(project, 'team-app'), {
      recursive: true,
    });
    const add = (rel: string, text: string): void => {
      mkdirSync(dirname(join(project, rel)), { recursive: true });
      writeFileSync(join(project, rel), text);
    };
    const md = (root: string, body = ''): string =>
      `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="http://soap.sforce.com/2006/04/metadata">${body}</${root}>\n`;
    const obj = 'team-app/main/default/objects/blng__Invoice__c';
    add(`${obj}/blng__Invoice__c.object-meta.xml`, md('CustomObject', '<label>Invoice</label>'));
    add(`${obj}/fields/Region__c.field-meta.xml`, md('CustomField', '<fullName>Region__c</fullName>'));
    add(`${obj}/listViews/All.listView-meta.xml`, md('ListView', '<fullName>All</fullName>'));
    add('team-app/main/default/lwc/invoiceList/invoiceList.js', 'export default class {}\n');
    add('team-app/main/default/lwc/invoiceList/invoiceList.html', '<template></template>\n');
    add('team-app/main/default/lwc/invoiceList/invoiceList.js-meta.xml', md('LightningComponentBundle'));
    add('team-app/main/default/aura/Banner/Banner.cmp', '<aura:component/>\n');
    add('team-app/main/default/aura/Banner/Banner.cmp-meta.xml', md('AuraDefinitionBundle'));
    const files = listPackageFiles(project, ['force-app', 'team-app']);
    const present = new Set(files);
    const resolver = new MetadataResolver(undefined, undefined, false);
    let placed = 0;
    for (const file of files) {
      const cheap = placeByRegistry(file, present);
      if (!cheap) continue;
      placed++;
      const bySdr = resolver
        .getComponentsFromPath(join(project, file))
        .map((c) => `${c.type.name}:${c.fullName}`);
      expect([file, bySdr]).toEqual([file, [`${cheap.type}:${cheap.fullName}`]]);
    }
    expect(placed).toBe(files.length);
  });

  it('Given a misnamed suffix among files the registry places (a class, an object field), then SDR is loaded for it alone and names it unresolved', async () => {
    const project = aProject();
    const add = (rel: string, text: string): void => {
      mkdirSync(dirname(join(project, rel)), { recursive: true });
      writeFileSync(join(project, rel), text);
    };
    add('force-app/main/default/classes/A.cls', 'public class A {}\n');
    add(
      'force-app/main/default/classes/A.cls-meta.xml',
      '<?xml version="1.0" encoding="UTF-8"?>\n<ApexClass xmlns="http://soap.sforce.com/2006/04/metadata"><apiVersion>66.0</apiVersion><status>Active</status></ApexClass>\n',
    );
    add(
      'force-app/main/default/objects/ns__Thing__c/fields/ns__Size__c.field-meta.xml',
      '<?xml version="1.0" encoding="UTF-8"?>\n<CustomField xmlns="http://soap.sforce.com/2006/04/metadata"><fullName>ns__Size__c</fullName><type>Number</type></CustomField>\n',
    );
    add(
      'force-app/main/default/permissionsets/Typo.permisionset-meta.xml',
      '<?xml version="1.0" encoding="UTF-8"?>\n<PermissionSet xmlns="http://soap.sforce.com/2006/04/metadata"><label>T</label></PermissionSet>\n',
    );
    const files = listPackageFiles(project, ['force-app']).filter((f) => !f.includes('Security.settings'));
    const resolution = await resolveFiles(project, files, false);
    expect(resolution.usedSdr).toBe(true);
    const keys = resolution.resolved.map((r) => `${r.type}:${r.fullName}`);
    expect(keys).toEqual(
      expect.arrayContaining([
        'ApexClass:A',
        'CustomField:ns__Thing__c.ns__Size__c',
        'PermissionSet:Reco_Integration',
      ]),
    );
    expect(resolution.unresolved).toEqual([
      'force-app/main/default/permissionsets/Typo.permisionset-meta.xml',
    ]);
  });

  it('Given the permission set deleted in a copy, then validate reports it OUT_OF_SYNC (missing)', async () => {
    const project = aProject();
    rmSync(join(project, PS));
    const report = await validateProject(project, join(project, 'config', 'reco.config.json'), {
      cache: false,
    });
    expect(report.errors.map((p) => [p.code, fileAt(p)?.file])).toEqual([['OUT_OF_SYNC', PS]]);
  });

  it('Given a settings file moved to another folder, then only the missing generated file is OUT_OF_SYNC', async () => {
    const project = aProject();
    mkdirSync(join(project, 'force-app/main/default/misplaced'));
    const moved = 'force-app/main/default/misplaced/Event.settings-meta.xml';
    copyFileSync(
      join(project, 'force-app/main/default/settings/Event.settings-meta.xml'),
      join(project, moved),
    );
    rmSync(join(project, 'force-app/main/default/settings/Event.settings-meta.xml'));
    const report = await validateProject(project, join(project, 'config', 'reco.config.json'), {
      cache: false,
    });
    // The moved copy is no longer at reco-sf's path: a hand-written Settings:Event, judged by Salesforce's rules only.
    expect(report.errors.map((p) => [p.code, fileAt(p)?.file])).toEqual([
      ['OUT_OF_SYNC', 'force-app/main/default/settings/Event.settings-meta.xml'],
    ]);
  });
});
