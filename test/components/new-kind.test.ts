/**
 * Adding a metadata kind is one module: a kind defined here, only in this test, and registered in
 * the test's own registry flows through validate, plan, verify, the ownership record and teardown
 * with no edit anywhere else. The same calls with the product's registry know nothing of it, so
 * each assertion below depends on the registry the test passes.
 */
import { fileAt } from '../../scripts/core/diagnostic';
import { COMPONENT_KINDS, type ComponentKind } from '../../scripts/components';
import { diffScalars, driftAt, driftPerItem } from '../../scripts/components/diff';
import { problemAt } from '../../scripts/components/rules';
import { SOURCE_ROOT } from '../../scripts/components/types';
import { planChanges } from '../../scripts/org/changes';
import { recordAhead } from '../../scripts/org/ownership';
import { componentKey } from '../../scripts/org/types';
import { buildComponents } from '../../scripts/components';
import { NO_FACTS } from '../../scripts/review/facts';
import { buildPlan } from '../../scripts/review/plan';
import { planTeardown } from '../../scripts/review/teardown';
import { verifyDrift } from '../../scripts/review/verify';
import { checkMetadataRules } from '../../scripts/validate/file-rules';
import { aDeployedOrg, demoModel } from '../review/builders';

const KEY = 'RemoteSiteSetting:Reco_Api';

/** A remote site for Reco's API: the whole kind, as a new module would hold it. */
const remoteSiteKind: ComponentKind = {
  id: 'remoteSite',
  rootType: 'RemoteSiteSetting',
  type: 'RemoteSiteSetting',
  suffix: 'remoteSite',
  lifecycle: 'created',
  deleteOrder: 45,
  planSection: 'none',
  build: (model) => [
    {
      type: 'RemoteSiteSetting',
      fullName: 'Reco_Api',
      path: `${SOURCE_ROOT}/remoteSiteSettings/Reco_Api.remoteSite-meta.xml`,
      rootType: 'RemoteSiteSetting',
      value: {
        disableProtocolSecurity: false,
        isActive: true,
        url: `https://api.example.com/${model.permissionSet.name}`,
      },
    },
  ],
  merge: (desired) => desired,
  diff: (desired, current, key) =>
    diffScalars(key, ['url', 'isActive', 'disableProtocolSecurity'], desired, current),
  validateFile: (ctx, value) =>
    value.disableProtocolSecurity === true
      ? [problemAt(ctx, '<disableProtocolSecurity>', 'error', 'REMOTE_SITE_INSECURE', 'HTTP is allowed')]
      : [],
  drift: (change, facts) =>
    driftPerItem(change, facts, (d) =>
      driftAt(facts, 'REMOTE_SITE_CHANGED', d.component, d.path, { path: d.path }),
    ),
};

const KINDS = [...COMPONENT_KINDS, remoteSiteKind];
const model = demoModel();

/** An org where everything of the config is deployed, the remote site included, then `change`d. */
function deployedWithSite(change: (site: Record<string, unknown>) => void = () => undefined) {
  const org = aDeployedOrg(model);
  const [site] = remoteSiteKind.build(model);
  const value = structuredClone(site.value);
  change(value);
  org.metadata[KEY] = value;
  return org;
}

describe('a kind added in one module', () => {
  it('validate: its file rule runs for files of its root, only with it registered', () => {
    // Parsed by hand: the WSDL schema (scripts/wsdl) holds only the types reco-sf generates; a real
    // new kind adds its root there (ROOT_TYPES) so files of it are parsed and rendered.
    const text = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<RemoteSiteSetting xmlns="http://soap.sforce.com/2006/04/metadata">',
      '    <disableProtocolSecurity>true</disableProtocolSecurity>',
      '    <isActive>true</isActive>',
      '    <url>http://api.example.com</url>',
      '</RemoteSiteSetting>',
      '',
    ].join('\n');
    const parsed = {
      root: 'RemoteSiteSetting',
      namespace: 'http://soap.sforce.com/2006/04/metadata',
      value: { disableProtocolSecurity: true, isActive: true, url: 'http://api.example.com' },
    };
    const codes = (kinds: readonly ComponentKind[]) =>
      checkMetadataRules(parsed, 'x.remoteSite-meta.xml', text, model, 'project', kinds).map((p) => [
        p.code,
        fileAt(p)?.line,
      ]);
    expect(codes(KINDS)).toEqual([['REMOTE_SITE_INSECURE', 3]]);
    expect(codes(COMPONENT_KINDS)).toEqual([]);
  });

  it('plan: an empty org gets it created', () => {
    const states = (kinds: readonly ComponentKind[]) =>
      Object.fromEntries(buildPlan(model, null, [], kinds).components.map((c) => [c.key, c.state]));
    expect(states(KINDS)[KEY]).toBe('create');
    expect(states(COMPONENT_KINDS)[KEY]).toBeUndefined();
  });

  it('verify: a changed URL is its drift, with the deploy as the fix; a deployed org is in sync', () => {
    expect(verifyDrift(model, deployedWithSite(), NO_FACTS, 'acme', [], KINDS).drift).toEqual([]);
    const org = deployedWithSite((site) => (site.url = 'https://elsewhere.example.com'));
    expect(verifyDrift(model, org, NO_FACTS, 'acme', [], KINDS).drift).toEqual([
      {
        code: 'REMOTE_SITE_CHANGED',
        severity: 'error',
        source: 'org',
        location: { entity: { type: 'RemoteSiteSetting', name: 'Reco_Api' }, path: 'url' },
        message: 'url',
        fix: 'run: reco-sf deploy --target-org acme',
      },
    ]);
    expect(verifyDrift(model, org, NO_FACTS, 'acme').drift).toEqual([]);
    // A kind without its own drift still reports every change a deploy would make.
    const { drift: _own, ...plain } = remoteSiteKind;
    const generic = verifyDrift(model, org, NO_FACTS, 'acme', [], [...COMPONENT_KINDS, plain]).drift;
    expect(
      generic.map((d) => [
        d.code,
        d.location && 'path' in d.location ? d.location.path : undefined,
        d.data?.actual,
        d.data?.expected,
      ]),
    ).toEqual([
      [
        'COMPONENT_CHANGED',
        'url',
        'https://elsewhere.example.com',
        'https://api.example.com/Reco_Integration',
      ],
    ]);
  });

  it('ownership and teardown: recorded when created, deleted in its order (after the app, before the permission set)', () => {
    const org = aDeployedOrg(model);
    const changes = planChanges(buildComponents(model, KINDS), { metadata: {} }).changes;
    const data = {
      user: { action: 'unchanged' },
      permissionSetLicense: 'unchanged',
      permissionSet: 'unchanged',
    } as const;
    const record = recordAhead(null, changes, data as never, model.user.username, KINDS);
    expect(record.created.map((c) => componentKey(c))).toContain(KEY);
    org.metadata[KEY] = remoteSiteKind.build(model)[0].value;
    const deletion = (kinds: readonly ComponentKind[]) =>
      planTeardown({ model, snapshot: org, ownership: record, users: [] }, kinds)
        .steps.flatMap((s) => (s.action.kind === 'delete-components' ? s.action.components : []))
        .map((c) => c.type);
    expect(deletion(KINDS)).toEqual([
      'ExtlClntAppOauthConfigurablePolicies',
      'ExtlClntAppConfigurablePolicies',
      'ExtlClntAppGlobalOauthSettings',
      'ExtlClntAppOauthSettings',
      'ExternalClientApplication',
      'RemoteSiteSetting',
      'PermissionSet',
      'StaticResource',
    ]);
    // Without the kind, nothing says the member is reco-sf's to delete.
    expect(deletion(COMPONENT_KINDS)).not.toContain('RemoteSiteSetting');
  });
});
