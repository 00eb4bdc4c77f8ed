/**
 * Composite resources. `/composite`: subrequests in order with `@{ref.field}` references; with
 * allOrNone a failure rolls back every subrequest (PROCESSING_HALTED for the others).
 * `/composite/sobjects`: create / update / delete up to 200 records; with allOrNone a failure
 * rolls back all (ALL_OR_NONE_OPERATION_ROLLED_BACK for the others).
 */
import { recordErrorBody, restErrorBody, SalesforceError, sfErrors } from './errors';
import type { RestContext, RestRequest, RestResponse } from './rest';

interface SubRequest {
  method: string;
  url: string;
  referenceId: string;
  body?: unknown;
}

class Halt extends Error {}

function asObject(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw sfErrors.jsonParser('The request body must be a JSON object');
  return value as Record<string, unknown>;
}

function substitute(text: string, results: Map<string, unknown>): string {
  // Paths may index arrays, as Salesforce allows: @{ps.records[0].Id}.
  return text.replace(/@\{([A-Za-z0-9_]+)\.([A-Za-z0-9_.[\]]+)\}/g, (whole, ref: string, path: string) => {
    let value: unknown = results.get(ref);
    for (const part of path.replace(/\[(\d+)\]/g, '.$1').split('.'))
      value =
        typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[part] : undefined;
    if (value === undefined || value === null) throw sfErrors.invalidCompositeReference(`${ref}.${path}`);
    return String(value);
  });
}

function parseSubRequests(body: unknown): { allOrNone: boolean; requests: SubRequest[] } {
  const b = asObject(body);
  if (!Array.isArray(b.compositeRequest)) throw sfErrors.jsonParser('compositeRequest must be an array');
  const requests = b.compositeRequest.map((r) => {
    const o = asObject(r);
    return {
      method: String(o.method ?? 'GET').toUpperCase(),
      url: String(o.url ?? ''),
      referenceId: String(o.referenceId ?? ''),
      body: o.body,
    };
  });
  return { allOrNone: b.allOrNone === true, requests };
}

function toRestRequest(ctx: RestContext, sub: SubRequest, results: Map<string, unknown>): RestRequest {
  const url = new URL(substitute(sub.url, results), 'http://composite.invalid');
  const prefix = `/services/data/${ctx.version}/`;
  const path = url.pathname.replace(/\/+/g, '/');
  if (!path.startsWith(prefix))
    throw sfErrors.notImplemented(`composite subrequest URL ${sub.url} (only ${prefix}… is served)`);
  const body =
    sub.body === undefined
      ? undefined
      : (JSON.parse(substitute(JSON.stringify(sub.body), results)) as unknown);
  return {
    method: sub.method,
    segments: path
      .slice(prefix.length)
      .split('/')
      .filter((s) => s !== ''),
    query: url.searchParams,
    body,
  };
}

export function handleComposite(
  ctx: RestContext,
  body: unknown,
  run: (req: RestRequest) => RestResponse,
): RestResponse {
  const { allOrNone, requests } = parseSubRequests(body);
  const responses: Array<{
    body: unknown;
    httpHeaders: Record<string, string>;
    httpStatusCode: number;
    referenceId: string;
  }> = [];
  const results = new Map<string, unknown>();
  const execute = (): void => {
    for (const sub of requests) {
      let response: RestResponse;
      try {
        response = run(toRestRequest(ctx, sub, results));
      } catch (error) {
        if (!(error instanceof SalesforceError)) throw error;
        response = { status: error.httpStatus, body: restErrorBody(error) };
      }
      responses.push({
        body: response.body ?? null,
        httpHeaders: {},
        httpStatusCode: response.status,
        referenceId: sub.referenceId,
      });
      results.set(sub.referenceId, response.body);
      if (response.status >= 400 && allOrNone) throw new Halt();
    }
  };
  try {
    if (allOrNone) ctx.store.transaction(execute);
    else execute();
  } catch (error) {
    if (!(error instanceof Halt)) throw error;
    const failedIndex = responses.length - 1;
    const halted = restErrorBody(sfErrors.processingHalted());
    const all = requests.map((sub, i) =>
      i === failedIndex
        ? responses[i]
        : { body: halted, httpHeaders: {}, httpStatusCode: 400, referenceId: sub.referenceId },
    );
    return { status: 200, body: { compositeResponse: all } };
  }
  return { status: 200, body: { compositeResponse: responses } };
}

type SaveResult = {
  id?: string;
  success: boolean;
  errors: Array<{ statusCode: string; message: string; fields: string[] }>;
};

export function handleCompositeSobjects(
  ctx: RestContext,
  method: string,
  query: URLSearchParams,
  body: unknown,
): RestResponse {
  let allOrNone: boolean;
  let operations: Array<() => string>;
  if (method === 'DELETE') {
    allOrNone = query.get('allOrNone') === 'true';
    const ids = (query.get('ids') ?? '').split(',').filter((s) => s !== '');
    operations = ids.map((id) => () => {
      const object = ctx.store.sobjects.all().find((d) => id.startsWith(d.keyPrefix));
      if (!object) throw sfErrors.malformedId('Record ID', id, 'Id');
      ctx.store.delete(object.name, id);
      return id;
    });
  } else if (method === 'POST' || method === 'PATCH') {
    const b = asObject(body);
    allOrNone = b.allOrNone === true;
    if (!Array.isArray(b.records)) throw sfErrors.jsonParser('records must be an array');
    if (b.records.length > 200)
      throw new SalesforceError(
        'EXCEEDED_ID_LIMIT',
        'record limit reached. cannot submit more than 200 records into this call',
        400,
      );
    operations = b.records.map((r) => () => {
      const { attributes, Id, ...fields } = asObject(r);
      const type =
        typeof attributes === 'object' && attributes !== null
          ? (attributes as Record<string, unknown>).type
          : undefined;
      if (typeof type !== 'string')
        throw new SalesforceError('INVALID_TYPE', 'Must send a concrete entity type.', 400);
      if (method === 'POST') return ctx.store.create(type, fields);
      if (typeof Id !== 'string') throw sfErrors.malformedId('Record ID', String(Id), 'Id');
      ctx.store.update(type, Id, fields);
      return Id;
    });
  } else {
    throw sfErrors.notImplemented(`${method} /composite/sobjects`);
  }

  const results: SaveResult[] = [];
  const runAll = (): void => {
    for (const op of operations) {
      try {
        results.push({ id: op(), success: true, errors: [] });
      } catch (error) {
        if (!(error instanceof SalesforceError)) throw error;
        results.push({ success: false, errors: [recordErrorBody(error)] });
        if (allOrNone) throw new Halt();
      }
    }
  };
  try {
    if (allOrNone) ctx.store.transaction(runAll);
    else runAll();
  } catch (error) {
    if (!(error instanceof Halt)) throw error;
    const failed = results.length - 1;
    const rolledBack = recordErrorBody(sfErrors.allOrNoneRolledBack());
    return {
      status: 200,
      body: operations.map((_, i) => (i === failed ? results[i] : { success: false, errors: [rolledBack] })),
    };
  }
  return { status: 200, body: results };
}
