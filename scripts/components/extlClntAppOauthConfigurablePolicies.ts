/**
 * ExtlClntAppOauthConfigurablePolicies (.ecaOauthPlcy): who may use the External Client App
 * (admin-approved through the permission set, or all users), its IP relaxation and refresh
 * token policy. Replace semantics.
 */
import { IP_RELAXATION, REFRESH_TOKEN_POLICY } from '../catalog/catalog';
import type { Diagnostic } from '../core/diagnostic';
import type { XmlRecord } from '../core/xml';
import { ecaPartKind, ecaRelaxations } from './oauthApp';
import { problemAt, type FileContext } from './rules';

function checkRelaxation(ctx: FileContext, value: XmlRecord): Diagnostic[] {
  const allowed = ecaRelaxations();
  if (value.ipRelaxationPolicyType === undefined || allowed.includes(String(value.ipRelaxationPolicyType)))
    return [];
  return [
    problemAt(
      ctx,
      '<ipRelaxationPolicyType>',
      'error',
      'IP_RELAXATION_INVALID',
      `ipRelaxationPolicyType "${String(value.ipRelaxationPolicyType)}" is not one of ${allowed.join(', ')}`,
    ),
  ];
}

export const extlClntAppOauthConfigurablePoliciesKind = ecaPartKind({
  id: 'extlClntAppOauthConfigurablePolicies',
  type: 'ExtlClntAppOauthConfigurablePolicies',
  dir: 'extlClntAppOauthPolicies',
  suffix: 'ecaOauthPlcy',
  nameSuffix: '_oauthPlcy',
  deleteOrder: 10,
  fields: (model) => {
    const app = model.oauthApp;
    const adminApproved = app.permittedUsers === 'admin-approved';
    return {
      commaSeparatedPermissionSet: adminApproved ? model.permissionSet.name : undefined,
      externalClientApplication: app.name,
      ipRelaxationPolicyType: IP_RELAXATION[app.ipRelaxation].eca,
      label: `${app.label} OAuth policies`,
      permittedUsersPolicyType: adminApproved ? 'AdminApprovedPreAuthorized' : 'AllSelfAuthorized',
      refreshTokenPolicyType: REFRESH_TOKEN_POLICY[app.refreshTokenPolicy].eca,
    };
  },
  validateFile: checkRelaxation,
});
