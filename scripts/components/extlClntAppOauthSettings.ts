/** ExtlClntAppOauthSettings (.ecaOauth): the External Client App's OAuth scopes. Replace semantics. */
import { scopeByEcaValue } from '../catalog/catalog';
import type { Diagnostic } from '../core/diagnostic';
import { oauthAppDrift, oauthComponent, oauthScalarDiff, wantsEca } from './oauthApp';
import { checkScopeTokens, commaSeparatedTokens, type FileContext } from './rules';
import type { ComponentKind } from './types';
import type { XmlRecord } from '../core/xml';

function checkScopes(ctx: FileContext, value: XmlRecord): Diagnostic[] {
  if (typeof value.commaSeparatedOauthScopes !== 'string') return [];
  const tokens = commaSeparatedTokens(ctx, 'commaSeparatedOauthScopes');
  return checkScopeTokens(ctx, tokens, scopeByEcaValue, true);
}

export const extlClntAppOauthSettingsKind: ComponentKind = {
  id: 'extlClntAppOauthSettings',
  rootType: 'ExtlClntAppOauthSettings',
  type: 'ExtlClntAppOauthSettings',
  suffix: 'ecaOauth',
  lifecycle: 'created',
  deleteOrder: 20,
  deletePhase: 'pre',
  planSection: 'oauth',
  build(model) {
    if (!wantsEca(model)) return [];
    const app = model.oauthApp;
    return [
      oauthComponent(
        'ExtlClntAppOauthSettings',
        'extlClntAppOauthSettings',
        'ecaOauth',
        `${app.name}_oauth`,
        {
          commaSeparatedOauthScopes: app.scopeValues.eca.join(', '),
          externalClientApplication: app.name,
          label: `${app.label} OAuth`,
        },
      ),
    ];
  },
  merge: (desired) => desired,
  diff: oauthScalarDiff,
  validateFile: checkScopes,
  drift: oauthAppDrift,
};
