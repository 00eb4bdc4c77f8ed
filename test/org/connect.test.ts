/** The errors of connecting name the org the user gave, and the command that fixes them. */
import { connectError, sessionExpiredError } from '../../scripts/org/connect';

const notFound = Object.assign(new Error('No authorization information found for acme.'), {
  name: 'NamedOrgNotFoundError',
});

describe('connectError', () => {
  it('Given an unknown alias, When connecting, Then ORG_NOT_FOUND with the login command for that alias', () => {
    const error = connectError(notFound, 'acme');
    expect(error.code).toBe('ORG_NOT_FOUND');
    expect(error.hint).toBe(
      'log in first: sf org login web --alias acme  (a sandbox: add --instance-url https://test.salesforce.com)',
    );
    expect(error.hint).not.toMatch(/<alias>|<url>|<org>/);
  });

  it('Given an unknown username, When connecting, Then the hint logs in as that user, with no alias', () => {
    expect(connectError(notFound, 'admin@acme.example.com').hint).toBe(
      'log in first: sf org login web, as admin@acme.example.com  (a sandbox: add --instance-url https://test.salesforce.com)',
    );
  });

  it("Given npm start's alias, When it is not found, Then the hint says where it lives and to use npm start -- --keep", () => {
    const error = connectError(notFound, 'reco-emulator');
    expect(error.code).toBe('ORG_NOT_FOUND');
    expect(error.hint).toContain('.reco/emulator/sf-home');
    expect(error.hint).toContain('npm start -- --keep');
  });

  it('Given an expired session, Then the login hint names the alias', () => {
    expect(sessionExpiredError('acme').hint).toBe(
      'log in again: sf org login web --alias acme  (a sandbox: add --instance-url https://test.salesforce.com)',
    );
  });
});
