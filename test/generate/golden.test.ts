/**
 * Golden files: each folder under golden/ holds an input config (reco.config.json) and the
 * exact tree the generator must produce from it (expected/). Whole directories are compared,
 * so a missing or an extra file fails. Regenerate after an intended change with
 *   UPDATE_GOLDEN=1 npx jest test/generate/golden.test.ts
 * and review the diff.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { errorsOf } from '../../scripts/core/diagnostic';
import { parseMetadata, type XmlRecord } from '../../scripts/core/xml';
import { runOfflinePipeline } from '../../scripts/generate/pipeline';
import type { GeneratedFile } from '../../scripts/generate/project';
import { demoConfig, listTree } from '../builders/project';
import { writeFilesAtomic } from '../../scripts/core/files';

const GOLDEN = join(__dirname, 'golden');
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const CASES = readdirSync(GOLDEN).sort();

function generate(caseDir: string): GeneratedFile[] {
  const result = runOfflinePipeline(caseDir, join(caseDir, 'reco.config.json'));
  expect(errorsOf(result.problems)).toEqual([]);
  if (!result.project) throw new Error('no project generated');
  return result.project.files;
}

it('has the golden cases the issue asks for', () => {
  expect(CASES).toEqual(
    expect.arrayContaining([
      'default',
      'connected-app',
      'installed',
      'event-monitoring-off',
      'streaming-subset',
      'xml-special',
    ]),
  );
});

describe.each(CASES)('golden case %s', (name) => {
  const caseDir = join(GOLDEN, name);
  const expectedDir = join(caseDir, 'expected');

  it('Given its config, when generated, then the tree equals expected/ exactly (no missing or extra files)', () => {
    const files = generate(caseDir);
    if (UPDATE) {
      rmSync(expectedDir, { recursive: true, force: true });
      writeFilesAtomic(files.map((f) => ({ path: join(expectedDir, f.path), content: f.content })));
    }
    expect(files.map((f) => f.path).sort()).toEqual(listTree(expectedDir));
    for (const file of files)
      expect({ path: file.path, content: file.content }).toEqual({
        path: file.path,
        content: readFileSync(join(expectedDir, file.path), 'utf8'),
      });
  });
});

describe('golden contents', () => {
  const tree = (name: string): string[] =>
    listTree(join(GOLDEN, name, 'expected')).filter((p) => p.startsWith('force-app/'));

  it('default is the demo config the other tests build their projects from', () => {
    const { $schema, ...demo } = demoConfig();
    expect($schema).toBe('./reco.config.schema.json');
    expect(JSON.parse(readFileSync(join(GOLDEN, 'default', 'reco.config.json'), 'utf8'))).toEqual(demo);
  });

  it('connected-app has one ConnectedApp and no ECA files; installed has no OAuth app files at all', () => {
    expect(tree('connected-app').filter((p) => /connectedApps|extlClnt|externalClientApps/.test(p))).toEqual([
      'force-app/main/default/connectedApps/Reco_Integration.connectedApp-meta.xml',
    ]);
    expect(tree('installed').filter((p) => /connectedApps|extlClnt|externalClientApps/.test(p))).toEqual([]);
  });

  it('event-monitoring-off has neither Event nor RealTimeEvent settings, and no scratch features', () => {
    expect(tree('event-monitoring-off').filter((p) => p.includes('/settings/'))).toEqual([
      'force-app/main/default/settings/Security.settings-meta.xml',
    ]);
    const scratch = JSON.parse(
      readFileSync(
        join(GOLDEN, 'event-monitoring-off', 'expected', 'config', 'project-scratch-def.json'),
        'utf8',
      ),
    ) as { features: string[] };
    expect(scratch.features).toEqual([]);
  });

  it('xml-special: the generated XML escapes <, & and ]]> and parses back to the config text', () => {
    const config = JSON.parse(readFileSync(join(GOLDEN, 'xml-special', 'reco.config.json'), 'utf8')) as {
      permissionSet: { description: string };
      trustedIpRanges: Array<{ description: string }>;
    };
    const psText = readFileSync(
      join(
        GOLDEN,
        'xml-special',
        'expected',
        'force-app/main/default/permissionsets/Reco_Integration.permissionset-meta.xml',
      ),
      'utf8',
    );
    expect(psText).toContain(
      '<description>Reco &lt;read-only&gt; &amp; audit ]]&gt; &quot;quoted&quot; &apos;apos&apos;</description>',
    );
    expect(parseMetadata(psText, 'ps').value.description).toBe(config.permissionSet.description);
    const secText = readFileSync(
      join(GOLDEN, 'xml-special', 'expected', 'force-app/main/default/settings/Security.settings-meta.xml'),
      'utf8',
    );
    const na = parseMetadata(secText, 'sec').value.networkAccess as XmlRecord;
    expect((na.ipRanges as XmlRecord[])[0].description).toBe(config.trustedIpRanges[0].description);
  });
});
