/**
 * ConnectedApp: the OAuth app for `oauthApp.kind: connected-app`, with oauthConfig (callback,
 * scopes, admin approval) and oauthPolicy (IP relaxation, refresh token). Replace semantics.
 */
import { IP_RELAXATION, REFRESH_TOKEN_POLICY, scopeByConnectedAppValue } from '../catalog/catalog';
import type { Diagnostic } from '../core/diagnostic';
import type { Model } from '../core/model';
import { listOf, type XmlRecord, type XmlValue } from '../core/xml';
import { diffKeyedList, diffScalars } from './diff';
import { oauthAppDrift, oauthComponent, oauthScalarDiff } from './oauthApp';
import { checkScopeTokens, elementTokens, problemAt, record, type FileContext } from './rules';
import type { BuiltComponent, ComponentKind } from './types';

function connectedAppComponent(model: Model): BuiltComponent {
  const app = model.oauthApp;
  return oauthComponent('ConnectedApp', 'connectedApps', 'connectedApp', app.name, {
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

function checkConnectedApp(ctx: FileContext, value: XmlRecord): Diagnostic[] {
  const problems: Diagnostic[] = [];
  const caRelaxations: string[] = Object.values(IP_RELAXATION).map((v) => v.connectedApp);
  const policy = record(value.oauthPolicy);
  if (policy?.ipRelaxation !== undefined && !caRelaxations.includes(String(policy.ipRelaxation))) {
    problems.push(
      problemAt(
        ctx,
        '<ipRelaxation>',
        'error',
        'IP_RELAXATION_INVALID',
        `ipRelaxation "${String(policy.ipRelaxation)}" is not one of ${caRelaxations.join(', ')}`,
      ),
    );
  }
  const config = record(value.oauthConfig);
  if (config?.consumerSecret !== undefined)
    problems.push(
      problemAt(
        ctx,
        '<consumerSecret>',
        'error',
        'SECRET_IN_SOURCE',
        'consumerSecret must not be in source control',
        'remove the element',
      ),
    );
  // ConnectedApp scopes are WSDL-typed elements: the structural check already judged the enum.
  const tokens = elementTokens(ctx, 'scopes', listOf<XmlValue>(config?.scopes).map(String));
  problems.push(...checkScopeTokens(ctx, tokens, scopeByConnectedAppValue, false));
  return problems;
}

export const connectedAppKind: ComponentKind = {
  id: 'connectedApp',
  rootType: 'ConnectedApp',
  type: 'ConnectedApp',
  suffix: 'connectedApp',
  lifecycle: 'created',
  deleteOrder: 40,
  planSection: 'oauth',
  build: (model) => (model.oauthApp.kind === 'connected-app' ? [connectedAppComponent(model)] : []),
  merge: (desired) => desired,
  diff(desired, current, name) {
    const items = oauthScalarDiff(desired, current, name);
    const policy = (v: XmlRecord | undefined): XmlRecord | undefined => record(v?.oauthPolicy);
    const config = (v: XmlRecord | undefined): XmlRecord | undefined => record(v?.oauthConfig);
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
  validateFile: (ctx, value) => checkConnectedApp(ctx, value),
  drift: oauthAppDrift,
};
