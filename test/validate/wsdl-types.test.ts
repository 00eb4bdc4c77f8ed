/**
 * Every metadata type of the v66 WSDL gets the element, type and enum check, not only the types
 * reco-sf writes: another team's custom object and fields, page layout, flow, custom labels and
 * LWC bundle (test/fixtures/open-world/other-types, hand-written in the style of public
 * repositories) pass; a planted wrong element, enum or value is an error at its file and line.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileAt, type Diagnostic } from '../../scripts/core/diagnostic';
import { validateProject } from '../../scripts/validate';
import { checkMetadataText } from '../../scripts/validate/structure';
import { isWsdlMetadataType, wsdlComplexType, wsdlEnum } from '../../scripts/wsdl/types';
import { aProject, removeTempDirs, writeJson } from '../builders/project';

afterAll(removeTempDirs);

const FIXTURES = join(__dirname, '..', 'fixtures', 'open-world', 'other-types');
const BASE = 'other-types/main/default';
const FILES = {
  object: 'objects/Property__c/Property__c.object-meta.xml',
  field: 'objects/Property__c/fields/Price__c.field-meta.xml',
  picklist: 'objects/Property__c/fields/Status__c.field-meta.xml',
  layout: 'layouts/Property__c-Property Layout.layout-meta.xml',
  flow: 'flows/Set_Property_Status.flow-meta.xml',
  labels: 'labels/CustomLabels.labels-meta.xml',
  lwc: 'lwc/propertyTile/propertyTile.js-meta.xml',
};

function project(): string {
  const dir = aProject();
  cpSync(FIXTURES, join(dir, 'other-types'), { recursive: true });
  const sfdx = JSON.parse(readFileSync(join(dir, 'sfdx-project.json'), 'utf8')) as {
    packageDirectories: Array<{ path: string }>;
  };
  sfdx.packageDirectories.push({ path: 'other-types' });
  writeJson(join(dir, 'sfdx-project.json'), sfdx);
  return dir;
}

const fixture = (file: string): string => readFileSync(join(FIXTURES, 'main', 'default', file), 'utf8');
const lineOf = (text: string, needle: string): number =>
  text.split('\n').findIndex((l) => l.includes(needle)) + 1;
const at = (p: Diagnostic): string => `${p.code} ${fileAt(p)?.file}:${fileAt(p)?.line ?? '-'}`;

/** The structural check of a hand-written file, as validate runs it. */
function check(file: string, text: string): Diagnostic[] {
  return checkMetadataText(text, `${BASE}/${file}`, { handWritten: true, apiVersion: '66.0' });
}

describe('the whole WSDL, for files of any metadata type', () => {
  it('knows every metadata type of v66, with its fields and enums', () => {
    for (const type of [
      'CustomObject',
      'CustomField',
      'Layout',
      'Flow',
      'CustomLabels',
      'LightningComponentBundle',
    ])
      expect([type, isWsdlMetadataType(type)]).toEqual([type, true]);
    expect(isWsdlMetadataType('LayoutSection')).toBe(false); // a part of a type, not a file's root
    expect(
      wsdlComplexType('CustomLabel')
        ?.fields.filter((f) => f.min > 0)
        .map((f) => f.name),
    ).toEqual(['language', 'protected', 'shortDescription', 'value']);
    expect(wsdlEnum('FlowProcessType')).toEqual(expect.arrayContaining(['AutoLaunchedFlow', 'Flow']));
  });

  it("Given another team's object, fields, layout, flow, labels and LWC in a package directory, then validate gives no error", async () => {
    const dir = project();
    const { errors, warnings } = await validateProject(dir, join(dir, 'config', 'reco.config.json'), {
      cache: false,
    });
    expect(errors).toEqual([]);
    expect(warnings.filter((w) => fileAt(w)?.file.startsWith(BASE)).map(at)).toEqual([]);
  });

  it.each(Object.entries(FILES))('the valid %s passes the structural check', (_what, file) => {
    expect(check(file, fixture(file))).toEqual([]);
  });

  it.each<[string, string, string, string, string]>([
    [
      'layout',
      FILES.layout,
      '<behavior>Edit</behavior>',
      '<behaviour>Edit</behaviour>',
      'XML_UNKNOWN_ELEMENT',
    ],
    [
      'flow',
      FILES.flow,
      '<processType>AutoLaunchedFlow</processType>',
      '<processType>AutoLaunched</processType>',
      'XML_BAD_ENUM',
    ],
    ['field', FILES.field, '<type>Currency</type>', '<type>Money</type>', 'XML_BAD_ENUM'],
    ['labels', FILES.labels, '<protected>true</protected>', '<protected>yes</protected>', 'XML_BAD_BOOLEAN'],
    [
      'object',
      FILES.object,
      '<sharingModel>ReadWrite</sharingModel>',
      '<sharingModel>Public</sharingModel>',
      'XML_BAD_ENUM',
    ],
    [
      'picklist',
      FILES.picklist,
      '<sorted>false</sorted>',
      '<sorted>false</sorted>\n            <sorting>false</sorting>',
      'XML_UNKNOWN_ELEMENT',
    ],
  ])('a planted flaw in the %s is an error at its line', (_what, file, valid, planted, code) => {
    const text = fixture(file).replace(valid, planted);
    expect(text).not.toBe(fixture(file));
    const needle = planted.split('\n').pop()?.trim() ?? planted;
    const errors = check(file, text).filter((p) => p.severity === 'error');
    expect(errors.map(at)).toEqual([`${code} ${BASE}/${file}:${lineOf(text, needle)}`]);
  });

  it('a custom label without its required shortDescription is an error at the label', () => {
    const text = fixture(FILES.labels).replace(
      /\n\s*<shortDescription>Property sold<\/shortDescription>/,
      '',
    );
    const errors = check(FILES.labels, text).filter((p) => p.severity === 'error');
    expect(errors.map(at)).toEqual([
      `XML_MISSING_REQUIRED ${BASE}/${FILES.labels}:${lineOf(text, '<fullName>Property_Sold') - 1}`,
    ]);
    expect(errors[0].message).toContain('<shortDescription>');
  });

  it('Given a planted flaw in a project, then validate reports it at file:line', async () => {
    const dir = project();
    const file = join(dir, BASE, FILES.flow);
    const text = readFileSync(file, 'utf8').replace('<status>Active</status>', '<status>Enabled</status>');
    writeFileSync(file, text);
    const { errors } = await validateProject(dir, join(dir, 'config', 'reco.config.json'), { cache: false });
    expect(errors.map(at)).toEqual([`XML_BAD_ENUM ${BASE}/${FILES.flow}:${lineOf(text, '<status>Enabled')}`]);
  });
});
