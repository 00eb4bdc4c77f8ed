/**
 * The local Salesforce org emulator (issue 3): REST, Metadata SOAP and the org's rules, for the
 * real `sf` CLI, SDR/jsforce and reco-sf. Listens on 127.0.0.1 only.
 */
import { randomBytes, randomInt } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { DeployManager } from './deploy';
import { FaultState, type FaultOptions } from './faults';
import { to18 } from './ids';
import { RequestLog, type RequestLogEntry } from './log';
import { RetrieveManager } from './retrieve';
import { loadSeed, type EmulatorSeed } from './seed';
import { createEmulatorServer } from './server';
import { resolveShape, type ShapeName } from './shapes';
import { OrgStore } from './store';

export type { EmulatorSeed } from './seed';
export type { FaultOptions } from './faults';
export type { RequestLogEntry } from './log';
export type { ShapeName } from './shapes';
export { OrgStore } from './store';

export interface EmulatorOptions {
  /** 0 = ephemeral (default 0). */
  port?: number;
  /** 'shield' (default) | 'no-shield' | 'legacy-profile' | 'connected-apps-blocked' | 'production' | 'sandbox' | 'scratch'; combinable. */
  shape?: ShapeName | ShapeName[];
  /** A seed object, or the path of a JSON seed file. */
  seed?: EmulatorSeed | string;
  /** JSONL request log. */
  logFile?: string;
  faults?: FaultOptions;
  /** A deploy goes Pending → InProgress → done over this many checkDeployStatus polls (default 1). */
  pollsUntilDone?: number;
  /**
   * Gives this instance its own identity (org id, admin user id and username), so that several
   * emulators can be registered in one sf auth store (keyed by username). Omitted: the fixed
   * identity of in-process test emulators (org 00DEM0000000001, admin@reco-emulator.example.com);
   * `reco-sf emulator` and `npm start` always pass one (newOrgNumber, or the saved state's).
   */
  orgNumber?: number;
}

export interface EmulatorIdentity {
  /** The 15-character org id (the access token's prefix). */
  orgId15: string;
  orgName: string;
  userId15: string;
  username: string;
}

/** The largest org number: its 10 digits fill the id after the 3-character key prefix and 2-character pod. */
export const MAX_ORG_NUMBER = 9_999_999_999;

/**
 * A random org number for an instance that is not given one (`reco-sf emulator`, a fresh
 * `npm start` state), so that no two emulated orgs share an org id or admin username: reco-sf
 * keys its receipts and ownership records by org id, and the sf auth store by username.
 */
export function newOrgNumber(): number {
  return randomInt(1, MAX_ORG_NUMBER + 1);
}

/**
 * npm start's saved org (`.reco/emulator/org-state.json`): the store's snapshot plus the org
 * number it was made with, so a restart from that state is the same org. A state saved before
 * org numbers were kept has none: it was the default identity's, and stays so.
 */
export function savedOrgFile(handle: EmulatorHandle): Record<string, unknown> {
  return {
    ...(handle.store.snapshot() as Record<string, unknown>),
    orgNumber: handle.orgNumber,
    idCounts: handle.store.ids.counts(),
  };
}

/**
 * Splits a saved org file (savedOrgFile) into its org number, the id counters (absent in a file
 * saved before they were kept) and the store's state.
 */
export function savedOrgParts(saved: Record<string, unknown>): {
  orgNumber?: number;
  idCounts?: unknown;
  state: unknown;
} {
  const { orgNumber, idCounts, ...state } = saved;
  return {
    orgNumber: Number.isSafeInteger(orgNumber) ? (orgNumber as number) : undefined,
    idCounts,
    state,
  };
}

/** The org id, admin user and username of an emulator: the default one, or org number `n`'s (pod "EF"). */
export function emulatorIdentity(orgNumber?: number): EmulatorIdentity {
  if (orgNumber === undefined) {
    return {
      orgId15: '00DEM0000000001',
      orgName: 'Reco Emulated Org',
      userId15: '005EM0000000001',
      username: 'admin@reco-emulator.example.com',
    };
  }
  if (!Number.isSafeInteger(orgNumber) || orgNumber < 1 || orgNumber > MAX_ORG_NUMBER) {
    throw new Error(`orgNumber must be an integer from 1 to ${MAX_ORG_NUMBER}, got ${orgNumber}`);
  }
  // A pod ("EF") other than the default's ("EM"), so that no numbered org shares the default org's id.
  const digits = String(orgNumber).padStart(10, '0');
  return {
    orgId15: `00DEF${digits}`,
    orgName: `Reco Emulated Org ${orgNumber}`,
    userId15: `005EF${digits}`,
    username: `admin@org${orgNumber}.reco-emulator.example.com`,
  };
}

export interface EmulatorHandle {
  /** http://127.0.0.1:PORT */
  url: string;
  /** '<00D… org id>!<random>' */
  accessToken: string;
  orgId: string;
  /** The org number it was started with (EmulatorOptions.orgNumber); undefined: the default identity. */
  orgNumber?: number;
  username: string;
  userId: string;
  store: OrgStore;
  requestLog(): RequestLogEntry[];
  setFaults(f: FaultOptions): void;
  stop(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<EmulatorHandle> {
  const seed = loadSeed(options.seed);
  const shape = resolveShape(options.shape ?? seed.shape);
  const identity = emulatorIdentity(options.orgNumber);
  const orgId = to18(identity.orgId15);
  const userId = to18(identity.userId15);
  const username = identity.username;
  const accessToken = `${identity.orgId15}!${randomBytes(24).toString('base64url')}`;
  const store = new OrgStore(shape, {
    orgId,
    orgName: identity.orgName,
    userId,
    username,
    instanceName: 'EMU1',
  });
  store.seed(seed);
  const faults = new FaultState(options.faults ?? seed.faults);
  const log = new RequestLog(options.logFile);
  const deploys = new DeployManager(store, faults, options.pollsUntilDone ?? 1);
  const retrieves = new RetrieveManager(store);
  let baseUrl = '';
  const server = createEmulatorServer({
    store,
    deploys,
    retrieves,
    faults,
    log,
    accessToken,
    baseUrl: () => baseUrl,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;
  return {
    url: baseUrl,
    accessToken,
    orgId,
    orgNumber: options.orgNumber,
    username,
    userId,
    store,
    requestLog: () => log.all(),
    setFaults: (f) => faults.set(f),
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
