/**
 * Metadata API SOAP handler (`POST /services/Soap/m/NN.0`): deploy, checkDeployStatus,
 * cancelDeploy, deployRecentValidation, retrieve, checkRetrieveStatus, readMetadata,
 * listMetadata, describeMetadata. Any other operation is a NOT_IMPLEMENTED fault.
 */
import { deployOptionsOf, type ComponentResult, type DeployJob, type DeployManager } from './deploy';
import { sfErrors } from './errors';
import { filePathOf, METADATA_TYPES, metadataType } from './metadata-types';
import type { Manifest } from './package-zip';
import type { RetrieveManager } from './retrieve';
import { RawXml, soapResponse, type SoapRequest, type SoapValue } from './soap-xml';
import type { OrgStore } from './store';

export interface SoapContext {
  store: OrgStore;
  deploys: DeployManager;
  retrieves: RetrieveManager;
  apiVersion: number;
}

const asArray = (v: unknown): unknown[] =>
  v === undefined || v === null || v === '' ? [] : Array.isArray(v) ? v : [v];
const asRecord = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const text = (v: unknown): string =>
  typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v);

function manifestOf(raw: unknown): Manifest | undefined {
  if (raw === undefined) return undefined;
  const r = asRecord(raw);
  return {
    types: asArray(r.types).map((t) => ({
      name: text(asRecord(t).name),
      members: asArray(asRecord(t).members).map(text),
    })),
    version: r.version === undefined ? undefined : text(r.version),
  };
}

function componentXml(c: ComponentResult): SoapValue {
  return {
    changed: c.changed,
    columnNumber: c.columnNumber,
    componentType: c.componentType,
    created: c.created,
    createdDate: c.createdDate,
    deleted: c.deleted,
    fileName: c.fileName,
    fullName: c.fullName,
    id: c.id,
    lineNumber: c.lineNumber,
    problem: c.problem,
    problemType: c.problemType,
    success: c.success,
  };
}

function deployResultXml(ctx: SoapContext, job: DeployJob, includeDetails: boolean): SoapValue {
  const status = ctx.deploys.statusOf(job);
  const outcome = job.outcome;
  const done = outcome !== undefined || job.canceled;
  return {
    checkOnly: job.options.checkOnly,
    completedDate: job.completedDate,
    createdBy: ctx.store.info.userId,
    createdByName: 'Admin User',
    createdDate: job.createdDate,
    details: includeDetails
      ? {
          componentFailures: (outcome?.failures ?? []).map(componentXml),
          componentSuccesses: (outcome?.successes ?? []).map(componentXml),
          runTestResult: { numFailures: 0, numTestsRun: 0, totalTime: 0 },
        }
      : undefined,
    done,
    id: job.id,
    ignoreWarnings: job.options.ignoreWarnings,
    lastModifiedDate: job.completedDate ?? job.createdDate,
    numberComponentErrors: outcome?.numberComponentErrors ?? 0,
    numberComponentsDeployed: outcome?.numberComponentsDeployed ?? 0,
    numberComponentsTotal: outcome?.numberComponentsTotal ?? 0,
    numberTestErrors: 0,
    numberTestsCompleted: 0,
    numberTestsTotal: 0,
    rollbackOnError: job.options.rollbackOnError,
    runTestsEnabled: job.options.testLevel !== undefined && job.options.testLevel !== 'NoTestRun',
    startDate: job.createdDate,
    status,
    success: outcome?.success ?? false,
  };
}

/** Fields of a stored component for readMetadata: the source-format body without its root element. */
function recordXml(ctx: SoapContext, type: string, fullName: string): RawXml | undefined {
  const stored = ctx.store.getMetadata(type, fullName);
  const xml = ctx.store.readMetadataXml(type, fullName, ctx.apiVersion);
  if (!stored || xml === undefined) return undefined;
  const inner = xml
    .replace(/^\uFEFF?\s*<\?xml[^>]*\?>\s*/, '')
    .replace(/^<[^>]+>/, '')
    .replace(/<\/[^>]+>\s*$/, '')
    .replace(/>\s+</g, '><')
    .trim();
  return new RawXml(`<fullName>${fullName}</fullName>${inner}`, ` xsi:type="${stored.root}"`);
}

export async function handleSoap(ctx: SoapContext, request: SoapRequest): Promise<string> {
  const args = request.args;
  const op = request.operation;
  switch (op) {
    case 'deploy': {
      const job = await ctx.deploys.start(
        text(args.ZipFile),
        deployOptionsOf(asRecord(args.DeployOptions)),
        ctx.apiVersion,
      );
      return soapResponse(op, { done: false, id: job.id, state: 'Queued' });
    }
    case 'checkDeployStatus': {
      const job = ctx.deploys.poll(text(args.asyncProcessId));
      return soapResponse(op, deployResultXml(ctx, job, text(args.includeDetails) === 'true'));
    }
    case 'cancelDeploy': {
      const job = ctx.deploys.cancel(text(args.id));
      return soapResponse(op, { done: true, id: job.id });
    }
    case 'deployRecentValidation': {
      const job = ctx.deploys.quickDeploy(text(args.validationId));
      return soapResponse(op, job.id);
    }
    case 'retrieve': {
      const req = asRecord(args.request);
      const job = await ctx.retrieves.start({
        apiVersion: req.apiVersion === undefined ? undefined : text(req.apiVersion),
        singlePackage: text(req.singlePackage) === 'true',
        specificFiles: asArray(req.specificFiles).map(text),
        packageNames: asArray(req.packageNames).map(text),
        unpackaged: manifestOf(req.unpackaged),
      });
      return soapResponse(op, { done: false, id: job.id, state: 'Queued' });
    }
    case 'checkRetrieveStatus': {
      const job = ctx.retrieves.get(text(args.asyncProcessId));
      const includeZip = args.includeZip === undefined || text(args.includeZip) !== 'false';
      return soapResponse(op, {
        done: job.done,
        fileProperties: job.fileProperties,
        id: job.id,
        messages: job.messages,
        status: job.status,
        success: job.success,
        zipFile: includeZip ? job.zipFile : undefined,
      });
    }
    case 'readMetadata': {
      const type = text(args.type);
      if (!metadataType(type)) throw sfErrors.notImplemented(`readMetadata of type ${type}`);
      const records = asArray(args.fullNames)
        .map((n) => recordXml(ctx, type, text(n)))
        .filter((r): r is RawXml => r !== undefined);
      return soapResponse(op, { records });
    }
    case 'listMetadata': {
      const results: SoapValue[] = [];
      for (const q of asArray(args.queries)) {
        const type = text(asRecord(q).type);
        const def = metadataType(type);
        if (!def) throw sfErrors.notImplemented(`listMetadata of type ${type}`);
        for (const c of ctx.store.listMetadata(type)) {
          results.push({
            createdById: ctx.store.info.userId,
            createdByName: 'Admin User',
            createdDate: c.createdDate,
            fileName: filePathOf(def, c.fullName),
            fullName: c.fullName,
            id: c.id,
            lastModifiedById: ctx.store.info.userId,
            lastModifiedByName: 'Admin User',
            lastModifiedDate: c.lastModifiedDate,
            manageableState: 'unmanaged',
            type,
          });
        }
      }
      return soapResponse(op, results);
    }
    case 'describeMetadata':
      return soapResponse(op, {
        metadataObjects: METADATA_TYPES.map((t) => ({
          directoryName: t.directoryName,
          inFolder: false,
          metaFile: false,
          suffix: t.suffix,
          xmlName: t.name,
        })),
        organizationNamespace: '',
        partialSaveAllowed: true,
        testRequired: !ctx.store.shape.isSandbox && !ctx.store.shape.isScratch,
      });
    default:
      throw sfErrors.unknownSoapOperation(op);
  }
}
