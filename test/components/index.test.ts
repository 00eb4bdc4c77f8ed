import { COMPONENT_KINDS, buildComponents, kindForRoot, renderComponent } from '../../scripts/components';
import { parseMetadata } from '../../scripts/core/xml';
import { aModel, deepFreeze } from '../builders/model';

describe('component kinds', () => {
  it.each(COMPONENT_KINDS.map((k) => [k.id, k] as const))(
    '%s is pure: a frozen model builds without mutation and twice gives equal results',
    (_id, kind) => {
      const model = deepFreeze(aModel());
      const first = kind.build(model);
      expect(kind.build(model)).toEqual(first);
      for (const c of first) {
        const desired = deepFreeze(c.value);
        expect(kind.merge(desired, deepFreeze({ ...c.value }))).toEqual(kind.merge(desired, { ...c.value }));
        expect(kind.diff(desired, desired, 'x')).toEqual([]);
      }
    },
  );

  it('every built component renders to XML that parses back to its value, with the root its kind owns', () => {
    for (const c of buildComponents(aModel((cfg) => (cfg.permissionSet.description = 'a < b & c ]]> d')))) {
      const parsed = parseMetadata(renderComponent(c), c.path);
      expect(parsed.root).toBe(c.rootType);
      expect(kindForRoot(parsed.root)).toBe(c.kind);
      expect(JSON.parse(JSON.stringify(parsed.value))).toEqual(JSON.parse(JSON.stringify(c.value)));
    }
  });

  it('one kind per root: kindForRoot knows the connected app and each ECA root, and nothing else', () => {
    expect(kindForRoot('ConnectedApp')?.id).toBe('connectedApp');
    expect(kindForRoot('ExtlClntAppOauthSettings')?.id).toBe('extlClntAppOauthSettings');
    expect(kindForRoot('ExtlClntAppGlobalOauthSettings')?.id).toBe('extlClntAppGlobalOauthSettings');
    const roots = COMPONENT_KINDS.map((k) => k.rootType);
    expect(new Set(roots).size).toBe(roots.length);
    expect(kindForRoot('Profile')).toBeUndefined();
  });
});
