import { RecoError } from '../../scripts/core/errors';
import { escapeXml, listOf, parseMetadata, renderMetadata, type XmlRecord } from '../../scripts/core/xml';

describe('renderMetadata / parseMetadata', () => {
  const tricky = 'Reco <read-only> & "audit" \'logs\' ]]> done';

  it('Given XML-special characters in a description, when rendered and parsed, then the text round-trips and is escaped in the file', () => {
    const xml = renderMetadata('PermissionSet', {
      description: tricky,
      hasActivationRequired: false,
      label: 'L & <M>',
    });
    expect(xml).toContain(
      '<description>Reco &lt;read-only&gt; &amp; &quot;audit&quot; &apos;logs&apos; ]]&gt; done</description>',
    );
    expect(xml).not.toContain(']]>');
    const parsed = parseMetadata(xml, 'x.permissionset-meta.xml');
    expect(parsed.value.description).toBe(tricky);
    expect(parsed.value.label).toBe('L & <M>');
  });

  it('writes the declaration, namespace, 4-space indent, WSDL order (not input order) and true/false', () => {
    const xml = renderMetadata('PermissionSet', {
      userPermissions: [{ name: 'ViewSetup', enabled: true }],
      label: 'Reco',
      hasActivationRequired: false,
    });
    expect(xml).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<PermissionSet xmlns="http://soap.sforce.com/2006/04/metadata">',
        '    <hasActivationRequired>false</hasActivationRequired>',
        '    <label>Reco</label>',
        '    <userPermissions>',
        '        <enabled>true</enabled>',
        '        <name>ViewSetup</name>',
        '    </userPermissions>',
        '</PermissionSet>',
        '',
      ].join('\n'),
    );
  });

  it('round-trips a nested document with typed values (booleans, lists of one)', () => {
    const value: XmlRecord = {
      networkAccess: { ipRanges: [{ description: 'a & b', end: '10.0.0.2', start: '10.0.0.1' }] },
    };
    const parsed = parseMetadata(renderMetadata('SecuritySettings', value), 'Security.settings-meta.xml');
    expect(parsed.root).toBe('SecuritySettings');
    expect(parsed.namespace).toBe('http://soap.sforce.com/2006/04/metadata');
    const na = parsed.value.networkAccess as XmlRecord;
    expect(listOf<XmlRecord>(na.ipRanges)).toEqual([
      { description: 'a & b', end: '10.0.0.2', start: '10.0.0.1' },
    ]);
    const rte = parseMetadata(
      renderMetadata('RealTimeEventSettings', {
        realTimeEvents: [{ entityName: 'LoginEvent', isEnabled: true }],
      }),
      'x',
    );
    expect(listOf<XmlRecord>(rte.value.realTimeEvents)).toEqual([
      { entityName: 'LoginEvent', isEnabled: true },
    ]);
  });

  it('throws on a field the schema does not know (a programming error)', () => {
    expect(() => renderMetadata('PermissionSet', { nonsense: 'x' })).toThrow(
      'PermissionSet has no field nonsense',
    );
  });

  it('Given malformed XML, then parseMetadata throws RecoError XML_MALFORMED with line and column', () => {
    let caught: unknown;
    try {
      parseMetadata(
        '<?xml version="1.0"?>\n<PermissionSet>\n  <label>x</lable>\n</PermissionSet>\n',
        'bad.xml',
      );
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(RecoError);
    expect(caught instanceof RecoError && [caught.code, caught.details.line]).toEqual(['XML_MALFORMED', 3]);
  });

  it('parses a document that starts with a BOM', () => {
    const xml = '\uFEFF' + renderMetadata('EventSettings', { enableDeleteMonitoringData: false });
    expect(parseMetadata(xml, 'x').value).toEqual({ enableDeleteMonitoringData: false });
  });

  it('escapeXml escapes the five XML-special characters', () => {
    expect(escapeXml(`<&>"'`)).toBe('&lt;&amp;&gt;&quot;&apos;');
  });
});
