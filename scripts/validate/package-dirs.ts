/**
 * The package directories of an SFDX project (sfdx-project.json `packageDirectories[].path`,
 * as the sf CLI reads them) and the files under them.
 */
import { join, relative, sep } from 'node:path';
import type { Diagnostic } from '../core/diagnostic';
import { listFilesRecursive, readTextIfExists } from '../core/files';

export const PROJECT_FILE = 'sfdx-project.json';

export interface PackageDirectories {
  /** Relative to the project root, forward slashes, without a trailing slash. */
  paths: string[];
  /** The project's sourceApiVersion, when set. */
  sourceApiVersion?: string;
  problems: Diagnostic[];
}

function normalize(path: string): string {
  return path.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '');
}

/** Reads sfdx-project.json; without one (or without packageDirectories) the project is force-app/. */
export function packageDirectories(root: string): PackageDirectories {
  const text = readTextIfExists(join(root, PROJECT_FILE));
  if (text === undefined) return { paths: ['force-app'], problems: [] };
  let project: { packageDirectories?: Array<{ path?: unknown }>; sourceApiVersion?: unknown };
  try {
    project = JSON.parse(text) as typeof project;
  } catch (error) {
    return {
      paths: ['force-app'],
      problems: [
        {
          severity: 'error',
          code: 'PROJECT_JSON_INVALID',
          message: `${PROJECT_FILE} is not valid JSON: ${(error as Error).message}`,
          location: { file: PROJECT_FILE },
          source: 'salesforce',
          fix: 'fix the JSON syntax; the sf CLI cannot read the project either',
        },
      ],
    };
  }
  const paths = (Array.isArray(project.packageDirectories) ? project.packageDirectories : [])
    .map((d) => (typeof d?.path === 'string' ? normalize(d.path) : ''))
    .filter((p) => p.length > 0 && !p.startsWith('..'));
  return {
    paths: paths.length > 0 ? [...new Set(paths)] : ['force-app'],
    sourceApiVersion: typeof project.sourceApiVersion === 'string' ? project.sourceApiVersion : undefined,
    problems: [],
  };
}

/** Every file under the package directories, relative to the root with forward slashes, each once. */
export function listPackageFiles(root: string, dirs: string[]): string[] {
  const files = new Set<string>();
  for (const dir of dirs)
    for (const full of listFilesRecursive(join(root, dir)))
      files.add(relative(root, full).split(sep).join('/'));
  return [...files].sort();
}
