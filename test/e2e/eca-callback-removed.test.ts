/**
 * Removing `oauthApp.callbackUrl` while the External Client App stays means "stop managing the
 * callback URL": the app's global OAuth settings (which hold the consumer key Reco connects with)
 * stay in the org and in the ownership record; plan and deploy say so; verify is in sync; and
 * teardown, which deletes the app, still deletes them with it.
 */
import type { EmulatorHandle } from '../../scripts/emulator';
import { useHarness } from './deploy-harness';

const GLOBAL = 'Reco_Integration_glblOauth';
const CALLBACK = 'https://app.example.com/salesforce/oauth/callback';
const KEY = '3MVG9-consumer-key-kept-by-the-org';

interface Warning {
  code: string;
  message: string;
  fix?: string;
  location?: unknown;
}

describe('External Client App: callback URL removed from the config', () => {
  const h = useHarness();
  let org: EmulatorHandle;

  const globalSettings = () => org.store.getMetadata('ExtlClntAppGlobalOauthSettings', GLOBAL)?.value;
  /** The ownership record's created components (a StaticResource's content travels base64-encoded). */
  const recorded = (): string[] => {
    const content = String(org.store.getMetadata('StaticResource', 'RecoSfOwnership')?.value.content);
    const record = JSON.parse(Buffer.from(content, 'base64').toString('utf8')) as {
      created: Array<{ type: string; fullName: string }>;
    };
    return record.created.map((c) => `${c.type}:${c.fullName}`);
  };

  beforeAll(async () => {
    org = await h.org({ shape: ['shield', 'sandbox'] });
    const first = await h.run(['deploy', '--target-org', 'emu', '--json']);
    expect(first.code).toBe(0);
    // Salesforce generates the consumer key on deploy; the emulator's stand-in is planted here.
    org.store.putMetadata('ExtlClntAppGlobalOauthSettings', GLOBAL, {
      ...globalSettings(),
      consumerKey: KEY,
    });
    h.writeConfig((c) => delete c.oauthApp.callbackUrl);
  });

  it('Given the app stays, When planning, Then nothing is removed and a warning names oauthApp.callbackUrl with its fix', async () => {
    const run = await h.run(['plan', '--target-org', 'emu', '--json']);
    expect(run.code).toBe(0);
    const result = run.json?.result as { removals: unknown[] };
    expect(result.removals).toEqual([]);
    expect(run.json?.warnings as Warning[]).toContainEqual(
      expect.objectContaining({
        code: 'CALLBACK_URL_UNMANAGED',
        severity: 'warning',
        location: { configPath: 'oauthApp.callbackUrl' },
        message: expect.stringContaining(`the callback URL in the org (${CALLBACK})`),
        fix: expect.stringContaining('set oauthApp.callbackUrl and run reco-sf deploy'),
      }),
    );
    const text = await h.run(['plan', '--target-org', 'emu']);
    expect(text.stdout).toContain(
      'oauthApp.callbackUrl  WARN CALLBACK_URL_UNMANAGED  oauthApp.callbackUrl is not set',
    );
    expect(text.stdout).not.toContain('ExtlClntAppGlobalOauthSettings');
  });

  it('Given the app stays, When deploying, Then the global OAuth settings and their consumer key stay, recorded, and the run says so', async () => {
    const run = await h.run(['deploy', '--target-org', 'emu', '--json']);
    expect(run.code).toBe(0);
    expect(globalSettings()).toMatchObject({ callbackUrl: CALLBACK, consumerKey: KEY });
    expect(recorded()).toContain(`ExtlClntAppGlobalOauthSettings:${GLOBAL}`);
    expect(run.json?.warnings as Warning[]).toContainEqual(
      expect.objectContaining({
        code: 'CALLBACK_URL_UNMANAGED',
        location: { configPath: 'oauthApp.callbackUrl' },
        message: expect.stringMatching(/^oauthApp\.callbackUrl is not set/),
      }),
    );
    expect(JSON.stringify(run.json)).not.toContain(KEY);
    const summary = JSON.stringify((run.json?.result as { summary: unknown }).summary);
    expect(summary).not.toContain(GLOBAL);
  });

  it('Given the settings kept, When verifying, Then the org is in sync (exit 0)', async () => {
    const run = await h.run(['verify', '--target-org', 'emu', '--json']);
    expect(run.json?.result).toMatchObject({ drift: [] });
    expect(run.code).toBe(0);
  });

  it('Given the app and its kept settings, When tearing down, Then both go (the settings before the app) and nothing of the app is left', async () => {
    const run = await h.run(['teardown', '--target-org', 'emu', '--yes', '--json']);
    expect(run.code).toBe(0);
    const steps = (run.json?.result as { steps: Array<{ description: string }> }).steps.map(
      (s) => s.description,
    );
    const deletion = steps.find((s) => s.startsWith('delete ExtlClnt')) ?? '';
    expect(deletion.indexOf(`ExtlClntAppGlobalOauthSettings ${GLOBAL}`)).toBeGreaterThan(-1);
    expect(deletion.indexOf(`ExtlClntAppGlobalOauthSettings ${GLOBAL}`)).toBeLessThan(
      deletion.indexOf('ExternalClientApplication Reco_Integration'),
    );
    expect(org.store.listMetadata('ExtlClntAppGlobalOauthSettings')).toEqual([]);
    expect(org.store.listMetadata('ExternalClientApplication')).toEqual([]);
    expect(org.store.getMetadata('StaticResource', 'RecoSfOwnership')).toBeUndefined();
  });
});
