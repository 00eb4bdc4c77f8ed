/**
 * Semantic rules on metadata files, in two kinds of judgement:
 * - Salesforce's own rules, for every file of the project: limits on labels and descriptions,
 *   no duplicate entries, View All needs Read, valid trusted ranges, OAuth values the Metadata
 *   API knows (scopes from the WSDL's ConnectedAppOauthAccessScope enum), no secrets in source.
 * - Reco's policy, for the components the config generates only: permissions from the catalog
 *   or the config (least privilege), read-only object access, known Event Manager entities.
 * Each rule belongs to the component kind of the file's root (scripts/components); this module
 * finds the kind. Whether a permission or an Event Manager entity exists is the org's to say
 * (deploy, plan and doctor read it there); another team's permission set is never judged by
 * Reco's policy.
 */
import { COMPONENT_KINDS, kindForRoot, type ComponentKind } from '../components';
import type { FileContext, RuleScope } from '../components/rules';
import type { Diagnostic } from '../core/diagnostic';
import type { Model } from '../core/model';
import type { ParsedMetadata } from '../core/xml';

export { lineOf, OAUTH_SCOPE_ENUM, type RuleScope } from '../components/rules';

/**
 * Rules for one parsed metadata file. `scope` says which judgement applies (default
 * `generated`: Salesforce's rules and Reco's policy); `model` is the config's, when valid.
 */
export function checkMetadataRules(
  parsed: ParsedMetadata,
  file: string,
  text: string,
  model?: Model,
  scope: RuleScope = 'generated',
  kinds: readonly ComponentKind[] = COMPONENT_KINDS,
): Diagnostic[] {
  const ctx: FileContext = { file, text, model, scope };
  return kindForRoot(parsed.root, kinds)?.validateFile?.(ctx, parsed.value) ?? [];
}
