import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makePrivateTempDir, sweepStaleTempDirs, writeFilesAtomic } from '../../scripts/core/files';
import { readReceipt, writeReceipt, type Receipt } from '../../scripts/org/receipt';
import { makeTempDir, removeTempDirs } from '../builders/project';

afterAll(removeTempDirs);

const mode = (path: string): number => statSync(path).mode & 0o777;

describe('private files', () => {
  it('makes a 0700 temp folder named with the pid, and removes it', () => {
    const temp = makePrivateTempDir('reco-test-private-');
    expect(temp.dir).toContain(`reco-test-private-${process.pid}-`);
    expect(mode(temp.dir)).toBe(0o700);
    writeFilesAtomic([{ path: join(temp.dir, 'a/b.xml'), content: 'x' }], {
      fileMode: 0o600,
      dirMode: 0o700,
    });
    expect(mode(join(temp.dir, 'a/b.xml'))).toBe(0o600);
    expect(mode(join(temp.dir, 'a'))).toBe(0o700);
    temp.remove();
    expect(() => statSync(temp.dir)).toThrow();
  });

  it('sweeps folders left by a killed run (pid gone), and keeps live ones', () => {
    const root = makeTempDir();
    mkdirSync(join(root, 'reco-deploy-999999999-abc'));
    writeFileSync(join(root, 'reco-deploy-999999999-abc', 'Security.settings-meta.xml'), 'org ranges');
    mkdirSync(join(root, `reco-deploy-${process.pid}-def`));
    mkdirSync(join(root, 'unrelated-1-x'));
    expect(sweepStaleTempDirs('reco-deploy-', root)).toEqual([join(root, 'reco-deploy-999999999-abc')]);
    expect(readdirSync(root).sort()).toEqual([`reco-deploy-${process.pid}-def`, 'unrelated-1-x']);
  });

  it('writes receipts 0600 in a 0700 folder, and refuses a corrupt one naming the file and the fix', () => {
    const root = makeTempDir();
    const receipt: Receipt = {
      version: 1,
      orgId: '00D000000000001AAA',
      targetOrg: 'acme',
      apiVersion: '66.0',
      startedAt: '2026-01-01T00:00:00.000Z',
      finishedAt: '2026-01-01T00:00:01.000Z',
      dryRun: false,
      deployId: null,
      components: [],
      records: [],
      warnings: [],
    };
    const path = writeReceipt(root, receipt);
    expect(mode(path)).toBe(0o600);
    expect(readReceipt(path, root)).toEqual(receipt);
    writeFileSync(path, '{"version": 1, "orgId"');
    expect(() => readReceipt(path, root)).toThrow(
      expect.objectContaining({ code: 'RECEIPT_CORRUPT', exitCode: 2 }),
    );
    writeFileSync(path, '{}');
    expect(() => readReceipt(path, root)).toThrow(/is not a reco-sf receipt/);
  });
});
