/**
 * The hand-off, end to end: a first deploy asks Salesforce to e-mail the new integration user a
 * password-set link (the REST User Password resource), never shows the temporary password that
 * comes back, and prints the steps left with the org's login URL; `reco-sf handoff` prints them again.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { issuedPasswords } from '../../scripts/emulator/access';
import type { EmulatorHandle } from '../../scripts/emulator';
import { useHarness, requestsSince } from './deploy-harness';

/** Every file under `dir`, as text. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [readFileSync(path, 'utf8')];
  });
}
const passwordResets = (org: EmulatorHandle, from: number) =>
  requestsSince(org, from).filter(
    (e) => e.method === 'DELETE' && /\/sobjects\/User\/005\w+\/password$/.test(e.path),
  );

describe('the hand-off to the consent', () => {
  const h = useHarness({ afterEach: 'stop' });

  it('Given a first deploy, When it creates the user, Then Salesforce is asked to e-mail a password-set link and no password is shown or stored', async () => {
    const logFile = join(h.project, 'emulator-requests.jsonl');
    const org = await h.org({ shape: ['shield', 'sandbox'], logFile });
    const run = await h.run(['deploy', '--target-org', 'emu']);
    expect(run.code).toBe(0);
    expect(passwordResets(org, 0)).toHaveLength(1);
    expect(readFileSync(logFile, 'utf8')).toMatch(
      /"method":"DELETE","path":"[^"]*\/sobjects\/User\/005\w+\/password"/,
    );
    const [password] = issuedPasswords(org.store);
    expect(password).toEqual(expect.any(String));
    expect(run.stdout + run.stderr).not.toContain(password);
    // The project (receipts, the request log) and the sf HOME (auth files, config) hold no password.
    for (const text of [...filesUnder(h.project), ...filesUnder(h.home)])
      expect(text).not.toContain(password);
    expect(run.stdout).toContain('Next steps (the consent is yours to give):');
    expect(run.stdout).toContain('Open the e-mail Salesforce sent to reco-integration@example.com');
    expect(run.stdout).toContain(`log in to ${org.url} as reco-integration@example.com.reco`);
    expect(run.stdout).toContain('Configurations > Integrations > Salesforce > Add Integration');
    expect(run.stdout).toContain('click Allow');

    const again = await h.run(['deploy', '--target-org', 'emu', '--json']);
    expect((again.json?.result as { handoff: { passwordEmail: string } }).handoff.passwordEmail).toBe(
      'not-needed',
    );
    expect(passwordResets(org, 0)).toHaveLength(1);
    const later = await h.run(['handoff', '--target-org', 'emu']);
    expect(later.stdout).toContain('1. Open the e-mail Salesforce sent to reco-integration@example.com');
    expect(later.stdout).toContain('(asked for by an earlier run)');
    // This run sent nothing: the e-mail pending is the first deploy's.
    const laterJson = await h.run(['handoff', '--target-org', 'emu', '--json']);
    expect((laterJson.json?.result as { passwordEmail: string }).passwordEmail).toBe('sent-earlier');
    expect(passwordResets(org, 0)).toHaveLength(1);
  });

  it('Given --no-user-email, When deploying, Then no password request is made and the steps say how to send one', async () => {
    const org = await h.org({ shape: ['shield', 'sandbox'] });
    const run = await h.run(['deploy', '--target-org', 'emu', '--no-user-email', '--json']);
    expect(run.code).toBe(0);
    expect(passwordResets(org, 0)).toHaveLength(0);
    const handoff = (run.json?.result as { handoff: { passwordEmail: string; steps: string[] } }).handoff;
    expect(handoff.passwordEmail).toBe('skipped');
    expect(handoff.steps[0]).toContain('reco-sf handoff --target-org emu --send-password-email');

    const before = await h.run(['handoff', '--target-org', 'emu']);
    expect(before.stdout).toContain(
      '1. Give the integration user a password: reco-sf handoff --target-org emu',
    );
    const beforeJson = await h.run(['handoff', '--target-org', 'emu', '--json']);
    expect((beforeJson.json?.result as { passwordEmail: string }).passwordEmail).toBe('not-sent');

    const from = org.requestLog().length;
    const sent = await h.run(['handoff', '--target-org', 'emu', '--send-password-email', '--json']);
    expect(sent.code).toBe(0);
    expect((sent.json?.result as { passwordEmail: string }).passwordEmail).toBe('sent');
    expect(passwordResets(org, from)).toHaveLength(1);
    const [password] = issuedPasswords(org.store);
    expect(sent.stdout + sent.stderr).not.toContain(password);
    expect(JSON.stringify(sent.json)).toContain(`log in to ${org.url} as reco-integration@example.com.reco`);

    const doctor = await h.run(['doctor', '--target-org', 'emu', '--json']);
    const codes = (doctor.json?.result as { findings: Array<{ code: string }> }).findings.map((f) => f.code);
    expect(codes).toContain('USER_PASSWORD_NOT_CHOSEN');
    expect(codes).not.toContain('USER_PASSWORD_NEVER_SET');
  });

  it('Given no integration user yet, When asking for the hand-off, Then it says to deploy first', async () => {
    await h.org({ shape: ['shield', 'sandbox'] });
    const run = await h.run(['handoff', '--target-org', 'emu', '--json']);
    expect(run.code).toBe(1);
    expect(run.json?.code).toBe('USER_MISSING');
  });
});
