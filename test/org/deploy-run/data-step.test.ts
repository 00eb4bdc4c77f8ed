/** The data step's failures (with the org's answers faked in memory): the receipt first, then the fix for this run. */
import type { DataResult } from '../../../scripts/org/data';
import { dataStep, passwordEmailStep } from '../../../scripts/org/deploy-run/data-step';
import type { RunContext } from '../../../scripts/org/deploy-run/types';
import { aModel } from '../../builders/model';
import { aSnapshot } from '../builders';

const answer: { result: DataResult } = { result: { records: [], errors: [] } as unknown as DataResult };
jest.mock('../../../scripts/org/data', () => ({
  ...jest.requireActual('../../../scripts/org/data'),
  runDataSteps: () => Promise.resolve(answer.result),
}));

const INVOCATION = { target: 'beta', config: 'cfg/reco.json', targetsFile: 'orgs.txt' };

function ctx(): RunContext {
  return {
    model: aModel(),
    progress: { update: () => undefined },
    org: { conn: {}, apiVersion: '66.0', target: 'beta', orgId: '00D' },
  } as unknown as RunContext;
}

async function failure(errorCode: string): Promise<{ error: unknown; recorded: number }> {
  answer.result = {
    records: [],
    errors: [{ code: errorCode, severity: 'error', source: 'org', message: 'refused' }],
  } as unknown as DataResult;
  let recorded = 0;
  const error = await dataStep(
    ctx(),
    {} as never,
    aModel(),
    aSnapshot(),
    () => (recorded += 1),
    INVOCATION,
  ).catch((e: unknown) => e);
  return { error, recorded };
}

describe('data step', () => {
  it('returns the result when every step went through', async () => {
    answer.result = { records: [], errors: [] } as unknown as DataResult;
    await expect(
      dataStep(ctx(), {} as never, aModel(), aSnapshot(), () => undefined, INVOCATION),
    ).resolves.toBe(answer.result);
  });

  it('a failed step: receipt written, DATA_FAILED (exit 1) with the fix for this org and files', async () => {
    const { error, recorded } = await failure('FIELD_INTEGRITY_EXCEPTION');
    expect(recorded).toBe(1);
    expect(error).toMatchObject({
      code: 'DATA_FAILED',
      exitCode: 1,
      fix: 'fix the cause and run reco-sf deploy --target-org beta --config cfg/reco.json --targets-file orgs.txt again (it picks up where this run stopped)',
    });
  });

  it('a username another org holds: DUPLICATE_USERNAME (exit 2) with the same org and files', async () => {
    const { error, recorded } = await failure('DUPLICATE_USERNAME');
    expect(recorded).toBe(1);
    expect(error).toMatchObject({ code: 'DUPLICATE_USERNAME', exitCode: 2 });
    expect((error as { fix: string }).fix).toContain(
      'then run reco-sf deploy --target-org beta --config cfg/reco.json --targets-file orgs.txt again',
    );
  });

  it('a password-set e-mail Salesforce refuses: PASSWORD_EMAIL_NOT_SENT at the user, its fix the handoff for this org and files', async () => {
    const run = ctx();
    const refusal = Object.assign(new Error('refused'), { errorCode: 'INSUFFICIENT_ACCESS' });
    run.org.conn = { request: () => Promise.reject(refusal) } as unknown as RunContext['org']['conn'];
    run.opts = { userEmail: true } as RunContext['opts'];
    run.warnings = [];
    const records = [{ sobject: 'User', id: '005000000000001AAA', action: 'created' as const }];
    const plan = { user: { action: 'create' } } as never;
    await expect(passwordEmailStep(run, plan, records, INVOCATION)).resolves.toBe('failed');
    expect(run.warnings).toEqual([
      {
        code: 'PASSWORD_EMAIL_NOT_SENT',
        severity: 'warning',
        source: 'org',
        location: { entity: { type: 'User', name: run.model.user.username, id: '005000000000001AAA' } },
        message: 'Salesforce did not send the password-set e-mail (INSUFFICIENT_ACCESS)',
        fix: 'run: reco-sf handoff --target-org beta --config cfg/reco.json --targets-file orgs.txt --send-password-email',
      },
    ]);
  });
});
