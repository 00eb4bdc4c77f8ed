/**
 * The hostile-input table: every probe (JSON and XML malformations, encodings, special files,
 * symlinks, entity attacks, ranges that trust everything in any notation, org names that are
 * paths, corrupt local state) is run in-process through the commands it reaches (validate,
 * generate, plan and deploy --dry-run against the emulator; start and teardown for local state).
 * For each run: the exit code, the file or field named in the output, an unchanged tree, zero
 * requests to the org (the emulator's request log), and generous safety bounds on time and
 * memory (the measured numbers belong in `npm run bench`; set PROBE_REPORT=1 to print the worst).
 */
import { cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  aConfig,
  makeTempDir,
  removeTempDirs,
  runCli,
  writeProject,
  type ConfigFile,
} from '../builders/project';
import { makeFifo, safeTreeHash } from '../helpers/special-files';
import { useHarnessOrg } from './deploy-harness';

type Command = 'validate' | 'generate' | 'generate-check' | 'plan' | 'deploy' | 'start' | 'teardown';

interface Probe {
  name: string;
  /** Changes the project (or the world around it); returns extra arguments for every command. */
  setup(project: string, outside: string): string[] | void;
  /** Expected exit code per command the probe goes through. */
  expect: Partial<Record<Command, number>>;
  /** Every one must appear in the command's output (the file, field, code …). */
  names: string[];
  /** Extra arguments for plan and deploy (e.g. a hostile --target-org). */
  orgArgs?: string[];
}

const CONFIG = 'config/reco.config.json';
const SECURITY = 'force-app/main/default/settings/Security.settings-meta.xml';
const PERMSET = 'force-app/main/default/permissionsets/Reco_Integration.permissionset-meta.xml';
const ALL: Partial<Record<Command, number>> = { validate: 2, generate: 2, plan: 2, deploy: 2 };
const TREE: Partial<Record<Command, number>> = { validate: 2, 'generate-check': 3, plan: 2, deploy: 2 };
const ORG: Partial<Record<Command, number>> = { plan: 2, deploy: 2 };

function configText(change: (c: ConfigFile) => void = () => undefined): string {
  return JSON.stringify(aConfig(change), null, 2) + '\n';
}

/** Writes the config as raw text (so duplicates, escapes and bytes survive). */
function rawConfig(make: () => string | Buffer): Probe['setup'] {
  return (project) => {
    writeFileSync(join(project, CONFIG), make());
  };
}

function configProbe(name: string, make: () => string | Buffer, names: string[]): Probe {
  return { name, setup: rawConfig(make), expect: ALL, names: [CONFIG, ...names] };
}

/** The committed config text with `from` replaced by `to` (first occurrence). */
function edited(from: string | RegExp, to: string): () => string {
  return () => {
    const text = configText();
    const next = text.replace(from, to);
    if (next === text) throw new Error(`probe setup: ${String(from)} not found`);
    return next;
  };
}

function rangesProbe(name: string, ranges: ConfigFile['trustedIpRanges'], names: string[]): Probe {
  return configProbe(name, () => configText((c) => (c.trustedIpRanges = ranges)), names);
}

const slash7s = (count: number): ConfigFile['trustedIpRanges'] =>
  Array.from({ length: count }, (_, i) => ({ cidr: `${i * 2}.0.0.0/7` }));

function xmlProbe(
  name: string,
  file: string,
  make: (original: string) => string | Buffer,
  names: string[],
): Probe {
  return {
    name,
    setup(project) {
      const path = join(project, file);
      const original = readFileSync(path, 'utf8');
      writeFileSync(path, make(original));
    },
    expect: TREE,
    names: [file, ...names],
  };
}

const LABEL = /<label>[^<]*<\/label>/;

const PROBES: Probe[] = [
  // JSON malformations and duplicate keys
  configProbe(
    'duplicate trustedIpRanges key',
    edited('"trustedIpRanges": [', '"trustedIpRanges": [{"cidr": "0.0.0.0/7"}], "trustedIpRanges": ['),
    ['CONFIG_DUPLICATE_KEY', '/trustedIpRanges'],
  ),
  configProbe(
    'duplicate eventMonitoring.mode',
    edited('"mode": "auto"', '"mode": "required", "mode": "off"'),
    ['CONFIG_DUPLICATE_KEY', '/eventMonitoring/mode'],
  ),
  configProbe(
    'duplicate key inside a range',
    edited(/"cidr": "([^"]+)"/, '"cidr": "$1", "cidr": "0.0.0.0/7"'),
    ['CONFIG_DUPLICATE_KEY', '/trustedIpRanges/0/cidr'],
  ),
  configProbe('truncated JSON', () => configText().slice(0, 200), ['CONFIG_JSON']),
  configProbe('empty file', () => '', ['CONFIG_EMPTY']),
  configProbe('comments in JSON', () => '// hello\n' + configText(), ['CONFIG_JSON']),
  configProbe('NaN literal', edited('"demo": true', '"demo": NaN'), ['CONFIG_JSON']),
  configProbe('100,000 nested arrays', () => '['.repeat(100_000), ['CONFIG_JSON_DEPTH']),
  configProbe('2 MB of whitespace', () => ' '.repeat(2 * 1024 * 1024) + '{}', ['CONFIG_TOO_LARGE']),
  configProbe('null instead of an object', () => 'null', ['CONFIG_SCHEMA']),
  configProbe('__proto__ key', edited('"demo": true', '"__proto__": {"admin": true}, "demo": true'), [
    '__proto__',
  ]),
  configProbe('misspelt lastName', edited('"lastName"', '"lastname"'), [
    '/integrationUser/lastname',
    'did you mean "lastName"',
  ]),
  configProbe(
    'no lastName',
    () => configText((c) => delete (c.integrationUser as Partial<typeof c.integrationUser>).lastName),
    ['lastName'],
  ),
  configProbe(
    'no eventMonitoring.mode',
    () => configText((c) => delete (c.eventMonitoring as Partial<typeof c.eventMonitoring>).mode),
    ['"mode"'],
  ),
  configProbe('apiVersion 99.0', () => configText((c) => (c.apiVersion = '99.0')), [
    'CONFIG_API_VERSION_UNSUPPORTED',
    '/apiVersion',
  ]),
  configProbe('apiVersion 20.0', () => configText((c) => (c.apiVersion = '20.0')), [
    'CONFIG_API_VERSION_UNSUPPORTED',
    '/apiVersion',
  ]),
  // Characters XML and Salesforce cannot hold, and encodings
  configProbe('escaped NUL in a label', () => configText((c) => (c.permissionSet.label = 'Reco\u0000')), [
    'CONFIG_CONTROL_CHARACTER',
    '/permissionSet/label',
  ]),
  configProbe(
    'escaped BEL in a description',
    () => configText((c) => (c.permissionSet.description = 'ding\u0007')),
    ['CONFIG_CONTROL_CHARACTER', '/permissionSet/description'],
  ),
  configProbe(
    'escaped ESC in lastName',
    () => configText((c) => (c.integrationUser.lastName = '\u001b[31mRed')),
    ['CONFIG_CONTROL_CHARACTER', '/integrationUser/lastName'],
  ),
  configProbe('raw NUL byte', edited('"demo"', '"de\u0000mo"'), ['CONFIG_CONTROL_CHARACTER']),
  configProbe('lone high surrogate escape', edited(/"label": "[^"]*"/, '"label": "\\ud800"'), [
    'CONFIG_CONTROL_CHARACTER',
    '/permissionSet/label',
  ]),
  configProbe('lone low surrogate escape', edited(/"lastName": "[^"]*"/, '"lastName": "x\\udc00"'), [
    'CONFIG_CONTROL_CHARACTER',
    '/integrationUser/lastName',
  ]),
  configProbe(
    'UTF-8-encoded surrogate (CESU-8)',
    () =>
      Buffer.concat([
        Buffer.from(configText().slice(0, 20)),
        Buffer.from([0xed, 0xa0, 0x80]),
        Buffer.from(configText().slice(20)),
      ]),
    ['CONFIG_ENCODING'],
  ),
  configProbe(
    'Latin-1 byte',
    () => Buffer.from(configText().replace('Reco Integration', 'Réco Integration'), 'latin1'),
    ['CONFIG_ENCODING', 'line'],
  ),
  configProbe(
    'UTF-16LE with BOM',
    () => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(configText(), 'utf16le')]),
    ['CONFIG_ENCODING', 'UTF-16'],
  ),
  configProbe(
    'overlong UTF-8 slash',
    () => Buffer.concat([Buffer.from('{"a'), Buffer.from([0xc0, 0xaf]), Buffer.from('": 1}')]),
    ['CONFIG_ENCODING'],
  ),
  // Special files as the config
  {
    name: 'config is a FIFO',
    setup: (p) => (rmSync(join(p, CONFIG)), void makeFifo(join(p, CONFIG))),
    expect: ALL,
    names: [CONFIG, 'FIFO'],
  },
  {
    name: 'config is the zero device',
    setup: () => ['--config', '/dev/zero'],
    expect: ALL,
    names: ['/dev/zero', 'character device'],
  },
  {
    name: 'config is a directory',
    setup: (p) => (rmSync(join(p, CONFIG)), void mkdirSync(join(p, CONFIG))),
    expect: ALL,
    names: [CONFIG, 'directory'],
  },
  {
    name: 'config is a dangling symlink',
    setup: (p) => (rmSync(join(p, CONFIG)), void symlinkSync('/nonexistent/reco.json', join(p, CONFIG))),
    expect: ALL,
    names: [CONFIG],
  },
  {
    name: 'config is missing',
    setup: (p) => rmSync(join(p, CONFIG)),
    expect: ALL,
    names: [CONFIG, 'CONFIG_NOT_FOUND'],
  },
  // Ranges that together trust everything, in every notation; zone ids; non-canonical CIDRs
  rangesProbe('128 × /7 (all of IPv4)', slash7s(128), ['IP_RANGES_COVER_ALL', 'IPv4']),
  rangesProbe('127 × /7 (nearly all of IPv4)', slash7s(127), ['IP_RANGES_COVER_ALL']),
  rangesProbe('IPv4-mapped ::ffff:0:0/96', [{ cidr: '::ffff:0:0/96' }], ['IP_RANGES_COVER_ALL']),
  rangesProbe(
    'IPv4-mapped as start/end',
    [{ start: '::ffff:0.0.0.0', end: '::ffff:255.255.255.255' }],
    ['IP_RANGES_COVER_ALL'],
  ),
  rangesProbe('IPv4-compatible ::/96', [{ cidr: '::/96' }], ['IP_RANGES_COVER_ALL']),
  rangesProbe('NAT64 64:ff9b::/96', [{ cidr: '64:ff9b::/96' }], ['IP_RANGES_COVER_ALL']),
  rangesProbe('Teredo 2001::/32', [{ cidr: '2001::/32' }], ['IP_RANGES_COVER_ALL']),
  rangesProbe(
    '6to4 2002::/16 as start/end',
    [{ start: '2002::', end: '2002:ffff:ffff:ffff:ffff:ffff:ffff:ffff' }],
    ['IP_RANGES_COVER_ALL'],
  ),
  rangesProbe(
    '64 × /7 plus the mapped upper half',
    [...slash7s(64), { cidr: '::ffff:128.0.0.0/97' }],
    ['IP_RANGES_COVER_ALL'],
  ),
  rangesProbe('IPv6 halves', [{ cidr: '::/1' }, { cidr: '8000::/1' }], ['IP_RANGES_COVER_ALL', 'IPv6']),
  rangesProbe(
    'zone id in start/end',
    [{ start: 'fe80::1%eth0', end: 'fe80::1%eth0' }],
    ['IP_ZONE_ID', '/trustedIpRanges/0'],
  ),
  rangesProbe('zone id in a CIDR', [{ cidr: 'fe80::1%eth0/128' }], ['IP_ZONE_ID', '/trustedIpRanges/0/cidr']),
  rangesProbe('host bits set', [{ cidr: '34.117.88.5/28' }], ['IP_CIDR_NOT_CANONICAL', '34.117.88.0/28']),
  rangesProbe(
    'prefix written /024',
    [{ cidr: '203.0.113.0/024' }],
    ['IP_CIDR_NOT_CANONICAL', '203.0.113.0/24'],
  ),
  rangesProbe('IPv6 host bits set', [{ cidr: '2001:db8::1/48' }], ['IP_CIDR_NOT_CANONICAL', '2001:db8::/48']),
  // Entity attacks and malformed metadata XML in the committed tree
  xmlProbe(
    'external entity (XXE)',
    SECURITY,
    (x) => x.replace('?>', '?>\n<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'),
    ['XML_DTD', `${SECURITY}:2`],
  ),
  xmlProbe(
    'billion laughs',
    PERMSET,
    (x) =>
      x
        .replace(
          '?>',
          `?>\n<!DOCTYPE r [<!ENTITY a "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY ${'b'.repeat(i + 1)} "${'&a;'.repeat(10)}">`).join('')}]>`,
        )
        .replace(LABEL, '<label>&bbbbbbbbb;</label>'),
    ['XML_DTD'],
  ),
  xmlProbe(
    'an entity over 10,000 characters',
    PERMSET,
    (x) =>
      x
        .replace('?>', `?>\n<!DOCTYPE r [<!ENTITY big "${'x'.repeat(20_000)}">]>`)
        .replace(LABEL, '<label>&big;</label>'),
    ['XML_DTD'],
  ),
  xmlProbe('undeclared entity', PERMSET, (x) => x.replace(LABEL, '<label>&nbsp;Reco</label>'), [
    'XML_ENTITY',
  ]),
  xmlProbe('character reference to NUL', PERMSET, (x) => x.replace(LABEL, '<label>Reco&#0;</label>'), [
    'XML_CONTROL_CHARACTER',
  ]),
  xmlProbe('raw ESC in a label', PERMSET, (x) => x.replace(LABEL, '<label>Reco\u001b[0m</label>'), [
    'XML_CONTROL_CHARACTER',
  ]),
  xmlProbe('Latin-1 bytes', PERMSET, (x) => Buffer.from(x.replace(LABEL, '<label>Réco</label>'), 'latin1'), [
    'XML_ENCODING',
  ]),
  xmlProbe('UTF-16', PERMSET, (x) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(x, 'utf16le')]), [
    'XML_ENCODING',
  ]),
  xmlProbe('truncated XML', SECURITY, (x) => x.slice(0, Math.floor(x.length / 2)), ['XML_MALFORMED']),
  xmlProbe(
    '6 MB metadata file',
    PERMSET,
    (x) => x.replace(LABEL, `<label>${'x'.repeat(6 * 1024 * 1024)}</label>`),
    ['XML_TOO_LARGE'],
  ),
  // Special files and symlinks in the committed tree
  {
    name: 'metadata file is a FIFO',
    setup: (p) => (rmSync(join(p, SECURITY)), void makeFifo(join(p, SECURITY))),
    expect: TREE,
    names: [SECURITY],
  },
  {
    name: 'metadata file links out of the project',
    setup: (p, out) => (
      rmSync(join(p, SECURITY)),
      void symlinkSync(join(out, 'secret.xml'), join(p, SECURITY))
    ),
    expect: TREE,
    names: [SECURITY],
  },
  {
    name: 'metadata file links to the zero device',
    setup: (p) => (rmSync(join(p, PERMSET)), void symlinkSync('/dev/zero', join(p, PERMSET))),
    expect: TREE,
    names: [PERMSET],
  },
  {
    name: 'settings folder links out of the project',
    setup(p, out) {
      const settings = join(p, 'force-app/main/default/settings');
      cpSync(settings, join(out, 'settings'), { recursive: true });
      rmSync(settings, { recursive: true });
      symlinkSync(join(out, 'settings'), settings);
    },
    expect: { ...TREE, generate: 2 },
    names: ['force-app/main/default/settings'],
  },
  // Org names that are paths
  {
    name: '--target-org ../evil',
    setup: () => undefined,
    orgArgs: ['--target-org', '../evil'],
    expect: ORG,
    names: ['ORG_NAME_INVALID', '../evil'],
  },
  {
    name: '--target-org /tmp/evil',
    setup: () => undefined,
    orgArgs: ['--target-org', '/tmp/evil'],
    expect: ORG,
    names: ['ORG_NAME_INVALID'],
  },
  {
    name: '--target-org ..\\evil',
    setup: () => undefined,
    orgArgs: ['--target-org', '..\\evil'],
    expect: ORG,
    names: ['ORG_NAME_INVALID'],
  },
  {
    name: '--target-org with NUL',
    setup: () => undefined,
    orgArgs: ['--target-org', 'emu\u0000x'],
    expect: ORG,
    names: ['ORG_NAME_INVALID'],
  },
  {
    name: '--target-org ~/x',
    setup: () => undefined,
    orgArgs: ['--target-org', '~/x'],
    expect: ORG,
    names: ['ORG_NAME_INVALID'],
  },
  {
    name: 'targets file with a forged path line before a real org',
    setup: (p) => writeFileSync(join(p, 'orgs.txt'), '../../forged/emu\nemu\n'),
    orgArgs: ['--targets-file', 'orgs.txt'],
    expect: { deploy: 2 },
    names: ['orgs.txt:1', 'ORG_NAME_INVALID'],
  },
  {
    name: 'targets file is a FIFO',
    setup: (p) => void makeFifo(join(p, 'orgs.txt')),
    orgArgs: ['--targets-file', 'orgs.txt'],
    expect: { deploy: 2 },
    names: ['orgs.txt', 'TARGETS_FILE_NOT_A_FILE'],
  },
  {
    name: 'targets file is a directory',
    setup: (p) => mkdirSync(join(p, 'orgs.txt')),
    orgArgs: ['--targets-file', 'orgs.txt'],
    expect: { deploy: 2 },
    names: ['orgs.txt', 'TARGETS_FILE_NOT_A_FILE'],
  },
  {
    name: 'targets file in Latin-1',
    setup: (p) => writeFileSync(join(p, 'orgs.txt'), Buffer.from('ému\n', 'latin1')),
    orgArgs: ['--targets-file', 'orgs.txt'],
    expect: { deploy: 2 },
    names: ['orgs.txt', 'TARGETS_FILE_ENCODING'],
  },
  // Corrupt local state: the emulator's saved org state (start). Deploy receipts are an audit trail
  // that no command reads (ownership lives in the org), so a corrupt one cannot stop anything.
  ...(
    [
      ['truncated', () => '{"metadata": {"Settings": {'],
      ['empty', () => ''],
      ['binary', () => Buffer.from([0x00, 0xff, 0x13, 0x37, 0x80])],
      ['null', () => 'null'],
      ['an array', () => '[]'],
    ] as Array<[string, () => string | Buffer]>
  ).map(([what, make]): Probe => ({
    name: `saved emulator state: ${what}`,
    setup(p) {
      mkdirSync(join(p, '.reco/emulator'), { recursive: true });
      writeFileSync(join(p, '.reco/emulator/org-state.json'), make());
    },
    expect: { start: 2 },
    names: ['.reco/emulator/org-state.json', '--fresh'],
  })),
];

function argsFor(command: Command, extra: string[], orgArgs: string[] | undefined): string[] {
  const org = orgArgs ?? ['--target-org', 'emu'];
  switch (command) {
    case 'validate':
      return ['validate', '--no-cache', ...extra];
    case 'generate':
      return ['generate', ...extra];
    case 'generate-check':
      return ['generate', '--check', ...extra];
    case 'plan':
      return ['plan', ...org, ...extra];
    case 'deploy':
      return ['deploy', '--dry-run', ...org, ...extra];
    case 'start':
      return ['start', ...extra];
    case 'teardown':
      return ['teardown', '--target-org', 'emu', ...extra];
  }
}

interface Measure {
  probe: string;
  command: Command;
  ms: number;
  heapMb: number;
  rssMb: number;
}

/** Generous safety limits: a hang or an unbounded read fails here; the real numbers are far lower. */
const MAX_MS = 30_000;
const MAX_HEAP_GROWTH_MB = 256;

describe('hostile input: refused fast, clearly, with nothing written or sent', () => {
  const { org } = useHarnessOrg({ shape: ['shield', 'sandbox'] });
  let pristine: string;
  const measures: Measure[] = [];

  beforeAll(async () => {
    // A project built from the builders' config, as `reco-sf generate` leaves it.
    pristine = writeProject(makeTempDir('reco-sf-hostile-'), aConfig());
  });

  afterAll(async () => {
    if (process.env.PROBE_REPORT === '1') {
      const worst = (key: 'ms' | 'heapMb' | 'rssMb'): Measure =>
        measures.reduce((a, b) => (b[key] > a[key] ? b : a));
      process.stderr.write(
        `probes: ${PROBES.length}, runs: ${measures.length}\n` +
          (['ms', 'heapMb', 'rssMb'] as const)
            .map((k) => `worst ${k}: ${worst(k)[k].toFixed(1)} (${worst(k).probe} / ${worst(k).command})`)
            .join('\n') +
          '\n',
      );
    }
    removeTempDirs();
  });

  it('has at least 60 probes', () => {
    expect(PROBES.length).toBeGreaterThanOrEqual(60);
  });

  describe.each(PROBES.map((p) => [p.name, p] as const))('%s', (_name, probe) => {
    it.each(Object.entries(probe.expect) as Array<[Command, number]>)(
      'through %s: exit %i, named, nothing written or sent, bounded',
      async (command, code) => {
        const project = makeTempDir('reco-sf-probe-');
        cpSync(pristine, project, { recursive: true });
        const outside = makeTempDir('reco-sf-outside-');
        writeFileSync(join(outside, 'secret.xml'), '<?xml version="1.0"?><secret>outside</secret>\n');
        const extra = probe.setup(project, outside) ?? [];
        const before = safeTreeHash(project);
        const outsideBefore = safeTreeHash(outside);
        const requests = org.requestLog().length;
        const heap = process.memoryUsage().heapUsed;
        const rss = process.memoryUsage().rss;
        const started = performance.now();
        const run = await runCli(project, argsFor(command, extra, probe.orgArgs));
        const ms = performance.now() - started;
        const heapMb = (process.memoryUsage().heapUsed - heap) / 1024 / 1024;
        measures.push({
          probe: probe.name,
          command,
          ms,
          heapMb,
          rssMb: (process.memoryUsage().rss - rss) / 1024 / 1024,
        });

        const output = run.stdout + run.stderr;
        expect({ code: run.code, output }).toMatchObject({ code });
        // generate --check names the drifted file; the rule broken is validate's to tell.
        const required = command === 'generate-check' ? probe.names.slice(0, 1) : probe.names;
        for (const name of required) expect(output).toContain(name);
        expect(output).not.toContain('UNEXPECTED');
        expect(output).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/); // no stack trace
        expect(safeTreeHash(project)).toBe(before);
        expect(safeTreeHash(outside)).toBe(outsideBefore);
        expect(org.requestLog().slice(requests)).toEqual([]);
        expect(ms).toBeLessThan(MAX_MS);
        expect(heapMb).toBeLessThan(MAX_HEAP_GROWTH_MB);
      },
    );
  });
});
