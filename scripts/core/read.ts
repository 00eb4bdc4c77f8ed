/**
 * The one strict reader every input goes through (config, targets file, seeds, receipts, the
 * emulator's saved state, metadata XML): regular files only (a FIFO, device or directory is
 * refused without blocking), a size limit checked before and while reading, UTF-8 only, no
 * characters XML 1.0 cannot hold, and, for JSON, no duplicate keys and no lone surrogates.
 * Nothing here throws for bad input: each refusal is a Diagnostic naming the file and position.
 */
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  readSync,
  realpathSync,
  type Stats,
} from 'node:fs';
import { isAbsolute, relative, sep } from 'node:path';
import { fileLocation, type Diagnostic } from './diagnostic';

export interface ReadOptions {
  /** Shown in messages instead of the path (e.g. a path relative to the project). */
  display?: string;
  /** Refuse anything larger, in bytes. */
  maxBytes: number;
  /** When given, a symlink resolving outside this folder is refused, never followed. */
  root?: string;
  /** Drop a leading UTF-8 byte order mark (JSON); XML keeps it so the validator can report it. */
  stripBom?: boolean;
  /** What the file is, for messages ("config file", "targets file", …). */
  what?: string;
}

export type ReadResult = { ok: true; text: string } | { ok: false; problem: Diagnostic };

function refusal(
  file: string,
  code: string,
  message: string,
  fix?: string,
  line?: number,
  column?: number,
): ReadResult {
  const problem: Diagnostic = {
    severity: 'error',
    code,
    message,
    location: fileLocation(file, { line, column }),
    source: 'tool',
  };
  if (fix) problem.fix = fix;
  return { ok: false, problem };
}

function kindOf(stat: Stats): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a FIFO (named pipe)';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** True when `path` lies inside `root` (both absolute, already resolved). */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..' + sep) && rel !== '..' && !isAbsolute(rel));
}

/** Undefined when `path`, links in it resolved, stays inside `root`; a refusal otherwise. */
function checkSymlink(path: string, root: string, display: string): ReadResult | undefined {
  let target: string;
  try {
    target = realpathSync(path);
  } catch {
    return refusal(
      display,
      'INPUT_SYMLINK_BROKEN',
      `${display} is a symbolic link to nothing`,
      'remove the link or point it at a file inside the project',
    );
  }
  if (!isInside(realpathSync(root), target))
    return refusal(
      display,
      'INPUT_SYMLINK_OUTSIDE',
      `${display} leads outside the project through a symbolic link (to ${target}); it was not followed`,
      'replace the link with the file itself',
    );
  return undefined;
}

/** Reads at most `limit` bytes from an open descriptor (a file may grow while it is read). */
function readBounded(fd: number, limit: number): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.alloc(Math.min(64 * 1024, limit - total));
    if (chunk.length === 0) break;
    const n = readSync(fd, chunk, 0, chunk.length, null);
    if (n === 0) break;
    chunks.push(chunk.subarray(0, n));
    total += n;
  }
  return Buffer.concat(chunks, total);
}

/** Offset of the first byte that does not start a valid UTF-8 sequence (overlong forms, surrogates and >U+10FFFF included). */
export function firstInvalidUtf8(bytes: Uint8Array): number | undefined {
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let n: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [n, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [n, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [n, min] = [3, 0x10000];
    else return i;
    let cp = b & (0x3f >> n);
    for (let k = 1; k <= n; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += n + 1;
  }
  return undefined;
}

/** Maps character offsets to 1-based line and column; built once per text (O(n)), each lookup O(log n). */
export class LineStarts {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) this.starts.push(at + 1);
  }

  position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo] + 1 };
  }
}

/** 1-based line and column of a character offset. */
export function positionOf(text: string, offset: number): { line: number; column: number } {
  return new LineStarts(text).position(offset);
}

/**
 * Characters XML 1.0 cannot hold (C0 controls but tab, LF and CR; U+FFFE, U+FFFF) and lone
 * surrogates; Salesforce stores metadata as XML, so neither can reach an org.
 * Source: XML 1.0 (Fifth Edition) §2.2 Characters, production [2] Char.
 */
const FORBIDDEN_CHAR =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The offset and a printable name of the first character XML cannot hold, if any. */
export function forbiddenCharacter(text: string): { offset: number; name: string } | undefined {
  const match = FORBIDDEN_CHAR.exec(text);
  if (!match) return undefined;
  const code = match[0].charCodeAt(0);
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  const name =
    code >= 0xd800 && code <= 0xdfff ? `a lone surrogate (${hex})` : `the control character ${hex}`;
  return { offset: match.index, name };
}

function decode(bytes: Buffer, display: string, what: string): ReadResult {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
    return refusal(
      display,
      'INPUT_ENCODING',
      `${display} is UTF-16; ${what} must be UTF-8`,
      'save it as UTF-8',
      1,
      1,
    );
  const bad = firstInvalidUtf8(bytes);
  if (bad !== undefined) {
    const before = bytes.subarray(0, bad).toString('utf8');
    const { line, column } = positionOf(before, before.length);
    return refusal(
      display,
      'INPUT_ENCODING',
      `${display} is not valid UTF-8 (byte 0x${bytes[bad].toString(16).padStart(2, '0')} at line ${line}, column ${column}; Latin-1 or another encoding?)`,
      'save it as UTF-8',
      line,
      column,
    );
  }
  return { ok: true, text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes) };
}

/**
 * Reads a text input strictly. Returns the text, or a Diagnostic (codes INPUT_NOT_FOUND,
 * INPUT_NOT_A_FILE, INPUT_SYMLINK_OUTSIDE, INPUT_SYMLINK_BROKEN, INPUT_UNREADABLE,
 * INPUT_TOO_LARGE, INPUT_ENCODING, INPUT_CONTROL_CHARACTER) naming the file and, where it
 * applies, the line and column. Never blocks on a FIFO or device and never reads more than
 * `maxBytes` + 1 bytes.
 */
export function readInput(path: string, options: ReadOptions): ReadResult {
  const display = options.display ?? path;
  const what = options.what ?? 'the file';
  try {
    lstatSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR')
      return refusal(display, 'INPUT_NOT_FOUND', `${display} does not exist`, `check the path of ${what}`);
    return refusal(
      display,
      'INPUT_UNREADABLE',
      `${display} cannot be read (${code ?? String(error)})`,
      'check its permissions',
    );
  }
  // A link anywhere on the way (the file or a folder above it) must not lead out of the root.
  if (options.root !== undefined) {
    const outside = checkSymlink(path, options.root, display);
    if (outside) return outside;
  }
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO with no writer must not hang; the type check below then refuses it.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENXIO')
      return refusal(
        display,
        'INPUT_NOT_A_FILE',
        `${display} is a socket, not a regular file`,
        `${what} must be a plain file`,
      );
    if (code === 'ENOENT')
      return refusal(
        display,
        'INPUT_SYMLINK_BROKEN',
        `${display} is a symbolic link to nothing`,
        'remove the link',
      );
    return refusal(
      display,
      'INPUT_UNREADABLE',
      `${display} cannot be read (${code ?? String(error)})`,
      'check its permissions',
    );
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile())
      return refusal(
        display,
        'INPUT_NOT_A_FILE',
        `${display} is ${kindOf(stat)}, not a regular file; it was not read`,
        `${what} must be a plain file`,
      );
    const tooLarge = (size: number): ReadResult =>
      refusal(
        display,
        'INPUT_TOO_LARGE',
        `${display} is ${size > options.maxBytes ? `${size} bytes` : 'too large'}; the limit for ${what} is ${options.maxBytes} bytes`,
        `check that ${display} is the right file`,
      );
    if (stat.size > options.maxBytes) return tooLarge(stat.size);
    const bytes = readBounded(fd, options.maxBytes + 1);
    if (bytes.length > options.maxBytes) return tooLarge(bytes.length);
    const decoded = decode(bytes, display, what);
    if (!decoded.ok) return decoded;
    let text = decoded.text;
    if (options.stripBom && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    const bad = forbiddenCharacter(text);
    if (bad) {
      const { line, column } = positionOf(text, bad.offset);
      return refusal(
        display,
        'INPUT_CONTROL_CHARACTER',
        `${display} holds ${bad.name} at line ${line}, column ${column}, which XML and Salesforce cannot store`,
        'remove it',
        line,
        column,
      );
    }
    return { ok: true, text };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return refusal(
      display,
      'INPUT_UNREADABLE',
      `${display} cannot be read (${code ?? String(error)})`,
      'check its permissions',
    );
  } finally {
    closeSync(fd);
  }
}
