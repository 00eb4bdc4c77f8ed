/** Step "adapt": the config fitted to what the org offers, or a refusal listing why it cannot be. */
import { RecoError } from '../../core/errors';
import type { Model } from '../../core/model';
import { adaptToOrg, type AdaptResult } from '../adapt';
import type { OrgSnapshot } from '../types';

/**
 * The model adapted to the snapshot (scripts/org/adapt.ts).
 * @throws RecoError with the first adapt error's code (exit 2), listing every error and its fix;
 *   nothing has been changed in the org then.
 */
export function adaptStep(model: Model, snapshot: OrgSnapshot): AdaptResult {
  const adapted = adaptToOrg(model, snapshot);
  if (adapted.errors.length > 0) {
    const lines = adapted.errors
      .map((e) => `  ${e.code}: ${e.message}${e.fix ? `\n    fix: ${e.fix}` : ''}`)
      .join('\n');
    throw new RecoError(
      adapted.errors[0].code,
      `the org cannot take this config; nothing was changed:\n${lines}`,
      { fix: adapted.errors[0].fix },
    );
  }
  return adapted;
}
