import { fileAt } from '../../scripts/core/diagnostic';
import { makeFifo } from '../helpers/special-files';
import { writeFileSync, symlinkSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { checkConfigObject, didYouMean, loadConfig } from '../../scripts/core/config';
import { parseJsonStrict } from '../../scripts/core/json';
import { firstInvalidUtf8, readInput } from '../../scripts/core/read';
import { aConfig, makeTempDir, removeTempDirs } from '../builders/project';

afterAll(removeTempDirs);

describe('parseJsonStrict', () => {
  it('Given a duplicate key, then INPUT_DUPLICATE_KEY names the key path and the line of the second one', () => {
    const text = '{\n  "a": {\n    "mode": "required",\n    "mode": "off"\n  }\n}\n';
    const result = parseJsonStrict(text, 'c.json');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problem).toMatchObject({
      code: 'INPUT_DUPLICATE_KEY',
      location: { file: 'c.json', line: 4, column: 5 },
    });
    expect(result.problem.message).toContain('/a/mode');
    expect(result.problem.message).toContain('first at line 3');
  });

  it('Given an escaped NUL or a lone surrogate in a string, then INPUT_CONTROL_CHARACTER names the pointer', () => {
    for (const bad of ['"x\\u0000y"', '"\\ud800"', '"\\u001b[31m"']) {
      const result = parseJsonStrict(`{"label": ${bad}}`, 'c.json');
      expect(result.ok ? 'accepted' : result.problem.code).toBe('INPUT_CONTROL_CHARACTER');
      expect(result.ok ? '' : result.problem.message).toContain('/label');
    }
    expect(parseJsonStrict('{"label": "\\ud83d\\ude00 ok"}', 'c.json').ok).toBe(true);
  });

  it('Given nesting deeper than the limit, then INPUT_JSON_DEPTH without recursing', () => {
    const result = parseJsonStrict('['.repeat(100_000), 'c.json');
    expect(result.ok ? 'accepted' : result.problem.code).toBe('INPUT_JSON_DEPTH');
  });

  it('Given comments or a trailing comma, then INPUT_JSON with the line and column', () => {
    const result = parseJsonStrict('{\n  "a": 1,\n}', 'c.json');
    expect(result.ok ? 'accepted' : [result.problem.code, fileAt(result.problem)?.line]).toEqual([
      'INPUT_JSON',
      3,
    ]);
  });
});

describe('readInput', () => {
  it('Given Latin-1 bytes, then INPUT_ENCODING with the line and column of the first bad byte', () => {
    const file = join(makeTempDir(), 'latin1.json');
    writeFileSync(file, Buffer.from('{\n  "a": "caf\xe9"\n}', 'latin1'));
    const result = readInput(file, { maxBytes: 1000 });
    expect(result.ok ? 'accepted' : result.problem).toMatchObject({
      code: 'INPUT_ENCODING',
      location: { line: 2, column: 12 },
    });
  });

  it('finds encoded surrogates and overlong forms that a lenient decoder would turn into U+FFFD', () => {
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xed, 0xa0, 0x80]))).toBe(1);
    expect(firstInvalidUtf8(Buffer.from([0xc0, 0xaf]))).toBe(0);
    expect(firstInvalidUtf8(Buffer.from('héllo 😀', 'utf8'))).toBeUndefined();
  });

  it('Given a directory, a FIFO or a symlink out of the root, then a named refusal, never a hang', () => {
    const dir = makeTempDir();
    expect(readInput(dir, { maxBytes: 10 })).toMatchObject({
      ok: false,
      problem: { code: 'INPUT_NOT_A_FILE' },
    });
    const fifo = makeFifo(join(dir, 'fifo'));
    expect(readInput(fifo, { maxBytes: 10 })).toMatchObject({
      ok: false,
      problem: { code: 'INPUT_NOT_A_FILE' },
    });
    expect(readInput('/dev/zero', { maxBytes: 10 })).toMatchObject({
      ok: false,
      problem: { code: 'INPUT_NOT_A_FILE' },
    });
    const root = join(dir, 'root');
    mkdirSync(root);
    writeFileSync(join(dir, 'outside.txt'), 'secret');
    symlinkSync(join(dir, 'outside.txt'), join(root, 'link.txt'));
    expect(readInput(join(root, 'link.txt'), { maxBytes: 100, root })).toMatchObject({
      ok: false,
      problem: { code: 'INPUT_SYMLINK_OUTSIDE' },
    });
  });
});

describe('config errors', () => {
  it('Given a misspelt key, then "did you mean" names the schema key, at the line of the key', () => {
    const text = JSON.stringify(
      aConfig((c) => Object.assign(c.integrationUser, { lastname: 'X' })),
      null,
      2,
    );
    const file = join(makeTempDir(), 'c.json');
    writeFileSync(file, text);
    const problem = loadConfig(file).problems.find((p) => fileAt(p)?.path === '/integrationUser/lastname');
    expect(problem?.message).toContain('did you mean "lastName"');
    expect(fileAt(problem)?.line).toBe(text.split('\n').findIndex((l) => l.includes('"lastname"')) + 1);
    expect(fileAt(problem)?.column).toBe(5);
    expect(didYouMean('trustedIpRange', ['trustedIpRanges', 'apiVersion'])).toBe('trustedIpRanges');
    expect(didYouMean('zzz', ['trustedIpRanges'])).toBeUndefined();
  });

  it('Given no lastName or no eventMonitoring.mode, then the schema refuses the config (both are documented as required)', () => {
    const noLastName = aConfig((c) => {
      delete (c.integrationUser as { lastName?: string }).lastName;
    });
    const noMode = aConfig((c) => {
      delete (c.eventMonitoring as { mode?: string }).mode;
    });
    expect(checkConfigObject(noLastName, 'c.json').problems.map((p) => p.message)).toContain(
      '/integrationUser: missing required property "lastName"',
    );
    expect(checkConfigObject(noMode, 'c.json').problems.map((p) => p.message)).toContain(
      '/eventMonitoring: missing required property "mode"',
    );
  });
});
