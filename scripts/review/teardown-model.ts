/**
 * What teardown reads besides the org. The org's ownership record decides what goes; the config
 * only gives the names teardown looks up in the org (the permission set and licence whose
 * assignments it deletes, the API version, the components the config builds that it names as
 * kept). A clone whose config is missing or invalid can still tear down: the names then come from
 * the record (the permission set it shows reco-sf created) and the config schema's defaults, with
 * a warning that says so.
 */
import { COMPONENT_KINDS, type ComponentKind } from '../components';
import { SOURCE_ROOT } from '../components/types';
import type { Diagnostic } from '../core/diagnostic';
import { RecoError } from '../core/errors';
import type { Model } from '../core/model';
import { relative } from 'node:path';
import { configPathFor, findProjectRoot } from '../core/project';
import type { Connection } from '@salesforce/core';
import type { Ownership } from '../org/ownership';
import { retrieveComponents } from '../org/retrieve';
import { componentKey, type OrgSnapshot } from '../org/types';
import { loadModel, type Loaded } from './context';

/** The config schema's defaults for the names teardown looks up (config/reco.config.schema.json). */
export const SCHEMA_DEFAULTS = {
  apiVersion: '66.0',
  permissionSet: 'Reco_Integration',
  license: 'SalesforceAPIIntegrationPsl',
} as const;

/** No user has this username (the `.invalid` top-level domain is reserved, RFC 2606): the snapshot's user query finds none. */
const NO_USER = 'reco-sf-teardown@example.invalid';

/**
 * A model that names only what teardown looks up, from the schema's defaults: it builds the
 * permission set alone (so teardown names it as kept when the org has it unrecorded) and asks
 * for no ranges, settings or app.
 */
export function recordOnlyModel(): Model {
  return {
    apiVersion: SCHEMA_DEFAULTS.apiVersion,
    demo: false,
    permissionSet: {
      name: SCHEMA_DEFAULTS.permissionSet,
      label: 'Reco Integration',
      description: '',
      license: SCHEMA_DEFAULTS.license,
      permissions: [],
      objects: [],
    },
    user: {
      lastName: 'Integration',
      alias: 'reco',
      email: NO_USER,
      username: NO_USER,
      localeSidKey: 'en_US',
      languageLocaleKey: 'en_US',
      timeZoneSidKey: 'America/Los_Angeles',
      emailEncodingKey: 'UTF-8',
      profiles: ['Minimum Access - API Only Integrations', 'Salesforce API Only System Integrations'],
    },
    trustedRanges: [],
    eventMonitoring: { mode: 'off', analyticsIntegration: false, deleteMonitoringData: false, entities: [] },
    oauthApp: {
      kind: 'installed',
      name: 'Reco_Integration',
      label: 'Reco Integration',
      installedAppName: 'Reco Introspection for Salesforce',
      scopes: [],
      ipRelaxation: 'relax',
      refreshTokenPolicy: 'infinite',
      permittedUsers: 'admin-approved',
      scopeValues: { connectedApp: [], eca: [] },
    },
  };
}

/** The record-only model with the permission set the record shows reco-sf created (one), when it names one. */
export function withRecordNames(
  model: Model,
  ownership: Ownership | null,
  kinds: readonly ComponentKind[] = COMPONENT_KINDS,
): Model {
  const setKinds = kinds.filter((k) => k.planSection === 'permissionSet' && k.lifecycle === 'created');
  const sets = (ownership?.created ?? []).filter((c) => setKinds.some((k) => k.type === c.type));
  if (sets.length !== 1) return model;
  return { ...model, permissionSet: { ...model.permissionSet, name: sets[0].fullName } };
}

/**
 * The config's model, or, when the config is missing or invalid (CONFIG_INVALID), the
 * record-only model and a warning naming the config's first error. Other errors are thrown.
 */
export async function loadForTeardown(
  config: string | undefined,
  json: boolean,
): Promise<{ loaded: Loaded; recordOnly: boolean; warnings: Diagnostic[] }> {
  try {
    return { loaded: await loadModel(config, json), recordOnly: false, warnings: [] };
  } catch (error) {
    if (!(error instanceof RecoError) || error.code !== 'CONFIG_INVALID') throw error;
    const root = findProjectRoot();
    const file = relative(root, configPathFor(root, config));
    const first = error.diagnostics[0];
    const cause = first ? `${first.code}: ${first.message}` : error.message;
    return {
      loaded: { root, model: recordOnlyModel(), warnings: [] },
      recordOnly: true,
      warnings: [
        {
          code: 'TEARDOWN_WITHOUT_CONFIG',
          severity: 'warning',
          location: { file },
          message: `${file} cannot be used (${cause}): teardown works from the org's ownership record alone, with the permission set the record shows reco-sf created (or ${SCHEMA_DEFAULTS.permissionSet}), licence ${SCHEMA_DEFAULTS.license} and API version ${SCHEMA_DEFAULTS.apiVersion}; assignments of a permission set of another name that reco-sf did not create are not found`,
          source: 'tool',
          fix: `to tear down with your config's names, restore or fix ${file} (or pass --config FILE) and run teardown again`,
        },
      ],
    };
  }
}

/**
 * Every settings member a kind restores that the snapshot did not read (the config no longer
 * builds it, or there is no config): read in one more retrieve, only when the org has a record
 * and there are any, so teardown restores what the record names whatever the config says now.
 * Mutates `snapshot.metadata`.
 */
export async function readSettingsForTeardown(
  conn: Connection,
  apiVersion: string,
  snapshot: Pick<OrgSnapshot, 'metadata'>,
  ownership: Ownership | null,
  kinds: readonly ComponentKind[] = COMPONENT_KINDS,
): Promise<void> {
  if (!ownership) return;
  const unread = kinds
    .filter((k) => k.lifecycle === 'setting' && k.teardown !== undefined && k.member !== undefined)
    .map((k) => ({
      type: k.type,
      fullName: k.member ?? '',
      path: `${SOURCE_ROOT}/settings/${k.member ?? ''}.settings-meta.xml`,
    }))
    .filter((c) => !(componentKey(c) in snapshot.metadata));
  if (unread.length === 0) return;
  Object.assign(snapshot.metadata, await retrieveComponents(conn, apiVersion, unread));
}
