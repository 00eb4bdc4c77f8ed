/**
 * Destructive deploys (Metadata API Developer Guide, "Deleting Components from an Organization"):
 * destructiveChangesPre.xml is deleted before package.xml's components are added or updated,
 * destructiveChangesPost.xml after them, destructiveChanges.xml before them (the default); a
 * component that another component references cannot be deleted while that one exists. Driven
 * through the Metadata SOAP API with hand-built zips, and with the manifests reco-sf builds
 * through SDR (scripts/org/manifest.ts).
 */
import { startEmulator, type EmulatorHandle } from '../../scripts/emulator';
import { manifestFiles } from '../../scripts/org/manifest';
import { deletionFiles } from '../../scripts/review/teardown-run';
import { deploy, packageXml, permissionSetXml, projectFile, withManifest } from './helpers';

const ECA = { type: 'ExternalClientApplication', fullName: 'Reco_App' };
const OAUTH = { type: 'ExtlClntAppOauthSettings', fullName: 'Reco_App_oauth' };
const POLICY = { type: 'ExtlClntAppOauthConfigurablePolicies', fullName: 'Reco_App_oauthPlcy' };

const app = (): Record<string, string> =>
  withManifest({
    'externalClientApps/Reco_App.eca': projectFile('externalClientApps/Reco_App.eca-meta.xml'),
    'extlClntAppOauthSettings/Reco_App_oauth.ecaOauth': projectFile(
      'extlClntAppOauthSettings/Reco_App_oauth.ecaOauth-meta.xml',
    ),
    'extlClntAppOauthPolicies/Reco_App_oauthPlcy.ecaOauthPlcy': projectFile(
      'extlClntAppOauthPolicies/Reco_App_oauthPlcy.ecaOauthPlcy-meta.xml',
    ),
  });

const asZipFiles = (files: Array<{ path: string; content: string }>): Record<string, string> =>
  Object.fromEntries(files.map((f) => [f.path, f.content]));

describe('destructive deploys', () => {
  let h: EmulatorHandle;
  beforeAll(async () => {
    h = await startEmulator();
  });
  afterAll(() => h.stop());

  const has = (c: { type: string; fullName: string }): boolean =>
    h.store.getMetadata(c.type, c.fullName) !== undefined;

  it('destructiveChangesPre.xml deletes before package.xml adds: the same member is there afterwards, created anew', async () => {
    expect(
      (await deploy(h, withManifest({ 'permissionsets/Pre.permissionset': permissionSetXml({}) }))).status,
    ).toBe('Succeeded');
    const before = h.store.getMetadata('PermissionSet', 'Pre')?.id;
    const r = await deploy(h, {
      ...withManifest({ 'permissionsets/Pre.permissionset': permissionSetXml({}) }),
      'destructiveChangesPre.xml': packageXml({ PermissionSet: ['Pre'] }),
    });
    expect(r.status).toBe('Succeeded');
    expect(r.successes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ fullName: 'Pre', deleted: 'true' }),
        expect.objectContaining({ fullName: 'Pre', created: 'true' }),
      ]),
    );
    expect(h.store.getMetadata('PermissionSet', 'Pre')?.id).not.toBe(before);
  });

  it('destructiveChangesPost.xml deletes after package.xml adds: a member added and deleted in one deploy is gone', async () => {
    const r = await deploy(h, {
      ...withManifest({ 'permissionsets/Post.permissionset': permissionSetXml({}) }),
      'destructiveChangesPost.xml': packageXml({ PermissionSet: ['Post'] }),
    });
    expect(r.status).toBe('Succeeded');
    expect(has({ type: 'PermissionSet', fullName: 'Post' })).toBe(false);
  });

  it('destructiveChanges.xml deletes before package.xml adds (the default order)', async () => {
    await deploy(h, withManifest({ 'permissionsets/Plain.permissionset': permissionSetXml({}) }));
    const r = await deploy(h, {
      ...withManifest({ 'permissionsets/Plain.permissionset': permissionSetXml({}) }),
      'destructiveChanges.xml': packageXml({ PermissionSet: ['Plain'] }),
    });
    expect(r.status).toBe('Succeeded');
    expect(has({ type: 'PermissionSet', fullName: 'Plain' })).toBe(true);
  });

  it('refuses to delete an External Client App while its settings and policies name it, and changes nothing', async () => {
    expect((await deploy(h, app())).status).toBe('Succeeded');
    const alone = await deploy(h, {
      'package.xml': packageXml({}),
      'destructiveChanges.xml': packageXml({ ExternalClientApplication: ['Reco_App'] }),
    });
    expect(alone.status).toBe('Failed');
    expect(alone.failures).toEqual([
      expect.objectContaining({
        componentType: 'ExternalClientApplication',
        fullName: 'Reco_App',
        problemType: 'Error',
        problem:
          'This ExternalClientApplication is used by another feature. Remove the usage and try again. : ExtlClntAppOauthSettings - Reco_App_oauth, ExtlClntAppOauthConfigurablePolicies - Reco_App_oauthPlcy',
      }),
    ]);
    expect([ECA, OAUTH, POLICY].map(has)).toEqual([true, true, true]);
  });

  it("one manifest as SDR writes it (types sorted: the app before its parts) fails; reco-sf's pre/post manifests delete all of it", async () => {
    const oneManifest = await manifestFiles({ add: [], post: [OAUTH, POLICY, ECA] }, '66.0');
    const failed = await deploy(h, asZipFiles(oneManifest));
    expect(failed.status).toBe('Failed');
    expect(failed.failures.map((f) => f.fullName)).toEqual(['Reco_App']);
    expect([ECA, OAUTH, POLICY].map(has)).toEqual([true, true, true]);

    const files = await deletionFiles([POLICY, OAUTH, ECA], '66.0');
    expect(files.map((f) => f.path)).toEqual([
      'package.xml',
      'destructiveChangesPre.xml',
      'destructiveChangesPost.xml',
    ]);
    const done = await deploy(h, asZipFiles(files));
    expect(done.status).toBe('Succeeded');
    expect([ECA, OAUTH, POLICY].map(has)).toEqual([false, false, false]);
  });
});
