/** The fixes reviews print: a reco-sf command where one exists, the Setup click path where no API can do it. */
import type { Model } from '../core/model';
import { configName, recoCommand, type OrgArgs } from '../core/org-args';

/** The parts of a fix before it is written as one Diagnostic `fix` line. */
interface FixParts {
  /** A command to run, when reco-sf (or sf) can fix it. */
  command?: string;
  /** The manual Setup path, when no API can. */
  setup?: string;
}

/** The Setup page of an app the org owns or installed, by kind. */
function appSetupPath(model: Model, app: string): string {
  return model.oauthApp.kind === 'external-client-app'
    ? `Setup > External Client Apps > External Client App Manager > ${app} > Policies > Edit > App Policies > Select Permission Sets: ${model.permissionSet.name}`
    : `Setup > Connected Apps > Manage Connected Apps > ${app} > Manage Permission Sets > ${model.permissionSet.name}`;
}

const parts = {
  deploy: (target: OrgArgs): FixParts => ({ command: recoCommand('deploy', target) }),
  deployYes: (target: OrgArgs): FixParts => ({ command: recoCommand('deploy', target, '--yes') }),
  /** `deploy --yes` unfreezes the user (its data step); the Setup path is the manual alternative. */
  unfreeze: (model: Model, target: OrgArgs): FixParts => ({
    command: recoCommand('deploy', target, '--yes'),
    setup: `Setup > Users > Users > ${model.user.lastName} (${model.user.username}) > Unfreeze`,
  }),
  unlockPassword: (model: Model): FixParts => ({
    setup: `Setup > Users > Users > ${model.user.lastName} (${model.user.username}) > Unlock`,
  }),
  /** The vendor guide's "Grant Failure Due to Login IP Range" procedure. */
  relaxInstalledApp: (appName: string): FixParts => ({
    setup: `Setup > Connected Apps > Connected Apps OAuth Usage > ${appName}: Install (if not yet installed) > Edit Policies > OAuth Policies > IP Relaxation: Relax IP restrictions > Save`,
  }),
  /** Pre-authorise our permission set: by deploy for an app the org owns, in Setup for the vendor's. */
  preAuthorize: (model: Model, app: string, target: OrgArgs): FixParts =>
    model.oauthApp.kind === 'installed'
      ? { setup: appSetupPath(model, app) }
      : {
          command: `set oauthApp.permittedUsers to "admin-approved" in ${configName(target)} (it pre-authorises ${model.permissionSet.name}), then ${recoCommand('deploy', target)}`,
          setup: appSetupPath(model, app),
        },
  installApp: (app: string): FixParts => ({
    setup: `Setup > Connected Apps > Connected Apps OAuth Usage > ${app} > Install; or turn API Access Control off: Setup > Connected Apps > API Access Control`,
  }),
  enforceEveryRequest: (profile: string): FixParts => ({
    setup: `Setup > Session Settings: clear "Enforce login IP ranges on every request", or add Reco's egress addresses to Setup > Users > Profiles > ${profile} > Login IP Ranges`,
  }),
  lockSessions: (): FixParts => ({
    setup: 'Setup > Session Settings: clear "Lock sessions to the IP address from which they originated"',
  }),
  loginHours: (profile: string): FixParts => ({
    setup: `Setup > Users > Profiles > ${profile} > Login Hours > Edit > Clear all times`,
  }),
  sendPasswordEmail: (target: OrgArgs): FixParts => ({
    command: recoCommand('handoff', target, '--send-password-email'),
  }),
  profileLoginIpRanges: (profile: string): FixParts => ({
    setup: `Setup > Users > Profiles > ${profile} > Login IP Ranges: delete the ranges, or keep them and relax IP restrictions on the OAuth app Reco connects through`,
  }),
  pslSeats: (): FixParts => ({
    setup:
      'Setup > Company Settings > Company Information > Permission Set Licenses: free a seat (remove an unused assignment) or buy more',
  }),
  /** eventMonitoring.mode is "required" and the org lacks Shield. */
  shield: (target: OrgArgs = null): FixParts => ({
    setup: `Ask your Salesforce account executive for Shield / Event Monitoring, or set eventMonitoring.mode to "auto" in ${configName(target)}`,
  }),
  /** eventMonitoring.mode is already "auto": the parts are skipped; Shield, then a deploy, adds them. */
  shieldForSkipped: (target: OrgArgs): FixParts => ({
    setup: `Ask your Salesforce account executive for Shield / Event Monitoring, then run ${recoCommand('deploy', target)} to add the skipped parts (or set eventMonitoring.mode to "off" in ${configName(target)} to stop this note)`,
  }),
  apiEdition: (): FixParts => ({
    setup:
      'The org edition has no API access: Enterprise, Unlimited, Performance or Developer Edition (or the API add-on) is needed',
  }),
};

/** `run: COMMAND`, `in Setup: PATH`, or both, the command first: `run: COMMAND  (or in Setup: PATH)`. */
function formatFix(fix: FixParts): string {
  if (fix.command && fix.setup) return `run: ${fix.command}  (or in Setup: ${fix.setup})`;
  if (fix.command) return `run: ${fix.command}`;
  return fix.setup ? `in Setup: ${fix.setup}` : '';
}

type FixBuilders = { [K in keyof typeof parts]: (...args: Parameters<(typeof parts)[K]>) => string };

/** Each fix as the Diagnostic `fix` line: `run: COMMAND`, `in Setup: PATH`, or both. */
export const fixes = Object.fromEntries(
  Object.entries(parts).map(([name, build]) => [
    name,
    (...args: unknown[]): string => formatFix((build as (...a: unknown[]) => FixParts)(...args)),
  ]),
) as FixBuilders;
