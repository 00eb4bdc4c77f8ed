/**
 * A small position-aware XML scanner. fast-xml-parser gives values but no positions, and the
 * validator must point at the offending element, so this makes one pass over the text and
 * builds a light tree of elements, each with the offset of its start tag. It assumes the text
 * has already passed XMLValidator (well-formed), so it does not re-check syntax.
 */

export interface ScannedElement {
  name: string;
  /** Offset of the `<` of the start tag. */
  offset: number;
  attributes: Record<string, string>;
  children: ScannedElement[];
  /** Character data with entities decoded and CDATA unwrapped. */
  text: string;
  /** Offset of the first non-whitespace character data, if any. */
  textOffset?: number;
}

export interface ScannedDocument {
  root?: ScannedElement;
  /** True when the document starts with `<?xml …?>`. */
  hasDeclaration: boolean;
}

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function decodeEntities(raw: string): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, body: string) => {
    if (body.startsWith('#x')) return String.fromCodePoint(parseInt(body.slice(2), 16));
    if (body.startsWith('#')) return String.fromCodePoint(parseInt(body.slice(1), 10));
    return PREDEFINED[body] ?? whole;
  });
}

const NON_WHITESPACE = /[^ \t\r\n]/;

/** `offset` is where `raw` starts in the file, so a report can point at the first visible character. */
function appendText(element: ScannedElement, text: string, raw: string, offset: number): void {
  if (text.length === 0) return;
  element.text += text;
  if (element.textOffset === undefined) {
    const visible = raw.search(NON_WHITESPACE);
    if (visible >= 0) element.textOffset = offset + visible;
  }
}

function isNameEnd(code: number): boolean {
  // whitespace, '/', '>'
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d || code === 0x2f || code === 0x3e;
}

/** Reads a start tag at `lt`; returns the element and the offset just past `>`, and whether it was self-closing. */
function readStartTag(
  text: string,
  lt: number,
): { element: ScannedElement; end: number; selfClosing: boolean } {
  let i = lt + 1;
  while (i < text.length && !isNameEnd(text.charCodeAt(i))) i++;
  const element: ScannedElement = {
    name: text.slice(lt + 1, i),
    offset: lt,
    attributes: {},
    children: [],
    text: '',
  };
  for (;;) {
    while (i < text.length && /\s/.test(text[i])) i++;
    if (text[i] === '>') return { element, end: i + 1, selfClosing: false };
    if (text[i] === '/') return { element, end: text.indexOf('>', i) + 1, selfClosing: true };
    if (i >= text.length) return { element, end: text.length, selfClosing: false };
    const eq = text.indexOf('=', i);
    const name = text.slice(i, eq).trim();
    let q = eq + 1;
    while (/\s/.test(text[q])) q++;
    const quote = text[q];
    const close = text.indexOf(quote, q + 1);
    element.attributes[name] = decodeEntities(text.slice(q + 1, close));
    i = close + 1;
  }
}

/** One pass over well-formed XML text; O(n) apart from the final text concatenations. */
export function scanXml(text: string): ScannedDocument {
  const stack: ScannedElement[] = [];
  let root: ScannedElement | undefined;
  let i = 0;
  for (;;) {
    const lt = text.indexOf('<', i);
    const top = stack[stack.length - 1];
    if (top && lt !== i) {
      const raw = text.slice(i, lt < 0 ? text.length : lt);
      appendText(top, decodeEntities(raw), raw, i);
    }
    if (lt < 0) break;
    const next = text[lt + 1];
    if (next === '?') {
      i = text.indexOf('?>', lt) + 2;
    } else if (text.startsWith('<!--', lt)) {
      i = text.indexOf('-->', lt) + 3;
    } else if (text.startsWith('<![CDATA[', lt)) {
      const end = text.indexOf(']]>', lt);
      if (top) appendText(top, text.slice(lt + 9, end), '<', lt);
      i = end + 3;
    } else if (next === '!') {
      i = text.indexOf('>', lt) + 1; // DOCTYPE: not used by Salesforce files, skipped
    } else if (next === '/') {
      stack.pop();
      i = text.indexOf('>', lt) + 1;
    } else {
      const { element, end, selfClosing } = readStartTag(text, lt);
      if (top) top.children.push(element);
      else root ??= element;
      if (!selfClosing) stack.push(element);
      i = end;
    }
    if (i <= 0) break; // an unterminated construct: the validator has already reported it
  }
  return { root, hasDeclaration: text.trimStart().startsWith('<?xml') };
}

/** Offsets to 1-based line and column: the one line map the readers use (scripts/core/read.ts). */
export { LineStarts as LineIndex } from '../core/read';
