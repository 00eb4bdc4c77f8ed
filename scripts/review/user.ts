/** The integration user's fields as the config asks for them, in Salesforce field names. */
import type { Model } from '../core/model';
import { OWNED_USER_FIELDS } from '../org/snapshot';

/**
 * The fields the deploy owns (OWNED_USER_FIELDS, so plan and deploy agree on what drifts);
 * `Profile` (by name) only matters for a user the deploy creates.
 */
export function desiredUserFields(model: Model, profile: string | null): Record<string, string> {
  const fields: Record<string, string> = { Username: model.user.username };
  for (const [key, field] of Object.entries(OWNED_USER_FIELDS)) {
    const value = model.user[key as keyof typeof OWNED_USER_FIELDS];
    if (value !== undefined) fields[field] = value;
  }
  if (profile !== null) fields.Profile = profile;
  return fields;
}
