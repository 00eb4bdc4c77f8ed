/**
 * SDR resolution: what source-deploy-retrieve (the library behind `sf`) makes of force-app/.
 * Finding: ComponentSet.fromSource applies .forceignore itself — it locates the project root
 * (sfdx-project.json) above the path, reads its .forceignore, leaves ignored files out of the set
 * and lists them in `forceIgnoredPaths`. So Settings:Security is absent from what `sf` deploys.
 */
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ComponentSet } from '@salesforce/source-deploy-retrieve';
import { validateProject } from '../../scripts/validate';
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

  it('Given a second permission set in a copy, then validate reports SDR_UNEXPECTED and OUT_OF_SYNC for it', async () => {
    const project = aProject();
    const extra = 'force-app/main/default/permissionsets/Second_Set.permissionset-meta.xml';
    copyFileSync(join(project, PS), join(project, extra));
    const report = await validateProject(project, join(project, 'config', 'reco.config.json'), {
      cache: false,
    });
    const found = report.errors.map((p) => [p.code, p.file]);
    expect(found).toContainEqual(['SDR_UNEXPECTED', 'force-app']);
    expect(found).toContainEqual(['OUT_OF_SYNC', extra]);
    expect(report.errors.filter((p) => p.code === 'SDR_UNEXPECTED').map((p) => p.message)).toEqual([
      'force-app/ resolves to PermissionSet:Second_Set, which the config does not generate',
    ]);
  });

  it('Given the permission set deleted in a copy, then validate reports SDR_MISSING and OUT_OF_SYNC for it', async () => {
    const project = aProject();
    rmSync(join(project, PS));
    const report = await validateProject(project, join(project, 'config', 'reco.config.json'), {
      cache: false,
    });
    expect(report.errors.map((p) => [p.code, p.file])).toEqual([
      ['OUT_OF_SYNC', PS],
      ['SDR_MISSING', 'force-app'],
    ]);
  });

  it('Given a settings file moved to another folder, then SDR still resolves it (by suffix) and only OUT_OF_SYNC reports it', async () => {
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
    expect(report.errors.map((p) => [p.code, p.file])).toEqual([
      ['OUT_OF_SYNC', 'force-app/main/default/settings/Event.settings-meta.xml'],
      ['OUT_OF_SYNC', moved],
    ]);
  });
});
