/**
 * ExtlClntAppGlobalOauthSettings (.ecaGlblOauth): an External Client App's consumer key and
 * secret. reco-sf never generates it, and no file of this root may be in source control.
 */
import type { ComponentKind } from './types';

export const extlClntAppGlobalOauthSettingsKind: ComponentKind = {
  id: 'extlClntAppGlobalOauthSettings',
  rootType: 'ExtlClntAppGlobalOauthSettings',
  type: 'ExtlClntAppGlobalOauthSettings',
  suffix: 'ecaGlblOauth',
  lifecycle: 'created',
  planSection: 'none',
  build: () => [],
  merge: (desired) => desired,
  diff: () => [],
  validateFile: (ctx) => [
    {
      severity: 'error',
      code: 'SECRET_IN_SOURCE',
      message:
        'External Client App global OAuth settings (consumer key and secret) must not be in source control',
      file: ctx.file,
      line: 1,
      hint: 'delete the file; it is in .forceignore and .gitignore',
    },
  ],
};
