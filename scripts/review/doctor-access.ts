/**
 * Doctor rules about access and the OAuth grant: who the app admits, API Access Control, session
 * settings, login hours and the user's password. Each reads ReviewFacts (null: could not be read,
 * never guessed) and gives what was read, why it breaks Reco, and the fix.
 *
 * Sources: Salesforce Help "Manage OAuth Access Policies for a Connected App" (permitted users),
 * "API Access Control" (ConnectedAppSettings.enableAdminApprovedAppsOnly), "Session Security
 * Settings" (SessionSettings.enforceIpRangesEveryRequest, lockSessionsToIp), "Restrict Login
 * Hours" (ProfileLoginHours), REST API "Reset User Password" (sObject User Password).
 */
import type { Diagnostic } from '../core/diagnostic';
import type { DoctorInput } from './doctor';
import { fixes } from './fixes';
import { recoCommand } from '../core/org-args';

type Rule = (input: DoctorInput) => Diagnostic[];

/** Who the app admits: admin-approved only, and whether the integration user is pre-authorised. */
export const permittedUsers: Rule = ({ model, facts, target }) => {
  const grant = facts.grant;
  if (!grant || grant.adminApprovedOnly !== true) return [];
  if (grant.preAuthorizedBy === null)
    return [
      {
        code: 'OAUTH_PREAUTHORIZATION_UNKNOWN',
        severity: 'warning',
        source: 'org',
        message: `the OAuth app ${grant.app} admits only admin-approved users, and its pre-authorisations could not be read (${grant.source})`,
        why: 'if neither the integration user\'s profile nor a permission set it holds is pre-authorised, the consent fails ("user hasn\'t approved this consumer")',
        fix: fixes.preAuthorize(model, grant.app, target),
      },
    ];
  if (grant.preAuthorizedBy.length > 0) return [];
  return [
    {
      code: 'OAUTH_USER_NOT_PREAUTHORIZED',
      severity: 'error',
      source: 'org',
      message: `the OAuth app ${grant.app} admits only admin-approved users (read: ${grant.source}), and neither the integration user's profile nor its permission sets (${model.permissionSet.name} included) are pre-authorised`,
      why: 'Salesforce refuses the consent when Reco connects: "OAUTH_APPROVAL_ERROR_GENERIC: user hasn\'t approved this consumer"',
      fix: fixes.preAuthorize(model, grant.app, target),
    },
  ];
};

/** API Access Control: only installed, unblocked apps (with pre-authorised users) may call the API. */
export const apiAccessControl: Rule = ({ model, facts }) => {
  if (facts.apiAccessControl !== true) return [];
  const app = model.oauthApp;
  if (app.kind === 'installed' && !facts.installedApp)
    return [
      {
        code: 'API_ACCESS_CONTROL_APP_NOT_INSTALLED',
        severity: 'error',
        source: 'org',
        message: `API Access Control is on (ConnectedAppSettings.enableAdminApprovedAppsOnly), and ${app.installedAppName} is not installed`,
        why: 'with API Access Control only installed, unblocked apps may use the API: every Reco call is refused until the app is installed',
        fix: fixes.installApp(app.installedAppName),
      },
    ];
  return [
    {
      code: 'API_ACCESS_CONTROL_ON',
      severity: 'info',
      source: 'org',
      message: 'API Access Control is on (ConnectedAppSettings.enableAdminApprovedAppsOnly)',
      why: 'only installed apps whose permitted users are admin-approved and pre-authorised may use the API: the integration user must be pre-authorised on the app',
    },
  ];
};

/** SessionSettings.enforceIpRangesEveryRequest with login ranges on the profile; lockSessionsToIp. */
export const sessionSettings: Rule = ({ facts }) => {
  const session = facts.session;
  if (!session) return [];
  const findings: Diagnostic[] = [];
  const ranges = facts.profile?.loginIpRanges ?? [];
  if (session.enforceIpRangesEveryRequest && ranges.length > 0)
    findings.push({
      code: 'SESSION_IP_ENFORCED_EVERY_REQUEST',
      severity: 'error',
      source: 'org',
      message: `Session Settings "Enforce login IP ranges on every request" is on (SecuritySettings.sessionSettings.enforceIpRangesEveryRequest), and the profile "${facts.profile?.name ?? ''}" has ${ranges.length} login IP range(s)`,
      why: "every API request from outside the profile's ranges is refused, whatever the OAuth app's IP relaxation says",
      fix: fixes.enforceEveryRequest(facts.profile?.name ?? ''),
    });
  if (session.lockSessionsToIp)
    findings.push({
      code: 'SESSION_LOCKED_TO_IP',
      severity: 'warning',
      source: 'org',
      message:
        'Session Settings "Lock sessions to the IP address from which they originated" is on (SecuritySettings.sessionSettings.lockSessionsToIp)',
      why: 'Reco calls from a pool of egress addresses: a session used from another address than the one it was opened from is invalidated',
      fix: fixes.lockSessions(),
    });
  return findings;
};

const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const clock = (minutes: string | undefined): string => {
  const n = Number(minutes);
  if (minutes === undefined || !Number.isFinite(n)) return '?';
  return `${String(Math.floor(n / 60)).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}`;
};

/** `monday 08:00–18:00, …` from ProfileLoginHours fields (minutes after midnight). */
export function formatLoginHours(hours: Record<string, string>): string {
  return DAYS.filter((d) => hours[`${d}Start`] !== undefined || hours[`${d}End`] !== undefined)
    .map((d) => `${d} ${clock(hours[`${d}Start`])}–${clock(hours[`${d}End`])}`)
    .join(', ');
}

/** Login hours on the user's profile: Reco calls around the clock. */
export const loginHours: Rule = ({ facts }) => {
  const hours = facts.profile?.loginHours;
  if (!hours || Object.keys(hours).length === 0) return [];
  return [
    {
      code: 'PROFILE_LOGIN_HOURS',
      severity: 'warning',
      source: 'org',
      message: `the profile "${facts.profile?.name ?? ''}" restricts login hours (${formatLoginHours(hours)}, in the org's default time zone)`,
      why: "outside these hours Salesforce ends the integration user's sessions and refuses its logins: Reco's collection stops",
      fix: fixes.loginHours(facts.profile?.name ?? ''),
    },
  ];
};

/** The consent needs the admin to log in as the integration user: it needs a password. */
export const password: Rule = ({ model, facts, target }) => {
  if (facts.password === 'never-set')
    return [
      {
        code: 'USER_PASSWORD_NEVER_SET',
        severity: 'warning',
        source: 'org',
        message: `the integration user ${model.user.username} has never had a password set or reset (User.LastPasswordChangeDate is empty)`,
        why: 'the vendor guide ends with an admin logging in as this user to click "Allow"; without a password nobody can',
        fix: fixes.sendPasswordEmail(target),
      },
    ];
  if (facts.password === 'reset-pending')
    return [
      {
        code: 'USER_PASSWORD_NOT_CHOSEN',
        severity: 'info',
        source: 'org',
        message: `the integration user ${model.user.username} has a password-set e-mail pending (its password is expired)`,
        why: 'the admin must set the password from the e-mail sent to integrationUser.email before logging in to grant consent',
        fix: `run: ${recoCommand('handoff', target)}`,
      },
    ];
  return [];
};

export const ACCESS_RULES: readonly Rule[] = [
  permittedUsers,
  apiAccessControl,
  sessionSettings,
  loginHours,
  password,
];
