/**
 * The Metadata API versions reco-sf can deploy with. The floor is the oldest version that has
 * every type the generator writes: ExtlClntAppConfigurablePolicies (the external client app's
 * plugin policies, `.ecaPlcy`) exists from API 60.0 (Metadata API Developer Guide,
 * "ExtlClntAppConfigurablePolicies", Version). The ceiling is the version of the Metadata WSDL
 * the generator and validator are built from (scripts/wsdl/metadata-schema.json): a newer
 * version may add or require elements they do not know. Outside the range a deploy would fail
 * at the org, or pass unchecked; so it is a config error, found offline.
 */
import type { Diagnostic } from './diagnostic';
import { schema } from './xml';

export const MIN_API_VERSION = 60;

export function maxApiVersion(): number {
  return Number(schema.apiVersion);
}

/** CONFIG_API_VERSION_UNSUPPORTED at /apiVersion when the version is outside [60.0, WSDL version]. */
export function checkApiVersion(apiVersion: string, file: string): Diagnostic[] {
  const version = Number(apiVersion);
  const max = maxApiVersion();
  if (Number.isFinite(version) && version >= MIN_API_VERSION && version <= max) return [];
  const reason =
    version < MIN_API_VERSION
      ? `the external client app's policies (ExtlClntAppConfigurablePolicies) need API ${MIN_API_VERSION}.0 or later`
      : `the Metadata schema reco-sf generates and validates against is v${max}.0 (its WSDL); a later version is unchecked`;
  return [
    {
      severity: 'error',
      code: 'CONFIG_API_VERSION_UNSUPPORTED',
      message: `/apiVersion: "${apiVersion}" is outside what reco-sf supports (${MIN_API_VERSION}.0 to ${max}.0): ${reason}`,
      location: { file, path: '/apiVersion' },
      source: 'salesforce',
      fix: `set "apiVersion": "${max}.0"`,
    },
  ];
}
