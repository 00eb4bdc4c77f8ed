/** ExtlClntAppConfigurablePolicies (.ecaPlcy): the External Client App and its OAuth plugin switched on. Replace semantics. */
import { ecaPartKind } from './oauthApp';

export const extlClntAppConfigurablePoliciesKind = ecaPartKind({
  id: 'extlClntAppConfigurablePolicies',
  type: 'ExtlClntAppConfigurablePolicies',
  dir: 'extlClntAppPolicies',
  suffix: 'ecaPlcy',
  nameSuffix: '_plcy',
  deleteOrder: 10,
  fields: ({ oauthApp: app }) => ({
    externalClientApplication: app.name,
    isEnabled: true,
    isOauthPluginEnabled: true,
    label: `${app.label} policies`,
  }),
});
