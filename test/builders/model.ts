/** Models and parsed fixtures for component tests. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkConfigObject } from '../../scripts/core/config';
import { buildModel, type Model } from '../../scripts/core/model';
import { parseMetadata, type XmlRecord } from '../../scripts/core/xml';
import { aConfig, type ConfigFile } from './project';

export const REAL_WORLD = join(__dirname, '..', 'fixtures', 'real-world');

/** The demo config's OAuth scopes as Connected App metadata values (ConnectedAppOauthConfig.scopes), in order. */
export const DEMO_CONNECTED_APP_SCOPES = [
  'Api',
  'Chatter',
  'Wave',
  'Eclair',
  'Basic',
  'Profile',
  'Email',
  'Address',
  'Phone',
  'OpenID',
  'RefreshToken',
];

/**
 * The eight enabled user permissions of the real-world permission set
 * sfdcInternalInt__sfdc_a360_sfcrm_data_extract that the catalog does not know (Reco grants none of them).
 */
export const REAL_WORLD_UNKNOWN_PERMISSIONS = [
  'ActivitiesAccess',
  'AllowViewKnowledge',
  'EditKnowledge',
  'ManageTerritories',
  'ViewAllActivities',
  'ViewAllForecasts',
  'ViewArchivedArticles',
  'ViewDraftArticles',
];

/** The model of the demo config after `change`, with schema defaults filled as the pipeline does. */
export function aModel(change: (config: ConfigFile) => void = () => undefined): Model {
  const loaded = checkConfigObject(aConfig(change), 'test.json');
  if (!loaded.config) throw new Error(`test config is invalid: ${JSON.stringify(loaded.problems)}`);
  return buildModel(loaded.config);
}

/** A real-world metadata file, parsed. */
export function realWorld(file: string): XmlRecord {
  return parseMetadata(readFileSync(join(REAL_WORLD, file), 'utf8'), file).value;
}

/** Freezes a value and everything inside it, to prove a function does not mutate its inputs. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
