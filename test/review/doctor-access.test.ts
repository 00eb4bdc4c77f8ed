/** The access and grant rules of doctor, over hand-built facts (null: unreadable, never guessed). */
import type { Model } from '../../scripts/core/model';
import { diagnose } from '../../scripts/review/doctor';
import { formatLoginHours } from '../../scripts/review/doctor-access';
import { NO_FACTS, type ReviewFacts } from '../../scripts/review/facts';
import { installedAppGrant, ownedAppGrant } from '../../scripts/review/grant';
import { aDeployedOrg, demoModel } from './builders';

const model: Model = demoModel();
const eca: Model = {
  ...model,
  oauthApp: { ...model.oauthApp, kind: 'external-client-app', permittedUsers: 'admin-approved' },
};
const healthy: ReviewFacts = { ...NO_FACTS, apiEnabled: true };
const codes = (facts: ReviewFacts, m: Model = eca): string[] =>
  diagnose(m, aDeployedOrg(m), facts, 'acme').map((f) => f.code);

describe('doctor: the grant and access', () => {
  it('given an app that admits everyone, or an admin-approved one that pre-authorises our set, finds nothing', () => {
    const open = { app: 'X', source: 's', adminApprovedOnly: false, preAuthorizedBy: [] };
    expect(codes({ ...healthy, grant: open })).toEqual([]);
    const ok = { ...open, adminApprovedOnly: true, preAuthorizedBy: ['permission set Reco_Integration'] };
    expect(codes({ ...healthy, grant: ok })).toEqual([]);
  });

  it('given an admin-approved app with nothing pre-authorised, an error; with unreadable pre-authorisations, a warning', () => {
    const grant = { app: 'X', source: 's', adminApprovedOnly: true, preAuthorizedBy: [] };
    expect(codes({ ...healthy, grant })).toEqual(['OAUTH_USER_NOT_PREAUTHORIZED']);
    expect(codes({ ...healthy, grant: { ...grant, preAuthorizedBy: null } })).toEqual([
      'OAUTH_PREAUTHORIZATION_UNKNOWN',
    ]);
  });

  it("reads an ECA's permitted users and pre-authorised permission sets from its policies file", () => {
    const org = aDeployedOrg(eca);
    const grant = ownedAppGrant(eca, org, { profile: 'P', permissionSets: ['Reco_Integration'] });
    expect(grant?.adminApprovedOnly).toBe(true);
    expect(grant?.preAuthorizedBy).toEqual(['permission set Reco_Integration']);
    const elsewhere = ownedAppGrant(eca, org, { profile: 'P', permissionSets: ['Other'] });
    expect(elsewhere?.preAuthorizedBy).toEqual([]);
  });

  it("matches the installed app's SetupEntityAccess parents against the user's sets by id, and ours by name", () => {
    const app = { name: 'Reco Introspection for Salesforce', adminApprovedOnly: true };
    const profileSet = { id: '0PS000000000009AAA', name: 'X00ex000000abc' };
    expect(installedAppGrant(app, [profileSet], [profileSet], 'Reco_Integration').preAuthorizedBy).toEqual([
      'permission set X00ex000000abc',
    ]);
    expect(
      installedAppGrant(app, [{ id: '0PS000000000001', name: 'Reco_Integration' }], [], 'Reco_Integration')
        .preAuthorizedBy,
    ).toEqual(['permission set Reco_Integration']);
    expect(installedAppGrant(app, null, [], 'Reco_Integration').preAuthorizedBy).toBeNull();
  });

  it('given API Access Control, an error while the vendor app is not installed, a note otherwise', () => {
    const installed: Model = { ...model, oauthApp: { ...model.oauthApp, kind: 'installed' } };
    expect(codes({ ...healthy, apiAccessControl: true }, installed)).toContain(
      'API_ACCESS_CONTROL_APP_NOT_INSTALLED',
    );
    expect(codes({ ...healthy, apiAccessControl: true })).toEqual(['API_ACCESS_CONTROL_ON']);
  });

  it('given sessions enforced on every request, the login ranges are an error even when the app relaxes IP', () => {
    const profile = {
      name: 'Minimum Access - API Only Integrations',
      loginIpRanges: [{ startAddress: '192.0.2.1', endAddress: '192.0.2.1' }],
    };
    const relaxedOnly = diagnose(eca, aDeployedOrg(eca), { ...healthy, profile }, 'acme');
    expect(relaxedOnly.find((f) => f.code === 'PROFILE_LOGIN_IP_RANGES')?.severity).toBe('info');
    const session = { enforceIpRangesEveryRequest: true, lockSessionsToIp: false };
    const enforced = diagnose(eca, aDeployedOrg(eca), { ...healthy, profile, session }, 'acme');
    expect(enforced.map((f) => [f.code, f.severity])).toEqual([
      ['PROFILE_LOGIN_IP_RANGES', 'error'],
      ['SESSION_IP_ENFORCED_EVERY_REQUEST', 'error'],
    ]);
  });

  it('formats login hours by day as clock times', () => {
    expect(formatLoginHours({ tuesdayEnd: '1020', mondayStart: '0', mondayEnd: '1439' })).toBe(
      'monday 00:00–23:59, tuesday ?–17:00',
    );
  });

  it('given a password never set, a warning whose fix sends the e-mail; a pending one, a note', () => {
    expect(codes({ ...healthy, password: 'never-set' })).toEqual(['USER_PASSWORD_NEVER_SET']);
    expect(codes({ ...healthy, password: 'reset-pending' })).toEqual(['USER_PASSWORD_NOT_CHOSEN']);
    expect(codes({ ...healthy, password: 'set' })).toEqual([]);
  });
});
