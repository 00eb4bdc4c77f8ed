import { LineIndex, decodeEntities, scanXml } from '../../scripts/validate/xml-scan';

describe('scanXml', () => {
  it('builds the element tree with start-tag offsets, skipping comments and processing instructions', () => {
    const text =
      '<?xml version="1.0"?>\n<!-- <fake> -->\n<a x="1 > 0" y=\'q\'>\n  <b/>\n  <c >t<!-- <d> -->u<?pi ?>v</c>\n</a>\n';
    const doc = scanXml(text);
    expect(doc.hasDeclaration).toBe(true);
    expect(doc.root?.name).toBe('a');
    expect(doc.root?.attributes).toEqual({ x: '1 > 0', y: 'q' });
    expect(doc.root?.children.map((c) => [c.name, c.offset, c.text])).toEqual([
      ['b', text.indexOf('<b/>'), ''],
      ['c', text.indexOf('<c >'), 'tuv'],
    ]);
    expect(doc.root?.textOffset).toBeUndefined();
  });

  it('decodes entities in text and attributes and keeps CDATA verbatim', () => {
    const doc = scanXml('<a t="&quot;&amp;">x &lt;&#38;&#x3E; <![CDATA[&amp; <b>]]></a>');
    expect(doc.root?.attributes['t']).toBe('"&');
    expect(doc.root?.text).toBe('x <&> &amp; <b>');
    expect(doc.root?.children).toEqual([]);
  });

  it('records where the first visible text of an element is', () => {
    const text = '<a>\n  <b>1</b>\n  stray\n</a>';
    expect(scanXml(text).root?.textOffset).toBe(text.indexOf('stray'));
  });

  it('sees no declaration when the file starts with an element', () => {
    expect(scanXml('<a/>').hasDeclaration).toBe(false);
  });
});

describe('decodeEntities', () => {
  it('leaves unknown entities as written', () => {
    expect(decodeEntities('&nbsp;&apos;')).toBe("&nbsp;'");
  });
});

describe('LineIndex', () => {
  it('maps offsets to 1-based lines and columns, LF or CRLF', () => {
    const text = 'ab\r\ncd\nef';
    const index = new LineIndex(text);
    expect([0, 1, 4, 5, 7, 8].map((o) => index.position(o))).toEqual([
      { line: 1, column: 1 },
      { line: 1, column: 2 },
      { line: 2, column: 1 },
      { line: 2, column: 2 },
      { line: 3, column: 1 },
      { line: 3, column: 2 },
    ]);
  });
});
