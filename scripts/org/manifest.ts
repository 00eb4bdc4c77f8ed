/**
 * Deploy manifests — package.xml, destructiveChangesPre.xml, destructiveChangesPost.xml — built
 * by source-deploy-retrieve's ComponentSet (`add(component, DestructiveChangesType.PRE | POST)`,
 * `getPackageXml`), as `sf project deploy start --pre/--post-destructive-changes` builds them.
 * SDR is loaded on the first call only: the commands that never delete (a no-change deploy, plan,
 * verify) never pay for it.
 *
 * The order of deletions comes from the Metadata API, not from the order of members in a file
 * (Metadata API Developer Guide, "Deleting Components from an Organization"): the components in
 * destructiveChangesPre.xml are deleted before package.xml's components are added or updated,
 * those in destructiveChangesPost.xml after them ("useful when you're deleting components with
 * dependencies"). The guide promises no order among the members of one manifest, and SDR writes
 * them sorted by type and name; so a component that references another one being deleted goes in
 * pre and what it references in post (scripts/components: a kind's `deletePhase`).
 */
import type { MetadataFile } from '../components/types';

export interface ManifestMember {
  /** Metadata type as package.xml names it (`ExternalClientApplication`). */
  type: string;
  fullName: string;
}

export interface DeployManifest {
  /** Added or updated (package.xml). */
  add: ManifestMember[];
  /** Deleted before the additions (destructiveChangesPre.xml). */
  pre?: ManifestMember[];
  /** Deleted after the additions (destructiveChangesPost.xml). */
  post?: ManifestMember[];
}

export const PACKAGE_XML = 'package.xml';
export const DESTRUCTIVE_PRE_XML = 'destructiveChangesPre.xml';
export const DESTRUCTIVE_POST_XML = 'destructiveChangesPost.xml';

/**
 * The manifests of one Metadata API deploy, relative to its package folder: package.xml always
 * (empty for a delete-only deploy: the guide requires it, with the API version), each
 * destructive manifest only when it lists something. Members are grouped by type, types and
 * members sorted (SDR's order), 4-space indented, each file with `<version>apiVersion</version>`.
 * @param apiVersion `66.0`.
 * @throws Error from SDR's registry for a type it does not know.
 */
export async function manifestFiles(manifest: DeployManifest, apiVersion: string): Promise<MetadataFile[]> {
  const sdr = await import('@salesforce/source-deploy-retrieve');
  const registry = new sdr.RegistryAccess();
  const set = new sdr.ComponentSet([], registry);
  // Set, so that SDR never looks for sfdx-project.json, the config or the org for a version.
  set.sourceApiVersion = apiVersion;
  set.apiVersion = apiVersion;
  // A SourceComponent without files: ComponentSet marks only those for delete.
  const component = (m: ManifestMember): InstanceType<typeof sdr.SourceComponent> =>
    new sdr.SourceComponent({ name: m.fullName, type: registry.getTypeByName(m.type) });
  for (const m of manifest.add) set.add(component(m));
  for (const m of manifest.pre ?? []) set.add(component(m), sdr.DestructiveChangesType.PRE);
  for (const m of manifest.post ?? []) set.add(component(m), sdr.DestructiveChangesType.POST);
  const files: MetadataFile[] = [{ path: PACKAGE_XML, content: await set.getPackageXml(4) }];
  if ((manifest.pre ?? []).length > 0)
    files.push({
      path: DESTRUCTIVE_PRE_XML,
      content: await set.getPackageXml(4, sdr.DestructiveChangesType.PRE),
    });
  if ((manifest.post ?? []).length > 0)
    files.push({
      path: DESTRUCTIVE_POST_XML,
      content: await set.getPackageXml(4, sdr.DestructiveChangesType.POST),
    });
  return files;
}
