/**
 * How reco-sf knows it talks to the bundled org emulator (scripts/emulator) rather than a real
 * org, from what every connection already carries (no request): the instance URL is on a
 * loopback host (the emulator binds 127.0.0.1; a Salesforce instance is always an https host on
 * a Salesforce domain, "My Domain URL Formats", Salesforce Help) AND the org id is one the
 * emulator hands out (00DEM… for the default org, 00DEF… for a numbered one,
 * scripts/emulator/index.ts emulatorIdentity). Both must hold, so a real org reached through a
 * local proxy is still a real org.
 */

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);
const EMULATOR_ORG_ID = /^00DE[MF][a-zA-Z0-9]{10}(?:[a-zA-Z0-9]{3})?$/;

/** True only for the bundled emulator (see the module comment). */
export function isBundledEmulator(org: { orgId: string; instanceUrl: string }): boolean {
  let host: string;
  try {
    host = new URL(org.instanceUrl).hostname;
  } catch {
    return false;
  }
  return LOOPBACK_HOSTS.has(host) && EMULATOR_ORG_ID.test(org.orgId);
}
