/**
 * What the OAuth app kinds share. The OAuth app Reco connects through is, by config kind:
 * - external-client-app: the External Client App set (.eca, .ecaOauth, .ecaOauthPlcy, .ecaPlcy),
 *   one kind per root, plus the deploy-only global OAuth settings (.ecaGlblOauth) that carry the
 *   callback URL (see extlClntAppGlobalOauthSettings.ts).
 * - connected-app: a ConnectedApp with oauthConfig and oauthPolicy (creation is blocked in orgs
 *   since Spring '26 unless Support re-enables it).
 * - installed: the vendor's own app, installed from OAuth usage; nothing to generate (diagnosed by doctor).
 * Replace semantics: a deploy sends the whole component.
 */
import { IP_RELAXATION } from '../catalog/catalog';
import type { Model } from '../core/model';
import type { XmlRecord } from '../core/xml';
import { diffScalars, driftAt, driftPerItem, nameOf } from './diff';
import { SOURCE_ROOT, type BuiltComponent, type ComponentKind, type DiffItem } from './types';

export function oauthComponent(
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

/** Whether the config asks for an External Client App (the ECA kinds build nothing otherwise). */
export const wantsEca = (model: Model): boolean => model.oauthApp.kind === 'external-client-app';

export const OAUTH_FIELDS = [
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

/** The scalar OAuth fields the generator sets; a field absent from `desired` is not compared. */
export function oauthScalarDiff(
  desired: XmlRecord,
  current: XmlRecord | undefined,
  name: string,
): DiffItem[] {
  return diffScalars(name, OAUTH_FIELDS, desired, current);
}

export const ecaRelaxations = (): string[] => Object.values(IP_RELAXATION).map((v) => v.eca);

/** Verify's report for an OAuth app component: missing, or each changed field (a reverted IP relaxation by name). */
export const oauthAppDrift: NonNullable<ComponentKind['drift']> = (change, facts) =>
  driftPerItem(change, facts, (item) => {
    const relaxation = /ipRelaxation/.test(item.path);
    const values = `${String(item.before ?? '(unset)')}, expected ${String(item.after)}`;
    return driftAt(
      facts,
      relaxation ? 'IP_RELAXATION_REVERTED' : 'OAUTH_SETTING_CHANGED',
      item.component,
      relaxation
        ? `the IP relaxation of ${nameOf(item.component)} was reverted: ${values}`
        : `${nameOf(item.component)} ${item.path} is ${values}`,
      { path: item.path, expected: item.after, actual: item.before },
    );
  });

/** What differs between the External Client App's settings and policy parts. */
export interface EcaPart {
  id: string;
  /** Root type, also the SDR type name. */
  type: string;
  /** Folder under the source root, and the file suffix. */
  dir: string;
  suffix: string;
  /** Appended to the app name for the part's fullName (`_oauth`, `_plcy`, …). */
  nameSuffix: string;
  deleteOrder: number;
  fields(model: Model): XmlRecord;
  validateFile?: ComponentKind['validateFile'];
}

/**
 * A kind for one External Client App part: one file named after the app, built only for kind
 * external-client-app, replaced whole on deploy, and deleted before the app
 * (destructiveChangesPre: the part names the app, which Salesforce will not delete while it is named).
 */
export function ecaPartKind(part: EcaPart): ComponentKind {
  return {
    id: part.id,
    rootType: part.type,
    type: part.type,
    suffix: part.suffix,
    lifecycle: 'created',
    deleteOrder: part.deleteOrder,
    deletePhase: 'pre',
    planSection: 'oauth',
    build: (model) =>
      wantsEca(model)
        ? [
            oauthComponent(
              part.type,
              part.dir,
              part.suffix,
              `${model.oauthApp.name}${part.nameSuffix}`,
              part.fields(model),
            ),
          ]
        : [],
    merge: (desired) => desired,
    diff: oauthScalarDiff,
    ...(part.validateFile ? { validateFile: part.validateFile } : {}),
    drift: oauthAppDrift,
  };
}
