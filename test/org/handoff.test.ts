/** The hand-off's login URL: one form for every org, as Salesforce prints instance URLs (no trailing slash). */
import { buildHandoff } from '../../scripts/org/handoff';
import { aModel } from '../builders/model';

describe('hand-off login URL', () => {
  it.each([
    ['http://127.0.0.1:37885/', 'http://127.0.0.1:37885'],
    ['http://127.0.0.1:37885', 'http://127.0.0.1:37885'],
    ['https://acme.my.salesforce.com', 'https://acme.my.salesforce.com'],
    ['https://acme.my.salesforce.com//', 'https://acme.my.salesforce.com'],
  ])('Given the instance URL %s, Then the login URL and its step read %s', (instanceUrl, shown) => {
    const handoff = buildHandoff(aModel(), instanceUrl, 'not-sent', 'reco-emulator');
    expect(handoff.loginUrl).toBe(shown);
    expect(handoff.steps.join('\n')).toContain(`log in to ${shown} as `);
    expect(handoff.steps.join('\n')).not.toContain(`${shown}/`);
  });
});
