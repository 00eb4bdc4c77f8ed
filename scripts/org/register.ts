/**
 * Registers an org for @salesforce/core from an access token, as `sf org login access-token`
 * does, without spawning the CLI (~3 s saved). Used by `npm start` for the bundled emulator.
 */
export async function registerAccessToken(options: {
  accessToken: string;
  instanceUrl: string;
  alias: string;
}): Promise<string> {
  const core = await import('@salesforce/core');
  const authInfo = await core.AuthInfo.create({
    accessTokenOptions: {
      accessToken: options.accessToken,
      instanceUrl: options.instanceUrl,
      loginUrl: options.instanceUrl,
    },
  });
  await authInfo.save();
  await authInfo.handleAliasAndDefaultSettings({
    alias: options.alias,
    setDefault: false,
    setDefaultDevHub: false,
  });
  return authInfo.getUsername();
}
