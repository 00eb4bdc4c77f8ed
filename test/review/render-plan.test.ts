import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildPlan } from '../../scripts/review/plan';
import { planRows, renderPlanMarkdown, renderPlanText } from '../../scripts/review/render-plan';
import { useColour } from '../../scripts/review/style';
import { aDeployedOrg, demoModel } from './builders';

const GOLDEN = join(__dirname, 'golden');
const model = demoModel();

/**
 * Compares with a committed file (not .md, so Prettier leaves it byte for byte). Only
 * UPDATE_GOLDEN=1 writes it; a missing golden fails.
 */
function expectGolden(name: string, rendered: string): void {
  // The hash moves with every catalog or config change; its own tests pin it down.
  const actual = rendered.replace(/[0-9a-f]{64}/g, '<plan-hash>');
  const path = join(GOLDEN, name);
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(path, actual);
  }
  if (!existsSync(path)) throw new Error(`golden file ${path} is missing: run UPDATE_GOLDEN=1 npm test`);
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

/** A deployed org someone changed by hand: a permission removed, another added, a range gone, a setting flipped. */
function aDriftedOrg() {
  return aDeployedOrg(model, (s) => {
    const ps = s.metadata['PermissionSet:Reco_Integration'] as {
      userPermissions: Array<{ name: string; enabled: boolean }>;
    };
    ps.userPermissions = ps.userPermissions.filter((p) => p.name !== 'ViewSetup');
    ps.userPermissions.push({ enabled: true, name: 'ModifyAllData' });
    s.metadata['Settings:Security'] = {
      networkAccess: { ipRanges: [{ description: 'Head office', end: '192.0.2.10', start: '192.0.2.1' }] },
    };
    s.metadata['Settings:Event'] = { enableDeleteMonitoringData: true, enableEventLogWaveIntegration: true };
  });
}

describe('plan renderers', () => {
  it('Given a drifted org, When building the plan, Then the JSON shape is stable', () => {
    expect(buildPlan(model, aDriftedOrg())).toMatchSnapshot({
      planHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it('Given a drifted org, When rendering Markdown, Then the table matches the golden file', () => {
    expectGolden('plan-drifted.md.golden', renderPlanMarkdown(buildPlan(model, aDriftedOrg())));
  });

  it('Given no org, When rendering Markdown, Then the table matches the golden file', () => {
    expectGolden('plan-empty-org.md.golden', renderPlanMarkdown(buildPlan(model, null)));
  });

  it('Given a drifted org, When listing rows, Then the removed permission carries the catalog reason and the extra one the replace warning', () => {
    const rows = planRows(buildPlan(model, aDriftedOrg()));
    expect(rows.find((r) => r.item.startsWith('ViewSetup'))).toEqual({
      section: 'Permissions',
      change: 'add',
      item: 'ViewSetup (View Setup and Configuration)',
      why: 'Read Setup configuration and the Setup Audit Trail.',
    });
    expect(rows.find((r) => r.item.startsWith('ModifyAllData'))?.change).toBe('remove');
  });

  it('Given colour off, When rendering text, Then there are no escape codes and the untouched range count is shown', () => {
    const text = renderPlanText(buildPlan(model, aDriftedOrg()), false);
    expect(text).not.toContain('\u001b[');
    expect(text).toContain("1 of the org's own trusted range(s) stay untouched; 0 of ours already present");
    expect(text).toContain('  ~ enableDeleteMonitoringData: true → false');
  });

  it('Given colour on, When rendering text, Then additions are green', () => {
    expect(renderPlanText(buildPlan(model, null), true)).toContain(
      '\u001b[32m+ ApiEnabled (API Enabled)\u001b[39m',
    );
  });

  it('Given a blocked plan with a warning, When rendering, Then each is one finding in the one text form, the blockers under their heading', () => {
    const plan = buildPlan(model, aDriftedOrg());
    plan.warnings = [
      {
        code: 'LOCK_NOTICE',
        severity: 'warning',
        source: 'tool',
        location: { file: 'config/reco.lock.json' },
        message: 'no lock',
        fix: 'run: reco-sf lock',
      },
    ];
    plan.blocking = [
      {
        code: 'ORG_PERMISSION_MISSING',
        severity: 'error',
        source: 'org',
        location: { configPath: 'permissionSet.systemPermissions[0]' },
        message: 'the org lacks X',
        fix: 'remove it',
      },
    ];
    const text = renderPlanText(plan, false).split('\n');
    expect(text).toContain('config/reco.lock.json  WARN LOCK_NOTICE  no lock  (run: reco-sf lock)');
    const heading = text.indexOf('Blocking: a deploy would stop in its preflight');
    expect(heading).toBeGreaterThan(0);
    expect(text[heading + 1]).toBe(
      '  permissionSet.systemPermissions[0]  ERROR ORG_PERMISSION_MISSING  the org lacks X  (remove it)',
    );
    const markdown = renderPlanMarkdown(plan);
    expect(markdown).toContain('> config/reco.lock.json  WARN LOCK_NOTICE  no lock  (run: reco-sf lock)');
    expect(markdown).toContain(
      '**Blocking: a deploy would stop in its preflight**\n\n> permissionSet.systemPermissions[0]  ERROR ORG_PERMISSION_MISSING  the org lacks X  (remove it)',
    );
  });

  it('Given NO_COLOR or no TTY, When choosing colour, Then it is off', () => {
    expect(useColour({ isTTY: true }, {})).toBe(true);
    expect(useColour({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(useColour({ isTTY: false }, {})).toBe(false);
    expect(useColour({ isTTY: true }, { TERM: 'dumb' })).toBe(false);
  });
});
