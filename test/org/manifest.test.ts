/**
 * Manifests through SDR's ComponentSet (scripts/org/manifest.ts), the delete phases the kinds
 * declare, and the retrieve's own package types, which must stay what SDR would write.
 */
import { buildComponents, byDeletePhase, COMPONENT_KINDS, inDeletionOrder } from '../../scripts/components';
import { manifestFiles } from '../../scripts/org/manifest';
import { OWNERSHIP_MEMBER } from '../../scripts/org/ownership';
import { packageTypes } from '../../scripts/org/retrieve';
import { aModel } from '../builders/model';

const eca = aModel((c) => {
  c.oauthApp.kind = 'external-client-app';
  c.oauthApp.callbackUrl = 'https://app.example.com/salesforce/oauth/callback';
});
const connected = aModel((c) => {
  c.oauthApp.kind = 'connected-app';
});

describe('manifestFiles', () => {
  it('writes only package.xml when nothing is deleted, grouped by type and sorted as SDR sorts', async () => {
    const files = await manifestFiles(
      {
        add: [
          { type: 'Settings', fullName: 'Security' },
          { type: 'PermissionSet', fullName: 'B' },
          { type: 'PermissionSet', fullName: 'A' },
        ],
      },
      '66.0',
    );
    expect(files).toEqual([
      {
        path: 'package.xml',
        content:
          '<?xml version="1.0" encoding="UTF-8"?>\n<Package xmlns="http://soap.sforce.com/2006/04/metadata">\n    <types>\n        <members>A</members>\n        <members>B</members>\n        <name>PermissionSet</name>\n    </types>\n    <types>\n        <members>Security</members>\n        <name>Settings</name>\n    </types>\n    <version>66.0</version>\n</Package>\n',
      },
    ]);
  });

  it('keeps additions out of the destructive manifests and deletions out of package.xml', async () => {
    const files = await manifestFiles(
      {
        add: [OWNERSHIP_MEMBER],
        pre: [{ type: 'ExtlClntAppOauthSettings', fullName: 'X_oauth' }],
        post: [{ type: 'ExternalClientApplication', fullName: 'X' }],
      },
      '62.0',
    );
    const byPath = Object.fromEntries(files.map((f) => [f.path, f.content]));
    expect(Object.keys(byPath)).toEqual([
      'package.xml',
      'destructiveChangesPre.xml',
      'destructiveChangesPost.xml',
    ]);
    expect(byPath['package.xml']).toContain('<name>StaticResource</name>');
    expect(byPath['package.xml']).not.toContain('X_oauth');
    expect(byPath['destructiveChangesPre.xml']).toContain('<members>X_oauth</members>');
    expect(byPath['destructiveChangesPre.xml']).not.toContain('<name>ExternalClientApplication</name>');
    expect(byPath['destructiveChangesPost.xml']).toContain('<members>X</members>');
    expect(byPath['destructiveChangesPost.xml']).not.toContain('StaticResource');
    for (const content of Object.values(byPath)) expect(content).toContain('<version>62.0</version>');
  });

  it('throws for a type SDR does not know, before anything is sent', async () => {
    await expect(manifestFiles({ add: [{ type: 'NoSuchType', fullName: 'X' }] }, '66.0')).rejects.toThrow(
      /NoSuchType/,
    );
  });
});

describe('delete phases of the kinds', () => {
  const created = (model: typeof eca): Array<{ type: string; fullName: string }> =>
    buildComponents(model)
      .filter((c) => c.kind.lifecycle === 'created')
      .map((c) => ({ type: c.type, fullName: c.fullName }));

  it("puts an External Client App's settings and policies in pre, the app, the permission set and the record in post", () => {
    const { pre, post } = byDeletePhase([...created(eca), OWNERSHIP_MEMBER]);
    expect(pre.map((c) => c.type).sort()).toEqual([
      'ExtlClntAppConfigurablePolicies',
      'ExtlClntAppGlobalOauthSettings',
      'ExtlClntAppOauthConfigurablePolicies',
      'ExtlClntAppOauthSettings',
    ]);
    expect(post.map((c) => c.type).sort()).toEqual([
      'ExternalClientApplication',
      'PermissionSet',
      'StaticResource',
    ]);
  });

  it('deletes a connected app setup in post only', () => {
    expect(byDeletePhase(created(connected)).pre).toEqual([]);
  });

  it('agrees with the plan order: every pre kind is listed before every post kind', () => {
    const withOrder = COMPONENT_KINDS.filter((k) => k.deleteOrder !== undefined);
    const pre = withOrder.filter((k) => k.deletePhase === 'pre').map((k) => k.deleteOrder ?? 0);
    const post = withOrder.filter((k) => k.deletePhase !== 'pre').map((k) => k.deleteOrder ?? 0);
    expect(pre.length).toBeGreaterThan(0);
    expect(Math.max(...pre)).toBeLessThan(Math.min(...post));
    const planned = inDeletionOrder([...created(eca), OWNERSHIP_MEMBER]);
    const { pre: first, post: then } = byDeletePhase(planned);
    expect(planned).toEqual([...first, ...then]);
  });
});

describe("the retrieve's package types", () => {
  it('are what SDR writes for the same members', async () => {
    for (const model of [eca, connected]) {
      const components = buildComponents(model).map((c) => ({
        type: c.type,
        fullName: c.fullName,
        path: c.path,
      }));
      const files = await manifestFiles({ add: [...components, OWNERSHIP_MEMBER] }, '66.0');
      const ours = packageTypes([...components, { ...OWNERSHIP_MEMBER, path: 'x' }]);
      const rendered = ours
        .map(
          (t) =>
            `    <types>\n${t.members.map((m) => `        <members>${m}</members>\n`).join('')}        <name>${t.name}</name>\n    </types>\n`,
        )
        .join('');
      expect(files[0].content).toBe(
        `<?xml version="1.0" encoding="UTF-8"?>\n<Package xmlns="http://soap.sforce.com/2006/04/metadata">\n${rendered}    <version>66.0</version>\n</Package>\n`,
      );
    }
  });
});
