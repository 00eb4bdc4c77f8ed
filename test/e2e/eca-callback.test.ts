/**
 * The External Client App's callback URL, end to end: Salesforce keeps it only in the global
 * OAuth settings (ExtlClntAppGlobalOauthSettings), a type it says must not be in source control.
 * reco-sf deploys it (callback URL only; Salesforce generates the consumer key and secret), never
 * writes it to the project, reads it back without the secrets, reports a changed callback URL as
 * drift, and the hand-off says where to copy the consumer key.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { useHarnessOrg } from './deploy-harness';

const GLOBAL = 'Reco_Integration_glblOauth';
const CALLBACK = 'https://app.example.com/salesforce/oauth/callback';
const SECRET = 'S3cr3t-consumer-secret-0123456789';
const KEY = '3MVG9-consumer-key-for-the-test';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('External Client App callback URL', () => {
  const { h, org } = useHarnessOrg({ shape: ['shield', 'sandbox'] });

  it('Given kind external-client-app with a callback URL, When deploying, Then the org gets it in the global OAuth settings and the project never holds that file', async () => {
    const run = await h.run(['deploy', '--target-org', 'emu']);
    expect(run.code).toBe(0);
    expect(org.store.getMetadata('ExtlClntAppGlobalOauthSettings', GLOBAL)?.value).toMatchObject({
      callbackUrl: CALLBACK,
      externalClientApplication: 'Reco_Integration',
    });
    expect(org.store.getMetadata('ExtlClntAppGlobalOauthSettings', GLOBAL)?.value).not.toHaveProperty(
      'consumerSecret',
    );
    expect(filesUnder(join(h.project, 'force-app')).filter((f) => f.includes('GlblOauth'))).toEqual([]);
    expect(existsSync(join(h.project, 'force-app/main/default/extlClntAppGlobalOauthSets'))).toBe(false);
    expect(run.stdout).toContain(
      "Give Reco the app's consumer key (and secret, if Reco asks for it): Setup > External Client Apps > External Client App Manager > Reco Integration > Settings > OAuth Settings > Consumer Key and Secret",
    );
    expect(run.stdout).not.toContain('Set the callback URL');
    expect((await h.run(['verify', '--target-org', 'emu', '--json'])).code).toBe(0);
  });

  it('Given the callback URL changed in the org and its consumer key and secret readable, When verifying, Then the drift names the callback URL and no output or file holds the secret', async () => {
    const stored = org.store.getMetadata('ExtlClntAppGlobalOauthSettings', GLOBAL);
    if (!stored) throw new Error('no global OAuth settings in the org');
    org.store.putMetadata('ExtlClntAppGlobalOauthSettings', GLOBAL, {
      ...stored.value,
      callbackUrl: 'https://elsewhere.example.com/cb',
      consumerKey: KEY,
      consumerSecret: SECRET,
    });
    const verify = await h.run(['verify', '--target-org', 'emu', '--json']);
    expect(verify.code).toBe(3);
    const drift = (verify.json?.result as { drift: Array<Record<string, unknown>> }).drift;
    expect(drift).toEqual([
      expect.objectContaining({
        code: 'OAUTH_SETTING_CHANGED',
        location: { entity: { type: 'ExtlClntAppGlobalOauthSettings', name: GLOBAL }, path: 'callbackUrl' },
        data: { expected: CALLBACK, actual: 'https://elsewhere.example.com/cb' },
      }),
    ]);
    const plan = await h.run(['plan', '--target-org', 'emu', '--json']);
    const deploy = await h.run(['deploy', '--target-org', 'emu', '--json']);
    expect(deploy.code).toBe(0);
    expect(org.store.getMetadata('ExtlClntAppGlobalOauthSettings', GLOBAL)?.value.callbackUrl).toBe(CALLBACK);
    for (const text of [
      verify.stdout,
      verify.stderr,
      plan.stdout,
      deploy.stdout,
      deploy.stderr,
      ...filesUnder(h.project).map((f) => readFileSync(f, 'utf8')),
    ]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(KEY);
    }
  });

  it('Given no callback URL in the config, When asking for the hand-off, Then it says where to set it', async () => {
    h.writeConfig((c) => delete c.oauthApp.callbackUrl);
    try {
      const run = await h.run(['handoff', '--target-org', 'emu', '--json']);
      expect(run.code).toBe(0);
      const steps = (run.json?.result as { steps: string[] }).steps;
      expect(steps).toContain(
        "Set the callback URL Reco gives you (oauthApp.callbackUrl is not set, so reco-sf does not manage it; skip this if the app already has Reco's): Setup > External Client Apps > External Client App Manager > Reco Integration > Edit Settings > OAuth Settings > Callback URL",
      );
    } finally {
      h.restoreConfig();
    }
  });
});
