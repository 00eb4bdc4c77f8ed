/** The fixes reviews print: a reco-sf command where one exists, the Setup click path where no API can do it. */
import type { Model } from '../core/model';

export interface Fix {
  /** A command to run, when reco-sf (or sf) can fix it. */
  command?: string;
  /** The manual Setup path, when no API can. */
  setup?: string;
}

const orgFlag = (target: string | null): string => (target ? ` --target-org ${target}` : '');

export const fixes = {
  deploy: (target: string | null): Fix => ({ command: `reco-sf deploy${orgFlag(target)}` }),
  deployYes: (target: string | null): Fix => ({ command: `reco-sf deploy${orgFlag(target)} --yes` }),
  /** `deploy --yes` unfreezes the user (its data step); the Setup path is the manual alternative. */
  unfreeze: (model: Model, target: string | null): Fix => ({
    command: `reco-sf deploy${orgFlag(target)} --yes`,
    setup: `Setup > Users > Users > ${model.user.lastName} (${model.user.username}) > Unfreeze`,
  }),
  unlockPassword: (model: Model): Fix => ({
    setup: `Setup > Users > Users > ${model.user.lastName} (${model.user.username}) > Unlock`,
  }),
  /** The vendor guide's "Grant Failure Due to Login IP Range" procedure. */
  relaxInstalledApp: (appName: string): Fix => ({
    setup: `Setup > Connected Apps > Connected Apps OAuth Usage > ${appName}: Install (if not yet installed) > Edit Policies > OAuth Policies > IP Relaxation: Relax IP restrictions > Save`,
  }),
  profileLoginIpRanges: (profile: string): Fix => ({
    setup: `Setup > Users > Profiles > ${profile} > Login IP Ranges: delete the ranges, or keep them and relax IP restrictions on the OAuth app Reco connects through`,
  }),
  pslSeats: (): Fix => ({
    setup:
      'Setup > Company Settings > Company Information > Permission Set Licenses: free a seat (remove an unused assignment) or buy more',
  }),
  /** eventMonitoring.mode is "required" and the org lacks Shield. */
  shield: (): Fix => ({
    setup:
      'Ask your Salesforce account executive for Shield / Event Monitoring, or set eventMonitoring.mode to "auto" in config/reco.config.json',
  }),
  /** eventMonitoring.mode is already "auto": the parts are skipped; Shield, then a deploy, adds them. */
  shieldForSkipped: (target: string | null): Fix => ({
    setup: `Ask your Salesforce account executive for Shield / Event Monitoring, then run reco-sf deploy${orgFlag(target)} to add the skipped parts (or set eventMonitoring.mode to "off" in config/reco.config.json to stop this note)`,
  }),
  apiEdition: (): Fix => ({
    setup:
      'The org edition has no API access: Enterprise, Unlimited, Performance or Developer Edition (or the API add-on) is needed',
  }),
};

/** `run: COMMAND`, `in Setup: PATH`, or both, the command first: `run: COMMAND  (or in Setup: PATH)`. */
export function formatFix(fix: Fix): string {
  if (fix.command && fix.setup) return `run: ${fix.command}  (or in Setup: ${fix.setup})`;
  if (fix.command) return `run: ${fix.command}`;
  return fix.setup ? `in Setup: ${fix.setup}` : '';
}
