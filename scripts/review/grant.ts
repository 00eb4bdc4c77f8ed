/**
 * Who the OAuth app admits, read the way each app kind exposes it:
 * - an External Client App the org owns: `ExtlClntAppOauthConfigurablePolicies`
 *   (`permittedUsersPolicyType` AdminApprovedPreAuthorized, `commaSeparatedPermissionSet`,
 *   `commaSeparatedProfile`; Metadata API Developer Guide, ExtlClntAppOauthConfigurablePolicies);
 * - a ConnectedApp the org owns: `oauthConfig.isAdminApproved`, `permissionSetName[]`,
 *   `profileName[]` (Metadata API Developer Guide, ConnectedApp);
 * - the vendor's installed app: `ConnectedApplication.OptionsAllowAdminApprovedUsersOnly` and the
 *   `SetupEntityAccess` rows (SetupEntityType ConnectedApplication) whose parent permission set
 *   (a profile's own set included) the user holds (Object Reference, ConnectedApplication and
 *   SetupEntityAccess).
 * Pure functions over retrieved values, plus the one query the installed app needs.
 */
import type { Connection } from '@salesforce/core';
import type { Model } from '../core/model';
import { listOf, type XmlRecord } from '../core/xml';
import { withRetry } from '../org/retry';
import { soqlString } from '../org/snapshot';
import type { OrgSnapshot } from '../org/types';
import type { GrantFacts } from './facts';

type Row = Record<string, unknown>;

const csv = (value: unknown): string[] =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '')
    : [];

/** The user's profile and the permission sets it holds or a deploy gives it (ours). */
export interface Holder {
  profile: string | null;
  permissionSets: string[];
}

function held(holder: Holder, profiles: string[], sets: string[]): string[] {
  const out = sets.filter((s) => holder.permissionSets.includes(s)).map((s) => `permission set ${s}`);
  if (holder.profile && profiles.includes(holder.profile)) out.push(`profile ${holder.profile}`);
  return out;
}

/** The grant of an app the org owns, from the snapshot's retrieved metadata; null when it is not in the org yet. */
export function ownedAppGrant(model: Model, snapshot: OrgSnapshot, holder: Holder): GrantFacts | null {
  const app = model.oauthApp;
  if (app.kind === 'installed') return null;
  if (app.kind === 'connected-app') {
    const value = snapshot.metadata[`ConnectedApp:${app.name}`];
    if (!value) return null;
    const config = value.oauthConfig as XmlRecord | undefined;
    return {
      app: app.name,
      source: 'ConnectedApp oauthConfig.isAdminApproved, permissionSetName, profileName',
      adminApprovedOnly: String(config?.isAdminApproved) === 'true',
      preAuthorizedBy: held(
        holder,
        listOf<string>(value.profileName).map(String),
        listOf<string>(value.permissionSetName).map(String),
      ),
    };
  }
  const policy = snapshot.metadata[`ExtlClntAppOauthConfigurablePolicies:${app.name}_oauthPlcy`];
  if (!policy) return null;
  return {
    app: app.name,
    source: 'ExtlClntAppOauthConfigurablePolicies permittedUsersPolicyType, commaSeparatedPermissionSet',
    adminApprovedOnly: policy.permittedUsersPolicyType === 'AdminApprovedPreAuthorized',
    preAuthorizedBy: held(holder, csv(policy.commaSeparatedProfile), csv(policy.commaSeparatedPermissionSet)),
  };
}

/** The installed app's pre-authorised permission sets (SetupEntityAccess parents), by id and name. */
export async function readPreAuthorizedSets(
  conn: Connection,
  appId: string,
): Promise<Array<{ id: string; name: string }>> {
  const result = await withRetry(
    async () =>
      await conn.query<Row>(
        `SELECT ParentId, Parent.Name FROM SetupEntityAccess WHERE SetupEntityId = ${soqlString(appId)}`,
      ),
  );
  return result.records.map((r) => ({
    id: String(r.ParentId).slice(0, 15),
    name: String((r.Parent as Row | null)?.Name ?? r.ParentId),
  }));
}

/**
 * The installed app's grant: admin-approved only, and which of the user's permission sets (by id:
 * a profile's own set is among a user's assignments) or ours (by name) is pre-authorised.
 */
export function installedAppGrant(
  app: { name: string; adminApprovedOnly: boolean | null },
  preAuthorized: Array<{ id: string; name: string }> | null,
  assigned: Array<{ id: string; name: string }>,
  ours: string,
): GrantFacts {
  const ids = new Set(assigned.map((a) => a.id.slice(0, 15)));
  return {
    app: app.name,
    source: 'ConnectedApplication.OptionsAllowAdminApprovedUsersOnly, SetupEntityAccess',
    adminApprovedOnly: app.adminApprovedOnly,
    preAuthorizedBy:
      preAuthorized === null
        ? null
        : preAuthorized
            .filter((p) => ids.has(p.id.slice(0, 15)) || p.name === ours)
            .map((p) => `permission set ${p.name}`),
  };
}
