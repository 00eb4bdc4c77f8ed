/**
 * Seeds are checked against their committed JSON Schema (scripts/emulator/seed.schema.json): a
 * misspelt or unknown field is an error at its file:line:col, never silently ignored; the README's
 * seed example is a valid seed that starts an emulator.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../scripts/cli';
import { startEmulator } from '../../scripts/emulator';
import { loadSeed, seedSchemaProblems } from '../../scripts/emulator/seed';
import { REPO_ROOT } from '../helpers/sf';

describe('emulator seeds and their schema', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'reco-sf-seed-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const seedFile = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('Given a user with a misspelt profileName, Then the seed is refused at its line and column with the right name', () => {
    const path = seedFile(
      'user.json',
      [
        '{',
        '  "users": [',
        '    {',
        '      "Username": "jane@acme.example.com",',
        '      "LastName": "Doe",',
        '      "profilename": "Standard User"',
        '    }',
        '  ]',
        '}',
      ].join('\n'),
    );
    expect(() => loadSeed(path)).toThrow(
      expect.objectContaining({
        code: 'EMULATOR_SEED_INVALID',
        exitCode: 2,
        details: expect.objectContaining({
          file: path,
          line: 6,
          column: 7,
          fix: 'rename "profilename" to "profileName"',
        }),
        message: expect.stringContaining(
          `${path}:6:7  /users/0/profilename: unknown property "profilename" (did you mean "profileName"?)`,
        ),
      }),
    );
  });

  it('lists every problem: a misspelt top-level key, an unknown nested one, a wrong type, a missing field, an unknown shape', () => {
    const path = seedFile(
      'many.json',
      JSON.stringify(
        {
          shape: 'shielded',
          trustedIPRanges: [],
          permissionSets: [{ name: 'Ops', permissions: ['ViewSetup'] }],
          permissionSetLicenses: [{ developerName: 'SalesforceAPIIntegrationPsl', totalLicenses: 'five' }],
          assignments: [{ username: 'jane@acme.example.com' }],
        },
        null,
        2,
      ),
    );
    let message = '';
    try {
      loadSeed(path);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain(
      `${path}:3:3  /trustedIPRanges: unknown property "trustedIPRanges" (did you mean "trustedIpRanges"?)`,
    );
    expect(message).toContain(
      '/permissionSets/0/permissions: unknown property "permissions" (did you mean "userPermissions"?)',
    );
    expect(message).toContain('/permissionSetLicenses/0/totalLicenses: must be integer');
    expect(message).toContain('/assignments/0: missing required property "permissionSet"');
    expect(message).toMatch(/\/shape: must be one of "shield", "no-shield"/);
  });

  it('refuses a seed object in-process too (no position), and says what a user takes', () => {
    expect(
      seedSchemaProblems(
        { users: [{ Username: 'a@b.c', LastName: 'A', email: 'a@b.c' }] },
        'the seed object',
      ).map((p) => p.text),
    ).toEqual([
      'the seed object  /users/0/email: unknown property "email": a user takes User field names (capitalised: Alias, Email, IsActive, …), profileName, frozen and passwordLocked',
    ]);
    expect(() => loadSeed({ permissionSets: [{ label: 'No name' }] } as never)).toThrow(
      /missing required property "name"/,
    );
  });

  it('Given a bad seed, When `reco-sf emulator --seed` runs, Then it exits 2 naming file:line:col, before listening', async () => {
    const path = seedFile('cli.json', '{\n  "takenUsername": ["x@y.z"]\n}\n');
    const err: string[] = [];
    const write = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      err.push(String(chunk));
      return true;
    });
    try {
      expect(await main(['emulator', '--seed', path])).toBe(2);
    } finally {
      write.mockRestore();
    }
    expect(err.join('')).toContain(
      `${path}:2:3  /takenUsername: unknown property "takenUsername" (did you mean "takenUsernames"?)`,
    );
  });

  it("the README's seed example is a valid seed and starts an emulator with what it says", async () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### Seeds'));
    const example = /```json\n([\s\S]*?)```/.exec(section)?.[1];
    expect(example).toBeDefined();
    const path = seedFile('readme.json', example ?? '');
    const handle = await startEmulator({ seed: path });
    try {
      const jane = handle.store.records('User').find((u) => u.Username === 'jane.doe@acme.example.com');
      expect(jane).toMatchObject({ LastName: 'Doe' });
      expect(handle.store.records('Organization')[0].IsSandbox).toBe(true);
      const psl = handle.store.records('PermissionSetLicense')[0];
      expect(psl).toMatchObject({ TotalLicenses: 1, MaximumPermissionsModifyAllData: false });
    } finally {
      await handle.stop();
    }
  });
});
