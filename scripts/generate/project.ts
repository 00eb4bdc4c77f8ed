/**
 * The generator's pure core: from the model to the exact bytes of every generated file.
 * Deterministic by construction: lists are sorted or in config order, JSON keys in a fixed order,
 * no timestamps. The I/O edge (writing, --check) is in write.ts.
 */
import { PROFILES, SCRATCH_FEATURES } from '../catalog/catalog';
import { buildComponents, renderComponent, type OwnedComponent } from '../components';
import type { Model } from '../core/model';
import { compareText } from '../core/order';
import { isUsernamePattern } from '../core/username-pattern';

export interface GeneratedFile {
  /** Relative to the repository root, with forward slashes. */
  path: string;
  content: string;
}

export const SCRATCH_DEF_PATH = 'config/project-scratch-def.json';
export const USER_DEF_PATH = 'config/reco-user-def.json';
export const PROJECT_FILE_PATH = 'sfdx-project.json';

function json(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}

export function sfdxProject(model: Model): Record<string, unknown> {
  return {
    packageDirectories: [{ path: 'force-app', default: true }],
    name: 'reco-sf',
    namespace: '',
    sfdcLoginUrl: 'https://login.salesforce.com',
    sourceApiVersion: model.apiVersion,
  };
}

/**
 * Scratch org definition. Real-Time Event Monitoring has no scratch feature, so Event Manager
 * settings are left to the deploy (which skips them where the org lacks Shield).
 */
export function scratchDefinition(model: Model): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  if (model.eventMonitoring.mode !== 'off') {
    settings.eventSettings = {
      enableDeleteMonitoringData: model.eventMonitoring.deleteMonitoringData,
      enableEventLogWaveIntegration: model.eventMonitoring.analyticsIntegration,
    };
  }
  if (model.trustedRanges.length > 0) {
    settings.securitySettings = {
      networkAccess: {
        ipRanges: model.trustedRanges.map((r) => ({
          ...(r.description !== undefined ? { description: r.description } : {}),
          end: r.end,
          start: r.start,
        })),
      },
    };
  }
  return {
    orgName: 'Reco integration (scratch)',
    edition: 'Developer',
    hasSampleData: false,
    features: model.eventMonitoring.mode === 'off' ? [] : [...SCRATCH_FEATURES],
    settings,
  };
}

/**
 * `sf org create user --definition-file` input. No permsets here: the permission set needs the
 * PSL first and the definition file has no PSL key, so `reco-sf deploy` assigns both in order.
 * A username pattern (`{alias}`, …) is left out: only reco-sf fills its placeholders in, for
 * each org it connects to, and Salesforce refuses the raw pattern as a username (User.Username
 * must have the form of an e-mail address; Object Reference for Salesforce, User). `reco-sf
 * scratch` then skips `sf org create user` and its deploy creates the user.
 */
export function userDefinition(model: Model): Record<string, unknown> {
  const user = model.user;
  return {
    ...(isUsernamePattern(user.username) ? {} : { Username: user.username }),
    ...(user.firstName !== undefined ? { FirstName: user.firstName } : {}),
    LastName: user.lastName,
    Alias: user.alias,
    Email: user.email,
    LocaleSidKey: user.localeSidKey,
    LanguageLocaleKey: user.languageLocaleKey,
    TimeZoneSidKey: user.timeZoneSidKey,
    EmailEncodingKey: user.emailEncodingKey,
    profileName: user.profiles[0] ?? PROFILES.apiOnly,
    generatePassword: false,
  };
}

export interface GeneratedProject {
  components: OwnedComponent[];
  files: GeneratedFile[];
}

/**
 * Every path the generator writes for this config's names under any of its options (each OAuth
 * app kind, event monitoring on, trusted ranges present): the files reco-sf owns in force-app/.
 * Any other file belongs to whoever wrote it, and generate never reports or removes it.
 */
export function ownedPaths(model: Model): Set<string> {
  const variants: Model[] = (['external-client-app', 'connected-app'] as const).map((kind) => ({
    ...model,
    trustedRanges: [{ start: '192.0.2.0', end: '192.0.2.0', source: '' }],
    eventMonitoring: {
      ...model.eventMonitoring,
      mode: 'auto',
      entities: model.eventMonitoring.entities.length > 0 ? model.eventMonitoring.entities : ['LoginEvent'],
    },
    oauthApp: { ...model.oauthApp, kind },
  }));
  return new Set(
    [model, ...variants].flatMap((m) =>
      buildComponents(m)
        .filter((c) => !c.deployOnly)
        .map((c) => c.path),
    ),
  );
}

export function generateProject(model: Model): GeneratedProject {
  // Deploy-only components (the ECA's global OAuth settings) are never written to the project.
  const components = buildComponents(model).filter((c) => !c.deployOnly);
  const files: GeneratedFile[] = [
    { path: PROJECT_FILE_PATH, content: json(sfdxProject(model)) },
    { path: SCRATCH_DEF_PATH, content: json(scratchDefinition(model)) },
    { path: USER_DEF_PATH, content: json(userDefinition(model)) },
    ...components.map((c) => ({ path: c.path, content: renderComponent(c) })),
  ];
  return { components, files: files.sort((a, b) => compareText(a.path, b.path)) };
}
