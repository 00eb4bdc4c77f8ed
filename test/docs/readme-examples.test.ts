/**
 * The README's examples are run, so the README cannot drift from the tool:
 * - every `reco-sf …` command it shows (code blocks and the Commands table) names a real command
 *   and real options of it;
 * - every ```console example is run against the emulator, in the org state the example describes,
 *   and each output line it shows must appear, in order, in what the tool prints (`…` stands for
 *   any text, a hex prefix followed by `…` for a hash); a `# exit N (CODE)` comment is checked too;
 * - the real-org quick start and the fleet examples (```sh) run against emulated orgs under the
 *   README's aliases and exit 0.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { buildProgram } from '../../scripts/cli';
import { reachCommands } from '../../scripts/commands/start';
import { listOf, type XmlRecord } from '../../scripts/core/xml';
import { PROFILES } from '../../scripts/catalog/catalog';
import type { EmulatorHandle } from '../../scripts/emulator';
import { type Harness, type RunResult, useHarness } from '../e2e/deploy-harness';

const README = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
const USERNAME = 'reco-integration@example.com.reco';

interface Block {
  lang: string;
  lines: string[];
}

function codeBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  let current: Block | null = null;
  for (const line of text.split('\n')) {
    const fence = /^```(\w*)\s*$/.exec(line);
    if (fence && current === null) current = { lang: fence[1], lines: [] };
    else if (fence && current !== null) {
      blocks.push(current);
      current = null;
    } else current?.lines.push(line);
  }
  return blocks;
}

/** A shown command line as reco-sf arguments; null when the line runs something else. */
function recoArgs(line: string): { args: string[]; comment: string; redirect?: string } | null {
  const hash = line.indexOf('  #');
  const comment = hash >= 0 ? line.slice(hash + 3).trim() : '';
  let text = (hash >= 0 ? line.slice(0, hash) : line).trim().replace(/^\$ /, '');
  let redirect: string | undefined;
  const redirection = / > (\S+)$/.exec(text);
  if (redirection) {
    redirect = redirection[1];
    text = text.slice(0, redirection.index);
  }
  const prefixes: Array<[RegExp, string[]]> = [
    [/^(npx )?reco-sf /, []],
    [/^npm run reco -- /, []],
    [/^npm start( -- )?/, ['start']],
    [/^npm run scratch -- /, ['scratch']],
    [/^npm ci && npm start$/, ['start']],
  ];
  for (const [prefix, head] of prefixes) {
    if (!prefix.test(text)) continue;
    const rest = text.replace(prefix, '').replace(/[[\]]/g, '').trim();
    return { args: [...head, ...(rest === '' ? [] : rest.split(/\s+/))], comment, redirect };
  }
  return null;
}

function shownCommands(): string[] {
  const lines = codeBlocks(README)
    .filter((b) => b.lang === 'sh' || b.lang === 'console')
    .flatMap((b) => b.lines);
  const table = README.split('\n')
    .map((l) => /^\| `(reco-sf [^`]+)` \|/.exec(l)?.[1])
    .filter((l): l is string => l !== undefined)
    .map((l) => l.replace(/ \\\| /g, ' ').replace(/\\\|/g, '|'));
  return [...lines, ...table].filter((l) => recoArgs(l) !== null);
}

/** Options of a command, long and short, plus the program's own. */
function knownFlags(program: Command, command: Command): Set<string> {
  const flags = new Set(['--help', '-h']);
  for (const o of [...program.options, ...command.options]) {
    if (o.long) flags.add(o.long);
    if (o.short) flags.add(o.short);
    if (o.negate && o.long) flags.add(o.long);
  }
  return flags;
}

describe('README commands name real commands and options', () => {
  const program = buildProgram({ code: 0 });
  const commands = shownCommands();

  it('shows commands at all (the parser still finds them)', () => {
    expect(commands.length).toBeGreaterThan(20);
  });

  it.each(commands)('%s', (line) => {
    const shown = recoArgs(line);
    const [name, ...rest] = shown?.args ?? [];
    const command = program.commands.find((c) => c.name() === name);
    expect(command?.name()).toBe(name);
    if (!command) return;
    const flags = knownFlags(program, command);
    for (const token of rest.filter((t) => t.startsWith('-')))
      expect(`${name} ${token}: ${flags.has(token.replace(/=.*/, '')) ? 'known' : 'unknown'}`).toBe(
        `${name} ${token}: known`,
      );
  });

  it('shows the commands npm start -- --keep prints, as reco-sf start prints them', () => {
    const home = '/path/to/repo/.reco/emulator/sf-home';
    for (const command of reachCommands(home)) expect(README).toContain(`\n  ${command}\n`);
  });

  it('the Commands table lists every command', () => {
    for (const c of program.commands) expect(README).toContain(`| \`reco-sf ${c.name()}`);
  });
});

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A README output line as a pattern: `…` is any text, `76beecef…` any hash, and the README's
 * example org name "Acme" stands for the emulated org's name.
 */
function linePattern(expected: string, orgName: string): RegExp {
  const pattern = expected
    .split(/([0-9a-f]{6,}…|…|\bAcme\b)/)
    .map((part) => {
      if (part === '…') return '.*';
      if (part === 'Acme') return escapeRegExp(orgName);
      if (/^[0-9a-f]{6,}…$/.test(part)) return '[0-9a-f]+.*';
      return escapeRegExp(part);
    })
    .join('');
  return new RegExp(`^${pattern}$`);
}

/** Each expected line matches some printed line, in order. */
function missingLines(expected: string[], printed: string, orgName: string): string[] {
  const lines = printed.split('\n');
  let at = 0;
  const missing: string[] = [];
  for (const want of expected.filter((l) => l.trim() !== '')) {
    const pattern = linePattern(want, orgName);
    const found = lines.findIndex((l, i) => i >= at && pattern.test(l));
    if (found < 0) missing.push(want);
    else at = found + 1;
  }
  return missing;
}

interface Example {
  line: string;
  args: string[];
  comment: string;
  redirect?: string;
  expected: string[];
}

function consoleExamples(block: Block): Example[] {
  const examples: Example[] = [];
  for (const line of block.lines) {
    if (line.startsWith('$ ')) {
      const shown = recoArgs(line);
      if (!shown) throw new Error(`README console line runs something other than reco-sf: ${line}`);
      examples.push({ line, ...shown, expected: [] });
    } else examples.at(-1)?.expected.push(line);
  }
  return examples;
}

function deployedPermissionSet(org: EmulatorHandle, change: (names: string[]) => string[]): void {
  const ps = org.store.getMetadata('PermissionSet', 'Reco_Integration');
  if (!ps) throw new Error('no permission set');
  const names = change(listOf<XmlRecord>(ps.value.userPermissions).map((p) => String(p.name)));
  org.store.putMetadata('PermissionSet', 'Reco_Integration', {
    ...ps.value,
    userPermissions: names.map((name) => ({ enabled: true, name })),
  });
}

function removeTrustedRange(org: EmulatorHandle, start: string): void {
  const security = org.store.getMetadata('Settings', 'Security')?.value;
  const ranges = listOf<XmlRecord>((security?.networkAccess as XmlRecord | undefined)?.ipRanges).filter(
    (r) => r.start !== start,
  );
  org.store.putMetadata('Settings', 'Security', { networkAccess: { ipRanges: ranges } });
}

function freezeUser(org: EmulatorHandle): void {
  const user = org.store.rows('User').find((u) => u.Username === USERNAME);
  const login = org.store.rows('UserLogin').find((l) => l.UserId === user?.Id);
  org.store.update('UserLogin', String(login?.Id), { IsFrozen: true });
}

const OWN_RANGES = [
  { start: '192.0.2.10', end: '192.0.2.20', description: 'Office' },
  { start: '192.0.2.40', end: '192.0.2.40', description: 'VPN' },
];

/**
 * The org state each console example describes, by the command it shows first. An example with
 * no setup here fails: add one when adding an example to the README.
 */
const SETUPS: Record<string, (h: Harness) => Promise<EmulatorHandle>> = {
  async plan(h) {
    const org = await h.org(
      { shape: ['shield', 'production'], seed: { trustedIpRanges: [OWN_RANGES[0]] } },
      'acme',
    );
    await deployed(h);
    deployedPermissionSet(org, (names) => [...names.filter((n) => n !== 'ViewSetup'), 'ModifyAllData']);
    removeTrustedRange(org, '203.0.113.0');
    return org;
  },
  async verify(h) {
    const org = await h.org({ shape: ['shield', 'sandbox'] }, 'acme');
    await deployed(h);
    deployedPermissionSet(org, (names) => names.filter((n) => n !== 'ViewRoles'));
    removeTrustedRange(org, '203.0.113.0');
    freezeUser(org);
    return org;
  },
  async doctor(h) {
    h.writeConfig((c) => {
      c.oauthApp.kind = 'installed';
    });
    return h.org(
      {
        shape: ['shield', 'sandbox'],
        seed: {
          profileLoginIpRanges: [
            { profile: PROFILES.apiOnly, ranges: [{ startAddress: '192.0.2.0', endAddress: '192.0.2.255' }] },
          ],
          permissionSetLicenses: [
            { developerName: 'SalesforceAPIIntegrationPsl', totalLicenses: 2, usedLicenses: 2 },
          ],
          installedConnectedApps: [{ name: 'Reco Introspection for Salesforce', ipRelaxation: 'enforce' }],
        },
      },
      'acme',
    );
  },
  async teardown(h) {
    // Receipts of the other examples' deploys (same emulated org id) are not this org's history.
    rmSync(join(h.project, '.reco'), { recursive: true, force: true });
    const org = await h.org(
      {
        shape: ['shield', 'sandbox'],
        seed: { trustedIpRanges: OWN_RANGES, settings: { Event: { enableDeleteMonitoringData: true } } },
      },
      'acme',
    );
    await deployed(h);
    return org;
  },
};

async function deployed(h: Harness): Promise<void> {
  const run = await h.run(['deploy', '--target-org', 'acme', '--yes', '--json']);
  if (run.code !== 0) throw new Error(`setup deploy failed: ${run.stdout}${run.stderr}`);
}

/** `# exit N` / `# exit N (CODE)` in the shown comment; no such comment: the command succeeds (exit 0). */
function checkExit(example: Example, run: RunResult): void {
  const exit = /exit (\d+)(?: \(([A-Z_]+)\))?/.exec(example.comment);
  expect(`${example.line} → exit ${run.code}`).toBe(`${example.line} → exit ${exit?.[1] ?? 0}`);
  if (exit?.[2]) expect(run.stdout + run.stderr).toContain(exit[2]);
}

describe('README console examples, run against the emulator', () => {
  const h = useHarness({ afterEach: 'restore' });

  const blocks = codeBlocks(README).filter((b) => b.lang === 'console');
  it('has console examples', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(4);
  });

  it.each(blocks.map((b) => [b.lines[0], b] as const))('%s', async (_first, block) => {
    const examples = consoleExamples(block);
    const setup = SETUPS[examples[0]?.args[0] ?? ''];
    expect(setup).toBeDefined();
    const org = await setup(h);
    const orgName = String(org.store.rows('Organization')[0].Name);
    for (const example of examples) {
      // A shown hash (`76beecef…`) is not the org's: the command is run with it as shown, padded
      // with zeros to a plan hash's 64 hex digits (a shorter one is INVALID_PLAN_HASH, offline).
      const args = example.args.map((a) =>
        /^[0-9a-f]+…$/.test(a) ? a.replace(/…$/, '').padEnd(64, '0') : a.replace(/…$/, ''),
      );
      const run = await h.run(args);
      if (example.redirect) {
        expect(run.stdout).not.toBe('');
        writeFileSync(join(h.project, example.redirect), run.stdout);
      }
      checkExit(example, run);
      const printed = run.stdout + run.stderr;
      const missing = missingLines(example.expected, printed, orgName);
      // On a mismatch, the diff shows what the tool printed, to copy into the README.
      expect({ line: example.line, missing, printed: missing.length > 0 ? printed : '' }).toEqual({
        line: example.line,
        missing: [],
        printed: '',
      });
    }
  });
});

describe('README sh examples against orgs with its aliases', () => {
  const h = useHarness({ afterEach: 'stop' });

  /** The sh blocks whose commands target these aliases (all of them), run in order. */
  async function runBlock(aliases: string[], files: Record<string, string> = {}): Promise<number> {
    const block = codeBlocks(README).find(
      (b) =>
        b.lang === 'sh' &&
        aliases.every((a) => b.lines.some((l) => l.includes(`--target-org ${a}`) || l.includes(a))),
    );
    if (!block) throw new Error(`no sh block in the README targets ${aliases.join(', ')}`);
    for (const [i, alias] of aliases.entries())
      await h.org({ shape: ['shield', 'sandbox'], orgNumber: i + 1 }, alias);
    for (const [name, text] of Object.entries(files)) writeFileSync(join(h.project, name), text);
    let ran = 0;
    for (const line of block.lines) {
      const shown = recoArgs(line);
      if (!shown) continue;
      const run = await h.run(shown.args);
      expect({ line, code: run.code, out: run.code === 0 ? '' : run.stdout + run.stderr }).toEqual({
        line,
        code: 0,
        out: '',
      });
      ran++;
    }
    return ran;
  }

  it('the real-org quick start: validate, deploy --dry-run, deploy', async () => {
    expect(await runBlock(['my-org'])).toBe(3);
  });

  it('the request counts the README states: a first deploy, then a second run with no changes', async () => {
    const stated =
      /A second run reads the org \((\d+) requests\)[^]*?A first deploy makes (\d+) requests/.exec(README);
    expect(stated).not.toBeNull();
    const org = await h.org({ shape: ['shield', 'sandbox'] }, 'counted');
    const beforeFirst = org.requestLog().length; // logging in made requests of its own
    const first = await h.run(['deploy', '--target-org', 'counted', '--json']);
    const afterFirst = org.requestLog().length;
    const second = await h.run(['deploy', '--target-org', 'counted', '--json']);
    expect([first.code, second.code]).toEqual([0, 0]);
    expect({ first: afterFirst - beforeFirst, second: org.requestLog().length - afterFirst }).toEqual({
      first: Number(stated?.[2]),
      second: Number(stated?.[1]),
    });
  });

  it('the fleet example: the targets file the README shows (each org its own username), then the deploy', async () => {
    const block = codeBlocks(README).find((b) => b.lang === 'sh' && b.lines.includes('cat orgs.txt'));
    // The lines `cat orgs.txt` prints: everything in the block that is neither a command nor empty.
    const orgsTxt = (block?.lines ?? []).filter((l) => l.trim() !== '' && !/^(cat|npx|npm) /.test(l));
    expect(orgsTxt.filter((l) => !l.startsWith('#')).every((l) => /\busername=\S+@/.test(l))).toBe(true);
    expect(await runBlock(['acme-uat', 'beta-uat', 'prod'], { 'orgs.txt': orgsTxt.join('\n') + '\n' })).toBe(
      1,
    );
  });
});
