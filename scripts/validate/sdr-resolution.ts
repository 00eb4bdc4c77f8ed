/**
 * Resolves force-app/ with source-deploy-retrieve, the library the real `sf` CLI uses, and
 * compares the component set with what the config generates (minus what .forceignore keeps
 * out of plain `sf` deploys). Loaded lazily: SDR costs ~0.3 s to import.
 */
import type { Problem } from '../core/errors';

export interface ExpectedMember {
  type: string;
  fullName: string;
}

export async function checkSdrResolution(root: string, expected: ExpectedMember[]): Promise<Problem[]> {
  const { ComponentSet } = await import('@salesforce/source-deploy-retrieve');
  const { join } = await import('node:path');
  const set = ComponentSet.fromSource(join(root, 'force-app'));
  const actual = new Set<string>();
  for (const c of set.getSourceComponents()) actual.add(`${c.type.name}:${c.fullName}`);
  const want = new Set(expected.map((e) => `${e.type}:${e.fullName}`));
  const problems: Problem[] = [];
  for (const key of want) {
    if (!actual.has(key))
      problems.push({
        severity: 'error',
        code: 'SDR_MISSING',
        message: `source-deploy-retrieve does not resolve ${key} from force-app/`,
        file: 'force-app',
        hint: 'check the file name, folder and suffix',
      });
  }
  for (const key of actual) {
    if (!want.has(key))
      problems.push({
        severity: 'error',
        code: 'SDR_UNEXPECTED',
        message: `force-app/ resolves to ${key}, which the config does not generate`,
        file: 'force-app',
        hint: 'remove the file or run reco-sf generate',
      });
  }
  return problems;
}
