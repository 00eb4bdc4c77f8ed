/**
 * What verify, doctor and teardown need beyond the deploy's snapshot: the user's login state,
 * the login IP ranges of the user's profile, the installed OAuth app as the API shows it, and
 * whether the user holds API Enabled. Read once (read-facts.ts), then used by pure rules.
 * `null` always means "could not be read", never "false": rules say so instead of guessing.
 */
export interface LoginIpRange {
  startAddress: string;
  endAddress: string;
  description?: string;
}

export interface OAuthAppFacts {
  id: string;
  name: string;
  /** ConnectedApp ipRelaxation value (ENFORCE, BYPASS, …); null when the API does not expose it. */
  ipRelaxation: string | null;
}

/** Who the OAuth app Reco connects through admits (its permitted-users policy and pre-authorisations). */
export interface GrantFacts {
  /** The app, as named in the org. */
  app: string;
  /** Where it was read, for the report (e.g. `ConnectedApplication.OptionsAllowAdminApprovedUsersOnly`). */
  source: string;
  /** Permitted users "Admin approved users are pre-authorized"; null when unreadable. */
  adminApprovedOnly: boolean | null;
  /** The integration user's profile or permission sets (ours included) pre-authorised on the app; null when unreadable. */
  preAuthorizedBy: string[] | null;
}

/** Password state of the integration user (User.LastPasswordChangeDate, sObject User Password GET). */
export type PasswordState = 'never-set' | 'reset-pending' | 'set';

export interface ReviewFacts {
  /** UserLogin of the integration user; null when there is no user or UserLogin cannot be read. */
  login: { id: string; isFrozen: boolean; isPasswordLocked: boolean } | null;
  /** The profile the integration user has (or would get) and its login IP ranges; ranges null when unreadable. */
  profile: {
    name: string;
    loginIpRanges: LoginIpRange[] | null;
    /** ProfileLoginHours fields (`mondayStart` …, minutes after midnight); null when unreadable. */
    loginHours?: Record<string, string> | null;
  } | null;
  /** The installed third-party app (oauthApp.kind "installed") through the ConnectedApplication sObject; null when not installed. */
  installedApp: OAuthAppFacts | null;
  /** Whether any permission set the user holds (its profile's included) grants API Enabled; null when unknown. */
  apiEnabled: boolean | null;
  /** The app's permitted users; null when the app is not there (yet) or unreadable. */
  grant?: GrantFacts | null;
  /** ConnectedAppSettings.enableAdminApprovedAppsOnly (API Access Control); null when unreadable. */
  apiAccessControl?: boolean | null;
  /** SecuritySettings.sessionSettings values that block API sessions; null when unreadable. */
  session?: { enforceIpRangesEveryRequest: boolean; lockSessionsToIp: boolean } | null;
  /** Null when there is no user or it could not be read. */
  password?: PasswordState | null;
  /** What could not be read, in words, for the report. */
  unreadable: string[];
}

export const NO_FACTS: ReviewFacts = {
  login: null,
  profile: null,
  installedApp: null,
  apiEnabled: null,
  grant: null,
  apiAccessControl: null,
  session: null,
  password: null,
  unreadable: [],
};
