/**
 * Deploy receipts: `.reco/receipts/<org-id>-<timestamp>.json` (git-ignored). What was created or
 * changed, and the prior value of everything changed, so teardown can undo exactly our changes.
 * Built only from snapshots and results, which never hold tokens.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../core/files';
import type { XmlRecord } from '../core/xml';
import type { ChangeState } from './changes';

export const RECEIPTS_DIR = '.reco/receipts';

export interface ReceiptComponent {
  key: string;
  type: string;
  fullName: string;
  state: ChangeState;
  /** The org's value before the deploy; null when the deploy created it. */
  prior: XmlRecord | null;
}

export interface ReceiptRecord {
  sobject: string;
  id: string | null;
  action: 'created' | 'updated' | 'reactivated' | 'unchanged' | 'failed';
  /** Field values before an update. */
  prior?: Record<string, string | boolean | null>;
}

export interface Receipt {
  version: 1;
  orgId: string;
  targetOrg: string;
  apiVersion: string;
  startedAt: string;
  finishedAt: string;
  dryRun: boolean;
  deployId: string | null;
  components: ReceiptComponent[];
  records: ReceiptRecord[];
  warnings: string[];
}

export function receiptFileName(orgId: string, at: Date): string {
  return `${orgId}-${at.toISOString().replace(/[:.]/g, '-')}.json`;
}

export function writeReceipt(root: string, receipt: Receipt): string {
  const path = join(root, RECEIPTS_DIR, receiptFileName(receipt.orgId, new Date(receipt.finishedAt)));
  writeFileAtomic(path, JSON.stringify(receipt, null, 2) + '\n');
  return path;
}

/** Receipts of one org, oldest first (file names sort by time). */
export function listReceipts(root: string, orgId: string): string[] {
  let names: string[];
  try {
    names = readdirSync(join(root, RECEIPTS_DIR));
  } catch {
    return [];
  }
  return names
    .filter((n) => n.startsWith(`${orgId}-`) && n.endsWith('.json'))
    .sort()
    .map((n) => join(root, RECEIPTS_DIR, n));
}

export function readReceipt(path: string): Receipt {
  return JSON.parse(readFileSync(path, 'utf8')) as Receipt;
}
