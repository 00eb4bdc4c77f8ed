/**
 * Fault injection, per emulator run (options, a seed, or setFaults at run time). Operations are
 * named by SOAP operation (deploy, checkDeployStatus, retrieve, …) or REST resource (userinfo,
 * versions, resources, query, toolingQuery, sobject, describe, composite, compositeSobjects);
 * '*' matches every request.
 */
export interface FaultOptions {
  /** Added to every response, in milliseconds. */
  latencyMs?: number;
  /** The next `count` requests of `operation` answer 503 SERVER_UNAVAILABLE. */
  unavailable?: { operation: string; count: number };
  /** The next `count` requests of `operation` have their connection reset (no response). */
  connectionReset?: { operation: string; count: number };
  /** After this many authenticated requests, every token is refused with INVALID_SESSION_ID. */
  invalidSessionAfter?: number;
  /** Each deploy stays InProgress for this many extra checkDeployStatus polls. */
  deployInProgressPolls?: number;
  /** The named component fails every deploy with this problem. */
  componentFailure?: { type?: string; fullName: string; problem?: string };
}

export const FORCED_FAILURE_PROBLEM = 'Forced component failure (reco-sf emulator fault injection)';

export class FaultState {
  private options: FaultOptions = {};
  private unavailableLeft = 0;
  private resetLeft = 0;
  private authenticated = 0;

  constructor(options?: FaultOptions) {
    this.set(options ?? {});
  }

  set(options: FaultOptions): void {
    this.options = { ...options };
    this.unavailableLeft = options.unavailable?.count ?? 0;
    this.resetLeft = options.connectionReset?.count ?? 0;
    this.authenticated = 0;
  }

  get current(): FaultOptions {
    return this.options;
  }

  latency(): number {
    return this.options.latencyMs ?? 0;
  }

  private static matches(rule: { operation: string } | undefined, operation: string): boolean {
    return rule !== undefined && (rule.operation === '*' || rule.operation === operation);
  }

  /** Consumes one injected 503 for this operation, if any is left. */
  takeUnavailable(operation: string): boolean {
    if (this.unavailableLeft > 0 && FaultState.matches(this.options.unavailable, operation)) {
      this.unavailableLeft--;
      return true;
    }
    return false;
  }

  takeReset(operation: string): boolean {
    if (this.resetLeft > 0 && FaultState.matches(this.options.connectionReset, operation)) {
      this.resetLeft--;
      return true;
    }
    return false;
  }

  /** Counts an authenticated request; true when the session must now be refused. */
  sessionExpired(): boolean {
    this.authenticated++;
    const limit = this.options.invalidSessionAfter;
    return limit !== undefined && this.authenticated > limit;
  }

  extraInProgressPolls(): number {
    return this.options.deployInProgressPolls ?? 0;
  }

  forcedFailure(type: string, fullName: string): string | undefined {
    const f = this.options.componentFailure;
    if (!f || f.fullName !== fullName || (f.type !== undefined && f.type !== type)) return undefined;
    return f.problem ?? FORCED_FAILURE_PROBLEM;
  }
}
