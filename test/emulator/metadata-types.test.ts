/**
 * The emulator's metadata types are a copy of facts in source-deploy-retrieve's registry (the
 * Metadata API zip's folder and file suffix per type); this proves the copy agrees with SDR, so a
 * SDR upgrade that changes one of them fails here instead of in a deploy.
 */
import { RegistryAccess } from '@salesforce/source-deploy-retrieve';
import { METADATA_TYPES, componentOfPath, filePathOf } from '../../scripts/emulator/metadata-types';

const registry = new RegistryAccess();

describe("the emulator's metadata types equal SDR's registry", () => {
  it.each(METADATA_TYPES.map((t) => [t.name, t] as const))(
    '%s has the directory name and suffix SDR gives it',
    (name, type) => {
      const sdr = registry.getTypeByName(name);
      expect(sdr.name).toBe(name);
      expect({ directoryName: type.directoryName, suffix: type.suffix }).toEqual({
        directoryName: sdr.directoryName,
        suffix: sdr.suffix,
      });
    },
  );

  it('reads back every path it writes, and nothing with a wrong suffix', () => {
    for (const type of METADATA_TYPES) {
      expect(componentOfPath(filePathOf(type, 'Member'))).toEqual({ type, member: 'Member' });
      expect(componentOfPath(`${type.directoryName}/Member.wrong`)).toBeUndefined();
    }
  });
});
