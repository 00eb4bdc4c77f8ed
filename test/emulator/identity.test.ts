/**
 * Emulator identity: `orgNumber` gives each instance its own org id, admin user id and username,
 * so that several emulated orgs live side by side in one sf auth store (keyed by username).
 */
import {
  emulatorIdentity,
  MAX_ORG_NUMBER,
  savedOrgFile,
  savedOrgParts,
  startEmulator,
  type EmulatorHandle,
} from '../../scripts/emulator';
import { isIdShaped } from '../../scripts/emulator/ids';
import { main } from '../../scripts/cli';
import { useHarness } from '../e2e/deploy-harness';

describe('emulator identity', () => {
  it('keeps the fixed identity when no org number is given', () => {
    expect(emulatorIdentity()).toEqual({
      orgId15: '00DEM0000000001',
      orgName: 'Reco Emulated Org',
      userId15: '005EM0000000001',
      username: 'admin@reco-emulator.example.com',
    });
  });

  it('gives every org number a valid, distinct org id, user id and username', () => {
    const seen = new Set<string>();
    for (const n of [1, 7, 32, 1234, MAX_ORG_NUMBER]) {
      const id = emulatorIdentity(n);
      expect(id.orgId15).toMatch(/^00D[a-zA-Z0-9]{12}$/);
      expect(id.userId15).toMatch(/^005[a-zA-Z0-9]{12}$/);
      expect(isIdShaped(id.orgId15)).toBe(true);
      expect(id.orgId15).not.toBe(emulatorIdentity().orgId15);
      seen.add(id.orgId15).add(id.username);
    }
    expect(seen.size).toBe(10);
    expect(emulatorIdentity(7).username).toBe('admin@org7.reco-emulator.example.com');
  });

  it.each([0, -1, 1.5, MAX_ORG_NUMBER + 1, Number.NaN])('refuses org number %p', (n) => {
    expect(() => emulatorIdentity(n)).toThrow(/orgNumber must be an integer/);
  });
});

describe('two numbered emulators in one HOME', () => {
  const h = useHarness();
  let a: EmulatorHandle;
  let b: EmulatorHandle;

  beforeAll(async () => {
    a = await h.org({ orgNumber: 1 }, 'fleet-a');
    b = await h.org({ orgNumber: 2 }, 'fleet-b');
  });

  it('have distinct org ids, users and usernames (18-character ids with a valid suffix)', () => {
    expect(a.orgId).not.toBe(b.orgId);
    expect(a.userId).not.toBe(b.userId);
    expect(a.username).not.toBe(b.username);
    for (const id of [a.orgId, b.orgId, a.userId, b.userId]) expect(isIdShaped(id)).toBe(true);
    expect(a.accessToken.startsWith(`${a.orgId.slice(0, 15)}!`)).toBe(true);
  });

  it('are both registered under their aliases and both answer queries as themselves', async () => {
    const { Org } = await import('@salesforce/core');
    for (const [alias, handle] of [
      ['fleet-a', a],
      ['fleet-b', b],
    ] as const) {
      const org = await Org.create({ aliasOrUsername: alias });
      expect(org.getUsername()).toBe(handle.username);
      expect(org.getOrgId()).toBe(handle.orgId);
      const result = await org
        .getConnection('66.0')
        .query<{ Id: string; Name: string }>('SELECT Id, Name FROM Organization');
      expect(result.records.map((r) => r.Id)).toEqual([handle.orgId]);
      expect(result.records[0].Name).toBe(`Reco Emulated Org ${alias === 'fleet-a' ? 1 : 2}`);
    }
  });
});

/** Runs `reco-sf emulator` in-process until its first line; returns the org id (the token's prefix), then stops it. */
async function standaloneOrgId(): Promise<string> {
  const out: string[] = [];
  const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  });
  try {
    const running = main(['emulator']);
    for (let i = 0; i < 200 && out.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    const match = /SF_ACCESS_TOKEN='(00D\w{12})!/.exec(out.join(''));
    process.emit('SIGTERM');
    expect(await running).toBe(0);
    if (!match) throw new Error(`no access token in: ${out.join('')}`);
    return match[1];
  } finally {
    write.mockRestore();
  }
}

describe('each emulated org its own org id', () => {
  it("Given two standalone `reco-sf emulator` instances, Then neither has the other's org id, nor the fixed one of npm start before", async () => {
    const first = await standaloneOrgId();
    const second = await standaloneOrgId();
    expect(first).not.toBe(second);
    for (const id of [first, second]) {
      expect(isIdShaped(id)).toBe(true);
      expect(id).not.toBe(emulatorIdentity().orgId15);
    }
  });

  it('Given a saved org file, When an emulator starts from it, Then it is the same org (id, admin, records)', async () => {
    const before = await startEmulator({ orgNumber: 4242 });
    before.store.seed({
      users: [{ Username: 'kept@example.com.reco', LastName: 'Kept', profileName: 'Standard User' }],
    });
    const file = JSON.parse(JSON.stringify(savedOrgFile(before))) as Record<string, unknown>;
    await before.stop();

    const parts = savedOrgParts(file);
    expect(parts.orgNumber).toBe(4242);
    const after = await startEmulator({ orgNumber: parts.orgNumber });
    try {
      after.store.restoreSaved(parts.state);
      expect(after.orgId).toBe(before.orgId);
      expect(after.username).toBe(before.username);
      expect(after.store.records('User').map((u) => u.Username)).toEqual([
        before.username,
        'kept@example.com.reco',
      ]);
      expect(Object.keys(parts.state as object)).not.toContain('orgNumber');
    } finally {
      await after.stop();
    }
  });

  it('Given a saved org file after a deploy, When an emulator restarts from it and deploys again, Then the new deploy id is not the old one', async () => {
    const before = await startEmulator({ orgNumber: 4343 });
    // The ids a deploy and its validation take (DeployManager's jobs are not part of the saved state).
    const earlier = [before.store.newId('DeployRequest'), before.store.newId('DeployRequest')];
    const file = JSON.parse(JSON.stringify(savedOrgFile(before))) as Record<string, unknown>;
    await before.stop();

    const parts = savedOrgParts(file);
    const after = await startEmulator({ orgNumber: parts.orgNumber });
    try {
      after.store.restoreSaved(parts.state, parts.idCounts);
      const later = [after.store.newId('DeployRequest'), after.store.newId('DeployRequest')];
      for (const id of later) expect(earlier).not.toContain(id);
      expect(Object.keys(parts.state as object)).not.toContain('idCounts');
    } finally {
      await after.stop();
    }
  });

  it('Given a state saved before org numbers were kept, Then it keeps the default identity it was made with', () => {
    expect(savedOrgParts({ metadata: {}, records: {} })).toEqual({
      orgNumber: undefined,
      state: { metadata: {}, records: {} },
    });
  });
});
