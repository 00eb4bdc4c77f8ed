/**
 * The HTTP front: routing (duplicate slashes collapsed, as `sf` sends `//services/...`), auth,
 * fault injection, the request log, and the wire formats (JSON for REST, text/xml for SOAP).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { gunzipSync } from 'node:zlib';
import type { DeployManager } from './deploy';
import { restErrorBody, SalesforceError, sfErrors, soapFaultXml } from './errors';
import type { FaultState } from './faults';
import { redactPath, type RequestLog } from './log';
import { handleRest, restOperation } from './rest';
import type { RetrieveManager } from './retrieve';
import { handleSoap } from './soap';
import { parseSoapRequest } from './soap-xml';
import type { OrgStore } from './store';

/** API versions the emulator serves; the highest matches the WSDL the schema was built from. */
export const API_VERSIONS: readonly string[] = Array.from({ length: 66 - 31 + 1 }, (_, i) => `${31 + i}.0`);

export interface ServerDeps {
  store: OrgStore;
  deploys: DeployManager;
  retrieves: RetrieveManager;
  faults: FaultState;
  log: RequestLog;
  accessToken: string;
  baseUrl: () => string;
}

interface Reply {
  status: number;
  contentType: string;
  body: string;
}

const json = (status: number, body: unknown): Reply => ({
  status,
  contentType: 'application/json;charset=UTF-8',
  body: body === undefined ? '' : JSON.stringify(body),
});
const xml = (status: number, body: string): Reply => ({
  status,
  contentType: 'text/xml;charset=UTF-8',
  body,
});

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  return (req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
}

function bearer(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  const match = header ? /^(?:Bearer|OAuth)\s+(.+)$/i.exec(header) : null;
  return match ? match[1].trim() : undefined;
}

function userinfo(deps: ServerDeps): unknown {
  const { store } = deps;
  const user = store.findRow('User', store.info.userId);
  const base = deps.baseUrl();
  return {
    sub: `${base}/id/${store.info.orgId}/${store.info.userId}`,
    user_id: store.info.userId,
    organization_id: store.info.orgId,
    preferred_username: store.info.username,
    nickname: 'admin',
    name: String(user?.Name ?? 'Admin User'),
    email: store.info.username,
    email_verified: true,
    given_name: String(user?.FirstName ?? 'Admin'),
    family_name: String(user?.LastName ?? 'User'),
    zoneinfo: 'America/Los_Angeles',
    locale: 'en_US',
    language: 'en_US',
    user_type: 'STANDARD',
    active: true,
    is_app_installed: true,
    utcOffset: -28800000,
    updated_at: '2024-01-01T00:00:00Z',
    urls: {
      enterprise: `${base}/services/Soap/c/{version}/${store.info.orgId}`,
      metadata: `${base}/services/Soap/m/{version}/${store.info.orgId}`,
      partner: `${base}/services/Soap/u/{version}/${store.info.orgId}`,
      rest: `${base}/services/data/v{version}/`,
      sobjects: `${base}/services/data/v{version}/sobjects/`,
      query: `${base}/services/data/v{version}/query/`,
      profile: `${base}/${store.info.userId}`,
    },
  };
}

/** Path segments, percent-decoded; undefined when an escape is malformed (answered 404). */
function decodedSegments(rest: string): string[] | undefined {
  try {
    return rest
      .split('/')
      .filter((s) => s !== '')
      .map(decodeURIComponent);
  } catch {
    return undefined;
  }
}

interface Routed {
  operation: string;
  soap: boolean;
  soapOperation?: string;
  /** Undefined: no token needed. */
  token?: string | null;
  run: () => Promise<Reply>;
}

function route(deps: ServerDeps, method: string, url: URL, body: string, req: IncomingMessage): Routed {
  const path = url.pathname;
  if (path === '/services/oauth2/userinfo') {
    return {
      operation: 'userinfo',
      soap: false,
      token: bearer(req) ?? null,
      run: async () => json(200, userinfo(deps)),
    };
  }
  if (path === '/services/data' || path === '/services/data/') {
    return {
      operation: 'versions',
      soap: false,
      run: async () =>
        json(
          200,
          API_VERSIONS.map((v) => ({ label: `Emulated API ${v}`, url: `/services/data/v${v}`, version: v })),
        ),
    };
  }
  const rest = /^\/services\/data\/(v\d+\.\d)(?:\/(.*))?$/.exec(path);
  if (rest) {
    const version = rest[1];
    const segments = decodedSegments(rest[2] ?? '');
    if (segments === undefined)
      return { operation: 'unknown', soap: false, run: async () => Promise.reject(sfErrors.notFound()) };
    return {
      operation: restOperation(segments),
      soap: false,
      token: bearer(req) ?? null,
      run: async () => {
        if (!API_VERSIONS.includes(version.slice(1))) throw sfErrors.invalidVersion(version);
        let parsed: unknown;
        if (body !== '') {
          try {
            parsed = JSON.parse(body);
          } catch (error) {
            throw sfErrors.jsonParser(
              `Unexpected character in the request body: ${error instanceof Error ? error.message : String(error)}`,
            );
          }
        }
        const result = handleRest(
          { store: deps.store, version },
          { method, segments, query: url.searchParams, body: parsed },
        );
        return json(result.status, result.body);
      },
    };
  }
  const soap = /^\/services\/Soap\/m\/(\d+\.\d)(?:\/.*)?$/.exec(path);
  if (soap && method === 'POST') {
    const request = parseSoapRequest(body);
    return {
      operation: request.operation,
      soap: true,
      soapOperation: request.operation,
      token: request.sessionId ?? null,
      run: async () => {
        if (!API_VERSIONS.includes(soap[1])) throw sfErrors.invalidVersion(soap[1]);
        return xml(
          200,
          await handleSoap(
            {
              store: deps.store,
              deploys: deps.deploys,
              retrieves: deps.retrieves,
              apiVersion: Number(soap[1]),
            },
            request,
          ),
        );
      },
    };
  }
  if (soap) {
    // SOAP is POST only; other methods get a plain 405 (no envelope to answer in).
    return {
      operation: 'soap',
      soap: false,
      run: async () => Promise.reject(sfErrors.methodNotAllowed(method, ['POST'])),
    };
  }
  if (path.startsWith('/services/Soap/')) {
    return {
      operation: 'soap',
      soap: true,
      run: async () => Promise.reject(sfErrors.notImplemented(`the SOAP endpoint ${path}`)),
    };
  }
  return { operation: 'unknown', soap: false, run: async () => Promise.reject(sfErrors.notFound()) };
}

function errorReply(error: SalesforceError, soap: boolean): Reply {
  // SOAP 1.1 carries faults on HTTP 500, as Salesforce does; an emulator limit is 501 either way.
  if (soap) return xml(error.errorCode === 'NOT_IMPLEMENTED' ? 501 : 500, soapFaultXml(error));
  return json(error.httpStatus, restErrorBody(error));
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function createEmulatorServer(deps: ServerDeps): Server {
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = performance.now();
    const method = req.method ?? 'GET';
    const rawPath = (req.url ?? '/').replace(/\/{2,}/g, '/');
    const url = new URL(rawPath, 'http://127.0.0.1');
    let soapOperation: string | undefined;
    let soap = url.pathname.startsWith('/services/Soap/');
    let reply: Reply | undefined;
    try {
      const body = await readBody(req);
      const routed = route(deps, method, url, body, req);
      soapOperation = routed.soapOperation;
      soap = routed.soap;
      const latency = deps.faults.latency();
      if (latency > 0) await sleep(latency);
      if (deps.faults.takeReset(routed.operation)) {
        req.socket.destroy();
        deps.log.add({
          time: new Date().toISOString(),
          method,
          path: redactPath(url.pathname + url.search),
          ...(soapOperation ? { soapOperation } : {}),
          status: 0,
          durationMs: Math.round(performance.now() - started),
        });
        return;
      }
      if (deps.faults.takeUnavailable(routed.operation)) throw sfErrors.serverUnavailable();
      if (routed.token !== undefined) {
        const expired = deps.faults.sessionExpired();
        if (routed.token !== deps.accessToken || expired) {
          if (routed.operation === 'userinfo') {
            // The identity endpoint answers a bad token with 403 and a plain text body.
            reply = { status: 403, contentType: 'text/plain;charset=UTF-8', body: 'Bad_OAuth_Token' };
          } else throw soap ? sfErrors.invalidSessionSoap() : sfErrors.invalidSessionRest();
        }
      }
      reply ??= await routed.run();
    } catch (error) {
      if (error instanceof SalesforceError) reply = errorReply(error, soap);
      else {
        const message = error instanceof Error ? error.message : String(error);
        reply = errorReply(
          new SalesforceError('UNKNOWN_EXCEPTION', `reco-sf emulator internal error: ${message}`, 500),
          soap,
        );
      }
    }
    res.writeHead(reply.status, {
      'Content-Type': reply.contentType,
      'Content-Length': Buffer.byteLength(reply.body),
    });
    res.end(reply.body);
    deps.log.add({
      time: new Date().toISOString(),
      method,
      path: redactPath(url.pathname + url.search),
      ...(soapOperation ? { soapOperation } : {}),
      status: reply.status,
      durationMs: Math.round((performance.now() - started) * 100) / 100,
    });
  };
  return createServer((req, res) => {
    void handle(req, res);
  });
}
