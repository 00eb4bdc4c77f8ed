/**
 * REST handler for `/services/data/vNN.0/…`: resources, query / tooling query, describeGlobal,
 * sObject describe, sObject GET/POST/PATCH/DELETE, and the composite resources (composite.ts).
 * Resources the emulator does not serve answer 501 NOT_IMPLEMENTED in Salesforce's error shape.
 */
import { handleComposite, handleCompositeSobjects } from './composite';
import { SalesforceError, sfErrors } from './errors';
import { isIdShaped } from './ids';
import { runSoql } from './soql';
import type { OrgStore } from './store';
import { fieldOf, type SObjectDef } from './sobjects';

export interface RestResponse {
  status: number;
  body?: unknown;
}

export interface RestContext {
  store: OrgStore;
  /** e.g. `v64.0` */
  version: string;
}

export interface RestRequest {
  method: string;
  /** Path segments after `/services/data/vNN.0/`. */
  segments: string[];
  query: URLSearchParams;
  body: unknown;
}

/** The operation name used by fault injection and the request log. */
export function restOperation(segments: string[]): string {
  const [first, second, , fourth] = segments;
  if (first === undefined) return 'resources';
  if (first === 'query' || first === 'queryAll') return 'query';
  if (first === 'tooling') return second === 'query' ? 'toolingQuery' : 'tooling';
  if (first === 'composite') return second === 'sobjects' ? 'compositeSobjects' : 'composite';
  if (first === 'sobjects')
    return segments[2] === 'describe' || fourth === 'describe' ? 'describe' : 'sobject';
  return first;
}

export function resources(version: string): Record<string, string> {
  const base = `/services/data/${version}`;
  return {
    sobjects: `${base}/sobjects`,
    query: `${base}/query`,
    queryAll: `${base}/queryAll`,
    tooling: `${base}/tooling`,
    composite: `${base}/composite`,
    metadata: `${base}/metadata`,
  };
}

export function recordUrl(version: string, object: string, id: string, tooling = false): string {
  return `/services/data/${version}${tooling ? '/tooling' : ''}/sobjects/${object}/${id}`;
}

function describeObject(def: SObjectDef, version: string): Record<string, unknown> {
  const base = `/services/data/${version}${def.tooling ? '/tooling' : ''}/sobjects/${def.name}`;
  return {
    name: def.name,
    label: def.label,
    labelPlural: def.labelPlural,
    keyPrefix: def.keyPrefix,
    createable: def.createable,
    updateable: def.updateable,
    deletable: def.deletable,
    queryable: true,
    retrieveable: true,
    searchable: false,
    custom: false,
    customSetting: false,
    layoutable: false,
    fields: def.fields.map((f) => ({
      name: f.name,
      label: f.label,
      type: f.type,
      length: f.length ?? 0,
      createable: f.createable,
      updateable: f.updateable,
      nillable: f.nillable,
      defaultedOnCreate: f.type === 'boolean' || f.name === 'Id' || f.name.endsWith('Date'),
      custom: false,
      filterable: true,
      sortable: f.type !== 'boolean',
      referenceTo: f.referenceTo ? [f.referenceTo] : [],
      relationshipName: f.relationshipName ?? null,
      soapType:
        f.type === 'boolean'
          ? 'xsd:boolean'
          : f.type === 'int'
            ? 'xsd:int'
            : f.type === 'id' || f.type === 'reference'
              ? 'tns:ID'
              : 'xsd:string',
    })),
    urls: { sobject: base, describe: `${base}/describe`, rowTemplate: `${base}/{ID}` },
  };
}

function recordOut(
  ctx: RestContext,
  def: SObjectDef,
  row: Record<string, unknown>,
  fields?: string[],
): Record<string, unknown> {
  const names = fields ?? def.fields.map((f) => f.name);
  const out: Record<string, unknown> = {
    attributes: { type: def.name, url: recordUrl(ctx.version, def.name, String(row.Id)) },
  };
  for (const name of names) {
    const field = fieldOf(def, name);
    if (!field) throw sfErrors.noSuchField(name, def.name);
    out[field.name] = row[field.name] ?? null;
  }
  return out;
}

function objectOrNotFound(ctx: RestContext, name: string, api: 'data' | 'tooling' = 'data'): SObjectDef {
  const def = ctx.store.sobjects.get(name, api);
  if (!def) throw sfErrors.notFound();
  return def;
}

function asFields(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw sfErrors.jsonParser('The request body must be a JSON object');
  return body as Record<string, unknown>;
}

function query(ctx: RestContext, api: 'data' | 'tooling', q: string | null): RestResponse {
  if (!q) throw sfErrors.malformedQuery('A query string has to be specified');
  const result = runSoql(
    {
      describe: (name) => ctx.store.sobjects.get(name, api),
      rows: (name) => ctx.store.rows(name, api),
      recordUrl: (object, id) => recordUrl(ctx.version, object, id, api === 'tooling'),
    },
    q,
  );
  return { status: 200, body: result };
}

export function handleRest(ctx: RestContext, req: RestRequest): RestResponse {
  const { method, segments } = req;
  const [first, second, third, fourth] = segments;
  const only = (...allowed: string[]): void => {
    if (!allowed.includes(method)) throw sfErrors.methodNotAllowed(method, allowed);
  };

  if (first === undefined) {
    only('GET');
    return { status: 200, body: resources(ctx.version) };
  }
  if ((first === 'query' || first === 'queryAll') && second === undefined) {
    only('GET');
    return query(ctx, 'data', req.query.get('q'));
  }
  if (first === 'tooling') {
    if (second === 'query' && third === undefined) {
      only('GET');
      return query(ctx, 'tooling', req.query.get('q'));
    }
    if (second === 'sobjects' && third !== undefined && fourth === 'describe') {
      // SourceMember is absent: "no source tracking" for `sf project retrieve/deploy` (as the real `sf` CLI handles an org without it).
      return { status: 200, body: describeObject(objectOrNotFound(ctx, third, 'tooling'), ctx.version) };
    }
    if (second === 'sobjects' && third !== undefined) {
      objectOrNotFound(ctx, third, 'tooling');
    }
    throw sfErrors.notImplemented(`the Tooling API resource ${method} /${segments.join('/')}`);
  }
  if (first === 'composite') {
    if (second === undefined) {
      only('POST');
      return handleComposite(ctx, req.body, (sub) => handleRest(ctx, sub));
    }
    if (second === 'sobjects' && third === undefined)
      return handleCompositeSobjects(ctx, method, req.query, req.body);
    throw sfErrors.notImplemented(`the composite resource /${segments.join('/')}`);
  }
  if (first === 'sobjects') {
    if (second === undefined) {
      only('GET');
      return {
        status: 200,
        body: {
          encoding: 'UTF-8',
          maxBatchSize: 200,
          sobjects: ctx.store.sobjects.all().map((d) => {
            const { fields: _fields, ...rest } = describeObject(d, ctx.version);
            return rest;
          }),
        },
      };
    }
    const def = objectOrNotFound(ctx, second);
    if (third === undefined) {
      if (method === 'POST') {
        const id = ctx.store.create(def.name, asFields(req.body));
        return { status: 201, body: { id, success: true, errors: [] } };
      }
      only('GET', 'POST');
      return { status: 200, body: { objectDescribe: describeObject(def, ctx.version), recentItems: [] } };
    }
    if (third === 'describe' && fourth === undefined) {
      only('GET');
      return { status: 200, body: describeObject(def, ctx.version) };
    }
    if (fourth === undefined) {
      if (!isIdShaped(third)) throw sfErrors.notFound();
      if (method === 'GET') {
        const row = ctx.store.findRow(def.name, third);
        if (!row) throw sfErrors.notFound();
        const fields = req.query.get('fields');
        return {
          status: 200,
          body: recordOut(ctx, def, row, fields ? fields.split(',').map((f) => f.trim()) : undefined),
        };
      }
      if (method === 'PATCH') {
        ctx.store.update(def.name, third, asFields(req.body));
        return { status: 204 };
      }
      if (method === 'DELETE') {
        ctx.store.delete(def.name, third);
        return { status: 204 };
      }
      only('GET', 'PATCH', 'DELETE');
    }
  }
  throw sfErrors.notImplemented(
    `the REST resource ${method} /services/data/${ctx.version}/${segments.join('/')}`,
  );
}

export function isSalesforceError(error: unknown): error is SalesforceError {
  return error instanceof SalesforceError;
}
