import { buildComponents } from '../../scripts/components';
import { planChanges } from '../../scripts/org/changes';
import { planData } from '../../scripts/org/data';
import {
  emptyOwnership,
  OWNERSHIP_KEY,
  ownershipChange,
  ownershipOf,
  recordAhead,
  serialiseOwnership,
  withdrawDroppedRanges,
  type Ownership,
} from '../../scripts/org/ownership';
import { aModel } from '../builders/model';
import { aSnapshot } from './builders';

const model = aModel();
const OFFICE = { description: 'office', end: '10.1.0.255', start: '10.1.0.0' };

function orgWith(
  record: Ownership | null,
  ranges: Array<{ start: string; end: string; description?: string }> = [OFFICE],
): ReturnType<typeof aSnapshot> {
  return aSnapshot((s) => {
    s.metadata['Settings:Security'] = { networkAccess: { ipRanges: ranges } };
    s.metadata[OWNERSHIP_KEY] = record ? { content: serialiseOwnership(record) } : null;
  });
}

describe('the ownership record', () => {
  it('Given a first deploy into an org with one range, When writing ahead, Then it names what the deploy adds and never the org range', () => {
    const snapshot = orgWith(null);
    const changes = planChanges(buildComponents(model), snapshot).changes;
    const record = recordAhead(null, changes, planData(model, snapshot, { id: '00e' }), model.user.username);
    expect(record.ranges.map((r) => r.start).sort()).toEqual(model.trustedRanges.map((r) => r.start).sort());
    expect(record.ranges.some((r) => r.start === OFFICE.start)).toBe(false);
    expect(record.created.map((c) => c.type)).toEqual(
      expect.arrayContaining(['PermissionSet', 'ExternalClientApplication']),
    );
    expect(record.created.some((c) => c.type === 'Settings')).toBe(false);
    expect(record.users).toEqual([
      { username: model.user.username, created: true, permissionSetLicense: true, permissionSet: true },
    ]);
  });

  it('Given a user reco-sf reactivates (torn down before, now deployed again), When writing ahead, Then teardown may deactivate it again', () => {
    const snapshot = orgWith(null);
    const changes = planChanges(buildComponents(model), snapshot).changes;
    const data = planData(model, snapshot, { id: '00e' });
    const reactivated = { ...data, user: { ...data.user, action: 'reactivate' as const } };
    const kept = { ...data, user: { ...data.user, action: 'none' as const } };
    expect(recordAhead(null, changes, reactivated, model.user.username).users[0]?.created).toBe(true);
    expect(recordAhead(null, changes, kept, model.user.username).users[0]?.created).toBe(false);
  });

  it('Given the same record in the org, When planning its change, Then nothing is deployed; a changed one is an update', () => {
    const record = { ...emptyOwnership(), ranges: [{ start: '192.0.2.1', end: '192.0.2.1' }] };
    expect(ownershipChange(record, orgWith(record))).toBeNull();
    const grown = { ...record, ranges: [...record.ranges, { start: '192.0.2.2', end: '192.0.2.2' }] };
    expect(ownershipChange(grown, orgWith(record))?.state).toBe('update');
    expect(ownershipChange(emptyOwnership(), orgWith(null))).toBeNull();
  });

  it('Given a serialised record, When read back, Then it is the same record, sorted and deduplicated', () => {
    const record: Ownership = {
      ...emptyOwnership(),
      ranges: [
        { start: '192.0.2.2', end: '192.0.2.2' },
        { start: '192.0.2.1', end: '192.0.2.1' },
        { start: '192.0.2.2', end: '192.0.2.2' },
      ],
      eventManager: ['LoginEvent', 'ApiEvent', 'LoginEvent'],
    };
    expect(ownershipOf(orgWith(record))).toEqual({
      ...record,
      ranges: [
        { start: '192.0.2.1', end: '192.0.2.1' },
        { start: '192.0.2.2', end: '192.0.2.2' },
      ],
      eventManager: ['ApiEvent', 'LoginEvent'],
    });
  });

  it('Given a record that is not reco-sf JSON, When read, Then OWNERSHIP_RECORD_INVALID (never a guess)', () => {
    const snapshot = aSnapshot((s) => (s.metadata[OWNERSHIP_KEY] = { content: 'not json' }));
    expect(() => ownershipOf(snapshot)).toThrow(
      expect.objectContaining({ code: 'OWNERSHIP_RECORD_INVALID' }),
    );
  });

  it('Given a recorded range the config dropped, When merging, Then only that range leaves the Security change', () => {
    const dropped = { start: '192.0.2.1', end: '192.0.2.1' };
    const record = { ...emptyOwnership(), ranges: [dropped] };
    const snapshot = orgWith(record, [OFFICE, dropped]);
    const changes = planChanges(buildComponents(model), snapshot).changes;
    expect(withdrawDroppedRanges(changes, record, model.trustedRanges)).toEqual([dropped]);
    const security = changes.find((c) => c.key === 'Settings:Security');
    const starts = (security?.value.networkAccess as { ipRanges: Array<{ start: string }> }).ipRanges.map(
      (r) => r.start,
    );
    expect(starts[0]).toBe(OFFICE.start);
    expect(starts).not.toContain(dropped.start);
    expect(security?.diff).toContainEqual(expect.objectContaining({ kind: 'remove' }));
  });

  it("Given no record, When merging, Then no range is withdrawn (the org's own are never Reco's)", () => {
    const snapshot = orgWith(null, [OFFICE, { start: '192.0.2.1', end: '192.0.2.1' }]);
    const changes = planChanges(buildComponents(model), snapshot).changes;
    expect(withdrawDroppedRanges(changes, null, model.trustedRanges)).toEqual([]);
  });
});
