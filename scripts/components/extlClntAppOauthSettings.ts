/** ExtlClntAppOauthSettings (.ecaOauth): the External Client App's OAuth scopes. Replace semantics. */
import { scopeByEcaValue } from '../catalog/catalog';
import type { Diagnostic } from '../core/diagnostic';
import { ecaPartKind } from './oauthApp';
import { checkScopeTokens, commaSeparatedTokens, type FileContext } from './rules';
import type { XmlRecord } from '../core/xml';

function checkScopes(ctx: FileContext, value: XmlRecord): Diagnostic[] {
  if (typeof value.commaSeparatedOauthScopes !== 'string') return [];
  const tokens = commaSeparatedTokens(ctx, 'commaSeparatedOauthScopes');
  return checkScopeTokens(ctx, tokens, scopeByEcaValue, true);
}

export const extlClntAppOauthSettingsKind = ecaPartKind({
  id: 'extlClntAppOauthSettings',
  type: 'ExtlClntAppOauthSettings',
  dir: 'extlClntAppOauthSettings',
  suffix: 'ecaOauth',
  nameSuffix: '_oauth',
  deleteOrder: 20,
  fields: ({ oauthApp: app }) => ({
    commaSeparatedOauthScopes: app.scopeValues.eca.join(', '),
    externalClientApplication: app.name,
    label: `${app.label} OAuth`,
  }),
  validateFile: checkScopes,
});
