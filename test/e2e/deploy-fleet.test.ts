/**
 * `reco-sf deploy` to a fleet: three emulated orgs with their own identities in one HOME, one of
 * them failing a component (fault injection). The others deploy; one summary table; exit 1.
 * Then a --json re-run from a targets file, and the production guard in fleet mode.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from '../../scripts/core/diagnostic';
import type { EmulatorHandle } from '../../scripts/emulator';
import { useHarness, deployCalls, requestsSince, type Harness } from './deploy-harness';

/** Each org its own integration username (Salesforce usernames are unique across all orgs). */
const usernameOf = (target: string): string => `reco-integration@example.com.${target}`;
/** A targets file naming `targets`, each with its own username; returns its name. */
function targetsFile(
  h: Harness,
  name: string,
  targets: string[],
  comments: Record<string, string> = {},
): string {
  const lines = targets.map(
    (t) => `${t}  username=${usernameOf(t)}${comments[t] ? `  # ${comments[t]}` : ''}`,
  );
  writeFileSync(join(h.project, name), `# the fleet\n${lines.join('\n')}\n`);
  return name;
}
const OFFICE = { description: 'office', end: '10.1.0.255', start: '10.1.0.0' };
const SANDBOX = {
  shape: ['shield', 'sandbox'] as Array<'shield' | 'sandbox'>,
  seed: { trustedIpRanges: [OFFICE] },
};

interface FleetJson {
  status: number;
  result: {
    orgs: Array<{
      targetOrg: string;
      status: number;
      result?: { noChanges: boolean; orgId: string };
      error?: { code: string };
    }>;
  };
  warnings: Diagnostic[];
}

function hasUser(org: EmulatorHandle, target: string): boolean {
  return org.store.rows('User').some((u) => u.Username === usernameOf(target));
}

describe('reco-sf deploy to a fleet of emulated orgs', () => {
  const h = useHarness();
  let orgs: EmulatorHandle[];

  beforeAll(async () => {
    orgs = [];
    for (const n of [1, 2, 3]) orgs.push(await h.org({ ...SANDBOX, orgNumber: n }, `fleet-${n}`));
    orgs[1].setFaults({ componentFailure: { type: 'PermissionSet', fullName: 'Reco_Integration' } });
  });

  it('given one org failing a component, when deploying to all three, then the others deploy and one table says so (exit 1)', async () => {
    const file = targetsFile(h, 'all.txt', ['fleet-1', 'fleet-2', 'fleet-3']);
    const run = await h.run(['deploy', '--targets-file', file, '--concurrency', '2']);
    expect(run.code).toBe(1);
    expect(hasUser(orgs[0], 'fleet-1')).toBe(true);
    expect(hasUser(orgs[2], 'fleet-3')).toBe(true);
    expect(hasUser(orgs[1], 'fleet-2')).toBe(false); // rolled back, and the data steps never ran
    expect(JSON.stringify(orgs[1].store.getMetadata('Settings', 'Security')?.value)).toContain('10.1.0.0');

    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ORG\s+RESULT\s+CHANGED\s+DURATION\s+ERROR$/);
    expect(lines[1]).toMatch(/^fleet-1\s+deployed\s+[1-9]\d*\s+\d+\.\d s$/);
    expect(lines[2]).toMatch(/^fleet-2\s+failed\s+0\s+\d+\.\d s\s+DEPLOY_FAILED$/);
    expect(lines[3]).toMatch(/^fleet-3\s+deployed\s+[1-9]\d*\s+\d+\.\d s$/);
    expect(lines[lines.length - 1]).toMatch(/^3 orgs: 2 deployed, 1 failed \(concurrency 2, \d+\.\d s\)$/);
    expect(run.stdout.match(/^ORG\s+RESULT/gm)).toHaveLength(1); // one table, no per-org summaries

    // Progress: plain lines prefixed with the org, never a redrawn line; the failure explained on stderr.
    expect(run.stderr).not.toContain('\r');
    for (const n of [1, 2, 3]) expect(run.stderr).toContain(`[fleet-${n}] connecting\n`);
    expect(run.stderr).toContain('[fleet-2] Error (DEPLOY_FAILED)');
    expect(run.stderr).toContain('Forced component failure');
    for (const org of orgs) expect(run.stdout + run.stderr).not.toContain(org.accessToken.split('!')[1]);

    // One receipt per deployed org (its own org id), none for the failed one.
    const receipts = readdirSync(join(h.project, '.reco', 'receipts'));
    expect(receipts.filter((r) => r.startsWith(orgs[0].orgId))).toHaveLength(1);
    expect(receipts.filter((r) => r.startsWith(orgs[2].orgId))).toHaveLength(1);
    expect(receipts.filter((r) => r.startsWith(orgs[1].orgId))).toHaveLength(0);
  });

  it('given a targets file, when re-running with --json, then each org has its own status and result or error', async () => {
    targetsFile(h, 'orgs.txt', ['fleet-1', 'fleet-2', 'fleet-3'], { 'fleet-2': 'failing' });
    const from = orgs.map((o) => o.requestLog().length);
    const run = await h.run(['deploy', '--targets-file', 'orgs.txt', '--json']);
    expect(run.code).toBe(1);
    const json = run.json as unknown as FleetJson;
    expect(json.status).toBe(1);
    expect(json.result.orgs.map((o) => [o.targetOrg, o.status])).toEqual([
      ['fleet-1', 0],
      ['fleet-2', 1],
      ['fleet-3', 0],
    ]);
    expect(json.result.orgs[0].result).toMatchObject({ noChanges: true, orgId: orgs[0].orgId });
    expect(json.result.orgs[2].result).toMatchObject({ noChanges: true, orgId: orgs[2].orgId });
    expect(json.result.orgs[1].error?.code).toBe('DEPLOY_FAILED');
    expect(deployCalls(requestsSince(orgs[0], from[0]))).toBe(0);
    expect(run.stderr).toBe(''); // --json: nothing but the JSON
  });

  it('given the fault cleared, when re-running, then the failed org heals and the fleet exits 0', async () => {
    orgs[1].setFaults({});
    const run = await h.run(['deploy', '--targets-file', 'orgs.txt', '--json']);
    expect(run.code).toBe(0);
    const json = run.json as unknown as FleetJson;
    expect(json.result.orgs.map((o) => o.result?.noChanges)).toEqual([true, false, true]);
    expect(hasUser(orgs[1], 'fleet-2')).toBe(true);
  });

  it('given a production org and no --yes, then that org is refused without a prompt and the others still run (exit 2)', async () => {
    const prod = await h.org({ orgNumber: 4 }, 'fleet-prod');
    const run = await h.run([
      'deploy',
      '--targets-file',
      targetsFile(h, 'prod.txt', ['fleet-prod', 'fleet-1']),
    ]);
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/^fleet-prod\s+refused\s+0\s+\d+\.\d s\s+PRODUCTION_NOT_CONFIRMED$/m);
    expect(run.stdout).toMatch(/^fleet-1\s+no changes\s+0/m);
    expect(run.stderr).toContain(
      "[fleet-prod] Try this: pass --yes to deploy to the fleet's production orgs too: reco-sf deploy --targets-file prod.txt --yes",
    );
    expect(hasUser(prod, 'fleet-prod')).toBe(false);
    expect(deployCalls(prod.requestLog())).toBe(0);
  });

  it('refuses options that belong to one org (exit 2) before touching any org', async () => {
    const from = orgs[0].requestLog().length;
    const run = await h.run([
      'deploy',
      '-o',
      'fleet-1',
      '-o',
      'fleet-3',
      '--resume',
      '0AfEM0000000001',
      '--json',
    ]);
    expect(run.code).toBe(2);
    expect(run.json?.code).toBe('FLEET_OPTION_UNSUPPORTED');
    expect(orgs[0].requestLog().length).toBe(from);
  });
});
