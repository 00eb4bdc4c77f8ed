/**
 * Doctor (pure): set-up problems that stop Reco from connecting, each with what is wrong, why it
 * breaks the integration, and the exact fix. Rules are small functions over one input, so each
 * can be tested alone; the command only reads the org and prints.
 */
import { IP_RELAXATION } from '../catalog/catalog';
import type { Diagnostic } from '../core/diagnostic';
import type { Model } from '../core/model';
import { configName, type OrgArgs } from '../core/org-args';
import type { XmlRecord } from '../core/xml';
import { adaptToOrg, type AdaptResult } from '../org/adapt';
import type { OrgSnapshot } from '../org/types';
import { ACCESS_RULES } from './doctor-access';
import type { ReviewFacts } from './facts';
import { fixes } from './fixes';

export interface DoctorInput {
  model: Model;
  snapshot: OrgSnapshot;
  facts: ReviewFacts;
  adapt: AdaptResult;
  /** The org and files the review ran with, repeated by every fix. */
  target: OrgArgs;
}

type Rule = (input: DoctorInput) => Diagnostic[];

const RELAXED = IP_RELAXATION.relax.connectedApp;

function record(value: XmlRecord | null | undefined, field: string): XmlRecord | undefined {
  const v = value?.[field];
  return v && typeof v === 'object' && !Array.isArray(v) ? v : undefined;
}

/** Whether the OAuth app Reco connects through relaxes IP restrictions in the org today; null: cannot tell. */
export function appRelaxesIp(input: Pick<DoctorInput, 'model' | 'snapshot' | 'facts'>): boolean | null {
  const app = input.model.oauthApp;
  if (app.kind === 'installed') {
    if (!input.facts.installedApp) return false;
    return input.facts.installedApp.ipRelaxation === null
      ? null
      : input.facts.installedApp.ipRelaxation === RELAXED;
  }
  if (app.kind === 'connected-app')
    return (
      record(input.snapshot.metadata[`ConnectedApp:${app.name}`], 'oauthPolicy')?.ipRelaxation === RELAXED
    );
  return (
    input.snapshot.metadata[`ExtlClntAppOauthConfigurablePolicies:${app.name}_oauthPlcy`]
      ?.ipRelaxationPolicyType === IP_RELAXATION.relax.eca
  );
}

/** The fix that makes the OAuth app relax IP restrictions: by hand for the vendor's app, by deploy for ours. */
function relaxFix(input: DoctorInput): string {
  const app = input.model.oauthApp;
  if (app.kind === 'installed') return fixes.relaxInstalledApp(app.installedAppName);
  const deploy = fixes.deploy(input.target);
  return app.ipRelaxation === 'relax'
    ? deploy
    : `run: set oauthApp.ipRelaxation to "relax" in ${configName(input.target)}, then ${deploy.replace(/^run: /, '')}`;
}

function appName(model: Model): string {
  return model.oauthApp.kind === 'installed' ? model.oauthApp.installedAppName : model.oauthApp.name;
}

const profileLoginIpRanges: Rule = (input) => {
  const profile = input.facts.profile;
  const ranges = profile?.loginIpRanges ?? [];
  if (!profile || ranges.length === 0) return [];
  // "Enforce login IP ranges on every request" applies whatever the app relaxes (Session Settings).
  const relaxed = input.facts.session?.enforceIpRangesEveryRequest ? false : appRelaxesIp(input);
  const list = ranges
    .map((r) => (r.startAddress === r.endAddress ? r.startAddress : `${r.startAddress}–${r.endAddress}`))
    .join(', ');
  return [
    {
      code: 'PROFILE_LOGIN_IP_RANGES',
      severity: relaxed === true ? 'info' : 'error',
      source: 'org',
      message: `the integration user's profile "${profile.name}" has ${ranges.length} login IP range(s): ${list}`,
      why:
        relaxed === true
          ? `the OAuth app ${appName(input.model)} relaxes IP restrictions, so the grant goes through despite the ranges`
          : `Salesforce refuses the OAuth grant ("Grant Failure Due to Login IP Range") when Reco connects from outside these ranges, unless the OAuth app ${appName(input.model)} relaxes IP restrictions`,
      fix: relaxed === true ? undefined : relaxFix(input),
    },
  ];
};

const oauthIpRelaxation: Rule = (input) => {
  const { model, facts } = input;
  if (model.oauthApp.kind === 'installed' && !facts.installedApp) {
    return [
      {
        code: 'OAUTH_APP_NOT_INSTALLED',
        severity: 'warning',
        source: 'org',
        message: `the app ${model.oauthApp.installedAppName} is not installed in the org`,
        why: 'until an admin installs it, its OAuth policies (IP relaxation, permitted users) cannot be set, and Salesforce applies the defaults',
        fix: fixes.relaxInstalledApp(model.oauthApp.installedAppName),
      },
    ];
  }
  const relaxed = appRelaxesIp(input);
  if (relaxed === true) return [];
  if (relaxed === null) {
    return [
      {
        code: 'OAUTH_IP_RELAXATION_UNKNOWN',
        severity: 'info',
        source: 'org',
        message: `the IP relaxation of ${appName(model)} cannot be read through the API`,
        why: "if it enforces IP restrictions, Reco's calls from outside the trusted ranges fail; check it by hand",
        fix: relaxFix(input),
      },
    ];
  }
  return [
    {
      code: 'OAUTH_IP_NOT_RELAXED',
      severity: 'warning',
      source: 'org',
      message: `the OAuth app ${appName(model)} does not relax IP restrictions`,
      why: "Salesforce then enforces the org's trusted ranges and the profile's login IP ranges on every Reco token: a call from an address outside them fails",
      fix: relaxFix(input),
    },
  ];
};

const apiAccess: Rule = ({ snapshot, facts, target }) => {
  if (!snapshot.userPermissions.some((p) => p.apiName === 'ApiEnabled')) {
    return [
      {
        code: 'ORG_API_DISABLED',
        severity: 'error',
        source: 'org',
        message: 'the org has no "API Enabled" permission (its edition has no API access)',
        why: 'Reco reads the org only through the API',
        fix: fixes.apiEdition(),
      },
    ];
  }
  if (facts.apiEnabled !== false) return [];
  return [
    {
      code: 'API_ACCESS_MISSING',
      severity: 'error',
      source: 'org',
      message: 'the integration user holds no permission set or profile with "API Enabled"',
      why: 'every Reco call is an API call; without API Enabled Salesforce rejects them all (API_DISABLED_FOR_ORG / API_CURRENTLY_DISABLED)',
      fix: fixes.deploy(target),
    },
  ];
};

const licenceSeats: Rule = ({ model, snapshot, adapt }) => {
  const psl = snapshot.permissionSetLicense;
  const name = model.permissionSet.license;
  if (!psl) {
    const issue = adapt.errors.find(
      (e) => e.code === 'ORG_PSL_MISSING' || e.code === 'ORG_LICENSE_IS_USER_LICENSE',
    );
    return [
      {
        code: issue?.code === 'ORG_LICENSE_IS_USER_LICENSE' ? 'PSL_IS_USER_LICENSE' : 'PSL_MISSING',
        severity: 'error',
        source: 'org',
        message: issue?.message ?? `the org has no permission set licence ${name}`,
        why: `the permission set is licensed by ${name}: without the licence it cannot be deployed or assigned`,
        fix:
          issue?.fix ??
          'in Setup: Ask Salesforce for the "Salesforce API Integration" permission set licence',
      },
    ];
  }
  const free = psl.totalLicenses - psl.usedLicenses;
  if (snapshot.assignments.permissionSetLicense || free > 0) return [];
  return [
    {
      code: 'PSL_SEATS_EXHAUSTED',
      severity: 'error',
      source: 'org',
      message: `the permission set licence ${name} has no free seat (${psl.usedLicenses} of ${psl.totalLicenses} used)`,
      why: 'the integration user must hold the licence before the permission set can be assigned; the assignment fails without a seat',
      fix: fixes.pslSeats(),
    },
  ];
};

const shield: Rule = ({ model, adapt, target }) => {
  const lacking = adapt.errors.find((e) => e.code === 'ORG_LACKS_EVENT_MONITORING');
  if (lacking)
    return [
      {
        code: 'SHIELD_MISSING',
        severity: 'error',
        source: 'org',
        message: lacking.message,
        why: 'the config requires Shield / Event Monitoring (eventMonitoring.mode "required"): the deploy stops, and Reco gets no event logs',
        fix: fixes.shield(target),
      },
    ];
  if (model.eventMonitoring.mode !== 'auto') return [];
  const skipped = adapt.parts.filter((p) => p.action === 'skip' && /lacks/.test(p.reason));
  if (skipped.length === 0) return [];
  return [
    {
      code: 'SHIELD_PARTS_SKIPPED',
      severity: 'info',
      source: 'org',
      message: `the org lacks Shield / Event Monitoring: ${skipped.map((p) => p.part).join(', ')} will be skipped`,
      why: 'Reco still reads configuration and permissions, but shows no activity (event log) insights',
      fix: fixes.shieldForSkipped(target),
    },
  ];
};

const userState: Rule = ({ model, snapshot, facts, target }) => {
  const user = snapshot.user;
  if (!user)
    return [
      {
        code: 'USER_MISSING',
        severity: 'info',
        source: 'org',
        message: `the integration user ${model.user.username} does not exist yet`,
        why: 'Reco logs in as this user; the deploy creates it',
        fix: fixes.deploy(target),
      },
    ];
  const findings: Diagnostic[] = [];
  if (!user.isActive)
    findings.push({
      code: 'USER_INACTIVE',
      severity: 'error',
      source: 'org',
      message: `the integration user ${user.username} is deactivated`,
      why: 'an inactive user cannot log in or authorise the OAuth app',
      fix: fixes.deployYes(target),
    });
  if (facts.login?.isFrozen)
    findings.push({
      code: 'USER_FROZEN',
      severity: 'error',
      source: 'org',
      message: `the integration user ${user.username} is frozen`,
      why: 'a frozen user cannot log in: every Reco token request fails',
      fix: fixes.unfreeze(model, target),
    });
  if (facts.login?.isPasswordLocked)
    findings.push({
      code: 'USER_PASSWORD_LOCKED',
      severity: 'error',
      source: 'org',
      message: `the integration user ${user.username} is locked out (too many failed logins)`,
      why: 'a locked-out user cannot log in to grant Reco access',
      fix: fixes.unlockPassword(model),
    });
  return findings;
};

/** Preflight problems the rules above do not already explain (e.g. the API-only profile missing). */
const otherPreflight: Rule = ({ adapt }) => {
  const covered = new Set([
    'ORG_LACKS_EVENT_MONITORING',
    'ORG_PSL_MISSING',
    'ORG_LICENSE_IS_USER_LICENSE',
    'ORG_PSL_NO_SEATS',
  ]);
  return adapt.errors
    .filter((e) => !covered.has(e.code))
    .map((e): Diagnostic => ({ ...e, why: 'the deploy stops in its preflight on this' }));
};

export const DOCTOR_RULES: readonly Rule[] = [
  profileLoginIpRanges,
  oauthIpRelaxation,
  apiAccess,
  licenceSeats,
  shield,
  userState,
  otherPreflight,
  ...ACCESS_RULES,
];

export function diagnose(
  model: Model,
  snapshot: OrgSnapshot,
  facts: ReviewFacts,
  target: OrgArgs,
): Diagnostic[] {
  const input: DoctorInput = { model, snapshot, facts, adapt: adaptToOrg(model, snapshot), target };
  return DOCTOR_RULES.flatMap((rule) => rule(input));
}
