/**
 * The trusted-ranges hazard: deploying SecuritySettings replaces every trusted IP range of the
 * org (networkAccess) with the file's ranges (Metadata API Developer Guide, "SecuritySettings":
 * the ranges in the file become the org's list). Any file that resolves to Settings:Security,
 * whatever its name, format or package directory, must be kept out of plain `sf` deploys by
 * .forceignore; `reco-sf deploy` sends the org's ranges merged with Reco's instead.
 */
import { fileLocation, type Diagnostic } from '../core/diagnostic';
import { listOf, type XmlRecord } from '../core/xml';
import { lineOf } from './file-rules';
import type { ProjectFile } from './references';
import type { Resolution } from './resolve';

/** .forceignore patterns that keep SecuritySettings out of every plain `sf` deploy, in both formats. */
export const SECURITY_FORCEIGNORE = ['**/Security.settings-meta.xml', '**/Security.settings'];

/** One error per file a plain `sf project deploy start` would send as Settings:Security. */
export function checkSecuritySettingsHazard(resolution: Resolution, parsed: ProjectFile[]): Diagnostic[] {
  const byFile = new Map(parsed.map((p) => [p.file, p]));
  return resolution.resolved
    .filter((r) => r.type === 'Settings' && r.fullName === 'Security')
    .map((r): Diagnostic => {
      const file = byFile.get(r.file);
      const networkAccess = file?.parsed.value.networkAccess as XmlRecord | undefined;
      const count = listOf<XmlRecord>(networkAccess?.ipRanges).length;
      return {
        severity: 'error',
        code: 'TRUSTED_RANGES_HAZARD',
        message: `a plain \`sf project deploy start\` would send ${r.file} (Settings:Security) and replace all of the org's trusted IP ranges with the ${count} in this file`,
        location: fileLocation(r.file, { line: file ? (lineOf(file.text, '<networkAccess') ?? 1) : 1 }),
        source: 'policy',
        fix: `add ${SECURITY_FORCEIGNORE.join(' and ')} to .forceignore (reco-sf deploy merges the org's ranges with Reco's instead)`,
      };
    });
}
