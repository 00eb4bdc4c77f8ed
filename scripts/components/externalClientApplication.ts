/**
 * ExternalClientApplication (.eca): the External Client App header for `oauthApp.kind:
 * external-client-app`. Its settings and policy files name it (`externalClientApplication`), so
 * a deploy must carry the app they name (Metadata API Developer Guide, "ExtlClntAppOauthSettings",
 * "ExtlClntAppOauthConfigurablePolicies", "ExtlClntAppConfigurablePolicies").
 */
import { fileLocation, type Diagnostic } from '../core/diagnostic';
import { oauthAppDrift, oauthComponent, oauthScalarDiff, wantsEca } from './oauthApp';
import { lineOf, type ProjectContext } from './rules';
import type { ComponentKind } from './types';

/** Root elements whose `externalClientApplication` names an External Client App. */
const ECA_PARTS = new Set([
  'ExtlClntAppOauthSettings',
  'ExtlClntAppOauthConfigurablePolicies',
  'ExtlClntAppConfigurablePolicies',
  'ExtlClntAppGlobalOauthSettings',
  'ExtlClntAppMobileSettings',
  'ExtlClntAppMobileConfigurablePolicies',
  'ExtlClntAppNotificationSettings',
  'ExtlClntAppPushSettings',
  'ExtlClntAppPushConfigurablePolicies',
  'ExtlClntAppSamlConfigurablePolicies',
  'ExtlClntAppCanvasSettings',
]);

/** One error per file a plain `sf` deploy sends that names an app the project lacks. */
function checkReferences(project: ProjectContext): Diagnostic[] {
  const apps = new Set(
    project.resolved.filter((r) => r.type === 'ExternalClientApplication').map((r) => r.fullName),
  );
  const problems: Diagnostic[] = [];
  for (const { file, text, parsed } of project.sent) {
    if (!ECA_PARTS.has(parsed.root)) continue;
    const app = parsed.value.externalClientApplication;
    if (typeof app !== 'string' || apps.has(app)) continue;
    problems.push({
      severity: 'error',
      code: 'ECA_NOT_IN_PROJECT',
      message: `${parsed.root} names External Client App ${app}, which no file of the project defines`,
      location: fileLocation(file, { line: lineOf(text, '<externalClientApplication>') }),
      source: 'salesforce',
      fix: `add ${app}.eca-meta.xml (ExternalClientApplication) to a package directory, or correct the name; a deploy without the app fails`,
    });
  }
  return problems;
}

export const externalClientApplicationKind: ComponentKind = {
  id: 'externalClientApplication',
  rootType: 'ExternalClientApplication',
  type: 'ExternalClientApplication',
  suffix: 'eca',
  lifecycle: 'created',
  deleteOrder: 30,
  planSection: 'oauth',
  build(model) {
    if (!wantsEca(model)) return [];
    const app = model.oauthApp;
    return [
      oauthComponent('ExternalClientApplication', 'externalClientApps', 'eca', app.name, {
        contactEmail: app.contactEmail,
        description: 'OAuth app the Reco SaaS-security platform connects through. Managed by reco-sf.',
        distributionState: 'Local',
        isProtected: false,
        label: app.label,
      }),
    ];
  },
  merge: (desired) => desired,
  diff: oauthScalarDiff,
  validateProject: checkReferences,
  drift: oauthAppDrift,
};
