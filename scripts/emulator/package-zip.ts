/**
 * Metadata API zips: reading a deploy zip (package.xml, destructiveChanges*.xml, component
 * files; singlePackage=true puts them at the root, false under one package folder) and writing
 * a retrieve zip.
 */
import JSZip from 'jszip';
import { XMLParser } from 'fast-xml-parser';
import { escapeXml } from '../core/xml';

export interface ManifestType {
  name: string;
  members: string[];
}
export interface Manifest {
  types: ManifestType[];
  version?: string;
}

export interface DeployPackage {
  /** '' for singlePackage, else `folder/`. */
  prefix: string;
  manifest: Manifest;
  destructivePre?: Manifest;
  destructive?: Manifest;
  destructivePost?: Manifest;
  /** Component files by path relative to the package folder. */
  files: Map<string, string>;
}

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  isArray: (name) => name === 'types' || name === 'members',
});

export function parseManifest(xml: string): Manifest {
  const doc = parser.parse(xml) as {
    Package?: { types?: Array<{ name?: string; members?: string[] }>; version?: string };
  };
  const pkg = doc.Package;
  if (!pkg) throw new Error('package.xml has no Package root element');
  return {
    types: (pkg.types ?? []).map((t) => ({
      name: String(t.name ?? ''),
      members: (t.members ?? []).map(String),
    })),
    version: pkg.version === undefined ? undefined : String(pkg.version),
  };
}

export function renderManifest(manifest: Manifest): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<Package xmlns="http://soap.sforce.com/2006/04/metadata">',
  ];
  for (const t of manifest.types) {
    lines.push('    <types>');
    for (const m of t.members) lines.push(`        <members>${escapeXml(m)}</members>`);
    lines.push(`        <name>${escapeXml(t.name)}</name>`, '    </types>');
  }
  if (manifest.version) lines.push(`    <version>${manifest.version}</version>`);
  lines.push('</Package>', '');
  return lines.join('\n');
}

/** Problem found reading the zip: reported as a package.xml component failure. */
export class PackageError extends Error {}

export async function readDeployZip(base64: string, singlePackage: boolean): Promise<DeployPackage> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(Buffer.from(base64, 'base64'));
  } catch {
    throw new PackageError('The zip file is not a valid zip archive');
  }
  const paths = Object.keys(zip.files).filter((p) => !zip.files[p].dir);
  let prefix: string;
  if (singlePackage) {
    if (!paths.includes('package.xml')) throw new PackageError('No package.xml found');
    prefix = '';
  } else {
    const folders = paths
      .filter((p) => /^[^/]+\/package\.xml$/.test(p))
      .map((p) => p.slice(0, p.indexOf('/') + 1));
    if (folders.length === 0) throw new PackageError('No package.xml found');
    if (folders.length > 1)
      throw new PackageError(
        `Multiple packages in one zip are not supported by the reco-sf emulator: ${folders.join(', ')}`,
      );
    prefix = folders[0];
  }
  const files = new Map<string, string>();
  for (const path of paths) {
    if (!path.startsWith(prefix)) continue;
    files.set(path.slice(prefix.length), await zip.files[path].async('string'));
  }
  const read = (name: string): Manifest | undefined => {
    const text = files.get(name);
    if (text === undefined) return undefined;
    try {
      return parseManifest(text);
    } catch (error) {
      throw new PackageError(`${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const manifest = read('package.xml');
  if (!manifest) throw new PackageError('No package.xml found');
  return {
    prefix,
    manifest,
    destructivePre: read('destructiveChangesPre.xml'),
    destructive: read('destructiveChanges.xml'),
    destructivePost: read('destructiveChangesPost.xml'),
    files,
  };
}

export async function writeZip(files: Map<string, string>): Promise<string> {
  const zip = new JSZip();
  for (const [path, text] of files) zip.file(path, text);
  const buffer = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
  return buffer.toString('base64');
}
