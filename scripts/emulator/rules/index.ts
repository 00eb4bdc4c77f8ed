/** The rule of each metadata type the emulator deploys. */
import { deployProblems } from '../errors';
import type { MetadataRule } from './context';
import { connectedAppRule, ecaChildRule, externalClientAppRule } from './oauth-apps';
import { permissionSetRule } from './permission-set';
import { settingsRule } from './settings';

const profileRule: MetadataRule = { check: () => [deployProblems.profileReadOnly()] };
/** A static resource: the schema check covers its fields; the content is opaque. */
const staticResourceRule: MetadataRule = { check: () => [] };

const RULES: Record<string, MetadataRule> = {
  PermissionSet: permissionSetRule,
  Settings: settingsRule,
  ConnectedApp: connectedAppRule,
  ExternalClientApplication: externalClientAppRule,
  ExtlClntAppOauthSettings: ecaChildRule,
  ExtlClntAppGlobalOauthSettings: ecaChildRule,
  ExtlClntAppOauthConfigurablePolicies: ecaChildRule,
  ExtlClntAppConfigurablePolicies: ecaChildRule,
  Profile: profileRule,
  StaticResource: staticResourceRule,
};

export function ruleOf(type: string): MetadataRule | undefined {
  return RULES[type];
}
export type { MetadataRule, RuleContext, SRecord, FieldValue } from './context';
