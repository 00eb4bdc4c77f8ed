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

export interface ReviewFacts {
  /** UserLogin of the integration user; null when there is no user or UserLogin cannot be read. */
  login: { id: string; isFrozen: boolean; isPasswordLocked: boolean } | null;
  /** The profile the integration user has (or would get) and its login IP ranges; ranges null when unreadable. */
  profile: { name: string; loginIpRanges: LoginIpRange[] | null } | null;
  /** The installed third-party app (oauthApp.kind "installed") through the ConnectedApplication sObject; null when not installed. */
  installedApp: OAuthAppFacts | null;
  /** Whether any permission set the user holds (its profile's included) grants API Enabled; null when unknown. */
  apiEnabled: boolean | null;
  /** What could not be read, in words, for the report. */
  unreadable: string[];
}

export const NO_FACTS: ReviewFacts = {
  login: null,
  profile: null,
  installedApp: null,
  apiEnabled: null,
  unreadable: [],
};
