import { emulatorIdentity } from '../../scripts/emulator';
import { isBundledEmulator } from '../../scripts/org/emulator-marker';
import { to18 } from '../../scripts/emulator/ids';

describe('isBundledEmulator: what only the bundled emulator shows', () => {
  const local = 'http://127.0.0.1:38009';

  it.each([undefined, 1, 42])('recognises the emulator (org number %p) on 127.0.0.1', (n) => {
    const id = emulatorIdentity(n).orgId15;
    expect(isBundledEmulator({ orgId: id, instanceUrl: local })).toBe(true);
    expect(isBundledEmulator({ orgId: to18(id), instanceUrl: local })).toBe(true);
  });

  it('never a Salesforce instance, whatever its org id', () => {
    const id = to18(emulatorIdentity().orgId15);
    expect(isBundledEmulator({ orgId: id, instanceUrl: 'https://acme.my.salesforce.com' })).toBe(false);
    expect(isBundledEmulator({ orgId: id, instanceUrl: 'https://127.0.0.1.example.com' })).toBe(false);
  });

  it('never a real org id, even through a local proxy', () => {
    expect(isBundledEmulator({ orgId: '00D5g000000ABCDEAA', instanceUrl: local })).toBe(false);
  });

  it('never an instance URL that is not a URL', () => {
    expect(isBundledEmulator({ orgId: emulatorIdentity().orgId15, instanceUrl: 'not a url' })).toBe(false);
  });
});
