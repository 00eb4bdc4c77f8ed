import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RecoError } from '../../scripts/core/errors';
import { repoRoot, serializeSchema, wsdlSchemaCommand } from '../../scripts/commands/wsdl-schema';
import { ROOT_TYPES, wsdlFileToSchema, type MetadataSchema } from '../../scripts/wsdl/wsdl-to-schema';

const ROOT = path.resolve(__dirname, '..', '..');
const WSDL = path.join(ROOT, 'scripts', 'wsdl', 'metadata-v66.wsdl');
const COMMITTED = path.join(ROOT, 'scripts', 'wsdl', 'metadata-schema.json');
const TABLE = path.join(ROOT, 'scripts', 'wsdl', 'metadata-types.tsv');

let tmp: string;
let stdout: jest.SpyInstance;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'reco-wsdl-'));
  stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
});
afterEach(() => {
  stdout.mockRestore();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function commandError(opts: { wsdl?: string; out?: string }): Promise<RecoError> {
  try {
    await wsdlSchemaCommand(opts);
  } catch (error) {
    if (error instanceof RecoError) return error;
    throw error;
  }
  throw new Error('wsdlSchemaCommand did not fail');
}

describe('wsdl-schema command', () => {
  it('finds the repository root from its own folder', () => {
    expect(repoRoot()).toBe(ROOT);
  });

  it('regenerates the committed schema byte for byte from the default WSDL', async () => {
    const out = path.join(tmp, 'schema.json');
    await expect(wsdlSchemaCommand({ out })).resolves.toBe(0);
    expect(fs.readFileSync(out)).toEqual(fs.readFileSync(COMMITTED));
    expect(stdout).toHaveBeenCalledWith(expect.stringContaining('77 types, 35 enums, API 66.0'));
    // And beside it the table of every WSDL type validate checks other teams' files with.
    expect(fs.readFileSync(path.join(tmp, 'metadata-types.tsv'))).toEqual(fs.readFileSync(TABLE));
  });

  it('accepts the WSDL path explicitly and leaves no temporary files behind', async () => {
    const out = path.join(tmp, 'nested', 'schema.json');
    await wsdlSchemaCommand({ wsdl: WSDL, out });
    expect(fs.readdirSync(path.dirname(out)).sort()).toEqual(['metadata-types.tsv', 'schema.json']);
    expect(serializeSchema(JSON.parse(fs.readFileSync(out, 'utf8')) as MetadataSchema)).toBe(
      fs.readFileSync(COMMITTED, 'utf8'),
    );
  });

  it('resolves paths the user gives against the working folder', async () => {
    const cwd = process.cwd();
    process.chdir(tmp);
    try {
      await wsdlSchemaCommand({ wsdl: path.relative(tmp, WSDL), out: 'relative.json' });
    } finally {
      process.chdir(cwd);
    }
    expect(fs.readFileSync(path.join(tmp, 'relative.json'))).toEqual(fs.readFileSync(COMMITTED));
  });

  it('names the file when the WSDL is missing, and writes nothing', async () => {
    const wsdl = path.join(tmp, 'missing.wsdl');
    const out = path.join(tmp, 'schema.json');
    const error = await commandError({ wsdl, out });
    expect([error.code, error.details.file, error.exitCode]).toEqual(['WSDL_NOT_FOUND', wsdl, 2]);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('refuses a WSDL without the metadata schema (e.g. the partner WSDL), and writes nothing', async () => {
    const wsdl = path.join(tmp, 'partner.wsdl');
    fs.writeFileSync(
      wsdl,
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<definitions targetNamespace="urn:partner.soap.sforce.com" xmlns="http://schemas.xmlsoap.org/wsdl/" xmlns:xsd="http://www.w3.org/2001/XMLSchema">',
        '  <types><xsd:schema targetNamespace="urn:partner.soap.sforce.com"><xsd:complexType name="sObject"/></xsd:schema></types>',
        '</definitions>',
        '',
      ].join('\n'),
    );
    const out = path.join(tmp, 'schema.json');
    const error = await commandError({ wsdl, out });
    expect([error.code, error.details.file]).toEqual(['WSDL_NOT_METADATA', wsdl]);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('refuses a file that is not a WSDL at all', async () => {
    const wsdl = path.join(tmp, 'notes.txt');
    fs.writeFileSync(wsdl, 'just some notes\n');
    const error = await commandError({ wsdl, out: path.join(tmp, 'schema.json') });
    expect([error.code, error.details.file]).toEqual(['WSDL_NOT_METADATA', wsdl]);
  });

  it('refuses a metadata WSDL that lacks a type reco-sf uses', async () => {
    const wsdl = path.join(tmp, 'partial.wsdl');
    fs.writeFileSync(
      wsdl,
      '<definitions><types><xsd:schema targetNamespace="http://soap.sforce.com/2006/04/metadata"></xsd:schema></types></definitions>',
    );
    const error = await commandError({ wsdl, out: path.join(tmp, 'schema.json') });
    expect(error.code).toBe('WSDL_NOT_METADATA');
  });
});

describe('the schema derived from the v66 WSDL', () => {
  const schema = wsdlFileToSchema(WSDL);
  const names = (type: string): string[] => schema.complexTypes[type].fields.map((f) => f.name);
  const field = (type: string, name: string) => schema.complexTypes[type].fields.find((f) => f.name === name);

  it('lists PermissionSet fields in the order of real retrieved files', () => {
    const ours = [
      'description',
      'hasActivationRequired',
      'label',
      'license',
      'objectPermissions',
      'userPermissions',
    ];
    expect(names('PermissionSet').filter((n) => ours.includes(n))).toEqual(ours);
    // Retrieved files hold the fields we write; v66 also has the optional customizeSetup, deleteSetup, viewSetup.
    expect(names('PermissionSetObjectPermissions')).toEqual([
      'allowCreate',
      'allowDelete',
      'allowEdit',
      'allowRead',
      'customizeSetup',
      'deleteSetup',
      'modifyAllRecords',
      'object',
      'viewAllFields',
      'viewAllRecords',
      'viewSetup',
    ]);
    expect(
      ['customizeSetup', 'deleteSetup', 'viewSetup'].map(
        (n) => field('PermissionSetObjectPermissions', n)?.min,
      ),
    ).toEqual([0, 0, 0]);
    expect(field('PermissionSet', 'label')).toEqual({ name: 'label', type: 'xsd:string', min: 1, max: 1 });
    expect(field('PermissionSet', 'userPermissions')).toEqual({
      name: 'userPermissions',
      type: 'PermissionSetUserPermission',
      min: 0,
      max: -1,
    });
  });

  it('lists IpRange as description, end, start', () => {
    expect(names('IpRange')).toEqual(['description', 'end', 'start']);
    expect(names('NetworkAccess')).toEqual(['ipRanges']);
  });

  it('lists RealTimeEvent as entityName, isEnabled, both required', () => {
    expect(schema.complexTypes['RealTimeEvent'].fields).toEqual([
      { name: 'entityName', type: 'xsd:string', min: 1, max: 1 },
      { name: 'isEnabled', type: 'xsd:boolean', min: 1, max: 1 },
    ]);
  });

  it('lists EventSettings fields in the documented order', () => {
    expect(names('EventSettings')).toEqual([
      'bypassMeteringBlock',
      'enableApexLimitEvents',
      'enableDeleteMonitoringData',
      'enableDynamicStreamingChannel',
      'enableEventLogGeneration',
      'enableEventLogWaveIntegration',
      'enableLightningLoggerEvents',
      'enableLoginForensics',
      'enableStreamingApi',
      'enableTransactionSecurityPolicies',
      'eventLogRetentionDuration',
    ]);
  });

  it('holds the enums of the OAuth policies', () => {
    expect(schema.enums['ExtlClntAppDistState']).toEqual(['Local', 'Packaged', 'Managed', 'AutoInstalled']);
    expect(schema.enums['PermittedUsersPolicyType']).toEqual(
      expect.arrayContaining(['AllSelfAuthorized', 'AdminApprovedPreAuthorized']),
    );
  });

  it('is closed: every root is a type, and every field type is a primitive, a type or an enum', () => {
    expect(schema.roots).toEqual(ROOT_TYPES);
    for (const root of schema.roots) expect(schema.complexTypes[root]).toBeDefined();
    for (const [typeName, type] of Object.entries(schema.complexTypes)) {
      if (type.base)
        expect([typeName, schema.complexTypes[type.base] !== undefined]).toEqual([typeName, true]);
      for (const f of type.fields) {
        const known = f.type.startsWith('xsd:') || f.type in schema.complexTypes || f.type in schema.enums;
        expect([typeName, f.name, known]).toEqual([typeName, f.name, true]);
        expect(f.max === -1 || f.max >= 1).toBe(true);
        expect(f.min).toBeGreaterThanOrEqual(0);
      }
    }
  });
});
