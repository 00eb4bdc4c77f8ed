/**
 * Strict JSON for every JSON input: the syntax of RFC 8259 (no comments, no trailing commas),
 * no duplicate keys (JSON.parse would silently keep the last one, e.g. a second
 * `trustedIpRanges`), no lone surrogates or XML-forbidden control characters hidden in `\u`
 * escapes, and a bounded nesting depth. Parsing is jsonc-parser's (it gives offsets), and the
 * result carries a JSON-pointer → line:column map so that schema errors point at the right place.
 */
import type * as Jsonc from 'jsonc-parser';
import type { Node, ParseError } from 'jsonc-parser';
import { fileLocation, type Diagnostic } from './diagnostic';
import { forbiddenCharacter, LineStarts, readInput, type ReadOptions } from './read';

/**
 * jsonc-parser's parser module alone: the package's entry (`lib/umd/main.js`) also loads its
 * formatter and editor, which parsing never uses and which made the library ~8% of a warm
 * `validate`. The package has no `exports` map, so Node resolves the file; should a release
 * move it, the entry point serves instead. The entry re-exports this very function.
 */
function jsoncParseTree(): typeof Jsonc.parseTree {
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded by path, see above */
  try {
    return (require('jsonc-parser/lib/umd/impl/parser') as typeof Jsonc).parseTree;
  } catch {
    return (require('jsonc-parser') as typeof Jsonc).parseTree;
  }
  /* eslint-enable @typescript-eslint/no-require-imports */
}

/** The name of a syntax error (`CommaExpected`, …): on the error path only, from the package's entry. */
function parseErrorName(code: Jsonc.ParseErrorCode): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- error path only
  return (require('jsonc-parser') as typeof Jsonc).printParseErrorCode(code);
}

/** Deeper than any config, seed or receipt we write; keeps a hostile file from exhausting the stack. */
export const MAX_JSON_DEPTH = 64;

export interface Position {
  line: number;
  column: number;
}

export type JsonResult =
  { ok: true; value: unknown; positions: Map<string, Position> } | { ok: false; problem: Diagnostic };

function fail(file: string, code: string, message: string, at: Position, fix?: string): JsonResult {
  const problem: Diagnostic = {
    severity: 'error',
    code,
    message,
    location: fileLocation(file, at),
    source: 'tool',
  };
  if (fix) problem.fix = fix;
  return { ok: false, problem };
}

/** The deepest bracket nesting outside strings, stopping early past `limit`. */
function nestingDepth(text: string, limit: number): { depth: number; offset: number } {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return { depth, offset: i };
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return { depth, offset: -1 };
}

function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

type Walk = { problem?: JsonResult; positions: Map<string, Position>; lines: LineStarts };

function checkString(value: string, node: Node, text: string, file: string, pointer: string, w: Walk): void {
  const bad = forbiddenCharacter(value);
  if (bad && !w.problem)
    w.problem = fail(
      file,
      'INPUT_CONTROL_CHARACTER',
      `${file}: ${pointer || '/'} holds ${bad.name}, which XML and Salesforce cannot store`,
      w.lines.position(node.offset),
      'remove the escaped character',
    );
}

function walk(node: Node, pointer: string, text: string, file: string, w: Walk): void {
  w.positions.set(pointer, w.lines.position(node.offset));
  if (node.type === 'string') checkString(node.value as string, node, text, file, pointer, w);
  if (node.type === 'array')
    node.children?.forEach((child, i) => walk(child, `${pointer}/${i}`, text, file, w));
  if (node.type !== 'object') return;
  const seen = new Map<string, Node>();
  for (const property of node.children ?? []) {
    const [keyNode, valueNode] = property.children ?? [];
    const key = keyNode.value as string;
    const path = `${pointer}/${escapePointer(key)}`;
    checkString(key, keyNode, text, file, path, w);
    const first = seen.get(key);
    if (first && !w.problem) {
      const at = w.lines.position(keyNode.offset);
      w.problem = fail(
        file,
        'INPUT_DUPLICATE_KEY',
        `${file}: key "${key}" appears twice in ${pointer || 'the top-level object'} (${path}; first at line ${w.lines.position(first.offset).line}); JSON readers disagree on which one counts`,
        at,
        'keep one of them',
      );
    }
    seen.set(key, keyNode);
    w.positions.set(path, w.lines.position(keyNode.offset));
    if (valueNode) walk(valueNode, path, text, file, w);
    // The key's position wins for the property itself: an editor should land on the name.
    w.positions.set(path, w.lines.position(keyNode.offset));
  }
}

/**
 * Parses `text` (already read through readInput) as strict JSON. Problems: INPUT_JSON (syntax,
 * with line:col), INPUT_JSON_DEPTH, INPUT_DUPLICATE_KEY (names the key path and line),
 * INPUT_CONTROL_CHARACTER (an escaped NUL, BEL, ESC … or lone surrogate inside a string).
 */
export function parseJsonStrict(text: string, file: string): JsonResult {
  if (text.trim() === '')
    return fail(file, 'INPUT_EMPTY', `${file} is empty`, { line: 1, column: 1 }, 'it must hold a JSON value');
  const deep = nestingDepth(text, MAX_JSON_DEPTH);
  if (deep.offset >= 0)
    return fail(
      file,
      'INPUT_JSON_DEPTH',
      `${file} nests deeper than ${MAX_JSON_DEPTH} levels`,
      new LineStarts(text).position(deep.offset),
    );
  const errors: ParseError[] = [];
  const root = jsoncParseTree()(text, errors, {
    disallowComments: true,
    allowTrailingComma: false,
    allowEmptyContent: false,
  });
  if (errors.length > 0 || !root) {
    const first = errors[0];
    const at = new LineStarts(text).position(first?.offset ?? 0);
    return fail(
      file,
      'INPUT_JSON',
      `${file} is not valid JSON: ${first ? parseErrorName(first.error) : 'no value'} at line ${at.line}, column ${at.column}`,
      at,
      'fix the JSON syntax at this position',
    );
  }
  const w: Walk = { positions: new Map(), lines: new LineStarts(text) };
  walk(root, '', text, file, w);
  if (w.problem) return w.problem;
  // jsonc-parser's tree holds the values; JSON.parse builds the plain object (keys are unique by now).
  return { ok: true, value: JSON.parse(text) as unknown, positions: w.positions };
}

/** readInput then parseJsonStrict: the whole strict path for a JSON file. */
export function readJsonInput(path: string, options: ReadOptions): JsonResult {
  const read = readInput(path, { ...options, stripBom: true });
  if (!read.ok) return read;
  return parseJsonStrict(read.text, options.display ?? path);
}
