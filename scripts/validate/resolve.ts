/**
 * File → metadata component, as source-deploy-retrieve (the library behind `sf`) resolves it,
 * for every file of every package directory.
 *
 * Importing SDR costs ~0.5 s, more than the rest of `validate`. Most metadata files are named
 * `<fullName>.<suffix>-meta.xml` (source format) or `<type dir>/<fullName>.<suffix>` (metadata
 * format) of a type with no children, bundles or folders, or a content file beside its -meta.xml
 * (`classes/A.cls` + `classes/A.cls-meta.xml`): those are placed by
 * SDR's own registry (metadataRegistry.json, ~140 KB of JSON: suffix → type). Every other file
 * (objects and their fields, bundles, folders, unknown suffixes) is left to SDR's
 * MetadataResolver, loaded only when such a file exists; its answers are cached under
 * .reco/cache keyed by SDR's version and those files' paths.
 */
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { readTextIfExists, writeFileAtomic } from '../core/files';

export interface ResolvedFile {
  /** Relative to the project root, forward slashes. */
  file: string;
  /** Metadata type name (`Settings`, `PermissionSet`, …) and member name (`Security`). */
  type: string;
  fullName: string;
  /** The component's metadata XML file (for a content file: its -meta.xml), relative. */
  xml?: string;
}

export interface Resolution {
  resolved: ResolvedFile[];
  /** Files SDR cannot place (a plain `sf` deploy skips or refuses them). */
  unresolved: string[];
  /** Whether SDR itself had to be loaded (for the bench and tests). */
  usedSdr: boolean;
}

interface RegistryType {
  id: string;
  name: string;
  suffix?: string;
  directoryName?: string;
  strictDirectoryName?: boolean;
  inFolder?: boolean;
  folderType?: string;
  children?: {
    types: Record<string, RegistryType>;
    suffixes: Record<string, string>;
    directories?: Record<string, string>;
  };
  strategies?: unknown;
}

interface Registry {
  types: Record<string, RegistryType>;
  suffixes: Record<string, string>;
  strictDirectoryNames: Record<string, string>;
}

const SDR_PACKAGE = '@salesforce/source-deploy-retrieve';
const CACHE_FILE = '.reco/cache/sdr-resolution.json';

let registry: Registry | null | undefined;

/** SDR's registry JSON; null if this SDR version moved it (then SDR resolves every file). */
function sdrRegistry(): Registry | null {
  if (registry === undefined) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- plain JSON, no module code runs
      registry = require(`${SDR_PACKAGE}/lib/src/registry/metadataRegistry.json`) as Registry;
    } catch {
      registry = null;
    }
  }
  return registry;
}

/** Whether a type's only strategy is a content file beside its -meta.xml (ApexClass: A.cls + A.cls-meta.xml). */
function isContentPair(type: RegistryType): boolean {
  const strategies = type.strategies as Record<string, unknown> | undefined;
  return (
    strategies !== undefined &&
    Object.keys(strategies).length === 1 &&
    strategies.adapter === 'matchingContentFile'
  );
}

/**
 * The cheap path: a top-level, childless, folderless type named by its suffix, or a content type
 * whose content file and -meta.xml are both present (`present`, relative paths); undefined when SDR must decide.
 */
export function placeByRegistry(file: string, present?: ReadonlySet<string>): ResolvedFile | undefined {
  const reg = sdrRegistry();
  if (!reg) return undefined;
  return placeInStrictDirectory(reg, file) ?? placeBySuffix(reg, file, present);
}

function adapterOf(type: RegistryType): string | undefined {
  return (type.strategies as { adapter?: string } | undefined)?.adapter;
}

/**
 * Two shapes inside a strict directory that make up most of a real project, placed as SDR does:
 * a folder-per-type decomposed object (`objects/Obj/Obj.object-meta.xml` → CustomObject Obj,
 * `objects/Obj/fields/F.field-meta.xml` → CustomField Obj.F) and a file directly inside a
 * bundle (`lwc/b/b.js` → LightningComponentBundle b). Anything else there is SDR's to judge.
 */
function placeInStrictDirectory(reg: Registry, file: string): ResolvedFile | undefined {
  const parts = file.split('/');
  for (let i = parts.length - 2; i >= 0; i--) {
    const type = reg.types[reg.strictDirectoryNames[parts[i]] ?? ''];
    if (!type) continue;
    const rest = parts.slice(i + 1);
    const dir = parts.slice(0, i + 1).join('/');
    if (
      adapterOf(type) === 'bundle' &&
      rest.length === 2 &&
      !rest[0].startsWith('.') &&
      !rest[1].startsWith('.')
    )
      return { file, type: type.name, fullName: rest[0], xml: `${dir}/${rest[0]}` };
    if (adapterOf(type) === 'decomposed' && type.children?.directories && type.suffix) {
      const parent = rest[0];
      if (rest.length === 2 && rest[1] === `${parent}.${type.suffix}-meta.xml`)
        return { file, type: type.name, fullName: parent, xml: file };
      const childId = rest.length === 3 ? type.children.directories[rest[1]] : undefined;
      const child = /^([^.]+)\.([A-Za-z]+)-meta\.xml$/.exec(rest[2] ?? '');
      if (childId && child && type.children.suffixes[child[2]] === childId && type.children.types[childId])
        return {
          file,
          type: type.children.types[childId].name,
          fullName: `${parent}.${child[1]}`,
          xml: file,
        };
    }
    return undefined;
  }
  return undefined;
}

function placeBySuffix(reg: Registry, file: string, present?: ReadonlySet<string>): ResolvedFile | undefined {
  const name = basename(file);
  const source = /^([^.]+)\.([A-Za-z0-9]+)-meta\.xml$/.exec(name);
  const metadata = source ? undefined : /^([^.]+)\.([A-Za-z0-9]+)$/.exec(name);
  const match = source ?? metadata;
  if (!match) return undefined;
  const typeId = reg.suffixes[match[2]];
  const type = typeId === undefined ? undefined : reg.types[typeId];
  if (!type || type.children || type.inFolder || type.folderType || type.strictDirectoryName !== false)
    return undefined;
  const pair = isContentPair(type);
  if (type.strategies && !pair) return undefined;
  const dirs = dirname(file).split('/');
  // Inside a strict directory (lwc/, objects/, staticresources/ …) SDR applies that type's rules.
  if (dirs.some((d) => reg.strictDirectoryNames[d] !== undefined)) return undefined;
  if (pair) {
    const xml = source ? file : `${file}-meta.xml`;
    const content = source ? file.slice(0, -'-meta.xml'.length) : file;
    if (!present?.has(xml) || !present.has(content)) return undefined;
    return { file, type: type.name, fullName: match[1], xml };
  }
  // A metadata-format file counts only in its type's folder (settings/Security.settings).
  if (metadata && dirs[dirs.length - 1] !== type.directoryName) return undefined;
  return { file, type: type.name, fullName: match[1], xml: file };
}

function sdrVersion(): string {
  const pkg = JSON.parse(readFileSync(require.resolve(`${SDR_PACKAGE}/package.json`), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

interface CachedResolution {
  key: string;
  resolved: ResolvedFile[];
  unresolved: string[];
}

async function resolveWithSdr(
  root: string,
  files: string[],
): Promise<{ resolved: ResolvedFile[]; unresolved: string[] }> {
  const { MetadataResolver } = await import(SDR_PACKAGE);
  // .forceignore was applied by the caller; SDR must judge every file it is given.
  const resolver = new MetadataResolver(undefined, undefined, false);
  const resolved: ResolvedFile[] = [];
  const unresolved: string[] = [];
  for (const file of files) {
    try {
      const components = resolver.getComponentsFromPath(join(root, file));
      if (components.length === 0) unresolved.push(file);
      for (const c of components) {
        const xml = c.xml ? relativeTo(root, c.xml) : undefined;
        resolved.push({ file, type: c.type.name, fullName: c.fullName, ...(xml ? { xml } : {}) });
      }
    } catch {
      // TypeInferenceError and kin: SDR cannot place the file.
      unresolved.push(file);
    }
  }
  return { resolved, unresolved };
}

function relativeTo(root: string, path: string): string {
  return path.startsWith(root + '/') ? path.slice(root.length + 1) : path;
}

/**
 * Resolves `files` (relative to `root`, .forceignore already applied) to components. SDR is
 * loaded only for files the registry cannot place; with `useCache` the whole answer is reused
 * while SDR's version and the paths stay the same.
 */
export async function resolveFiles(root: string, files: string[], useCache = true): Promise<Resolution> {
  // Resolution depends on the paths alone (and SDR's version): a warm run with the same paths
  // reuses the whole answer and does not even read the registry. The key is that input itself,
  // compared as it is (no hash: node:crypto costs a warm run ~6 ms to load).
  const key = `${sdrVersion()} ${JSON.stringify([...files].sort())}`;
  const cachePath = join(root, CACHE_FILE);
  if (useCache) {
    const cached = readCache(cachePath);
    if (cached?.key === key)
      return { resolved: cached.resolved, unresolved: cached.unresolved, usedSdr: false };
  }
  const resolved: ResolvedFile[] = [];
  const rest: string[] = [];
  const present = new Set(files);
  for (const file of files) {
    const placed = placeByRegistry(file, present);
    if (placed) resolved.push(placed);
    else rest.push(file);
  }
  const bySdr = rest.length > 0 ? await resolveWithSdr(root, rest) : { resolved: [], unresolved: [] };
  const all = { resolved: [...resolved, ...bySdr.resolved], unresolved: bySdr.unresolved };
  if (useCache) {
    try {
      writeFileAtomic(cachePath, JSON.stringify({ key, ...all }) + '\n');
    } catch {
      // A read-only checkout still validates; it only loses the cache.
    }
  }
  return { ...all, usedSdr: rest.length > 0 };
}

function readCache(path: string): CachedResolution | undefined {
  try {
    const cached = JSON.parse(readTextIfExists(path) ?? 'null') as CachedResolution | null;
    return cached && Array.isArray(cached.resolved) && Array.isArray(cached.unresolved) ? cached : undefined;
  } catch {
    return undefined;
  }
}
