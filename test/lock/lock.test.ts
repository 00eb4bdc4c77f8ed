/** The lock's pure core: facts from a snapshot, the locked model, staleness, and fit to an org. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adaptToOrg } from '../../scripts/org/adapt';
import {
  committedModel,
  lockFromSnapshot,
  lockNotice,
  lockState,
  lockedModel,
  serializeLock,
} from '../../scripts/lock/lock';
import { aModel } from '../builders/model';
import { ELO_PERMISSION, aSnapshot, noShield } from '../org/builders';

const names = (m: ReturnType<typeof aModel>): Array<string | null> =>
  m.permissionSet.permissions.map((p) => p.apiName);

describe('lock', () => {
  const model = aModel();

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
  });

  it('is current for its config, stale for another, invalid when not a lock; committedModel ignores a stale lock', () => {
    const text = serializeLock(lockFromSnapshot(model, aSnapshot()));
    expect(lockState(text, model).state).toBe('current');
    const other = aModel((c) => (c.permissionSet.label = 'Other label'));
    expect(lockState(text, other).state).toBe('stale');
    expect(committedModel(other, lockState(text, other))).toBe(other);
    expect(lockState('{', model)).toMatchObject({ state: 'invalid' });
    expect(lockState('{"lockVersion": 9}', model)).toMatchObject({ state: 'invalid' });
    expect(lockState(undefined, model).state).toBe('missing');
  });

  it('stays current for an org whose own username and e-mail differ (a username pattern, a targets file): no component holds them', () => {
    const text = serializeLock(lockFromSnapshot(model, aSnapshot()));
    const perOrg = aModel((c) => {
      c.integrationUser.username = 'reco@acme.com.00d5g000004abcdeaa';
      c.integrationUser.email = 'security@acme.com';
    });
    expect(lockState(text, perOrg).state).toBe('current');
    expect(
      lockState(
        text,
        aModel((c) => (c.integrationUser.alias = 'Other')),
      ).state,
    ).toBe('stale');
  });

  it('says nothing for an org the lock fits, names the fix for one it does not, and for a missing lock', () => {
    const dir = mkdtempSync(join(tmpdir(), 'reco-lock-'));
    try {
      mkdirSync(join(dir, 'config'));
      const config = join(dir, 'config', 'reco.config.json');
      expect(lockNotice(config, model, aSnapshot(), 'acme')).toContain('no config/reco.lock.json for acme');
      writeFileSync(
        join(dir, 'config', 'reco.lock.json'),
        serializeLock(lockFromSnapshot(model, aSnapshot())),
      );
      expect(lockNotice(config, model, aSnapshot(), 'acme')).toBeUndefined();
      expect(lockNotice(config, model, aSnapshot(noShield), 'basic')).toContain(
        'describes another org shape than basic',
      );
      expect(lockNotice(config, model, aSnapshot(noShield), 'basic')).toContain(
        'reco-sf lock --target-org basic',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
