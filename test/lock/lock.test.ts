/** The lock's pure core: facts from a snapshot, the locked model, coverage (stale), reading, and fit to an org. */
import { fileAt } from '../../scripts/core/diagnostic';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { adaptToOrg } from '../../scripts/org/adapt';
import {
  committedModel,
  lockDisplayPath,
  lockFromSnapshot,
  lockNotice,
  lockPathFor,
  lockedModel,
  lockStateProblems,
  readLock,
  serializeLock,
  type LockState,
  type RecoLock,
} from '../../scripts/lock/lock';
import { aModel } from '../builders/model';
import { makeTempDir, removeTempDirs, type ConfigFile } from '../builders/project';
import { ELO_PERMISSION, aSnapshot, noShield } from '../org/builders';

const names = (m: ReturnType<typeof aModel>): Array<string | null> =>
  m.permissionSet.permissions.map((p) => p.apiName);

afterAll(removeTempDirs);

/** Reads `text` as a lock file in a temp folder, against `model`. */
function stateOf(text: string, model = aModel()): LockState {
  const path = join(makeTempDir('reco-lock-'), 'reco.lock.json');
  writeFileSync(path, text);
  return readLock(path, 'config/reco.lock.json', model);
}

describe('lock', () => {
  const model = aModel();
  const lockText = serializeLock(lockFromSnapshot(model, aSnapshot()));

  it("records the org's API name of a permission the catalog names by label only, and the locked model uses it", () => {
    const lock = lockFromSnapshot(model, aSnapshot());
    expect(lock.summary.resolvedByLabel).toEqual({ 'View Event Log Object Data': ELO_PERMISSION });
    expect(names(model)).toContain(null);
    expect(names(lockedModel(model, lock))).toContain(ELO_PERMISSION);
    expect(names(lockedModel(model, lock))).not.toContain(null);
  });

  it('locked model = what deploy adapts to that org (Shield and Shield-less)', () => {
    for (const snapshot of [aSnapshot(), aSnapshot(noShield)]) {
      const lock = lockFromSnapshot(model, snapshot);
      expect(lockedModel(model, lock)).toEqual(adaptToOrg(model, snapshot).model);
    }
  });

  it('keeps only the facts that shape the metadata (not every permission of the org)', () => {
    const lock = lockFromSnapshot(
      model,
      aSnapshot((s) => s.userPermissions.push({ apiName: 'ManageUsers', label: 'Manage Users' })),
    );
    expect(lock.facts.userPermissions.map((p) => p.apiName)).not.toContain('ManageUsers');
    expect(lock.covers.permissions).not.toContain('ManageUsers');
  });

  describe('coverage: the lock describes an org shape, not one config', () => {
    it.each([
      ['the username', (c: ConfigFile) => (c.integrationUser.username = 'other@example.com.uat')],
      ['the ranges', (c: ConfigFile) => (c.trustedIpRanges = [{ cidr: '192.0.2.0/24' }])],
      ['the description', (c: ConfigFile) => (c.permissionSet.description = 'Edited by the release team.')],
      [
        'a catalog permission dropped',
        (c: ConfigFile) =>
          (c.permissionSet.systemPermissions = c.permissionSet.systemPermissions.filter(
            (p) => p !== 'ViewRoles',
          )),
      ],
      ['fewer event stores', (c: ConfigFile) => c.permissionSet.objectAccess.pop()],
    ])('an edit of %s keeps the lock current and its resolved permission', (_what, change) => {
      const edited = aModel(change);
      const state = stateOf(lockText, edited);
      expect(state.state).toBe('current');
      expect(names(committedModel(edited, state))).toContain(ELO_PERMISSION);
    });

    it('a permission the lock never looked up makes it stale, naming it; the resolved permission is kept and the new one generated as the config gives it', () => {
      const edited = aModel((c) =>
        c.permissionSet.additionalPermissions.push({
          permission: 'ManageUsers',
          justification: 'the release team needs it for a test',
        }),
      );
      const state = stateOf(lockText, edited);
      expect(state).toMatchObject({
        state: 'stale',
        uncovered: ['permission ManageUsers (permissionSet.additionalPermissions[0].permission)'],
      });
      const committed = names(committedModel(edited, state));
      expect(committed).toContain(ELO_PERMISSION);
      expect(committed).toContain('ManageUsers');
    });

    it('an object the lock never looked up makes it stale, naming it', () => {
      const edited = aModel((c) =>
        c.permissionSet.objectAccess.push({ object: 'Acme_Audit__c', access: 'Read' }),
      );
      const state = stateOf(lockText, edited);
      expect(state).toMatchObject({
        state: 'stale',
        uncovered: ['object Acme_Audit__c (permissionSet.objectAccess)'],
      });
      expect(committedModel(edited, state).permissionSet.objects.map((o) => o.object)).toContain(
        'Acme_Audit__c',
      );
      expect(names(committedModel(edited, state))).toContain(ELO_PERMISSION);
    });

    it('a permission the locked org lacks is left out of force-app/ with a LOCK_ORG_LACKS warning, not silently', () => {
      const withUsers = aModel((c) =>
        c.permissionSet.additionalPermissions.push({
          permission: 'ManageUsers',
          justification: 'the release team needs it for a test',
        }),
      );
      const state = stateOf(serializeLock(lockFromSnapshot(withUsers, aSnapshot())), withUsers);
      expect(state.state).toBe('current');
      expect(names(committedModel(withUsers, state))).not.toContain('ManageUsers');
      const problems = lockStateProblems('config/reco.lock.json', state, withUsers);
      expect(problems).toEqual([
        expect.objectContaining({
          code: 'LOCK_ORG_LACKS',
          severity: 'warning',
          location: { file: 'config/reco.lock.json' },
        }),
      ]);
      expect(problems[0].message).toContain('ManageUsers');
      expect(lockStateProblems('config/reco.lock.json', stateOf(lockText), model)).toEqual([]);
    });

    it('a Shield-less lock keeps skipping the Shield parts after an edit, and says nothing', () => {
      const basic = serializeLock(lockFromSnapshot(model, aSnapshot(noShield)));
      const edited = aModel((c) => (c.integrationUser.username = 'other@example.com.uat'));
      const state = stateOf(basic, edited);
      expect(state.state).toBe('current');
      expect(committedModel(edited, state)).toEqual(adaptToOrg(edited, aSnapshot(noShield)).model);
    });
  });

  describe('reading', () => {
    it('a missing lock is missing', () => {
      expect(readLock(join(makeTempDir(), 'reco.lock.json'), 'x', model).state).toBe('missing');
    });

    it('broken JSON: LOCK_INVALID at line:column', () => {
      const state = stateOf('{\n  "lockVersion": 2,\n  "covers": [,\n}\n');
      expect(state).toMatchObject({
        state: 'invalid',
        problem: {
          code: 'LOCK_INVALID',
          severity: 'error',
          location: { file: 'config/reco.lock.json', line: 3, column: 14 },
        },
      });
    });

    it('a schema violation: LOCK_INVALID naming the JSON path, its line:column and the rule', () => {
      const lock = JSON.parse(lockText) as { facts: { userPermissions: Array<Record<string, unknown>> } };
      lock.facts.userPermissions[1].apiName = 42;
      const text = JSON.stringify(lock, null, 2);
      const state = stateOf(text);
      if (state.state !== 'invalid') throw new Error(`expected invalid, got ${state.state}`);
      const line = text.split('\n').findIndex((l) => l.includes('"apiName": 42')) + 1;
      expect(state.problem).toMatchObject({
        code: 'LOCK_INVALID',
        location: { line, path: '/facts/userPermissions/1/apiName' },
      });
      expect(state.problem.message).toContain('/facts/userPermissions/1/apiName: must be string');
      expect(state.problem.message).toContain('lock.schema.json');
      expect(state.problem.fix).toContain('reco-sf lock --target-org ORG');
    });

    it('a hand-edited fact the lock never looked up (a garbled permission API name, an object): LOCK_INVALID at its line', () => {
      const lock = JSON.parse(lockText) as RecoLock;
      const i = lock.facts.userPermissions.findIndex((p) => lock.covers.permissions.includes(p.apiName));
      const name = lock.facts.userPermissions[i].apiName;
      lock.facts.userPermissions[i].apiName = `${name}x`;
      const text = JSON.stringify(lock, null, 2);
      const state = stateOf(text);
      if (state.state !== 'invalid') throw new Error(`expected invalid, got ${state.state}`);
      expect(state.problem).toMatchObject({
        code: 'LOCK_INVALID',
        location: {
          line: text.split('\n').findIndex((l) => l.includes(`"apiName": "${name}x"`)) + 1,
          path: `/facts/userPermissions/${i}/apiName`,
        },
      });
      expect(state.problem.message).toContain(`the user permission ${name}x is not in covers.permissions`);
      // Garbled in covers too: a catalog permission's label names its API name.
      const both = JSON.parse(text) as RecoLock;
      both.covers.permissions.push(`${name}x`);
      const consistent = stateOf(JSON.stringify(both, null, 2));
      if (consistent.state !== 'invalid') throw new Error(`expected invalid, got ${consistent.state}`);
      expect(consistent.problem.message).toContain(
        `is the user permission ${name} (PermissionSet field Permissions${name}), not ${name}x`,
      );
      const objects = JSON.parse(lockText) as RecoLock;
      objects.facts.objects.push('Acme_Audit__c');
      expect(stateOf(JSON.stringify(objects, null, 2))).toMatchObject({
        state: 'invalid',
        problem: { location: { path: `/facts/objects/${objects.facts.objects.length - 1}` } },
      });
      const twice = JSON.parse(lockText) as RecoLock;
      twice.facts.userPermissions.push({ ...twice.facts.userPermissions[0] });
      const doubled = stateOf(JSON.stringify(twice, null, 2));
      if (doubled.state !== 'invalid') throw new Error(`expected invalid, got ${doubled.state}`);
      expect(doubled.problem.message).toContain('is recorded twice');
    });

    it('a lock of version 1 (no record of what it covers) is invalid, saying so', () => {
      const state = stateOf('{ "lockVersion": 1, "configHash": "ab", "facts": {} }');
      if (state.state !== 'invalid') throw new Error(`expected invalid, got ${state.state}`);
      expect(state.problem.message).toContain(
        '/lockVersion: lockVersion must be 2 (a lock of an earlier reco-sf)',
      );
      expect(fileAt(state.problem)?.line).toBe(1);
    });

    it('an unknown key is named', () => {
      const state = stateOf(lockText.replace('"covers": {', '"coverz": 1,\n  "covers": {'));
      if (state.state !== 'invalid') throw new Error(`expected invalid, got ${state.state}`);
      expect(state.problem.message).toContain('unknown property "coverz"');
    });
  });

  it('the lock is named after its config, beside it, and messages show it from the project root', () => {
    expect(lockPathFor(join('p', 'config', 'reco.config.json'))).toBe(join('p', 'config', 'reco.lock.json'));
    expect(lockPathFor(join('p', 'other', 'dir', 'x.config.json'))).toBe(
      join('p', 'other', 'dir', 'x.lock.json'),
    );
    expect(lockPathFor(join('p', 'acme.json'))).toBe(join('p', 'acme.lock.json'));
    expect(lockDisplayPath('/r', '/r/other/dir/x.config.json')).toBe('other/dir/x.lock.json');
  });

  it('stays current for an org whose own username and e-mail differ (a username pattern, a targets file): no component holds them', () => {
    const text = serializeLock(lockFromSnapshot(model, aSnapshot()));
    const perOrg = aModel((c) => {
      c.integrationUser.username = 'reco@acme.com.00d5g000004abcdeaa';
      c.integrationUser.email = 'security@acme.com';
    });
    expect(stateOf(text, perOrg).state).toBe('current');
  });

  it('says nothing for an org the lock fits, names the fix for one it does not, and for a missing lock', () => {
    const dir = makeTempDir('reco-lock-');
    mkdirSync(join(dir, 'other', 'dir'), { recursive: true });
    const config = join(dir, 'other', 'dir', 'x.config.json');
    expect(lockNotice(dir, config, model, aSnapshot(), 'acme')).toMatchObject({
      code: 'LOCK_NOTICE',
      severity: 'warning',
      location: { file: 'other/dir/x.lock.json' },
      message: expect.stringContaining('no other/dir/x.lock.json for acme') as unknown,
    });
    writeFileSync(join(dir, 'other', 'dir', 'x.lock.json'), lockText);
    expect(lockNotice(dir, config, model, aSnapshot(), 'acme')).toBeUndefined();
    const edited = aModel((c) => (c.integrationUser.username = 'other@example.com.uat'));
    expect(lockNotice(dir, config, edited, aSnapshot(), 'acme')).toBeUndefined();
    const notice = lockNotice(dir, config, model, aSnapshot(noShield), 'basic');
    expect(notice?.message).toContain('other/dir/x.lock.json describes another org shape than basic');
    expect(notice?.fix).toContain('reco-sf lock --target-org basic');
  });
});
