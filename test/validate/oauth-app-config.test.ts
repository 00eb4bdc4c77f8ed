/**
 * OAuth app fields that do nothing or are missing for the kind: `oauthApp.scopes` with kind
 * installed (the vendor's app brings its own scopes), no callback URL for an External Client App.
 */
import type { Diagnostic } from '../../scripts/core/diagnostic';
import { aConfig, aProject, removeTempDirs, runCli } from '../builders/project';

afterAll(removeTempDirs);

async function validateWarnings(project: string): Promise<Diagnostic[]> {
  const run = await runCli(project, ['validate', '--json']);
  expect(run.code).toBe(0);
  return (JSON.parse(run.stdout) as { result: { warnings: Diagnostic[] } }).result.warnings;
}

describe('oauthApp.scopes with kind installed', () => {
  it('Given scopes listed for the installed app, When validating, Then SCOPES_IGNORED points at /oauthApp/scopes with its line', async () => {
    const project = aProject(aConfig((c) => (c.oauthApp.kind = 'installed')));
    const ignored = (await validateWarnings(project)).filter((w) => w.code === 'SCOPES_IGNORED');
    expect(ignored).toHaveLength(1);
    expect(ignored[0]).toMatchObject({
      severity: 'warning',
      location: { file: 'config/reco.config.json', path: '/oauthApp/scopes', line: expect.any(Number) },
    });
    expect(ignored[0].message).toContain('12 scope(s) listed');
    expect(ignored[0].fix).toContain('remove oauthApp.scopes');
  });

  it('Given no scopes for the installed app, or scopes for an External Client App, When validating, Then no SCOPES_IGNORED', async () => {
    const none = aProject(
      aConfig((c) => {
        c.oauthApp.kind = 'installed';
        c.oauthApp.scopes = [];
      }),
    );
    expect((await validateWarnings(none)).map((w) => w.code)).not.toContain('SCOPES_IGNORED');
    const eca = aProject(aConfig((c) => (c.oauthApp.kind = 'external-client-app')));
    expect((await validateWarnings(eca)).map((w) => w.code)).not.toContain('SCOPES_IGNORED');
  });
});

describe('oauthApp.callbackUrl with kind external-client-app', () => {
  it('Given no callback URL, When validating, Then CALLBACK_URL_MISSING says where it goes', async () => {
    const without = aProject(aConfig((c) => delete c.oauthApp.callbackUrl));
    const missing = (await validateWarnings(without)).filter((w) => w.code === 'CALLBACK_URL_MISSING');
    expect(missing).toHaveLength(1);
    expect(missing[0]).toMatchObject({ location: { path: '/oauthApp', line: expect.any(Number) } });
    expect(missing[0].fix).toContain('global OAuth settings');
    const withUrl = aProject(aConfig());
    expect((await validateWarnings(withUrl)).map((w) => w.code)).not.toContain('CALLBACK_URL_MISSING');
  });
});
