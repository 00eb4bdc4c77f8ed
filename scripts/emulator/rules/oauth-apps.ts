/**
 * Connected apps and External Client Apps (Metadata API Developer Guide: ConnectedApp,
 * ExternalClientApplication, ExtlClntAppOauthConfigurablePolicies; Spring '26 release notes): new ConnectedApp
 * creation is blocked since Spring '26 (shape `connected-apps-blocked`; updates of existing apps
 * still deploy); IP relaxation and scope values must be ones Salesforce accepts; ECA policy and
 * settings files must name an External Client App that exists in the org or in the same deploy.
 */
import { listOf, type XmlRecord } from '../../core/xml';
import { ComponentProblem, deployProblems } from '../errors';
import { OAUTH } from '../facts';
import type { MetadataRule, RuleContext } from './context';

const CONNECTED_APP_RELAXATION = OAUTH.connectedAppIpRelaxation;
const ECA_RELAXATION = OAUTH.ecaIpRelaxation;

export const connectedAppRule: MetadataRule = {
  check(member: string, _root: string, value: XmlRecord, ctx: RuleContext): ComponentProblem[] {
    const problems: ComponentProblem[] = [];
    if (ctx.shape.connectedAppsBlocked && !ctx.existing('ConnectedApp', member))
      problems.push(deployProblems.connectedAppCreationBlocked());
    const policy = value.oauthPolicy;
    if (
      typeof policy === 'object' &&
      policy !== null &&
      !Array.isArray(policy) &&
      policy.ipRelaxation !== undefined
    ) {
      const relax = String(policy.ipRelaxation);
      if (!CONNECTED_APP_RELAXATION.includes(relax))
        problems.push(deployProblems.invalidEnum('ipRelaxation', relax));
    }
    const config = value.oauthConfig;
    if (typeof config === 'object' && config !== null && !Array.isArray(config)) {
      for (const scope of listOf<string>(config.scopes)) {
        if (!OAUTH.connectedAppScopes.includes(String(scope)))
          problems.push(deployProblems.invalidEnum('ConnectedAppOauthAccessScope', String(scope)));
      }
    }
    return problems;
  },
};

export const externalClientAppRule: MetadataRule = {
  check(): ComponentProblem[] {
    return [];
  },
};

/** ExtlClntAppOauthSettings / …OauthConfigurablePolicies / …ConfigurablePolicies / …GlobalOauthSettings. */
export const ecaChildRule: MetadataRule = {
  check(_member: string, root: string, value: XmlRecord, ctx: RuleContext): ComponentProblem[] {
    const problems: ComponentProblem[] = [];
    const app = String(value.externalClientApplication ?? '');
    if (app !== '' && !ctx.existing('ExternalClientApplication', app))
      problems.push(deployProblems.noSuchEca(app));
    if (root === 'ExtlClntAppOauthConfigurablePolicies' && value.ipRelaxationPolicyType !== undefined) {
      const relax = String(value.ipRelaxationPolicyType);
      if (!ECA_RELAXATION.includes(relax))
        problems.push(deployProblems.invalidEnum('ipRelaxationPolicyType', relax));
    }
    if (root === 'ExtlClntAppOauthSettings' && typeof value.commaSeparatedOauthScopes === 'string') {
      for (const scope of value.commaSeparatedOauthScopes
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '')) {
        if (!OAUTH.ecaScopes.includes(scope))
          problems.push(deployProblems.invalidEnum('commaSeparatedOauthScopes', scope));
      }
    }
    return problems;
  },
  /** Each names its app in `externalClientApplication`: the app cannot be deleted before them. */
  references(value: XmlRecord): Array<{ type: string; fullName: string }> {
    const app = String(value.externalClientApplication ?? '');
    return app === '' ? [] : [{ type: 'ExternalClientApplication', fullName: app }];
  },
};
