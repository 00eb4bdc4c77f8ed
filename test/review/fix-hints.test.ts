/**
 * A fix a review prints, copied, does the same thing: every reco-sf command in a fix repeats the
 * org, --config and --targets-file the review ran with (so an org of a targets file never falls
 * back to the config's default username), and a config edit names the config the user gave.
 */
import { invocationOf, orgArgs, recoCommand } from '../../scripts/core/org-args';
import { diagnose } from '../../scripts/review/doctor';
import { NO_FACTS, type ReviewFacts } from '../../scripts/review/facts';
import { fixes } from '../../scripts/review/fixes';
import { verifyDrift } from '../../scripts/review/verify';
import { anEmptyShieldOrg, aDeployedOrg, demoModel, withoutShield } from './builders';

const INVOCATION = { target: 'beta-uat', config: 'cfg/acme.json', targetsFile: 'orgs.txt' };
const ARGS = ' --target-org beta-uat --config cfg/acme.json --targets-file orgs.txt';

/** Every `reco-sf …` command a fix names. */
function recoCommands(fix: string | undefined): string[] {
  return fix?.match(/reco-sf [a-z]+[^,;)]*/g) ?? [];
}

describe('orgArgs', () => {
  it('repeats the org, --config and --targets-file, in that order', () => {
    expect(orgArgs(INVOCATION)).toBe(ARGS);
    expect(recoCommand('deploy', INVOCATION, '--yes')).toBe(`reco-sf deploy${ARGS} --yes`);
  });

  it("repeats the run's switches a command takes, once, and only for a command that takes them", () => {
    const run = invocationOf(
      {
        config: 'cfg/acme.json',
        targetsFile: 'orgs.txt',
        yes: true,
        ignoreLocalChanges: true,
        userEmail: false,
      },
      'beta-uat',
    );
    expect(recoCommand('deploy', run, '--resume 0Af000000000001AAA')).toBe(
      `reco-sf deploy${ARGS} --ignore-local-changes --no-user-email --yes --resume 0Af000000000001AAA`,
    );
    expect(recoCommand('deploy', run, '--yes')).toBe(
      `reco-sf deploy${ARGS} --ignore-local-changes --no-user-email --yes`,
    );
    expect(recoCommand('plan', run)).toBe(`reco-sf plan${ARGS} --ignore-local-changes`);
    expect(recoCommand('handoff', run)).toBe(`reco-sf handoff${ARGS}`);
    expect(recoCommand('deploy', invocationOf({}, 'x'))).toBe('reco-sf deploy --target-org x');
  });

  it('names only what was given; a bare string is an org', () => {
    expect(orgArgs('acme')).toBe(' --target-org acme');
    expect(orgArgs(null)).toBe('');
    expect(orgArgs({ target: null, config: 'c.json' })).toBe(' --config c.json');
  });

  it('quotes what a shell would split or expand', () => {
    expect(orgArgs({ target: 'me@acme.com', config: 'my configs/reco.json' })).toBe(
      " --target-org me@acme.com --config 'my configs/reco.json'",
    );
    expect(orgArgs({ target: "o'brien $HOME" })).toBe(` --target-org 'o'\\''brien $HOME'`);
  });
});

describe('fixes of doctor and verify', () => {
  const model = demoModel();
  const broken: ReviewFacts = {
    ...NO_FACTS,
    apiEnabled: false,
    login: { id: '06x000000000001AAA', isFrozen: true, isPasswordLocked: false },
  };

  it('doctor: every command repeats the invocation', () => {
    const findings = [
      ...diagnose(model, anEmptyShieldOrg(), NO_FACTS, INVOCATION),
      ...diagnose(model, aDeployedOrg(model), broken, INVOCATION),
      ...diagnose(model, aDeployedOrg(model, withoutShield), NO_FACTS, INVOCATION),
    ];
    const commands = findings.flatMap((f) => recoCommands(f.fix));
    expect(commands.length).toBeGreaterThan(0);
    for (const c of commands) expect(c).toContain(ARGS);
  });

  it('verify: every command repeats the invocation', () => {
    const report = verifyDrift(model, anEmptyShieldOrg(), NO_FACTS, INVOCATION);
    const commands = report.drift.flatMap((d) => recoCommands(d.fix));
    expect(commands.length).toBeGreaterThan(0);
    for (const c of commands) expect(c).toBe(`reco-sf deploy${ARGS}`);
  });

  it('a config edit names the config the user gave', () => {
    expect(fixes.shield(INVOCATION)).toContain('in cfg/acme.json');
    expect(fixes.shieldForSkipped(INVOCATION)).toContain(`in cfg/acme.json`);
    expect(fixes.preAuthorize(model, 'Reco', INVOCATION)).toMatch(
      /^run: set .* in cfg\/acme\.json .* then reco-sf deploy --target-org beta-uat --config cfg\/acme\.json --targets-file orgs\.txt {2}\(or in Setup: /,
    );
    expect(fixes.shield()).toContain('in config/reco.config.json');
  });
});
