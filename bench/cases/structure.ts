/**
 * Part of case 3 (scale), in-process: the timings jest does not assert (tests assert behaviour
 * only): the structural (WSDL) check of a real org's 150-range Security settings and of a
 * ~95,000-line permission set, the size refusal of a 50 MB file, and the emulator's start-up.
 * Targets are the limits the suite used to assert.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startEmulator } from '../../scripts/emulator';
import { checkMetadataFile, checkMetadataText } from '../../scripts/validate/structure';
import { REPO, tempDir } from '../lib/env';
import { row, summarize, type Row } from '../lib/stats';

const NS = 'http://soap.sforce.com/2006/04/metadata';

/** A permission set of `fields` field, `objects` object and `users` user permissions, in WSDL order. */
function largePermissionSet(fields: number, objects: number, users: number): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<PermissionSet xmlns="${NS}">`];
  lines.push('    <description>Big</description>');
  for (let i = 0; i < fields; i++)
    lines.push(
      '    <fieldPermissions>',
      '        <editable>false</editable>',
      `        <field>Account.F${i}__c</field>`,
      '        <readable>true</readable>',
      '    </fieldPermissions>',
    );
  lines.push('    <label>Big</label>');
  for (let i = 0; i < objects; i++)
    lines.push(
      '    <objectPermissions>',
      '        <allowCreate>false</allowCreate>',
      '        <allowDelete>false</allowDelete>',
      '        <allowEdit>false</allowEdit>',
      '        <allowRead>true</allowRead>',
      '        <modifyAllRecords>false</modifyAllRecords>',
      `        <object>Obj${i}__c</object>`,
      '        <viewAllRecords>true</viewAllRecords>',
      '    </objectPermissions>',
    );
  for (let i = 0; i < users; i++)
    lines.push(
      '    <userPermissions>',
      '        <enabled>true</enabled>',
      `        <name>Perm${i}</name>`,
      '    </userPermissions>',
    );
  lines.push('</PermissionSet>', '');
  return lines.join('\n');
}

function timed(work: () => unknown): number {
  const started = performance.now();
  work();
  return performance.now() - started;
}

function limitRow(metric: string, times: number[], limitMs: number, note: string): Row {
  const median = summarize(times).median;
  return row('scale', metric, 'ms', times, { target: `≤ ${limitMs} ms`, met: median <= limitMs, note });
}

export async function structureRows(rounds: number): Promise<Row[]> {
  const security = readFileSync(
    join(REPO, 'test', 'fixtures', 'real-world', 'Security.settings-meta.xml'),
    'utf8',
  );
  const big = largePermissionSet(14_000, 2_000, 2_000);
  const dir = tempDir('structure');
  const huge = join(dir, 'Huge.permissionset-meta.xml');
  writeFileSync(huge, Buffer.alloc(50 * 1024 * 1024 + 1, ' '));
  const times = {
    security: [] as number[],
    big: [] as number[],
    huge: [] as number[],
    emulator: [] as number[],
  };
  // One warm-up round, not recorded.
  for (let round = -1; round < rounds; round++) {
    const record = (list: number[], ms: number): void => {
      if (round >= 0) list.push(ms);
    };
    record(
      times.security,
      timed(() => checkMetadataText(security, 'Security.settings-meta.xml')),
    );
    record(
      times.big,
      timed(() => checkMetadataText(big, 'Big.permissionset-meta.xml')),
    );
    record(
      times.huge,
      timed(() => checkMetadataFile(huge, 'force-app/Huge.permissionset-meta.xml')),
    );
    const started = performance.now();
    const emulator = await startEmulator();
    record(times.emulator, performance.now() - started);
    await emulator.stop();
  }
  const lines = big.split('\n').length;
  return [
    limitRow(
      'structure check, real 150-range Security settings',
      times.security,
      250,
      'WSDL order, types, enums',
    ),
    limitRow(
      `structure check, permission set of ${lines} lines`,
      times.big,
      1000,
      '14,000 field, 2,000 object, 2,000 user permissions',
    ),
    limitRow(
      'size refusal of a 50 MB metadata file',
      times.huge,
      50,
      'XML_TOO_LARGE without reading the file',
    ),
    limitRow(
      'emulator start (in-process, 127.0.0.1)',
      times.emulator,
      500,
      'startEmulator() until listening',
    ),
  ];
}
