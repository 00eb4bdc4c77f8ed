/**
 * The real `sf` CLI against the emulator, in a temporary HOME and a temporary project copy:
 * login access-token, project deploy start (and --dry-run), a failing deploy, project retrieve
 * start, org display. Each `sf` call costs ~3 s, so the cases share one login.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyProjectTo, runSf, useSfAgainstEmulator } from '../helpers/sf';
import { PROJECT_FIXTURE, permissionSetXml } from './helpers';

interface DeployJson {
  status: number;
  result?: {
    status: string;
    success: boolean;
    files: Array<{ fullName: string; state: string; error?: string; type: string }>;
  };
  message?: string;
  data?: { details?: { componentFailures?: unknown } };
}

describe('real sf CLI against the emulator', () => {
  const s = useSfAgainstEmulator(PROJECT_FIXTURE);

  it('logs in with an access token and shows the org', async () => {
    const r = await s.sf(['org', 'display', '-o', 'emu']);
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({
      status: 0,
      result: {
        id: s.handle.orgId,
        username: s.handle.username,
        connectedStatus: 'Connected',
        apiVersion: '66.0',
      },
    });
  });

  it('dry-runs a deploy without changing the org, then deploys it', async () => {
    const dry = await s.sf(['project', 'deploy', 'start', '-o', 'emu', '--dry-run']);
    expect(dry.code).toBe(0);
    expect((dry.json as DeployJson).result?.status).toBe('Succeeded');
    expect(s.handle.store.getMetadata('PermissionSet', 'Reco_Integration')).toBeUndefined();

    const r = await s.sf(['project', 'deploy', 'start', '-o', 'emu']);
    expect(r.code).toBe(0);
    const result = (r.json as DeployJson).result;
    expect(result?.status).toBe('Succeeded');
    expect(result?.files.map((f) => `${f.type}:${f.fullName}:${f.state}`).sort()).toEqual([
      'ExternalClientApplication:Reco_App:Created',
      'ExtlClntAppOauthConfigurablePolicies:Reco_App_oauthPlcy:Created',
      'ExtlClntAppOauthSettings:Reco_App_oauth:Created',
      'PermissionSet:Reco_Integration:Created',
      'Settings:Event:Created',
      'Settings:RealTimeEvent:Created',
    ]);
    expect(s.handle.store.getMetadata('PermissionSet', 'Reco_Integration')?.value.label).toBe(
      'Reco Integration',
    );
    expect(s.handle.requestLog().some((e) => e.soapOperation === 'deploy')).toBe(true);
  });

  it("fails a deploy with Salesforce's message and leaves the org unchanged", async () => {
    const bad = join(
      s.project,
      'force-app',
      'main',
      'default',
      'permissionsets',
      'Bad_Set.permissionset-meta.xml',
    );
    writeFileSync(
      bad,
      permissionSetXml({ label: 'Bad Set', permissions: ['ModifyMetadata', 'NoSuchPermission'] }),
    );
    try {
      const r = await s.sf(['project', 'deploy', 'start', '-o', 'emu', '--source-dir', bad]);
      expect(r.code).toBe(1);
      const errors = ((r.json as DeployJson).result?.files ?? [])
        .filter((f) => f.state === 'Failed')
        .map((f) => f.error);
      expect(errors.sort()).toEqual([
        'Permission ModifyMetadata depends on permission(s): ViewSetup',
        'Unknown user permission: NoSuchPermission',
      ]);
      expect(s.handle.store.getMetadata('PermissionSet', 'Bad_Set')).toBeUndefined();
    } finally {
      rmSync(bad);
    }
  });

  it('deploys a generated force-app (demo config) with `sf project deploy start` (Security settings held back by .forceignore)', async () => {
    const repoCopy = copyProjectTo(mkdtempSync(join(tmpdir(), 'reco-sf-repo-')));
    try {
      const r = await runSf(['project', 'deploy', 'start', '-o', 'emu', '--json'], {
        cwd: repoCopy,
        home: s.home,
      });
      const result = (r.json as DeployJson).result;
      expect(result?.files.filter((f) => f.state === 'Failed')).toEqual([]);
      expect(r.code).toBe(0);
      expect(result?.status).toBe('Succeeded');
      expect(result?.files.map((f) => `${f.type}:${f.fullName}`)).not.toContain('Settings:Security');
      expect(result?.files.map((f) => `${f.type}:${f.fullName}`)).toContain('Settings:RealTimeEvent');
      expect(s.handle.store.getMetadata('ExternalClientApplication', 'Reco_Integration')).toBeDefined();
    } finally {
      rmSync(repoCopy, { recursive: true, force: true });
    }
  });

  it('retrieves what the org holds into the project in source format', async () => {
    s.handle.store.seed({
      trustedIpRanges: [{ start: '203.0.113.10', end: '203.0.113.20', description: 'Office' }],
    });
    const r = await s.sf(['project', 'retrieve', 'start', '-o', 'emu', '-m', 'Settings:Security']);
    expect(r.code).toBe(0);
    const file = join(s.project, 'force-app', 'main', 'default', 'settings', 'Security.settings-meta.xml');
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<SecuritySettings xmlns="http://soap.sforce.com/2006/04/metadata">',
        '    <networkAccess>',
        '        <ipRanges>',
        '            <description>Office</description>',
        '            <end>203.0.113.20</end>',
        '            <start>203.0.113.10</start>',
        '        </ipRanges>',
        '    </networkAccess>',
        '</SecuritySettings>',
        '',
      ].join('\n'),
    );
  });
});
