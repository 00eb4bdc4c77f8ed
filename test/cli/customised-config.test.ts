/**
 * A customer edits config/reco.config.json as the README says (their own user and e-mail, their
 * Reco egress ranges, another OAuth app kind, the scope the tool warns about dropped) and
 * regenerates: `reco-sf validate`, `reco-sf generate --check` and `npm test` must still pass.
 * Proved two ways: no test names the customer's files (a scan of test/), and a copy of the
 * repository customised that way passes validate, generate --check and representative suites.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import {
  REPO,
  demoConfig,
  listTree,
  makeTempDir,
  removeTempDirs,
  runCli,
  type ConfigFile,
} from '../builders/project';

afterAll(removeTempDirs);

/** The edits the README invites, applied to `config` (mutated and returned). */
function customiseLikeACustomer(config: ConfigFile): ConfigFile {
  config.integrationUser.lastName = 'Globex Reco';
  config.integrationUser.alias = 'gxreco';
  config.integrationUser.email = 'sec-ops@globex.test';
  config.integrationUser.username = 'reco.svc@globex.test';
  config.trustedIpRanges = [
    { cidr: '192.0.2.128/25', description: 'Globex Reco egress' },
    { start: '198.51.100.200', end: '198.51.100.220', description: 'Globex Reco egress 2' },
  ];
  config.oauthApp.kind = 'connected-app';
  config.oauthApp.contactEmail = 'it@globex.test';
  config.oauthApp.scopes = (config.oauthApp.scopes ?? []).filter((s) => s !== 'cdp_query_api');
  return config;
}

/** Every file under `dir` (relative, forward slashes). */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return filesUnder(full);
    return [relative(REPO, full).split(sep).join('/')];
  });
}

/** What the repository holds for a customer, and a test copies at will: sources, tests, tool files. */
const COPIED = [
  'bin',
  'scripts',
  'test',
  'config',
  'force-app',
  '.forceignore',
  'sfdx-project.json',
  'package.json',
  'tsconfig.json',
  'jest.config.js',
  'README.md',
];

describe('a customer customises the config', () => {
  it('no test names the customer config or the committed force-app/ in a path under the repository', () => {
    // The repository root (however spelled) with config/reco.config.json, a generated
    // config/*-def.json or force-app in one line; an import of them; a copy out of the root; or
    // the root passed as a project (e.g. `members(REPO)`, `copyProjectTo(dir, REPO_ROOT)`).
    const root = /\b(REPO|REPO_ROOT|ROOT|repo)\b|__dirname\s*,\s*'\.\.'\s*,\s*'\.\.'|'\.\.\/\.\.'/;
    const customerFile = /reco\.config\.json|'force-app'|force-app\/|(project-scratch|reco-user)-def\.json/;
    const importsCustomerFile = /from\s+'(\.\.\/)+(config\/reco\.config\.json|force-app)/;
    const copiesFromRoot = /cpSync\(\s*join\(\s*(REPO|REPO_ROOT|ROOT|repo)\b/;
    const rootAsProject = /\w\((REPO|REPO_ROOT)\)|,\s*(REPO|REPO_ROOT)\s*\)/;
    const offending: string[] = [];
    for (const file of filesUnder(join(REPO, 'test')).filter((f) => f.endsWith('.ts'))) {
      if (file === 'test/cli/customised-config.test.ts') continue; // copies the repository on purpose
      readFileSync(join(REPO, file), 'utf8')
        .split('\n')
        .forEach((line, i) => {
          const names = root.test(line) && customerFile.test(line);
          const uses =
            importsCustomerFile.test(line) || copiesFromRoot.test(line) || rootAsProject.test(line);
          if (names || uses) offending.push(`${file}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(offending).toEqual([]);
  });

  describe('in a copy of the repository, customised and regenerated', () => {
    let copy: string;
    beforeAll(async () => {
      copy = makeTempDir('reco-sf-customer-');
      for (const entry of COPIED) cpSync(join(REPO, entry), join(copy, entry), { recursive: true });
      symlinkSync(join(REPO, 'node_modules'), join(copy, 'node_modules'), 'dir');
      const config = customiseLikeACustomer(demoConfig());
      writeFileSync(join(copy, 'config', 'reco.config.json'), JSON.stringify(config, null, 2) + '\n');
      const generated = await runCli(copy, ['generate']);
      expect(generated.code).toBe(0);
    });

    it('the customisation is real: the committed tree no longer matches and the demo user is gone', () => {
      const userDef = readFileSync(join(copy, 'config', 'reco-user-def.json'), 'utf8');
      expect(userDef).toContain('reco.svc@globex.test');
      expect(userDef).not.toContain(demoConfig().integrationUser.username);
      const tree = listTree(join(copy, 'force-app', 'main', 'default'));
      expect(tree).toContain('connectedApps/Reco_Integration.connectedApp-meta.xml');
      expect(tree.filter((f) => f.startsWith('externalClientApps/'))).toEqual([]);
    });

    it('validate and generate --check pass', async () => {
      const validate = await runCli(copy, ['validate']);
      expect([validate.code, validate.stdout]).toEqual([0, expect.stringContaining(' 0 error(s)')]);
      expect((await runCli(copy, ['generate', '--check'])).code).toBe(0);
    });

    it('representative suites (CLI, generator, review, e2e deploy) pass there', () => {
      const suites = [
        'test/cli/cli.test.ts',
        'test/generate/determinism.test.ts',
        'test/review/plan.test.ts',
        'test/e2e/deploy.test.ts',
      ];
      const run = spawnSync(
        process.execPath,
        [join(copy, 'node_modules', 'jest', 'bin', 'jest.js'), '--runInBand', ...suites],
        { cwd: copy, encoding: 'utf8', env: { ...process.env, UPDATE_GOLDEN: '' }, timeout: 300_000 },
      );
      const summary = /Tests:.*$/m.exec(run.stderr)?.[0];
      expect([run.status, summary]).toEqual([0, expect.stringMatching(/^Tests:\s+\d+ passed, \d+ total$/)]);
      expect(run.stderr).toContain('Test Suites: 4 passed, 4 total');
    });
  });
});
