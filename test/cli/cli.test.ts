/** The CLI's contract through `main()`: exit codes, and the `--json` envelope of validate and generate. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileAt, type Diagnostic } from '../../scripts/core/diagnostic';
import { main } from '../../scripts/cli';
import { resolveShape } from '../../scripts/emulator/shapes';
import { REPO, aConfig, aProject, removeTempDirs, runCli, treeHash, writeJson } from '../builders/project';

afterAll(removeTempDirs);

interface Envelope {
  status: number;
  result: { errors: Diagnostic[]; warnings: Diagnostic[] };
  warnings: Diagnostic[];
}

function parseOne(stdout: string): Envelope {
  // Exactly one JSON object on stdout: JSON.parse fails on anything before or after it.
  return JSON.parse(stdout) as Envelope;
}

describe('reco-sf CLI', () => {
  let project: string;
  beforeAll(() => {
    project = aProject();
  });

  it('Given a generated demo project, generate --check exits 0 and writes nothing', async () => {
    const before = treeHash(project);
    const run = await runCli(project, ['generate', '--check']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('generate --check: 11 files match the config');
    expect(treeHash(project)).toBe(before);
  });

  it('Given a generated demo project, validate exits 0', async () => {
    const run = await runCli(project, ['validate']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/validate: \d+ files, 0 error\(s\), \d+ warning\(s\)/);
  });

  it('a bad command line without --json stays plain text on stderr, exit 2, nothing on stdout', async () => {
    const run = await runCli(project, ['verify', '--target-org', '--yes']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain("error: option '-o, --target-org <alias|username>' argument missing");
    const unknown = await runCli(project, ['deploy', '--bogus']);
    expect([unknown.code, unknown.stdout]).toEqual([2, '']);
    expect(unknown.stderr).toContain("error: unknown option '--bogus'");
  });

  it('validate --json prints one object { status, result: { errors, warnings }, warnings }', async () => {
    const run = await runCli(project, ['validate', '--json']);
    expect(run.code).toBe(0);
    const out = parseOne(run.stdout);
    expect(Object.keys(out).sort()).toEqual(['result', 'status', 'warnings']);
    expect(Object.keys(out.result).sort()).toEqual(['errors', 'warnings']);
    expect(out.status).toBe(0);
    expect(out.result.errors).toEqual([]);
    expect(out.result.warnings.map((w) => w.code)).toEqual(['LOCK_MISSING']);
    expect(out.warnings).toEqual(out.result.warnings);
  });

  it('Given a hand edit, validate --json has status 2, exit 2, and an OUT_OF_SYNC error naming the file', async () => {
    const copy = aProject();
    const file = 'force-app/main/default/settings/Event.settings-meta.xml';
    writeFileSync(
      join(copy, file),
      '<?xml version="1.0" encoding="UTF-8"?>\n<EventSettings xmlns="http://soap.sforce.com/2006/04/metadata">\n    <enableDeleteMonitoringData>true</enableDeleteMonitoringData>\n</EventSettings>\n',
    );
    const run = await runCli(copy, ['validate', '--json']);
    expect(run.code).toBe(2);
    const out = parseOne(run.stdout);
    expect(out.status).toBe(2);
    expect(out.result.errors.map((p) => [p.code, fileAt(p)?.file])).toEqual([['OUT_OF_SYNC', file]]);
  });

  it('Given a bad config, generate --json has status 2 and lists the problem; exit code 2', async () => {
    const copy = aProject();
    writeJson(
      join(copy, 'config', 'reco.config.json'),
      aConfig((c) => {
        c.integrationUser.email = 'nope';
        c.oauthApp.scopes = ['api', 'cdp_query_api'];
      }),
    );
    const run = await runCli(copy, ['generate', '--json']);
    expect(run.code).toBe(2);
    const out = JSON.parse(run.stdout) as {
      status: number;
      result: { written: string[]; problems: Diagnostic[] };
    };
    expect(out.status).toBe(2);
    expect(out.result.written).toEqual([]);
    expect(out.result.problems.map((p) => [p.severity, p.code, fileAt(p)?.path])).toEqual([
      ['error', 'EMAIL_INVALID', '/integrationUser/email'],
      ['warning', 'SCOPE_UNCERTAIN', '/oauthApp/scopes/1'],
    ]);
  });

  it('Given a missing config file, validate fails with CONFIG_NOT_FOUND', async () => {
    const run = await runCli(project, ['validate', '--json', '--config', 'nope.json']);
    expect(run.code).toBe(2);
    expect(parseOne(run.stdout).result.errors.map((p) => p.code)).toContain('CONFIG_NOT_FOUND');
  });

  it('docs --check exits 0 on a current README, 3 (drift) on a stale one, and writes nothing', async () => {
    const copy = aProject();
    const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
    writeFileSync(join(copy, 'README.md'), readme);
    expect((await runCli(copy, ['docs', '--check'])).code).toBe(0);
    const stale = readme.replace(/(<!-- generated:config-reference -->\n)/, '$1| stale row |\n');
    expect(stale).not.toBe(readme);
    writeFileSync(join(copy, 'README.md'), stale);
    const run = await runCli(copy, ['docs', '--check']);
    expect(run.code).toBe(3);
    expect(run.stdout).toContain('stale');
    expect(readFileSync(join(copy, 'README.md'), 'utf8')).toBe(stale);
  });

  it('start with an unknown or contradictory --shape exits 2 naming the shape, before anything is written', async () => {
    const dir = aProject();
    for (const shape of ['bogus', 'no-shield,shield']) {
      const run = await runCli(dir, ['start', '--shape', shape]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('BAD_SHAPE');
      expect(run.stderr).toContain(`--shape ${shape}`);
    }
    expect(existsSync(join(dir, '.reco'))).toBe(false);
  });

  it('an unknown command exits 2; --help exits 0', async () => {
    expect((await runCli(project, ['frobnicate'])).code).toBe(2);
    expect((await runCli(project, ['--help'])).code).toBe(0);
  });

  it('validate --help says it checks every package directory of sfdx-project.json, not force-app/ alone', async () => {
    const help = await runCli(project, ['validate', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('every package directory in sfdx-project.json');
    expect(help.stdout).not.toContain('under force-app/');
  });

  it('emulator --help and start --help list every shape the unknown-shape error lists, in its order', async () => {
    let message = '';
    try {
      resolveShape('no-such-shape');
    } catch (error) {
      message = (error as Error).message;
    }
    const known = /known shapes: (.*)$/.exec(message)?.[1];
    expect(known?.split(', ')).toContain('scratch');
    for (const command of ['emulator', 'start']) {
      const help = await runCli(project, [command, '--help']);
      expect(help.code).toBe(0);
      // Commander wraps long option texts: compare with the line breaks and indents collapsed.
      expect(help.stdout.replace(/\s+/g, ' ')).toContain(`comma-separated: ${known}`);
    }
  });
});

describe('reco-sf emulator --seed', () => {
  it("Given a seed naming a shape and no --shape, the seed's shape wins; --shape wins over it", async () => {
    const dir = aProject();
    const seed = join(dir, 'seed.json');
    writeJson(seed, { shape: ['sandbox'] });
    const isSandbox = async (args: string[]): Promise<boolean> => {
      const out: string[] = [];
      const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
        out.push(String(chunk));
        return true;
      });
      try {
        const running = main(['emulator', '--seed', seed, ...args]);
        for (let i = 0; i < 100 && out.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
        const match = /at (http:\/\/127\.0\.0\.1:\d+); .*SF_ACCESS_TOKEN='([^']+)'/.exec(out.join(''));
        if (!match) throw new Error(`no URL in: ${out.join('')}`);
        const response = await fetch(
          `${match[1]}/services/data/v66.0/query?q=SELECT+IsSandbox+FROM+Organization`,
          {
            headers: { Authorization: `Bearer ${match[2]}` },
          },
        );
        process.emit('SIGTERM');
        expect(await running).toBe(0);
        return ((await response.json()) as { records: Array<{ IsSandbox: boolean }> }).records[0].IsSandbox;
      } finally {
        write.mockRestore();
      }
    };
    expect(await isSandbox([])).toBe(true);
    expect(await isSandbox(['--shape', 'production'])).toBe(false);
  });
});
