/**
 * Deploy's steps with in-memory inputs (no emulator): the guards, the adapt step and the record
 * step, and the fixes they print, which repeat the org, --config and --targets-file of the run.
 */
import { buildComponents } from '../../../scripts/components';
import type { RecoError } from '../../../scripts/core/errors';
import { adaptToOrg } from '../../../scripts/org/adapt';
import { planChanges, type ChangeSet } from '../../../scripts/org/changes';
import { planData } from '../../../scripts/org/data';
import { adaptStep } from '../../../scripts/org/deploy-run/adapt';
import { demoGuard, guardStep, type GuardInput } from '../../../scripts/org/deploy-run/guards';
import { receiptOf } from '../../../scripts/org/deploy-run/record';
import type { ConvergencePlan } from '../../../scripts/review/converge';
import type { OrgSnapshot } from '../../../scripts/org/types';
import { aModel } from '../../builders/model';
import { aSnapshot, noShield } from '../builders';

const CONVERGED: ConvergencePlan = {
  steps: [],
  deletions: [],
  removals: [],
  settledUsers: [],
  missing: [],
  kept: [],
};
const INVOCATION = { target: 'acme prod', config: 'cfg/reco.json', targetsFile: 'orgs.txt' };
const YES = `reco-sf deploy --target-org 'acme prod' --config cfg/reco.json --targets-file orgs.txt --yes`;
const production = (s: OrgSnapshot): void => {
  s.organization.isSandbox = false;
};

function guardInput(snapshot: OrgSnapshot, change: Partial<GuardInput> = {}): GuardInput {
  const model = aModel();
  const adapted = adaptToOrg(model, snapshot);
  return {
    opts: { yes: false, dryRun: false, json: false },
    snapshot,
    changeSet: planChanges(buildComponents(adapted.model), snapshot),
    dataPlan: planData(adapted.model, snapshot, adapted.profile),
    convergence: CONVERGED,
    prompter: { interactive: false, confirm: () => Promise.resolve(false) },
    invocation: INVOCATION,
    ...change,
  };
}

describe('guard step', () => {
  it('lets a sandbox through without asking', async () => {
    await expect(guardStep(guardInput(aSnapshot()))).resolves.toBe(false);
  });

  it('refuses a production org it cannot ask, with a fix that repeats the org, --config and --targets-file', async () => {
    await expect(guardStep(guardInput(aSnapshot(production)))).rejects.toMatchObject({
      code: 'PRODUCTION_NOT_CONFIRMED',
      exitCode: 2,
      fix: `run it in a terminal to confirm, or: ${YES}`,
    });
  });

  it('refuses production under --json even in a terminal', async () => {
    const input = guardInput(aSnapshot(production), {
      opts: { yes: false, dryRun: false, json: true },
      prompter: { interactive: true, confirm: () => Promise.resolve(true) },
    });
    await expect(guardStep(input)).rejects.toMatchObject({ code: 'PRODUCTION_NOT_CONFIRMED' });
  });

  it('asks in a terminal: yes goes ahead, no stops', async () => {
    const questions: string[] = [];
    const prompter = (answer: boolean) => ({
      interactive: true,
      confirm: (q: string) => (questions.push(q), Promise.resolve(answer)),
    });
    await expect(guardStep(guardInput(aSnapshot(production), { prompter: prompter(true) }))).resolves.toBe(
      true,
    );
    await expect(
      guardStep(guardInput(aSnapshot(production), { prompter: prompter(false) })),
    ).rejects.toMatchObject({
      code: 'PRODUCTION_NOT_CONFIRMED',
    });
    expect(questions[0]).toContain('acme prod is a PRODUCTION org (Acme)');
  });

  it('lets production through with --yes, on a dry run, or when nothing would change', async () => {
    await expect(
      guardStep(guardInput(aSnapshot(production), { opts: { yes: true, dryRun: false, json: true } })),
    ).resolves.toBe(false);
    await expect(
      guardStep(guardInput(aSnapshot(production), { opts: { yes: false, dryRun: true, json: true } })),
    ).resolves.toBe(false);
    const input = guardInput(aSnapshot(production));
    const nothing: ChangeSet = { changes: [], permissionSetExtras: [] };
    const settled = {
      ...input.dataPlan,
      user: { ...input.dataPlan.user, action: 'none' as const },
      permissionSetLicense: 'present' as const,
      permissionSet: 'present' as const,
    };
    await expect(guardStep({ ...input, changeSet: nothing, dataPlan: settled })).resolves.toBe(false);
  });

  it("repeats the run's switches in its fixes: --dry-run, --ignore-local-changes, --no-user-email", async () => {
    const input = guardInput(aSnapshot(), {
      opts: { yes: false, dryRun: true, json: false },
      invocation: { ...INVOCATION, switches: { dryRun: true, ignoreLocalChanges: true, noUserEmail: true } },
    });
    const extras: ChangeSet = {
      changes: input.changeSet.changes,
      permissionSetExtras: [
        {
          component: 'PermissionSet:Reco_Integration',
          path: 'userPermissions[ModifyAllData]',
          kind: 'remove',
        },
      ],
    };
    await expect(guardStep({ ...input, changeSet: extras })).rejects.toMatchObject({
      fix: expect.stringContaining(
        `--targets-file orgs.txt --dry-run --ignore-local-changes --no-user-email --yes`,
      ),
    });
  });

  it('refuses to disable the permission set extras without --yes', async () => {
    const input = guardInput(aSnapshot());
    const extras: ChangeSet = {
      changes: input.changeSet.changes,
      permissionSetExtras: [
        {
          component: 'PermissionSet:Reco_Integration',
          path: 'userPermissions[ModifyAllData]',
          kind: 'remove',
        },
      ],
    };
    await expect(guardStep({ ...input, changeSet: extras })).rejects.toMatchObject({
      code: 'PERMISSION_SET_HAS_EXTRAS',
      fix: `add them to permissionSet.additionalPermissions, or remove them: ${YES}`,
      // Each extra is one of the error's findings, at the permission set's entry.
      diagnostics: [
        {
          code: 'PERMISSION_SET_HAS_EXTRAS',
          severity: 'error',
          source: 'org',
          location: {
            entity: { type: 'PermissionSet', name: 'Reco_Integration' },
            path: 'userPermissions[ModifyAllData]',
          },
          message:
            "userPermissions[ModifyAllData] is in the org's permission set but not in the config; a deploy would disable it",
          fix: `add them to permissionSet.additionalPermissions, or remove them: ${YES}`,
        },
      ],
    });
    await expect(
      guardStep({ ...input, changeSet: extras, opts: { yes: true, dryRun: false, json: false } }),
    ).resolves.toBe(false);
  });

  it('refuses to unfreeze the integration user without --yes', async () => {
    const input = guardInput(aSnapshot());
    const frozen = { ...input.dataPlan, unfreeze: '0Ym000000000001AAA' };
    await expect(guardStep({ ...input, dataPlan: frozen })).rejects.toMatchObject({
      code: 'USER_FROZEN',
      fix: `check why it was frozen, then unfreeze it: ${YES}`,
    });
  });
});

describe('demo guard', () => {
  const emulator = { orgId: '00DEM0000000001AAA', instanceUrl: 'http://127.0.0.1:4000' };
  const real = { orgId: '00D5g000000ABCDEAA', instanceUrl: 'https://acme.my.salesforce.com' };

  it('lets a demo config reach the bundled emulator, and a real config any org', () => {
    expect(() => demoGuard({ demo: true }, emulator, INVOCATION, 'deploy')).not.toThrow();
    expect(() => demoGuard({ demo: false }, real, INVOCATION, 'deploy')).not.toThrow();
  });

  it.each([
    ['deploy', 'deploy it to'],
    ['plan', 'plan against'],
  ] as const)('refuses a demo config against a real org on %s (exit 2), naming the fix', (command, verb) => {
    let thrown: unknown;
    try {
      demoGuard({ demo: true }, real, INVOCATION, command);
    } catch (error) {
      thrown = error;
    }
    expect((thrown as RecoError).toJSON()).toMatchObject({
      code: 'DEMO_CONFIG',
      exitCode: 2,
      diagnostics: [expect.objectContaining({ location: { file: 'cfg/reco.json', path: 'demo' } })],
      message: expect.stringContaining(`refusing to ${verb} a real org, nothing was sent`),
      fix: `set "demo" to false in cfg/reco.json and declare Reco's egress ranges in trustedIpRanges, then: reco-sf ${command} --target-org 'acme prod' --config cfg/reco.json --targets-file orgs.txt`,
    });
  });
});

describe('adapt step', () => {
  it('returns the model fitted to the org', () => {
    const adapted = adaptStep(aModel(), aSnapshot());
    expect(adapted.errors).toEqual([]);
    expect(adapted.model.permissionSet.name).toBe('Reco_Integration');
  });

  it('refuses an org that cannot take the config, listing every error and its fix', () => {
    const model = aModel((c) => {
      c.eventMonitoring.mode = 'required';
    });
    let thrown: unknown;
    try {
      adaptStep(model, aSnapshot(noShield));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: 'ORG_LACKS_EVENT_MONITORING', exitCode: 2 });
    // Each reason in the one text form (as plan lists its blocking reasons), and as a diagnostic.
    expect(String((thrown as Error).message)).toMatch(
      /^the org cannot take this config; nothing was changed:\n {2}eventMonitoring\.mode {2}ERROR ORG_LACKS_EVENT_MONITORING {2}/,
    );
    expect((thrown as RecoError).diagnostics[0]).toMatchObject({
      code: 'ORG_LACKS_EVENT_MONITORING',
      severity: 'error',
      location: { configPath: 'eventMonitoring.mode' },
    });
  });
});

describe('record step', () => {
  it('records the org, the deploy, each pending component with its prior state and the records touched', () => {
    const snapshot = aSnapshot();
    const changeSet = planChanges(buildComponents(aModel()), snapshot);
    const started = new Date('2026-01-01T10:00:00.000Z');
    const finished = new Date('2026-01-01T10:01:00.000Z');
    const records = [{ sobject: 'User', id: '005000000000001AAA', action: 'created' as const }];
    const receipt = receiptOf(
      { orgId: snapshot.orgId, target: 'acme', apiVersion: '66.0' },
      started,
      { deployId: '0Af000000000001AAA', validationId: '0Af000000000002AAA', quickDeploy: true },
      changeSet,
      { records, errors: [] } as never,
      [{ code: 'LOCK_TAKEN_OVER', severity: 'warning', source: 'tool', message: 'a warning' }],
      finished,
    );
    expect(receipt).toMatchObject({
      version: 1,
      orgId: snapshot.orgId,
      targetOrg: 'acme',
      startedAt: '2026-01-01T10:00:00.000Z',
      finishedAt: '2026-01-01T10:01:00.000Z',
      dryRun: false,
      deployId: '0Af000000000001AAA',
      records,
      warnings: [{ code: 'LOCK_TAKEN_OVER', severity: 'warning', source: 'tool', message: 'a warning' }],
    });
    expect(receipt.components.length).toBeGreaterThan(0);
    expect(receipt.components).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ key: 'PermissionSet:Reco_Integration', state: 'create', prior: null }),
      ]),
    );
  });

  it('records no component when nothing was pending, and no deploy id without a deploy', () => {
    const receipt = receiptOf(
      { orgId: '00D', target: 'acme', apiVersion: '66.0' },
      new Date(),
      null,
      { changes: [], permissionSetExtras: [] },
      null,
      [],
    );
    expect(receipt).toMatchObject({ deployId: null, components: [], records: [] });
  });
});
