/**
 * Deploy receipts: `.reco/receipts/<org-id>-<timestamp>.json` (git-ignored). What was created or
 * changed, and the prior value of everything changed, so teardown can undo exactly our changes.
 * Built only from snapshots and results, which never hold tokens.
 */
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { RecoError } from '../core/errors';
import { formatDiagnostic, type Diagnostic } from '../core/diagnostic';
import { writeFilesAtomic } from '../core/files';
import { readJsonInput } from '../core/json';
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
  /** The run's warnings (receipts written before they were Diagnostics hold their messages as strings; nothing reads them back). */
  warnings: Diagnostic[];
}

export function receiptFileName(orgId: string, at: Date): string {
  return `${orgId}-${at.toISOString().replace(/[:.]/g, '-')}.json`;
}

/** Writes a receipt readable by its owner only (0600, in a 0700 folder): it holds the org's prior values. */
export function writeReceipt(root: string, receipt: Receipt): string {
  const path = join(root, RECEIPTS_DIR, receiptFileName(receipt.orgId, new Date(receipt.finishedAt)));
  writeFilesAtomic([{ path, content: JSON.stringify(receipt, null, 2) + '\n' }], {
    fileMode: 0o600,
    dirMode: 0o700,
  });
  return path;
}

/** Receipts of one org (of every org without `orgId`), oldest first (file names sort by time). */
export function listReceipts(root: string, orgId?: string): string[] {
  let names: string[];
  try {
    names = readdirSync(join(root, RECEIPTS_DIR));
  } catch {
    return [];
  }
  return names
    .filter((n) => (orgId === undefined || n.startsWith(`${orgId}-`)) && n.endsWith('.json'))
    .sort()
    .map((n) => join(root, RECEIPTS_DIR, n));
}

/** Receipts are small; a large one was not written by us. */
const MAX_RECEIPT_BYTES = 16 * 1024 * 1024;

function looksLikeReceipt(value: unknown): value is Receipt {
  const r = value as Partial<Receipt> | null;
  return (
    typeof r === 'object' &&
    r !== null &&
    r.version === 1 &&
    typeof r.orgId === 'string' &&
    typeof r.dryRun === 'boolean' &&
    Array.isArray(r.components) &&
    Array.isArray(r.records) &&
    Array.isArray(r.warnings)
  );
}

/**
 * Reads a receipt strictly. Throws RecoError RECEIPT_CORRUPT (exit 2) naming the file and the fix
 * when it is unreadable, not JSON, or not a receipt (teardown must not undo from a guess).
 */
export function readReceipt(path: string, root?: string): Receipt {
  const display = root ? relative(root, path) : path;
  const parsed = readJsonInput(path, {
    display,
    maxBytes: MAX_RECEIPT_BYTES,
    root,
    what: 'a deploy receipt',
  });
  if (parsed.ok && looksLikeReceipt(parsed.value)) return parsed.value;
  const why = parsed.ok
    ? `${display} is not a reco-sf receipt (truncated or edited)`
    : formatDiagnostic(parsed.problem);
  throw new RecoError('RECEIPT_CORRUPT', `a deploy receipt cannot be read: ${why}`, {
    file: display,
    fix: `restore ${display} from a backup, or move it out of ${RECEIPTS_DIR}/ (teardown then leaves what that deploy added)`,
  });
}
