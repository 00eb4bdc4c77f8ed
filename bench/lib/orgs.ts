/**
 * Emulated orgs for the deploy and fleet cases: start an emulator, register it for
 * @salesforce/core (and so for both reco-sf and `sf`) in the bench's temporary HOME without an
 * `sf` process, and measure what the emulator saw. The access token stays in memory.
 */
import {
  startEmulator,
  type EmulatorHandle,
  type EmulatorOptions,
  type RequestLogEntry,
} from '../../scripts/emulator';

/**
 * Points this process (and the children it spawns) at `home`. Must run before @salesforce/core is
 * first imported: core resolves ~/.sf from os.homedir(), which reads HOME on Linux.
 */
export function useHome(home: string, env: NodeJS.ProcessEnv): void {
  for (const [key, value] of Object.entries(env)) if (value !== undefined) process.env[key] = value;
  process.env.HOME = home;
}

export async function emulatedOrg(options: EmulatorOptions, alias: string): Promise<EmulatorHandle> {
  const handle = await startEmulator(options);
  const core = await import('@salesforce/core');
  const authInfo = await core.AuthInfo.create({
    accessTokenOptions: { accessToken: handle.accessToken, instanceUrl: handle.url, loginUrl: handle.url },
  });
  await authInfo.save();
  await authInfo.handleAliasAndDefaultSettings({ alias, setDefault: false, setDefaultDevHub: false });
  return handle;
}

export interface Traffic {
  requests: number;
  deployCalls: number;
  /** Sum of the emulator's per-request times (injected latency included). */
  serverSumMs: number;
  /** Wall time during which at least one request was being served (overlaps counted once). */
  serverBusyMs: number;
  byOperation: Record<string, number>;
}

export function traffic(entries: RequestLogEntry[]): Traffic {
  const intervals = entries
    .map((e) => {
      const end = Date.parse(e.time);
      return [end - e.durationMs, end] as const;
    })
    .sort((a, b) => a[0] - b[0]);
  let busy = 0;
  let current: [number, number] | undefined;
  for (const [start, end] of intervals) {
    if (current && start <= current[1]) current[1] = Math.max(current[1], end);
    else {
      if (current) busy += current[1] - current[0];
      current = [start, end];
    }
  }
  if (current) busy += current[1] - current[0];
  const byOperation: Record<string, number> = {};
  for (const e of entries) {
    const key =
      e.soapOperation ??
      `${e.method} ${e.path
        .replace(/\?.*$/, '')
        .replace(/\/v\d+\.\d+\//, '/vNN/')
        .replace(/\/[0-9A-Za-z]{15,18}$/, '/{id}')}`;
    byOperation[key] = (byOperation[key] ?? 0) + 1;
  }
  return {
    requests: entries.length,
    deployCalls: entries.filter(
      (e) => e.soapOperation === 'deploy' || e.soapOperation === 'deployRecentValidation',
    ).length,
    serverSumMs: entries.reduce((sum, e) => sum + e.durationMs, 0),
    serverBusyMs: busy,
    byOperation,
  };
}
