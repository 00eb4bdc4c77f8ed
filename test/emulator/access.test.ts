/** The emulator's access facts over HTTP: the User Password resource, SetupEntityAccess, LastPasswordChangeDate. */
import { startEmulator, type EmulatorHandle } from '../../scripts/emulator';
import { issuedPasswords } from '../../scripts/emulator/access';
import { rest, soql } from './helpers';

const APP = 'Reco Introspection for Salesforce';

describe('emulator: who may connect', () => {
  let org: EmulatorHandle;

  beforeAll(async () => {
    org = await startEmulator({
      shape: ['shield', 'sandbox'],
      seed: {
        permissionSets: [{ name: 'Reco_Integration' }],
        installedConnectedApps: [{ name: APP, adminApprovedUsersOnly: true }],
        users: [{ Username: 'api@acme.example', LastName: 'Api', profileName: 'Standard User' }],
        access: { preAuthorizations: [{ app: APP, permissionSet: 'Reco_Integration' }] },
      },
    });
  });
  afterAll(async () => {
    await org.stop();
  });

  async function userId(): Promise<string> {
    const found = await soql(org, "SELECT Id FROM User WHERE Username = 'api@acme.example'");
    return (found.body as { records: Array<{ Id: string }> }).records[0].Id;
  }

  it('serves the password resource: a new user has none, a reset e-mails and returns a temporary one, a set clears the expiry', async () => {
    const id = await userId();
    const url = `/services/data/v66.0/sobjects/User/${id}/password`;
    const never = await soql(org, `SELECT LastPasswordChangeDate FROM User WHERE Id = '${id}'`);
    expect(
      (never.body as { records: Array<Record<string, unknown>> }).records[0].LastPasswordChangeDate,
    ).toBeNull();
    expect((await rest(org, 'GET', url)).body).toEqual({ isExpired: true });

    const reset = await rest(org, 'DELETE', url);
    expect(reset.status).toBe(200);
    expect(reset.body).toEqual({ NewPassword: issuedPasswords(org.store)[0] });
    expect((await rest(org, 'GET', url)).body).toEqual({ isExpired: true });
    const after = await soql(org, `SELECT LastPasswordChangeDate FROM User WHERE Id = '${id}'`);
    expect(
      (after.body as { records: Array<Record<string, unknown>> }).records[0].LastPasswordChangeDate,
    ).toEqual(expect.any(String));

    expect((await rest(org, 'POST', url, { NewPassword: 'a-long-enough-one' })).status).toBe(204);
    expect((await rest(org, 'GET', url)).body).toEqual({ isExpired: false });
    expect(
      (await rest(org, 'GET', '/services/data/v66.0/sobjects/User/005000000000000AAA/password')).status,
    ).toBe(404);
  });

  it("lists the installed app's pre-authorised permission sets in SetupEntityAccess, with the Parent relationship", async () => {
    const app = await soql(org, `SELECT Id, OptionsAllowAdminApprovedUsersOnly FROM ConnectedApplication`);
    const [row] = (
      app.body as { records: Array<{ Id: string; OptionsAllowAdminApprovedUsersOnly: boolean }> }
    ).records;
    expect(row.OptionsAllowAdminApprovedUsersOnly).toBe(true);
    const access = await soql(
      org,
      `SELECT ParentId, Parent.Name, SetupEntityType FROM SetupEntityAccess WHERE SetupEntityId = '${row.Id}'`,
    );
    expect((access.body as { records: Array<Record<string, unknown>> }).records).toEqual([
      expect.objectContaining({
        Parent: expect.objectContaining({ Name: 'Reco_Integration' }),
        SetupEntityType: 'ConnectedApplication',
      }),
    ]);
  });
});
