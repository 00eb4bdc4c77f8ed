/**
 * The OAuth app Reco connects through, by config kind:
 * - external-client-app: the External Client App set (.eca, .ecaOauth, .ecaOauthPlcy, .ecaPlcy),
 *   plus, when the config gives a callback URL, the global OAuth settings (.ecaGlblOauth): the
 *   callback URL lives only there (Metadata API Developer Guide, ExtlClntAppGlobalOauthSettings:
 *   callbackUrl, "the OAuth redirect_uri"; ExtlClntAppOauthSettings has no such field). Salesforce
 *   says that type "must not be added to source control" (its org copy holds the consumer key
 *   and secret), so it is deploy-only: sent without consumerKey/consumerSecret, which Salesforce
 *   generates on deploy (Salesforce Help, "Deploy an External Client App with a New Global OAuth
 *   Settings File"), and never written under force-app/.
 * - connected-app: a ConnectedApp with oauthConfig and oauthPolicy (creation is blocked in orgs
 *   since Spring '26 unless Support re-enables it).
 * - installed: the vendor's own app, installed from OAuth usage; nothing to generate (diagnosed by doctor).
 * Replace semantics: a deploy sends the whole component.
 */
import { IP_RELAXATION, REFRESH_TOKEN_POLICY } from '../catalog/catalog';
import type { Model } from '../core/model';
import type { XmlRecord, XmlValue } from '../core/xml';
import { diffKeyedList, diffScalars } from './diff';
import { SOURCE_ROOT, type BuiltComponent, type ComponentKind } from './types';

function component(
  type: string,
  dir: string,
  suffix: string,
  name: string,
  value: XmlRecord,
): BuiltComponent {
  return {
    type,
    fullName: name,
    path: `${SOURCE_ROOT}/${dir}/${name}.${suffix}-meta.xml`,
    rootType: type,
    value,
  };
}

/** The ECA's global OAuth settings: the callback URL only (no consumer key or secret: Salesforce generates them). */
function ecaGlobalSettings(model: Model): BuiltComponent[] {
  const app = model.oauthApp;
  if (app.callbackUrl === undefined) return [];
  const settings = component(
    'ExtlClntAppGlobalOauthSettings',
    'extlClntAppGlobalOauthSets',
    'ecaGlblOauth',
    `${app.name}_glblOauth`,
    { callbackUrl: app.callbackUrl, externalClientApplication: app.name, label: `${app.label} global OAuth` },
  );
  return [{ ...settings, deployOnly: true }];
}

/** Fields of ExtlClntAppGlobalOauthSettings that hold secrets: dropped from every value reco-sf reads back. */
export const ECA_SECRET_FIELDS = ['consumerKey', 'consumerSecret'] as const;

function ecaComponents(model: Model): BuiltComponent[] {
  const app = model.oauthApp;
  const ps = model.permissionSet.name;
  const adminApproved = app.permittedUsers === 'admin-approved';
  return [
    component('ExternalClientApplication', 'externalClientApps', 'eca', app.name, {
      contactEmail: app.contactEmail,
      description: 'OAuth app the Reco SaaS-security platform connects through. Managed by reco-sf.',
      distributionState: 'Local',
      isProtected: false,
      label: app.label,
    }),
    component('ExtlClntAppOauthSettings', 'extlClntAppOauthSettings', 'ecaOauth', `${app.name}_oauth`, {
      commaSeparatedOauthScopes: app.scopeValues.eca.join(', '),
      externalClientApplication: app.name,
      label: `${app.label} OAuth`,
    }),
    component(
      'ExtlClntAppOauthConfigurablePolicies',
      'extlClntAppOauthPolicies',
      'ecaOauthPlcy',
      `${app.name}_oauthPlcy`,
      {
        commaSeparatedPermissionSet: adminApproved ? ps : undefined,
        externalClientApplication: app.name,
        ipRelaxationPolicyType: IP_RELAXATION[app.ipRelaxation].eca,
        label: `${app.label} OAuth policies`,
        permittedUsersPolicyType: adminApproved ? 'AdminApprovedPreAuthorized' : 'AllSelfAuthorized',
        refreshTokenPolicyType: REFRESH_TOKEN_POLICY[app.refreshTokenPolicy].eca,
      },
    ),
    component('ExtlClntAppConfigurablePolicies', 'extlClntAppPolicies', 'ecaPlcy', `${app.name}_plcy`, {
      externalClientApplication: app.name,
      isEnabled: true,
      isOauthPluginEnabled: true,
      label: `${app.label} policies`,
    }),
    ...ecaGlobalSettings(model),
  ];
}

function connectedAppComponent(model: Model): BuiltComponent {
  const app = model.oauthApp;
  return component('ConnectedApp', 'connectedApps', 'connectedApp', app.name, {
    contactEmail: app.contactEmail,
    description: 'OAuth app the Reco SaaS-security platform connects through. Managed by reco-sf.',
    label: app.label,
    oauthConfig: {
      callbackUrl: app.callbackUrl,
      isAdminApproved: app.permittedUsers === 'admin-approved',
      scopes: app.scopeValues.connectedApp,
    },
    oauthPolicy: {
      ipRelaxation: IP_RELAXATION[app.ipRelaxation].connectedApp,
      refreshTokenPolicy: REFRESH_TOKEN_POLICY[app.refreshTokenPolicy].connectedApp,
    },
    permissionSetName: app.permittedUsers === 'admin-approved' ? [model.permissionSet.name] : undefined,
  });
}

/** A ConnectedApp's permissionSetName list (one name or several) as keyed entries. */
function namesOf(value: XmlValue | undefined): XmlRecord[] {
  const list = Array.isArray(value) ? value : value !== undefined ? [value] : [];
  return list.map((name) => ({ name: String(name) }));
}

const OAUTH_FIELDS = [
  'label',
  'callbackUrl',
  'contactEmail',
  'commaSeparatedOauthScopes',
  'commaSeparatedPermissionSet',
  'ipRelaxationPolicyType',
  'permittedUsersPolicyType',
  'refreshTokenPolicyType',
  'isEnabled',
  'isOauthPluginEnabled',
  'distributionState',
];

export const oauthAppKind: ComponentKind = {
  id: 'oauthApp',
  rootType: 'ExternalClientApplication',
  type: 'ExternalClientApplication',
  build(model: Model): BuiltComponent[] {
    switch (model.oauthApp.kind) {
      case 'external-client-app':
        return ecaComponents(model);
      case 'connected-app':
        return [connectedAppComponent(model)];
      case 'installed':
        return [];
    }
  },
  merge: (desired) => desired,
  diff(desired, current, name) {
    const items = diffScalars(name, OAUTH_FIELDS, desired, current);
    const policy = (v: XmlRecord | undefined): XmlRecord | undefined =>
      v?.oauthPolicy && typeof v.oauthPolicy === 'object' && !Array.isArray(v.oauthPolicy)
        ? v.oauthPolicy
        : undefined;
    const config = (v: XmlRecord | undefined): XmlRecord | undefined =>
      v?.oauthConfig && typeof v.oauthConfig === 'object' && !Array.isArray(v.oauthConfig)
        ? v.oauthConfig
        : undefined;
    const desiredPolicy = policy(desired);
    if (desiredPolicy)
      items.push(
        ...diffScalars(name, ['ipRelaxation', 'refreshTokenPolicy'], desiredPolicy, policy(current)).map(
          (i) => ({ ...i, path: `oauthPolicy.${i.path}` }),
        ),
      );
    const desiredConfig = config(desired);
    if (desiredConfig) {
      // Who may use the app and where it sends users back: a changed policy must show as drift.
      items.push(
        ...diffScalars(name, ['callbackUrl', 'isAdminApproved'], desiredConfig, config(current)).map((i) => ({
          ...i,
          path: `oauthConfig.${i.path}`,
        })),
        ...diffKeyedList(
          name,
          'permissionSetName',
          namesOf(desired.permissionSetName),
          namesOf(current?.permissionSetName),
          (s) => String(s.name),
        ),
      );
      const asEntries = (v: XmlRecord | undefined): XmlRecord[] =>
        (Array.isArray(v?.scopes) ? v.scopes : v?.scopes !== undefined ? [v.scopes] : []).map((s) => ({
          scope: String(s),
        }));
      items.push(
        ...diffKeyedList(
          name,
          'oauthConfig.scopes',
          asEntries(desiredConfig),
          asEntries(config(current)),
          (s) => String(s.scope),
        ),
      );
    }
    return items;
  },
};
