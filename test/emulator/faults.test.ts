/** Fault injection, the request log, quick-deploy expiry and the `reco-sf emulator` command. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emulatorCommand } from '../../scripts/commands/emulator';
import { startEmulator, type EmulatorHandle } from '../../scripts/emulator';
import { DeployManager, deployOptionsOf, QUICK_DEPLOY_WINDOW_MS } from '../../scripts/emulator/deploy';
import { FaultState, FORCED_FAILURE_PROBLEM } from '../../scripts/emulator/faults';
import { resolveShape } from '../../scripts/emulator/shapes';
import { runCli } from '../builders/project';
import { OrgStore } from '../../scripts/emulator/store';
import {
  buildZip,
  checkDeploy,
  deploy,
  permissionSetXml,
  rest,
  soap,
  soql,
  startDeploy,
  withManifest,
} from './helpers';

const ps = (name: string): Record<string, string> =>
  withManifest({
    [`permissionsets/${name}.permissionset`]: permissionSetXml({ permissions: ['ApiEnabled'] }),
  });

describe('fault injection', () => {
  let h: EmulatorHandle;
  let dir: string;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'reco-sf-log-'));
    h = await startEmulator({ logFile: join(dir, 'requests.jsonl') });
  });
  afterEach(async () => {
    await h.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers N 503s on the chosen operation, then recovers', async () => {
    h.setFaults({ unavailable: { operation: 'query', count: 2 } });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await soql(h, 'SELECT Id FROM User')).status);
    expect(statuses).toEqual([503, 503, 200]);
    expect((await rest(h, 'GET', '/services/oauth2/userinfo')).status).toBe(200);
    h.setFaults({ unavailable: { operation: 'checkDeployStatus', count: 1 } });
    const id = await startDeploy(h, await buildZip(ps('A')));
    const first = await soap(h, 'checkDeployStatus', `<asyncProcessId>${id}</asyncProcessId>`);
    expect(first.fault).toEqual({
      faultcode: 'sf:SERVER_UNAVAILABLE',
      faultstring: 'Server temporarily unavailable, please retry',
    });
    expect((await checkDeploy(h, id)).status).toBe('Succeeded');
  });

  it('resets the connection N times on the chosen operation', async () => {
    h.setFaults({ connectionReset: { operation: 'userinfo', count: 1 } });
    await expect(rest(h, 'GET', '/services/oauth2/userinfo')).rejects.toThrow();
    expect((await rest(h, 'GET', '/services/oauth2/userinfo')).status).toBe(200);
  });

  it('expires the session after N requests', async () => {
    h.setFaults({ invalidSessionAfter: 2 });
    expect((await soql(h, 'SELECT Id FROM User')).status).toBe(200);
    expect((await soql(h, 'SELECT Id FROM User')).status).toBe(200);
    const third = await soql(h, 'SELECT Id FROM User');
    expect(third.status).toBe(401);
    expect(third.body).toEqual([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
  });

  it('keeps a deploy InProgress for N extra polls, and forces a component failure', async () => {
    h.setFaults({
      deployInProgressPolls: 2,
      componentFailure: { type: 'PermissionSet', fullName: 'Doomed' },
    });
    const id = await startDeploy(h, await buildZip(ps('Doomed')));
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push(String((await checkDeploy(h, id)).status));
    expect(statuses).toEqual(['Pending', 'InProgress', 'Failed']);
    h.setFaults({
      componentFailure: { fullName: 'Doomed', problem: 'UNKNOWN_EXCEPTION: An unexpected error occurred.' },
    });
    const r = await deploy(h, ps('Doomed'));
    expect(r.failures.map((f) => f.problem)).toEqual(['UNKNOWN_EXCEPTION: An unexpected error occurred.']);
    expect(FORCED_FAILURE_PROBLEM).toBe('Forced component failure (reco-sf emulator fault injection)');
  });

  it('adds latency to every request', async () => {
    h.setFaults({ latencyMs: 120 });
    const started = performance.now();
    await rest(h, 'GET', '/services/data');
    expect(performance.now() - started).toBeGreaterThanOrEqual(110);
  });

  it('logs every request as JSONL (time, method, path, SOAP operation, status, duration) without tokens', async () => {
    await soql(h, 'SELECT Id FROM User');
    await deploy(h, ps('Logged'));
    await rest(h, 'GET', '/services/data/v66.0/query?q=SELECT+Id+FROM+User', undefined, 'bad-token');
    const file = readFileSync(join(dir, 'requests.jsonl'), 'utf8');
    expect(file).not.toContain(h.accessToken);
    expect(file).not.toContain(h.accessToken.split('!')[1]);
    const entries = file
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(entries).toEqual(h.requestLog());
    expect(entries.map((e) => [e.method, e.soapOperation ?? null, e.status])).toEqual([
      ['GET', null, 200],
      ['POST', 'deploy', 200],
      ['POST', 'checkDeployStatus', 200],
      ['GET', null, 401],
    ]);
    expect(Object.keys(entries[1]).sort()).toEqual([
      'durationMs',
      'method',
      'path',
      'soapOperation',
      'status',
      'time',
    ]);
    expect(entries[1].path).toBe('/services/Soap/m/66.0');
  });
});

describe('quick deploy expiry', () => {
  it('refuses a validation older than 10 days', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const store = new OrgStore(resolveShape(), {
      orgId: '00DEM0000000001',
      orgName: 'T',
      userId: '005EM0000000001',
      username: 'a@example.com',
      instanceName: 'EMU1',
    });
    const deploys = new DeployManager(store, new FaultState(), 1, () => now);
    const validation = await deploys.start(
      await buildZip(ps('Late')),
      deployOptionsOf({ checkOnly: 'true', singlePackage: 'true' }),
      66,
    );
    expect(deploys.poll(validation.id).outcome?.status).toBe('Succeeded');
    now += QUICK_DEPLOY_WINDOW_MS + 1;
    expect(() => deploys.quickDeploy(validation.id)).toThrow(
      `INVALID_ID_FIELD: The validation ${validation.id} has expired: quick deploy is available for 10 days after validation`,
    );
  });
});

describe('reco-sf emulator command', () => {
  it('prints one line with the URL and how to register it, and resolves 0 on SIGTERM', async () => {
    const lines: string[] = [];
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    try {
      const running = emulatorCommand({ port: '0', shape: 'no-shield,sandbox' });
      for (let i = 0; i < 50 && lines.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
      expect(lines).toHaveLength(1);
      const match =
        /^Emulated Salesforce org at (http:\/\/127\.0\.0\.1:\d+); register it with: SF_ACCESS_TOKEN='(00D[^']+)' sf org login access-token --instance-url \1 --no-prompt --alias reco-emulator\n$/.exec(
          lines[0],
        );
      expect(match).not.toBeNull();
      const url = match?.[1] ?? '';
      const org = await fetch(`${url}/services/data/v66.0/query?q=SELECT+IsSandbox+FROM+Organization`, {
        headers: { Authorization: `Bearer ${match?.[2] ?? ''}` },
      });
      expect(((await org.json()) as { records: Array<{ IsSandbox: boolean }> }).records[0].IsSandbox).toBe(
        true,
      );
      process.emit('SIGTERM');
      await expect(running).resolves.toBe(0);
    } finally {
      write.mockRestore();
    }
  });

  it('refuses a bad command line or seed with exit 2 and the code; a busy port is a runtime failure (exit 1)', async () => {
    const run = (args: string[]) => runCli(tmpdir(), ['emulator', ...args]);
    const shape = await run(['--shape', 'galaxy']);
    expect([shape.code, shape.stdout]).toEqual([2, '']);
    expect(shape.stderr).toContain(
      "Error (BAD_SHAPE): --shape galaxy: unknown emulator shape 'galaxy'; known shapes: shield, no-shield,",
    );
    const dir = mkdtempSync(join(tmpdir(), 'reco-sf-seed-'));
    try {
      const seed = join(dir, 'seed.json');
      writeFileSync(seed, '{"shap": "sandbox"}');
      const bad = await run(['--seed', seed]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain(`Error (EMULATOR_SEED_INVALID): the emulator seed ${seed} does not match`);
      expect(bad.stderr).toContain('/shap: unknown property "shap" (did you mean "shape"?)');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect((await run(['--port', '70000'])).stderr).toContain(
      'Error (INVALID_ARGUMENT): --port must be an integer from 0 to 65535',
    );
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    try {
      const port = String((busy.address() as AddressInfo).port);
      const taken = await run(['--port', port]);
      expect(taken.code).toBe(1);
      expect(taken.stderr).toContain(`Error (EMULATOR_PORT_IN_USE): 127.0.0.1:${port} is already in use`);
      expect(taken.stderr).toContain('--port 0 for any free port');
    } finally {
      await new Promise((resolve) => busy.close(resolve));
    }
  });
});
