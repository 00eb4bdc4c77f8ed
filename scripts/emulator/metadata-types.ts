/**
 * The metadata types the emulator stores, deploys and retrieves: directory and suffix in a
 * Metadata API zip (as in SDR's metadataRegistry.json) and the XML root element per member.
 */
export interface MetadataTypeDef {
  name: string;
  directoryName: string;
  suffix: string;
  /** Root element of a member's XML; Settings use `<Member>Settings`. */
  rootOf(member: string): string;
  /**
   * A type with a content file (MetadataWithContent in the WSDL): the zip holds the content at
   * `dir/Member.suffix` and the XML at `dir/Member.suffix-meta.xml`; the store keeps the content
   * base64-encoded in the `content` field.
   */
  withContent?: boolean;
}

const fixed = (name: string, directoryName: string, suffix: string): MetadataTypeDef => ({
  name,
  directoryName,
  suffix,
  rootOf: () => name,
});

/** In deploy order: an External Client App before the files that reference it. */
export const METADATA_TYPES: readonly MetadataTypeDef[] = [
  {
    name: 'Settings',
    directoryName: 'settings',
    suffix: 'settings',
    rootOf: (member) => `${member}Settings`,
  },
  fixed('PermissionSet', 'permissionsets', 'permissionset'),
  fixed('ConnectedApp', 'connectedApps', 'connectedApp'),
  fixed('ExternalClientApplication', 'externalClientApps', 'eca'),
  fixed('ExtlClntAppOauthSettings', 'extlClntAppOauthSettings', 'ecaOauth'),
  fixed('ExtlClntAppGlobalOauthSettings', 'extlClntAppGlobalOauthSets', 'ecaGlblOauth'),
  fixed('ExtlClntAppOauthConfigurablePolicies', 'extlClntAppOauthPolicies', 'ecaOauthPlcy'),
  fixed('ExtlClntAppConfigurablePolicies', 'extlClntAppPolicies', 'ecaPlcy'),
  fixed('Profile', 'profiles', 'profile'),
  { ...fixed('StaticResource', 'staticresources', 'resource'), withContent: true },
];

const byName = new Map(METADATA_TYPES.map((t) => [t.name, t]));
const byDirectory = new Map(METADATA_TYPES.map((t) => [t.directoryName, t]));

export function metadataType(name: string): MetadataTypeDef | undefined {
  return byName.get(name);
}

export function typeOrder(name: string): number {
  const i = METADATA_TYPES.findIndex((t) => t.name === name);
  return i < 0 ? METADATA_TYPES.length : i;
}

/** `permissionsets/Reco_Integration.permissionset` (without any package folder). */
export function filePathOf(type: MetadataTypeDef, member: string): string {
  return `${type.directoryName}/${member}.${type.suffix}`;
}

/** Where the member's XML is in a zip: the file itself, or `…-meta.xml` beside a content file. */
export function xmlPathOf(type: MetadataTypeDef, member: string): string {
  return type.withContent ? `${filePathOf(type, member)}-meta.xml` : filePathOf(type, member);
}

/** Reads `dir/Member.suffix` back into type and member; undefined for other paths. */
export function componentOfPath(path: string): { type: MetadataTypeDef; member: string } | undefined {
  const match = /^([^/]+)\/([^/]+)$/.exec(path);
  if (!match) return undefined;
  const type = byDirectory.get(match[1]);
  if (!type || !match[2].endsWith(`.${type.suffix}`)) return undefined;
  return { type, member: match[2].slice(0, -(type.suffix.length + 1)) };
}
