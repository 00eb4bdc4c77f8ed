/**
 * The data steps, idempotent and ordered: the integration user (found by username; created,
 * corrected or reactivated), then the permission set licence assignment, then the permission set
 * assignment. Planned purely from the snapshot; executed as one composite request (references
 * carry the new user's id), with every record's error reported, not just the first.
 */
import type { Connection } from '@salesforce/core';
import type { Model } from '../core/model';
import { formatDiagnostic, type Diagnostic } from '../core/diagnostic';
import { RecoError } from '../core/errors';
import type { ReceiptRecord } from './receipt';
import { OWNED_USER_FIELDS, soqlString } from './snapshot';
import type { OrgSnapshot } from './types';

export type UserAction = 'create' | 'update' | 'reactivate' | 'none';

export interface DataPlan {
  user: {
    action: UserAction;
    id: string | null;
    /** Fields to send (create: all; update: drifted ones, IsActive when reactivating). */
    set: Record<string, string | boolean>;
    /** The org's values of the fields we change. */
    prior: Record<string, string | boolean | null>;
  };
  /** The UserLogin to unfreeze (a frozen user cannot log in); null when not frozen. */
  unfreeze: string | null;
  permissionSetLicense: 'assign' | 'present';
  permissionSet: 'assign' | 'present';
}

export interface DataResult {
  records: ReceiptRecord[];
  /** Each failed record: code = the org's errorCode, location = the sObject and the step. */
  errors: Diagnostic[];
}

function desiredUserFields(model: Model): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [key, field] of Object.entries(OWNED_USER_FIELDS)) {
    const value = model.user[key as keyof typeof OWNED_USER_FIELDS];
    if (typeof value === 'string') fields[field] = value;
  }
  return fields;
}

export function planData(model: Model, snapshot: OrgSnapshot, profile: { id: string } | null): DataPlan {
  const want = desiredUserFields(model);
  const assignments = {
    permissionSetLicense: snapshot.assignments.permissionSetLicense
      ? ('present' as const)
      : ('assign' as const),
    permissionSet: snapshot.assignments.permissionSet ? ('present' as const) : ('assign' as const),
  };
  const user = snapshot.user;
  if (!user) {
    return {
      user: {
        action: 'create',
        id: null,
        set: { Username: model.user.username, ...want, ...(profile ? { ProfileId: profile.id } : {}) },
        prior: {},
      },
      unfreeze: null,
      ...assignments,
    };
  }
  const set: Record<string, string | boolean> = {};
  const prior: Record<string, string | boolean | null> = {};
  for (const [field, value] of Object.entries(want)) {
    if (user.fields[field] !== value) {
      set[field] = value;
      prior[field] = user.fields[field] ?? null;
    }
  }
  if (!user.isActive) {
    set.IsActive = true;
    prior.IsActive = false;
  }
  const action: UserAction = !user.isActive ? 'reactivate' : Object.keys(set).length > 0 ? 'update' : 'none';
  const unfreeze = user.login?.isFrozen ? user.login.id : null;
  return { user: { action, id: user.id, set, prior }, unfreeze, ...assignments };
}

export function dataPlanIsEmpty(plan: DataPlan): boolean {
  return (
    plan.user.action === 'none' &&
    plan.unfreeze === null &&
    plan.permissionSetLicense === 'present' &&
    plan.permissionSet === 'present'
  );
}

interface SubRequest {
  method: 'GET' | 'POST' | 'PATCH';
  url: string;
  referenceId: string;
  body?: Record<string, unknown>;
}

/** The composite subrequests, in the order Salesforce needs: user, licence, then permission set. */
export function dataSubrequests(
  plan: DataPlan,
  model: Model,
  snapshot: OrgSnapshot,
  apiVersion: string,
): SubRequest[] {
  const base = `/services/data/v${apiVersion}`;
  const requests: SubRequest[] = [];
  let assignee = plan.user.id ?? '';
  if (plan.user.action === 'create') {
    requests.push({ method: 'POST', url: `${base}/sobjects/User`, referenceId: 'user', body: plan.user.set });
    assignee = '@{user.id}';
  } else if (plan.user.action !== 'none') {
    requests.push({
      method: 'PATCH',
      url: `${base}/sobjects/User/${plan.user.id}`,
      referenceId: 'user',
      body: plan.user.set,
    });
  }
  if (plan.unfreeze) {
    requests.push({
      method: 'PATCH',
      url: `${base}/sobjects/UserLogin/${plan.unfreeze}`,
      referenceId: 'login',
      body: { IsFrozen: false },
    });
  }
  if (plan.permissionSetLicense === 'assign') {
    requests.push({
      method: 'POST',
      url: `${base}/sobjects/PermissionSetLicenseAssign`,
      referenceId: 'psl',
      body: { AssigneeId: assignee, PermissionSetLicenseId: snapshot.permissionSetLicense?.id ?? '' },
    });
  }
  if (plan.permissionSet === 'assign') {
    let permissionSetId = snapshot.permissionSet?.id;
    if (!permissionSetId) {
      // Created by this run's deploy: the snapshot predates it, so look its id up in the same request.
      requests.push({
        method: 'GET',
        url: `${base}/query?q=${encodeURIComponent(`SELECT Id FROM PermissionSet WHERE Name = ${soqlString(model.permissionSet.name)}`)}`,
        referenceId: 'ps',
      });
      permissionSetId = '@{ps.records[0].Id}';
    }
    requests.push({
      method: 'POST',
      url: `${base}/sobjects/PermissionSetAssignment`,
      referenceId: 'psa',
      body: { AssigneeId: assignee, PermissionSetId: permissionSetId },
    });
  }
  return requests;
}

const STEP_NAMES: Record<string, string> = {
  user: 'integration user',
  login: 'unfreezing the integration user',
  psl: 'permission set licence assignment',
  ps: 'permission set lookup',
  psa: 'permission set assignment',
};
const SOBJECTS: Record<string, string> = {
  user: 'User',
  login: 'UserLogin',
  psl: 'PermissionSetLicenseAssign',
  psa: 'PermissionSetAssignment',
};

interface SubResponse {
  body: unknown;
  httpStatusCode: number;
  referenceId: string;
}

export function dataResultOf(plan: DataPlan, responses: SubResponse[]): DataResult {
  const records: ReceiptRecord[] = [];
  const errors: Diagnostic[] = [];
  for (const r of responses) {
    const ok = r.httpStatusCode < 300;
    if (!ok) {
      for (const e of Array.isArray(r.body)
        ? (r.body as Array<{ errorCode?: string; message?: string }>)
        : [{ errorCode: `HTTP_${r.httpStatusCode}`, message: JSON.stringify(r.body) }]) {
        errors.push({
          code: e.errorCode ?? 'UNKNOWN',
          severity: 'error',
          source: 'org',
          location: {
            entity: {
              type: SOBJECTS[r.referenceId] ?? (r.referenceId === 'ps' ? 'PermissionSet' : r.referenceId),
              name: STEP_NAMES[r.referenceId] ?? r.referenceId,
            },
          },
          message: e.message ?? '',
        });
      }
    }
    const sobject = SOBJECTS[r.referenceId];
    if (!sobject) continue;
    const id =
      typeof (r.body as { id?: unknown } | null)?.id === 'string'
        ? (r.body as { id: string }).id
        : r.referenceId === 'user'
          ? plan.user.id
          : r.referenceId === 'login'
            ? plan.unfreeze
            : null;
    const action: ReceiptRecord['action'] = !ok
      ? 'failed'
      : r.referenceId === 'login'
        ? 'updated'
        : r.referenceId !== 'user' || plan.user.action === 'create'
          ? 'created'
          : plan.user.action === 'reactivate'
            ? 'reactivated'
            : 'updated';
    records.push({
      sobject,
      id,
      action,
      ...(r.referenceId === 'user' && plan.user.action !== 'create' ? { prior: plan.user.prior } : {}),
      ...(r.referenceId === 'login' ? { prior: { IsFrozen: true } } : {}),
    });
  }
  return { records, errors };
}

export async function runDataSteps(
  conn: Connection,
  plan: DataPlan,
  model: Model,
  snapshot: OrgSnapshot,
  apiVersion: string,
): Promise<DataResult> {
  const compositeRequest = dataSubrequests(plan, model, snapshot, apiVersion);
  if (compositeRequest.length === 0) return { records: [], errors: [] };
  // Writes: never retried automatically (a retry after a lost response could duplicate); a re-run heals instead.
  const response = await conn.request<{ compositeResponse: SubResponse[] }>({
    method: 'POST',
    url: `/services/data/v${apiVersion}/composite`,
    body: JSON.stringify({ allOrNone: false, compositeRequest }),
    headers: { 'content-type': 'application/json' },
  });
  return dataResultOf(plan, response.compositeResponse);
}

export function dataFailedError(errors: Diagnostic[]): RecoError {
  const lines = errors.map((e) => `  ${formatDiagnostic(e)}`).join('\n');
  return new RecoError(
    'DATA_FAILED',
    `the metadata is deployed, but ${errors.length} data step(s) failed:\n${lines}`,
    {
      fix: 'fix the cause and run reco-sf deploy again (it picks up where this run stopped)',
      exitCode: 1,
      diagnostics: errors,
    },
  );
}
