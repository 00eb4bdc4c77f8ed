/**
 * Reading the org's current metadata for our components in one Metadata API retrieve (one
 * `retrieve` plus its status polls), parsed straight from the zip in memory: cheaper in requests
 * than one readMetadata call per type, and nothing touches the project on disk.
 *
 * The request's package types and the status polling are ours, not source-deploy-retrieve's
 * (ComponentSet.getObject, MetadataApiRetrieve.pollStatus), although every deploy and destructive
 * deploy goes through SDR: this retrieve is part of every run, and a no-change re-run (5
 * requests, about 2.6–3.1 s of wall time on a 2-core machine) never loads SDR. Loading it, even
 * only `lib/src/collections/componentSet`, costs 0.74–1.14 s after @salesforce/core is loaded
 * (11 runs on the same machine, load 1.5 to 19), ComponentSet and getPackageXml then 26–93 ms,
 * and would come before the retrieve request: about a third more on each no-change re-run, for
 * two functions of a few lines
 * (test/e2e/no-change-load.test.ts fails if a no-change re-run loads SDR).
 */
import type { Connection } from '@salesforce/core';
import type { RetrieveRequest } from '@jsforce/jsforce-node/lib/api/metadata/schema';
import { parseRetrieved } from '../components';
import { SOURCE_ROOT } from '../components/types';
import type { XmlRecord } from '../core/xml';
import { RecoError } from '../core/errors';
import { withRetry } from './retry';
import { componentKey } from './types';

export interface RetrievableComponent {
  type: string;
  fullName: string;
  /** Source path (force-app/main/default/…-meta.xml). */
  path: string;
}

/** The component's path inside a Metadata API zip: `settings/Security.settings` for `…/settings/Security.settings-meta.xml`. */
export function metadataPathOf(sourcePath: string): string {
  const relative = sourcePath.startsWith(`${SOURCE_ROOT}/`)
    ? sourcePath.slice(SOURCE_ROOT.length + 1)
    : sourcePath;
  return relative.replace(/-meta\.xml$/, '');
}

/**
 * package.xml types for a retrieve: members grouped by type, types and members sorted (the order
 * SDR's ComponentSet.getObject writes; test/org/manifest.test.ts compares the two).
 */
export function packageTypes(components: RetrievableComponent[]): Array<{ name: string; members: string[] }> {
  const byType = new Map<string, Set<string>>();
  for (const c of components) byType.set(c.type, (byType.get(c.type) ?? new Set()).add(c.fullName));
  return [...byType.entries()]
    .sort(([a], [b]) => (a > b ? 1 : -1)) // code-point order, as SDR's getObject: never the locale's
    .map(([name, members]) => ({ name, members: [...members].sort() }));
}

/**
 * Waits between retrieve status polls, in ms: quick first (small retrieves finish at once), then
 * about once a second. Ours rather than SDR's poller, which would load SDR (see above).
 */
export function pollDelay(attempt: number): number {
  return Math.min(1000, 100 * 2 ** attempt);
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Current values by component key; null for components the org does not have. */
export async function retrieveComponents(
  conn: Connection,
  apiVersion: string,
  components: RetrievableComponent[],
): Promise<Record<string, XmlRecord | null>> {
  const result: Record<string, XmlRecord | null> = Object.fromEntries(
    components.map((c) => [componentKey(c), null]),
  );
  if (components.length === 0) return result;
  // jsforce types `unpackaged` as a full Package (fullName, objectPermissions…); the API needs only types and version.
  const unpackaged = { types: packageTypes(components), version: apiVersion } as unknown as NonNullable<
    RetrieveRequest['unpackaged']
  >;
  const request: Partial<RetrieveRequest> = {
    apiVersion: Number(apiVersion),
    singlePackage: false,
    unpackaged,
  };
  // retrieve only reads, so repeating it after a 503 or a reset is safe.
  const started = await withRetry(async () => await conn.metadata.retrieve(request));
  let status = await withRetry(() => conn.metadata.checkRetrieveStatus(started.id));
  for (let attempt = 0; !status.done; attempt++) {
    await sleep(pollDelay(attempt));
    status = await withRetry(() => conn.metadata.checkRetrieveStatus(started.id));
  }
  if (!status.success && status.status !== 'Succeeded') {
    throw new RecoError(
      'RETRIEVE_FAILED',
      `reading the org's current metadata failed: ${status.errorMessage ?? status.status}`,
      { exitCode: 1 },
    );
  }
  const byPath = new Map(components.map((c) => [metadataPathOf(c.path), c]));
  for (const [path, xml] of await unzipTexts(status.zipFile)) {
    const c = byPath.get(path.replace(/^unpackaged\//, ''));
    // Its kind says how to read the file (a static resource's is its content, not XML).
    if (c) result[componentKey(c)] = parseRetrieved(c, xml, path);
  }
  return result;
}

async function unzipTexts(base64: string | undefined): Promise<Array<[string, string]>> {
  if (!base64) return [];
  const { default: JSZip } = await import('jszip');
  const zip = await JSZip.loadAsync(Buffer.from(base64, 'base64'));
  const files = Object.values(zip.files).filter((f) => !f.dir && !f.name.endsWith('package.xml'));
  return Promise.all(files.map(async (f): Promise<[string, string]> => [f.name, await f.async('string')]));
}
