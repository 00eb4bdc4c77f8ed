/** Step "adapt": the config fitted to what the org offers, or a refusal listing why it cannot be. */
import { formatDiagnostic } from '../../core/diagnostic';
import { RecoError } from '../../core/errors';
import type { Model } from '../../core/model';
import { adaptToOrg, type AdaptResult } from '../adapt';
import type { OrgSnapshot } from '../types';

/**
 * The model adapted to the snapshot (scripts/org/adapt.ts).
 * @throws RecoError with the first adapt error's code (exit 2), listing every error (plan's
 *   blocking reasons) in the one text form and carrying them as its diagnostics; nothing has been
 *   changed in the org then.
 */
export function adaptStep(model: Model, snapshot: OrgSnapshot): AdaptResult {
  const adapted = adaptToOrg(model, snapshot);
  if (adapted.errors.length > 0) {
    const lines = adapted.errors.map((e) => `  ${formatDiagnostic(e)}`).join('\n');
    throw new RecoError(
      adapted.errors[0].code,
      `the org cannot take this config; nothing was changed:\n${lines}`,
      { fix: adapted.errors[0].fix, diagnostics: adapted.errors, exitCode: 2 },
    );
  }
  return adapted;
}
