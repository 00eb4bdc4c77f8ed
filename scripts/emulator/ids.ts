/**
 * Salesforce record ids: a 3-character key prefix, 12 characters, and the 3-character
 * case-insensitivity suffix Salesforce appends to make the 18-character form.
 */

/** Key prefixes of the objects the emulator serves (Salesforce's real prefixes). */
export const KEY_PREFIX = {
  Organization: '00D',
  User: '005',
  Profile: '00e',
  UserLicense: '100',
  PermissionSet: '0PS',
  PermissionSetLicense: '0PL',
  PermissionSetAssignment: '0Pa',
  PermissionSetLicenseAssign: '2LA',
  UserLogin: '060',
  ConnectedApplication: '0H4',
  DeployRequest: '0Af',
  RetrieveRequest: '09S',
  MetadataComponent: '0Xx',
  PermissionDependency: '2PD',
  SetupEntityAccess: '0J0',
} as const;
export type KeyPrefixObject = keyof typeof KEY_PREFIX;

const SUFFIX_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

/** Appends Salesforce's checksum suffix to a 15-character id. */
export function to18(id15: string): string {
  if (id15.length !== 15) throw new Error(`not a 15-character id: ${id15}`);
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const c = id15.charAt(chunk * 5 + i);
      if (c >= 'A' && c <= 'Z') bits |= 1 << i;
    }
    suffix += SUFFIX_CHARS.charAt(bits);
  }
  return id15 + suffix;
}

/** The 15-character form of a 15- or 18-character id (ids compare case-sensitively on 15 chars). */
export function to15(id: string): string {
  return id.length === 18 ? id.slice(0, 15) : id;
}

export function isIdShaped(value: string): boolean {
  return (
    /^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/.test(value) &&
    (value.length === 15 || to18(value.slice(0, 15)) === value)
  );
}

export function sameId(a: string | null | undefined, b: string | null | undefined): boolean {
  return typeof a === 'string' && typeof b === 'string' && to15(a) === to15(b);
}

/** Deterministic per-org id generator: one counter per prefix. */
export class IdGenerator {
  private readonly counters = new Map<string, number>();
  constructor(private readonly podChars = 'EM') {}

  next(object: KeyPrefixObject): string {
    const prefix = KEY_PREFIX[object];
    // Generated ids start at 1000: lower numbers are reserved for the fixed org and admin user ids.
    const n = (this.counters.get(prefix) ?? 999) + 1;
    this.counters.set(prefix, n);
    return to18(`${prefix}${this.podChars}${String(n).padStart(10, '0')}`);
  }

  /** Counts an id issued earlier (saved state): later ids of its prefix never collide with it. */
  observe(id: string): void {
    if (!isIdShaped(id) || id.slice(3, 5) !== this.podChars) return;
    const n = Number(id.slice(5, 15));
    const prefix = id.slice(0, 3);
    if (Number.isInteger(n) && n > (this.counters.get(prefix) ?? 999)) this.counters.set(prefix, n);
  }

  /**
   * The last number issued per key prefix ({ '0Af': 1001, ... }): saved with npm start's org state,
   * because some ids (deploy and retrieve requests) are not held in the store's state at all.
   */
  counts(): Record<string, number> {
    return Object.fromEntries(this.counters);
  }

  /** Counts saved `counts()`: later ids of each prefix start above them. Ignores malformed entries. */
  observeCounts(saved: unknown): void {
    if (!saved || typeof saved !== 'object' || Array.isArray(saved)) return;
    for (const [prefix, n] of Object.entries(saved)) {
      if (
        /^[a-zA-Z0-9]{3}$/.test(prefix) &&
        Number.isSafeInteger(n) &&
        (n as number) > (this.counters.get(prefix) ?? 999)
      )
        this.counters.set(prefix, n as number);
    }
  }
}
