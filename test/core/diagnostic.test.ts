/**
 * One diagnostic model: the renderer's one text form, and no other finding-like shape left in
 * scripts/ (no `hint` property, none of the old type names), so every producer goes through
 * core/diagnostic.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { formatDiagnostic, formatLocation, type Diagnostic } from '../../scripts/core/diagnostic';
import { RecoError } from '../../scripts/core/errors';

const SCRIPTS = join(__dirname, '..', '..', 'scripts');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

/** Code without comments, so a doc sentence naming a word is not a finding shape. */
function codeOf(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

describe('one diagnostic model', () => {
  const files = sources(SCRIPTS).map((path) => ({
    file: relative(SCRIPTS, path),
    code: codeOf(readFileSync(path, 'utf8')),
  }));

  it('no source declares or uses a `hint` property (the fix is `fix`)', () => {
    const offenders = files.filter((f) => /\bhint\??\s*:|\.hint\b/.test(f.code)).map((f) => f.file);
    expect(offenders).toEqual([]);
  });

  it('none of the old finding shapes remains (Problem, AdaptIssue, DriftItem, Finding, DataError, ComponentFailure, CidrProblem, XmlHazard as its own interface)', () => {
    const old = /\b(Problem|AdaptIssue|DriftItem|Finding|DataError|ComponentFailure|CidrProblem)\b/;
    const offenders = files.filter((f) => old.test(f.code)).map((f) => `${f.file}: ${old.exec(f.code)?.[0]}`);
    expect(offenders).toEqual([]);
    expect(files.filter((f) => /interface XmlHazard\b/.test(f.code)).map((f) => f.file)).toEqual([]);
  });

  it('no interface other than Diagnostic pairs a code and a message with a fix (a parallel finding shape)', () => {
    const shapes = files.flatMap((f) =>
      [...f.code.matchAll(/interface (\w+)[^{]*\{([^}]*)\}/g)]
        .filter(
          ([, , body]) => /\bcode\??:/.test(body) && /\bmessage\??:/.test(body) && /\bfix\??:/.test(body),
        )
        .map(([, name]) => `${f.file}: ${name}`),
    );
    expect(shapes).toEqual(['core/diagnostic.ts: Diagnostic']);
  });

  it('no warning is a bare string: no `warnings: string[]`, no string pushed onto a warnings list, no catch-all WARNING code', () => {
    const banned: Array<[string, RegExp]> = [
      ['a string[] of warnings', /\w*[wW]arnings\??\s*:\s*(?:readonly\s+)?(?:string\[\]|Array<string\b)/],
      ['a list of strings or Diagnostics', /Array<string\s*\|\s*Diagnostic>|Array<Diagnostic\s*\|\s*string>/],
      ['a string pushed as a warning', /[wW]arnings\.push\(\s*[`'"]/],
      ['a string list of warnings', /[wW]arnings\??\s*:\s*\[\s*[`'"]/],
      ['the catch-all code WARNING', /code:\s*'WARNING'/],
    ];
    const offenders = files.flatMap((f) =>
      banned.filter(([, re]) => re.test(f.code)).map(([what]) => `${f.file}: ${what}`),
    );
    expect(offenders).toEqual([]);
  });

  it('renders each kind of location in the one line form `where  SEVERITY CODE  message  (fix)`', () => {
    const base = { code: 'X', message: 'm', source: 'tool' as const };
    const cases: Array<[Diagnostic, string]> = [
      [
        { ...base, severity: 'error', location: { file: 'a.xml', line: 3, column: 7 }, fix: 'f' },
        'a.xml:3:7  ERROR X  m  (f)',
      ],
      [{ ...base, severity: 'warning', location: { file: 'a.json', path: '/x' } }, 'a.json  WARN X  m'],
      [
        { ...base, severity: 'info', location: { configPath: 'permissionSet.license' } },
        'permissionSet.license  INFO X  m',
      ],
      [
        {
          ...base,
          severity: 'error',
          location: { entity: { type: 'PermissionSet', name: 'P' }, path: 'userPermissions[A]' },
        },
        'PermissionSet:P userPermissions[A]  ERROR X  m',
      ],
      [{ ...base, severity: 'error' }, 'ERROR X  m'],
    ];
    for (const [d, line] of cases) expect(formatDiagnostic(d)).toBe(line);
    expect(formatLocation({ file: 'a.xml', line: 2 })).toBe('a.xml:2:1');
  });

  it('renders the block form (verify, doctor) with why and fix lines', () => {
    const d: Diagnostic = {
      code: 'C',
      severity: 'error',
      message: 'm',
      why: 'w',
      fix: 'run: x',
      source: 'org',
    };
    expect(formatDiagnostic(d, { layout: 'block' })).toBe('  C  m\n    why: w\n    fix: run: x');
  });

  it('a RecoError carries its findings: its own as one Diagnostic, or those it stands for; JSON has fix and diagnostics, never hint', () => {
    const own = new RecoError('BAD', 'bad thing', {
      file: 'c.json',
      line: 2,
      field: '/a',
      fix: 'do it',
      exitCode: 2,
    });
    expect(own.diagnostics).toEqual([
      {
        code: 'BAD',
        severity: 'error',
        message: 'bad thing',
        location: { file: 'c.json', line: 2, path: '/a' },
        fix: 'do it',
        source: 'tool',
      },
    ]);
    expect(own.toJSON()).toEqual({
      name: 'RecoError',
      code: 'BAD',
      message: 'bad thing',
      fix: 'do it',
      exitCode: 2,
      diagnostics: own.diagnostics,
    });
    const list: Diagnostic[] = [{ code: 'A', severity: 'error', message: 'a', source: 'org' }];
    expect(new RecoError('MANY', 'many', { diagnostics: list, exitCode: 1 }).toJSON().diagnostics).toBe(list);
  });
});
