/**
 * What metadata XML may not hold, checked before any XML parser sees the text: a document type
 * declaration (an internal or external DTD: entity expansion, external entities), references to
 * entities other than XML's five predefined ones, character references to characters XML 1.0
 * cannot hold, and such characters themselves. Salesforce's source files never carry a DTD
 * (Metadata API files are plain XML in the http://soap.sforce.com/2006/04/metadata namespace),
 * so refusing one loses nothing.
 */
import type { Diagnostic } from './diagnostic';
import { forbiddenCharacter, LineStarts } from './read';

/** A hazard: a Diagnostic (code XML_DTD, XML_ENTITY or XML_CONTROL_CHARACTER) located at its line and column in `file`. */
export type XmlHazard = Diagnostic & { location: { file: string; line: number; column: number } };

const PREDEFINED = new Set(['lt', 'gt', 'amp', 'quot', 'apos']);

/** XML 1.0 §2.2 Char: tab, LF, CR, U+0020–U+D7FF, U+E000–U+FFFD, U+10000–U+10FFFF. */
function isXmlChar(cp: number): boolean {
  return (
    cp === 0x9 ||
    cp === 0xa ||
    cp === 0xd ||
    (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

function hazard(
  text: string,
  code: 'XML_DTD' | 'XML_ENTITY' | 'XML_CONTROL_CHARACTER',
  offset: number,
  message: string,
  fix: string,
): XmlHazard {
  const location = { file: '', ...new LineStarts(text).position(offset) };
  return { code, severity: 'error', source: 'salesforce', location, message, fix };
}

/** The first hazard in `text`, or undefined. Linear in the text; allocates nothing per character. */
export function findXmlHazard(text: string): XmlHazard | undefined {
  const doctype = /<!DOCTYPE|<!ENTITY/i.exec(text);
  if (doctype)
    return hazard(
      text,
      'XML_DTD',
      doctype.index,
      'declares a DTD or entities (<!DOCTYPE/<!ENTITY); Salesforce metadata files never do, and a parser could expand or fetch them',
      'remove the <!DOCTYPE …> block',
    );
  const bad = forbiddenCharacter(text);
  if (bad)
    return hazard(
      text,
      'XML_CONTROL_CHARACTER',
      bad.offset,
      `holds ${bad.name}, which XML cannot hold`,
      'remove it',
    );
  const refs = /&(#x[0-9a-fA-F]+|#[0-9]+|[^\s;&<]*)(;?)/g;
  for (let m = refs.exec(text); m; m = refs.exec(text)) {
    const [, body, semicolon] = m;
    if (body.startsWith('#')) {
      const cp = body[1] === 'x' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      if (semicolon && isXmlChar(cp)) continue;
      return hazard(
        text,
        'XML_CONTROL_CHARACTER',
        m.index,
        `character reference &${body}${semicolon} is not a character XML can hold`,
        'remove it',
      );
    }
    if (semicolon && PREDEFINED.has(body)) continue;
    // A bare & (not a reference) is a well-formedness error the XML validator reports with more context.
    if (!semicolon || body === '') continue;
    return hazard(
      text,
      'XML_ENTITY',
      m.index,
      `refers to entity &${body.slice(0, 40)}; which is not one of XML's predefined five (&lt; &gt; &amp; &quot; &apos;)`,
      `write the character itself, or &amp;${body.slice(0, 40)}; for a literal`,
    );
  }
  return undefined;
}
