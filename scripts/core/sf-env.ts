/**
 * The one definition of the environment that keeps the `sf` CLI and @salesforce/core quiet and
 * offline: no telemetry, no version check or background `sf update`, the file-based key store
 * (no OS keychain prompt), no source-tracking polling. Names from the sf CLI's environment
 * variable reference (developer.salesforce.com, "Environment Variables" in the sf CLI Setup Guide).
 * Used by `reco-sf start`, the tests' `sf` helper and the bench.
 */
export const QUIET_SF_ENV: Readonly<Record<string, string>> = Object.freeze({
  SF_DISABLE_TELEMETRY: 'true',
  SF_SKIP_NEW_VERSION_CHECK: 'true',
  SF_DISABLE_AUTOUPDATE: 'true',
  SF_AUTOUPDATE_DISABLE: 'true',
  SF_USE_GENERIC_UNIX_KEYCHAIN: 'true',
  SF_DISABLE_SOURCE_MEMBER_POLLING: 'true',
});
