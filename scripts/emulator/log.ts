/** The request log: one entry per request, kept in memory and optionally appended to a JSONL file. Tokens are never recorded. */
import { appendFileSync } from 'node:fs';

export interface RequestLogEntry {
  time: string;
  method: string;
  path: string;
  soapOperation?: string;
  status: number;
  durationMs: number;
}

export class RequestLog {
  private readonly entries: RequestLogEntry[] = [];
  constructor(private readonly file?: string) {}

  add(entry: RequestLogEntry): void {
    this.entries.push(entry);
    if (this.file) appendFileSync(this.file, `${JSON.stringify(entry)}\n`);
  }

  all(): RequestLogEntry[] {
    return [...this.entries];
  }
}

/** Strips anything token-like from a logged path (e.g. `?oauth_token=` or `access_token=`). */
export function redactPath(path: string): string {
  return path
    .replace(/([?&](?:access_token|oauth_token|sessionId|token)=)[^&]*/gi, '$1REDACTED')
    .replace(/00D[A-Za-z0-9]{12,15}![A-Za-z0-9._-]+/g, 'REDACTED');
}
