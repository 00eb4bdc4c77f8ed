/** The bundled emulator's saved org state (.reco/emulator/org-state.json), read strictly. */
import { relative } from 'node:path';
import { formatDiagnostic } from '../core/diagnostic';
import { RecoError } from '../core/errors';
import { readJsonInput } from '../core/json';

/** The emulated org's saved state can be large (every deploy's components); 64 MB is far beyond it. */
const MAX_STATE_BYTES = 64 * 1024 * 1024;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The shape `OrgStore.snapshot()` writes: anything else was not written by us, or was cut short. */
function looksLikeOrgState(value: unknown): boolean {
  return (
    isRecord(value) &&
    isRecord(value.metadata) &&
    isRecord(value.records) &&
    Object.values(value.records).every(Array.isArray) &&
    Array.isArray(value.foreignUsernames) &&
    isRecord(value.installedAppPolicies) &&
    typeof value.version === 'number'
  );
}

/**
 * Reads .reco/emulator/org-state.json strictly. Throws RecoError EMULATOR_STATE_CORRUPT (exit 2)
 * naming the file and the fix (--fresh) when it is unreadable, not JSON, or not an org state.
 */
export function readSavedState(path: string, root: string): Record<string, unknown> {
  const display = relative(root, path) || path;
  const parsed = readJsonInput(path, {
    display,
    maxBytes: MAX_STATE_BYTES,
    root,
    what: 'the saved org state',
  });
  const problem = parsed.ok
    ? looksLikeOrgState(parsed.value)
      ? undefined
      : `${display} is not an emulated org's state (truncated, emptied or replaced)`
    : `${formatDiagnostic(parsed.problem)}`;
  if (problem === undefined && parsed.ok) return parsed.value as Record<string, unknown>;
  throw new RecoError('EMULATOR_STATE_CORRUPT', `the saved emulator state cannot be used: ${problem}`, {
    file: display,
    fix: `start afresh with: npm start -- --fresh  (or delete ${display}); the emulated org is then set up again from scratch`,
  });
}
