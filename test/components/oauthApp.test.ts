import { buildComponents } from '../../scripts/components';
import { connectedAppKind } from '../../scripts/components/connectedApp';
import { extlClntAppGlobalOauthSettingsKind } from '../../scripts/components/extlClntAppGlobalOauthSettings';
import { extlClntAppOauthConfigurablePoliciesKind } from '../../scripts/components/extlClntAppOauthConfigurablePolicies';
import type { Model } from '../../scripts/core/model';
import type { XmlRecord } from '../../scripts/core/xml';
import { aModel, DEMO_CONNECTED_APP_SCOPES } from '../builders/model';

/** What the OAuth app kinds (one per root) build for a model, in deploy order. */
const oauthApp = (model: Model) => buildComponents(model).filter((c) => c.kind.planSection === 'oauth');

describe('OAuth app kinds', () => {
  it('external-client-app: the four ECA files, and the global OAuth settings as a deploy-only component', () => {
    const built = oauthApp(aModel());
    expect(built.map((c) => [c.type, c.fullName, c.path])).toEqual([
      [
        'ExternalClientApplication',
        'Reco_Integration',
        'force-app/main/default/externalClientApps/Reco_Integration.eca-meta.xml',
      ],
      [
        'ExtlClntAppOauthSettings',
        'Reco_Integration_oauth',
        'force-app/main/default/extlClntAppOauthSettings/Reco_Integration_oauth.ecaOauth-meta.xml',
      ],
      [
        'ExtlClntAppOauthConfigurablePolicies',
        'Reco_Integration_oauthPlcy',
        'force-app/main/default/extlClntAppOauthPolicies/Reco_Integration_oauthPlcy.ecaOauthPlcy-meta.xml',
      ],
      [
        'ExtlClntAppConfigurablePolicies',
        'Reco_Integration_plcy',
        'force-app/main/default/extlClntAppPolicies/Reco_Integration_plcy.ecaPlcy-meta.xml',
      ],
      [
        'ExtlClntAppGlobalOauthSettings',
        'Reco_Integration_glblOauth',
        'force-app/main/default/extlClntAppGlobalOauthSets/Reco_Integration_glblOauth.ecaGlblOauth-meta.xml',
      ],
    ]);
    expect(built.filter((c) => c.deployOnly).map((c) => c.type)).toEqual(['ExtlClntAppGlobalOauthSettings']);
    const byType = new Map(built.map((c) => [c.type, c.value]));
    expect(byType.get('ExtlClntAppOauthSettings')?.commaSeparatedOauthScopes).toBe(
      'Api, Chatter, Wave, Eclair, Basic, Profile, Email, Address, Phone, OpenID, RefreshToken',
    );
    expect(byType.get('ExtlClntAppOauthConfigurablePolicies')).toMatchObject({
      commaSeparatedPermissionSet: 'Reco_Integration',
      ipRelaxationPolicyType: 'Bypass',
      permittedUsersPolicyType: 'AdminApprovedPreAuthorized',
      refreshTokenPolicyType: 'Infinite',
    });
  });

  it('external-client-app: the callback URL goes in the global OAuth settings, with no consumer key or secret (Salesforce generates them)', () => {
    const global = oauthApp(aModel()).find((c) => c.type === 'ExtlClntAppGlobalOauthSettings');
    expect(global?.value).toEqual({
      callbackUrl: 'https://app.example.com/salesforce/oauth/callback',
      externalClientApplication: 'Reco_Integration',
      label: 'Reco Integration global OAuth',
    });
    const none = oauthApp(aModel((c) => delete c.oauthApp.callbackUrl));
    expect(none.map((c) => c.type)).not.toContain('ExtlClntAppGlobalOauthSettings');
  });

  it('external-client-app: a callback URL changed in the org is a diff of the global OAuth settings', () => {
    const global = oauthApp(aModel()).find((c) => c.type === 'ExtlClntAppGlobalOauthSettings');
    if (!global) throw new Error('no global OAuth settings built');
    const inOrg = { ...global.value, callbackUrl: 'https://elsewhere.example.com/cb' };
    expect(
      extlClntAppGlobalOauthSettingsKind.diff(
        global.value,
        inOrg,
        'ExtlClntAppGlobalOauthSettings:Reco_Integration_glblOauth',
      ),
    ).toEqual([
      {
        component: 'ExtlClntAppGlobalOauthSettings:Reco_Integration_glblOauth',
        path: 'callbackUrl',
        kind: 'change',
        before: 'https://elsewhere.example.com/cb',
        after: 'https://app.example.com/salesforce/oauth/callback',
      },
    ]);
    expect(extlClntAppGlobalOauthSettingsKind.diff(global.value, { ...global.value }, 'x')).toEqual([]);
  });

  it('connected-app: one ConnectedApp with ipRelaxation BYPASS, the scopes and the permission set', () => {
    const built = oauthApp(aModel((c) => (c.oauthApp.kind = 'connected-app')));
    expect(built.map((c) => [c.type, c.fullName, c.path])).toEqual([
      [
        'ConnectedApp',
        'Reco_Integration',
        'force-app/main/default/connectedApps/Reco_Integration.connectedApp-meta.xml',
      ],
    ]);
    expect(built[0].value).toMatchObject({
      oauthConfig: {
        callbackUrl: 'https://app.example.com/salesforce/oauth/callback',
        isAdminApproved: true,
        scopes: DEMO_CONNECTED_APP_SCOPES,
      },
      oauthPolicy: { ipRelaxation: 'BYPASS', refreshTokenPolicy: 'infinite' },
      permissionSetName: ['Reco_Integration'],
    });
  });

  it('installed: nothing to generate', () => {
    expect(oauthApp(aModel((c) => (c.oauthApp.kind = 'installed')))).toEqual([]);
  });

  it('all-self-authorized: no permission set on the policy', () => {
    const built = oauthApp(aModel((c) => (c.oauthApp.permittedUsers = 'all-self-authorized')));
    expect(built[2].value).toMatchObject({
      commaSeparatedPermissionSet: undefined,
      permittedUsersPolicyType: 'AllSelfAuthorized',
    });
  });

  it('merge is replace', () => {
    for (const c of oauthApp(aModel())) expect(c.kind.merge(c.value, { label: 'Other' })).toBe(c.value);
    const [app] = oauthApp(aModel((c) => (c.oauthApp.kind = 'connected-app')));
    expect(app.kind.merge(app.value, { label: 'Other' })).toBe(app.value);
  });

  it('diff of a connected app reports a changed IP relaxation and scope additions and removals', () => {
    const [app] = oauthApp(
      aModel((c) => Object.assign(c.oauthApp, { kind: 'connected-app', scopes: ['api', 'refresh_token'] })),
    );
    const org: XmlRecord = {
      ...app.value,
      oauthPolicy: { ipRelaxation: 'ENFORCE', refreshTokenPolicy: 'infinite' },
      oauthConfig: { ...(app.value.oauthConfig as XmlRecord), scopes: ['Api', 'Full'] },
    };
    expect(
      connectedAppKind
        .diff(app.value, org, 'ConnectedApp:Reco_Integration')
        .map((i) => [i.kind, i.path, i.before, i.after]),
    ).toEqual([
      ['change', 'oauthPolicy.ipRelaxation', 'ENFORCE', 'BYPASS'],
      ['add', 'oauthConfig.scopes[RefreshToken]', undefined, undefined],
      ['remove', 'oauthConfig.scopes[Full]', undefined, undefined],
    ]);
  });

  it('diff of an ECA policy reports a changed ipRelaxationPolicyType', () => {
    const policy = oauthApp(aModel())[2];
    const org: XmlRecord = { ...policy.value, ipRelaxationPolicyType: 'Enforce' };
    expect(policy.kind).toBe(extlClntAppOauthConfigurablePoliciesKind);
    expect(policy.kind.diff(policy.value, org, 'p')).toEqual([
      { component: 'p', path: 'ipRelaxationPolicyType', kind: 'change', before: 'Enforce', after: 'Bypass' },
    ]);
  });

  it('diff of a connected app reports a changed callback URL and a permitted-users policy opened to all users', () => {
    const build = (permittedUsers: string, callbackUrl: string): XmlRecord =>
      oauthApp(
        aModel((c) => Object.assign(c.oauthApp, { kind: 'connected-app', permittedUsers, callbackUrl })),
      )[0].value;
    const org = build('admin-approved', 'https://old.example.com/cb');
    const desired = build('all-self-authorized', 'https://new.example.com/cb');
    expect(
      connectedAppKind
        .diff(desired, org, 'ConnectedApp:Reco_Integration')
        .map((i) => [i.kind, i.path, i.before, i.after]),
    ).toEqual([
      ['change', 'oauthConfig.callbackUrl', 'https://old.example.com/cb', 'https://new.example.com/cb'],
      ['change', 'oauthConfig.isAdminApproved', true, false],
      ['remove', 'permissionSetName[Reco_Integration]', undefined, undefined],
    ]);
    expect(connectedAppKind.diff(org, org, 'ConnectedApp:Reco_Integration')).toEqual([]);
  });
});
