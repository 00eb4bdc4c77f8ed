/**
 * Real-org mode: the lifecycle scenario (test/scenarios/lifecycle.ts, the same code the emulator
 * end-to-end test runs) against a scratch org or sandbox you have logged in to with `sf`.
 * Run it with `npm run test:org -- --target-org ALIAS`; `npm test` never runs it. It refuses a
 * production org before sending anything but one read of Organization, uses a throwaway config
 * (unique names), and tears down what it added.
 */
import type { SfResult } from '../helpers/sf';
import { REPO_ROOT, spawnSf } from '../helpers/sf';
import { describeLifecycle } from '../scenarios/lifecycle';

const ALIAS = process.env.RECO_TEST_TARGET_ORG ?? '';

/** The real `sf` with the user's own HOME and keychain (their login), quiet. */
function realSf(args: string[], cwd: string): Promise<SfResult> {
  return spawnSf(args, cwd, {
    ...process.env,
    SF_DISABLE_TELEMETRY: 'true',
    SF_SKIP_NEW_VERSION_CHECK: 'true',
  });
}

/**
 * Refuses production: a sandbox has IsSandbox true; a scratch org has IsSandbox false and a
 * TrialExpirationDate (Object Reference, Organization). Anything else is production.
 */
async function refuseProduction(alias: string): Promise<void> {
  const r = await realSf(
    ['data', 'query', '-q', 'SELECT IsSandbox, TrialExpirationDate FROM Organization', '-o', alias, '--json'],
    REPO_ROOT,
  );
  const json = r.json as
    | {
        result?: { records?: Array<{ IsSandbox: boolean; TrialExpirationDate: string | null }> };
        message?: string;
      }
    | undefined;
  const row = json?.result?.records?.[0];
  if (r.code !== 0 || !row) throw new Error(`cannot read the org ${alias}: ${json?.message ?? r.stderr}`);
  if (!row.IsSandbox && !row.TrialExpirationDate)
    throw new Error(`${alias} is a production org: test:org runs only against a scratch org or sandbox`);
}

describe(`lifecycle against the real org ${ALIAS}`, () => {
  beforeAll(async () => {
    if (ALIAS === '') throw new Error('no target org: run `npm run test:org -- --target-org ALIAS`');
    await refuseProduction(ALIAS);
  });

  describeLifecycle(() => ({ alias: ALIAS, sf: realSf }));
});
