/**
 * ExtlClntAppGlobalOauthSettings (.ecaGlblOauth): an External Client App's callback URL, consumer
 * key and secret. The callback URL lives only here (Metadata API Developer Guide,
 * ExtlClntAppGlobalOauthSettings: callbackUrl, "the OAuth redirect_uri"; ExtlClntAppOauthSettings
 * has no such field). Salesforce says this type "must not be added to source control" (its org
 * copy holds the consumer key and secret), so reco-sf builds it deploy-only: sent without
 * consumerKey/consumerSecret, which Salesforce generates on deploy (Salesforce Help, "Deploy an
 * External Client App with a New Global OAuth Settings File"), never written under force-app/,
 * and read back without the secrets. A file of this root in the project is an error.
 */
import { fileLocation, type Diagnostic } from '../core/diagnostic';
import type { Model } from '../core/model';
import { parseMetadata, type XmlRecord } from '../core/xml';
import { oauthAppDrift, oauthComponent, oauthScalarDiff, wantsEca } from './oauthApp';
import type { ComponentKind } from './types';

/** Fields that hold secrets: dropped from every value reco-sf reads back. */
export const ECA_SECRET_FIELDS = ['consumerKey', 'consumerSecret'] as const;

/**
 * A retrieved value without the OAuth consumer key and secret: reco-sf compares the callback URL
 * only, and what it reads is kept in snapshots, receipts and plans, which must never hold a secret.
 */
export function withoutSecrets(value: XmlRecord): XmlRecord {
  const kept = { ...value };
  for (const field of ECA_SECRET_FIELDS) delete kept[field];
  return kept;
}

/** The global OAuth settings' fullName of the External Client App `app`. */
export const globalOauthName = (app: string): string => `${app}_glblOauth`;

/**
 * The app's global OAuth settings stay while the app stays (same kind, same app name) and the
 * config no longer sets `oauthApp.callbackUrl`: they hold the consumer key Reco connects with, so
 * removing the key from the config means "stop managing the callback URL", never "delete them".
 * Teardown still deletes them with the app (the record keeps them). Undefined when the app goes.
 */
function keptWithApp(
  component: { fullName: string },
  model: Model,
  current: XmlRecord | undefined,
): Diagnostic | undefined {
  const app = model.oauthApp;
  if (!wantsEca(model) || app.callbackUrl !== undefined || component.fullName !== globalOauthName(app.name))
    return undefined;
  const url = typeof current?.callbackUrl === 'string' ? ` (${current.callbackUrl})` : '';
  return {
    code: 'CALLBACK_URL_UNMANAGED',
    severity: 'warning',
    location: { configPath: 'oauthApp.callbackUrl' },
    message: `oauthApp.callbackUrl is not set: reco-sf no longer manages the callback URL of External Client App ${app.name}; its global OAuth settings ${component.fullName} (the callback URL in the org${url} and the consumer key Reco uses) stay as they are, and teardown deletes them with the app`,
    source: 'tool',
    fix: `to change the callback URL, set oauthApp.callbackUrl and run reco-sf deploy, or in Setup: Setup > External Client Apps > External Client App Manager > ${app.label} > Edit Settings > OAuth Settings > Callback URL`,
  };
}

export const extlClntAppGlobalOauthSettingsKind: ComponentKind = {
  id: 'extlClntAppGlobalOauthSettings',
  rootType: 'ExtlClntAppGlobalOauthSettings',
  type: 'ExtlClntAppGlobalOauthSettings',
  suffix: 'ecaGlblOauth',
  lifecycle: 'created',
  deleteOrder: 15,
  deletePhase: 'pre',
  planSection: 'oauth',
  build(model) {
    const app = model.oauthApp;
    if (!wantsEca(model) || app.callbackUrl === undefined) return [];
    const settings = oauthComponent(
      'ExtlClntAppGlobalOauthSettings',
      'extlClntAppGlobalOauthSets',
      'ecaGlblOauth',
      globalOauthName(app.name),
      {
        callbackUrl: app.callbackUrl,
        externalClientApplication: app.name,
        label: `${app.label} global OAuth`,
      },
    );
    return [{ ...settings, deployOnly: true }];
  },
  parse: (text, path) => withoutSecrets(parseMetadata(text, path).value),
  merge: (desired) => desired,
  diff: oauthScalarDiff,
  drift: oauthAppDrift,
  keptWhenUndeclared: keptWithApp,
  validateFile: (ctx) => [
    {
      severity: 'error',
      code: 'SECRET_IN_SOURCE',
      message:
        'External Client App global OAuth settings (consumer key and secret) must not be in source control',
      location: fileLocation(ctx.file, { line: 1 }),
      source: 'salesforce',
      fix: 'delete the file; it is in .forceignore and .gitignore (reco-sf deploys the callback URL without committing it)',
    },
  ],
};
