/* Generated from config/reco.config.schema.json by scripts/build/config-type.ts (npm run config-type); do not edit. */

/**
 * The declared intent of the Reco integration in a Salesforce org. `reco-sf generate` turns it into force-app/.
 */
export interface RecoConfig {
  /**
   * Path of this schema, for editors.
   */
  $schema?: string;
  /**
   * Metadata API version written to sfdx-project.json (sourceApiVersion) and used for deploys: 60.0 (the external client app's policy types) to 66.0 (the WSDL reco-sf checks against).
   */
  apiVersion: string;
  /**
   * A demo or example config: example domains (example.com) are not warned about.
   */
  demo: boolean;
  /**
   * The least-privilege permission set assigned to the integration user.
   */
  permissionSet: {
    /**
     * API name (DeveloperName).
     */
    name: string;
    /**
     * Label shown in Setup (at most 80 characters).
     */
    label: string;
    /**
     * Description (at most 255 characters).
     */
    description?: string;
    /**
     * Permission set licence DeveloperName.
     */
    license: string;
    /**
     * System permissions by catalog key (see the README's catalog table). Dependencies are added automatically.
     */
    systemPermissions: string[];
    /**
     * Permissions beyond Reco's required set: an explicit, justified opt-in (least privilege).
     */
    additionalPermissions: {
      /**
       * Catalog key or Salesforce API name.
       */
      permission: string;
      /**
       * Why the integration needs it.
       */
      justification: string;
    }[];
    /**
     * Object access; Reco reads the event stores with View All.
     */
    objectAccess: {
      /**
       * Object API name.
       */
      object: string;
      /**
       * ViewAll implies Read. No write access is ever granted.
       */
      access: 'Read' | 'ViewAll';
    }[];
  };
  /**
   * The API-only integration user (data, created by `reco-sf deploy`).
   */
  integrationUser: {
    firstName?: string;
    /**
     * The user's last name (Salesforce requires one on every User).
     */
    lastName: string;
    alias: string;
    /**
     * Dedicated address (an alias is fine); reco-sf deploy asks Salesforce to e-mail the password-set link there.
     */
    email: string;
    /**
     * Email-form username, unique across all Salesforce orgs. May hold placeholders each org fills in, so one config serves a fleet, scratch orgs and sandboxes: {orgId} (the org's 18-character id, lower-cased), {alias} (the alias the org is targeted by), {myDomain} (the org's My Domain name), e.g. reco-integration@acme.com.{orgId}.
     */
    username: string;
    localeSidKey: string;
    languageLocaleKey: string;
    timeZoneSidKey: string;
    emailEncodingKey: string;
    /**
     * Profile names in order of preference; the first one the org has is used.
     *
     * @minItems 1
     */
    profiles: string[];
  };
  /**
   * Reco's egress pool, added to the org's trusted IP ranges (merged, never replacing the org's own).
   */
  trustedIpRanges: {
    /**
     * A CIDR block (IPv4 or IPv6) in canonical form (host bits zero, e.g. 203.0.113.0/24; no zone id), expanded to start and end.
     */
    cidr?: string;
    /**
     * First address.
     */
    start?: string;
    /**
     * Last address (same family, not below start).
     */
    end?: string;
    /**
     * Shown in Setup (at most 255 characters).
     */
    description?: string;
  }[];
  eventMonitoring: {
    /**
     * auto: deploy the Shield parts where the org has Shield, skip them with a warning otherwise; required: fail on an org without Shield; off: never touch Event Monitoring.
     */
    mode: 'auto' | 'required' | 'off';
    /**
     * View event log data in Analytics apps (enableEventLogWaveIntegration).
     */
    analyticsIntegration: boolean;
    /**
     * Delete event monitoring data (enableDeleteMonitoringData). The vendor guide says off.
     */
    deleteMonitoringData: boolean;
    eventManager: {
      /**
       * "all" (every applicable Event Manager event) or a list of event keys (e.g. LoginEvent).
       */
      events: 'all' | string[];
      /**
       * Enable streaming where the event has a streaming entity.
       */
      streaming: boolean;
      /**
       * Enable storage where the event has a storage entity.
       */
      storage: boolean;
    };
  };
  oauthApp: {
    /**
     * installed (the vendor guide's way, the default): Reco's own app, Reco Introspection for Salesforce, installed from Setup > Connected Apps OAuth Usage; nothing is added to the org, its policies are set in Setup (doctor and the hand-off give the path). external-client-app: an External Client App the org owns, only when Reco asks you to connect through your own OAuth client; connected-app: the same as a ConnectedApp (creation is blocked in orgs since Spring '26).
     */
    kind: 'external-client-app' | 'connected-app' | 'installed';
    /**
     * API name of the app.
     */
    name: string;
    label: string;
    /**
     * For kind installed: the app's name in Connected Apps OAuth Usage.
     */
    installedAppName: string;
    contactEmail?: string;
    /**
     * OAuth callback URL (redirect_uri) Reco gives you. connected-app: required (oauthConfig.callbackUrl). external-client-app: deployed in the app's global OAuth settings (ExtlClntAppGlobalOauthSettings), never written to force-app/; when absent, the hand-off says where to set it in Setup. installed: not used.
     */
    callbackUrl?: string;
    /**
     * OAuth scope tokens as in the vendor's "What do we ingest" table (api, refresh_token, …).
     */
    scopes: string[];
    /**
     * IP relaxation policy; the vendor guide asks for relax (Relax IP restrictions).
     */
    ipRelaxation: 'enforce' | 'relax' | 'relax-2fa' | 'enforce-relax-refresh';
    refreshTokenPolicy: 'infinite' | 'immediately-expire';
    /**
     * admin-approved: only users with the integration permission set may use the app.
     */
    permittedUsers: 'admin-approved' | 'all-self-authorized';
  };
}
