/** ExtlClntAppConfigurablePolicies (.ecaPlcy): the External Client App and its OAuth plugin switched on. Replace semantics. */
import { oauthAppDrift, oauthComponent, oauthScalarDiff, wantsEca } from './oauthApp';
import type { ComponentKind } from './types';

export const extlClntAppConfigurablePoliciesKind: ComponentKind = {
  id: 'extlClntAppConfigurablePolicies',
  rootType: 'ExtlClntAppConfigurablePolicies',
  type: 'ExtlClntAppConfigurablePolicies',
  suffix: 'ecaPlcy',
  lifecycle: 'created',
  deleteOrder: 10,
  deletePhase: 'pre',
  planSection: 'oauth',
  build(model) {
    if (!wantsEca(model)) return [];
    const app = model.oauthApp;
    return [
      oauthComponent(
        'ExtlClntAppConfigurablePolicies',
        'extlClntAppPolicies',
        'ecaPlcy',
        `${app.name}_plcy`,
        {
          externalClientApplication: app.name,
          isEnabled: true,
          isOauthPluginEnabled: true,
          label: `${app.label} policies`,
        },
      ),
    ];
  },
  merge: (desired) => desired,
  diff: oauthScalarDiff,
  drift: oauthAppDrift,
};
