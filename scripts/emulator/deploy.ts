/**
 * Deploys: the async job (Pending → InProgress → done over `pollsUntilDone` checkDeployStatus
 * polls, plus any injected InProgress polls), the execution against the OrgStore, and quick
 * deploys of validations. rollbackOnError=true leaves the org unchanged on any failure;
 * checkOnly never changes it; ignoreWarnings=false makes a warning fail the deploy.
 */
import { RecoError } from '../core/errors';
import { parseMetadata, schema } from '../core/xml';
import { ComponentProblem, deployProblems, sfErrors } from './errors';
import type { FaultState } from './faults';
import { componentOfPath, filePathOf, metadataType, typeOrder, xmlPathOf } from './metadata-types';
import { PackageError, readDeployZip, type DeployPackage, type Manifest } from './package-zip';
import { ComponentRejected, type OrgStore } from './store';

export interface DeployOptions {
  checkOnly: boolean;
  rollbackOnError: boolean;
  ignoreWarnings: boolean;
  singlePackage: boolean;
  purgeOnDelete: boolean;
  testLevel?: string;
  runTests: string[];
}

export interface ComponentResult {
  changed: boolean;
  componentType: string;
  created: boolean;
  createdDate: string;
  deleted: boolean;
  fileName: string;
  fullName: string;
  id?: string;
  problem?: string;
  problemType?: 'Error' | 'Warning';
  lineNumber?: number;
  columnNumber?: number;
  success: boolean;
}

export type DeployStatus =
  'Pending' | 'InProgress' | 'Succeeded' | 'SucceededPartial' | 'Failed' | 'Canceled';

export interface DeployOutcome {
  status: DeployStatus;
  success: boolean;
  successes: ComponentResult[];
  failures: ComponentResult[];
  numberComponentsTotal: number;
  numberComponentsDeployed: number;
  numberComponentErrors: number;
}

export interface DeployJob {
  id: string;
  options: DeployOptions;
  apiVersion: number;
  pkg?: DeployPackage;
  packageError?: string;
  createdDate: string;
  polls: number;
  pollsToFinish: number;
  outcome?: DeployOutcome;
  completedDate?: string;
  canceled: boolean;
  /** For a validation: the org version it was validated against. */
  validatedAtVersion?: number;
  validatedAtMs?: number;
  quickDeployed: boolean;
}

/** Salesforce: a validation can be quick deployed within 10 days, and only while the org is unchanged. */
export const QUICK_DEPLOY_WINDOW_MS = 10 * 24 * 3600 * 1000;

const bool = (value: unknown, fallback: boolean): boolean =>
  value === undefined || value === '' ? fallback : String(value) === 'true';

export function deployOptionsOf(raw: Record<string, unknown> | undefined): DeployOptions {
  const r = raw ?? {};
  const runTests =
    r.runTests === undefined ? [] : Array.isArray(r.runTests) ? r.runTests.map(String) : [String(r.runTests)];
  return {
    checkOnly: bool(r.checkOnly, false),
    rollbackOnError: bool(r.rollbackOnError, true),
    ignoreWarnings: bool(r.ignoreWarnings, false),
    singlePackage: bool(r.singlePackage, false),
    purgeOnDelete: bool(r.purgeOnDelete, false),
    testLevel: r.testLevel === undefined ? undefined : String(r.testLevel),
    runTests,
  };
}

export class DeployManager {
  private readonly jobs = new Map<string, DeployJob>();

  constructor(
    private readonly store: OrgStore,
    private readonly faults: FaultState,
    private readonly pollsUntilDone: number,
    private readonly nowMs: () => number = () => Date.now(),
  ) {}

  async start(zipBase64: string, options: DeployOptions, apiVersion: number): Promise<DeployJob> {
    const job = this.newJob(options, apiVersion);
    try {
      job.pkg = await readDeployZip(zipBase64, options.singlePackage);
    } catch (error) {
      if (!(error instanceof PackageError)) throw error;
      job.packageError = error.message;
    }
    return job;
  }

  private newJob(options: DeployOptions, apiVersion: number): DeployJob {
    const job: DeployJob = {
      id: this.store.newId('DeployRequest'),
      options,
      apiVersion,
      createdDate: this.store.timestamp(),
      polls: 0,
      pollsToFinish: Math.max(1, this.pollsUntilDone) + this.faults.extraInProgressPolls(),
      canceled: false,
      quickDeployed: false,
    };
    this.jobs.set(job.id, job);
    return job;
  }

  get(id: string): DeployJob {
    const job = [...this.jobs.values()].find((j) => j.id === id || j.id.slice(0, 15) === id);
    if (!job) throw sfErrors.invalidCrossReferenceSoap(id);
    return job;
  }

  /** One checkDeployStatus poll: advances the job and returns its status. */
  poll(id: string): DeployJob {
    const job = this.get(id);
    if (job.outcome || job.canceled) return job;
    job.polls++;
    if (job.polls >= job.pollsToFinish) this.complete(job);
    return job;
  }

  statusOf(job: DeployJob): DeployStatus {
    if (job.canceled) return 'Canceled';
    if (job.outcome) return job.outcome.status;
    return job.polls <= 1 && job.pollsToFinish > 2 ? 'Pending' : 'InProgress';
  }

  cancel(id: string): DeployJob {
    const job = this.get(id);
    if (job.outcome)
      throw sfErrors.invalidIdField(`The deployment ${job.id} has already completed and can't be canceled`);
    job.canceled = true;
    job.completedDate = this.store.timestamp();
    return job;
  }

  /** deployRecentValidation: a new deploy of a validated package, refused when stale. */
  quickDeploy(validationId: string): DeployJob {
    const validation = [...this.jobs.values()].find(
      (j) => j.id === validationId || j.id.slice(0, 15) === validationId,
    );
    // Emulator-chosen texts (INVALID_ID_FIELD is the code Salesforce uses for a bad validation id).
    if (
      !validation ||
      !validation.options.checkOnly ||
      validation.outcome?.status !== 'Succeeded' ||
      !validation.pkg
    ) {
      throw sfErrors.invalidIdField(`${validationId} is not the id of a successful validation`);
    }
    if (validation.quickDeployed)
      throw sfErrors.invalidIdField(`The validation ${validation.id} has already been deployed`);
    if (
      validation.validatedAtMs !== undefined &&
      this.nowMs() - validation.validatedAtMs > QUICK_DEPLOY_WINDOW_MS
    ) {
      throw sfErrors.invalidIdField(
        `The validation ${validation.id} has expired: quick deploy is available for 10 days after validation`,
      );
    }
    if (validation.validatedAtVersion !== this.store.version) {
      throw sfErrors.invalidIdField(
        `The org changed since the validation ${validation.id}; validate again before deploying`,
      );
    }
    validation.quickDeployed = true;
    const job = this.newJob({ ...validation.options, checkOnly: false }, validation.apiVersion);
    job.pkg = validation.pkg;
    return job;
  }

  private complete(job: DeployJob): void {
    job.outcome = job.pkg
      ? executeDeploy(this.store, job.pkg, job.options, job.apiVersion, this.faults)
      : packageFailure(job.packageError ?? 'No package.xml found', this.store.timestamp());
    job.completedDate = this.store.timestamp();
    if (job.options.checkOnly && job.outcome.status === 'Succeeded') {
      job.validatedAtVersion = this.store.version;
      job.validatedAtMs = this.nowMs();
    }
  }
}

function packageFailure(problem: string, stamp: string): DeployOutcome {
  return {
    status: 'Failed',
    success: false,
    successes: [],
    failures: [
      {
        changed: false,
        componentType: '',
        created: false,
        createdDate: stamp,
        deleted: false,
        fileName: 'package.xml',
        fullName: 'package.xml',
        problem,
        problemType: 'Error',
        success: false,
      },
    ],
    numberComponentsTotal: 0,
    numberComponentsDeployed: 0,
    numberComponentErrors: 1,
  };
}

function problemsOf(error: unknown): ComponentProblem[] {
  if (error instanceof ComponentRejected) return error.problems;
  if (error instanceof ComponentProblem) return [error];
  if (error instanceof RecoError)
    return [
      deployProblems.xmlMalformed(
        `Error parsing file: ${error.message}`,
        error.details.line,
        error.details.column,
      ),
    ];
  throw error;
}

/** Expands `*` members to what the zip holds (deploy) for a manifest type. */
function membersOf(pkg: DeployPackage, typeName: string, members: string[]): string[] {
  if (!members.includes('*')) return members;
  const listed = new Set(members.filter((m) => m !== '*'));
  for (const path of pkg.files.keys()) {
    const c = componentOfPath(path);
    if (c && c.type.name === typeName) listed.add(c.member);
  }
  return [...listed];
}

export function executeDeploy(
  store: OrgStore,
  pkg: DeployPackage,
  options: DeployOptions,
  endpointVersion: number,
  faults: FaultState,
): DeployOutcome {
  const apiVersion = pkg.manifest.version ? Number(pkg.manifest.version) : endpointVersion;
  const stamp = store.timestamp();
  const successes: ComponentResult[] = [];
  const failures: ComponentResult[] = [];
  let total = 0;
  const snapshot = store.snapshot();

  const base = (type: string, fullName: string): ComponentResult => {
    const def = metadataType(type);
    const fileName = `${pkg.prefix}${def ? filePathOf(def, fullName) : `${type}/${fullName}`}`;
    return {
      changed: false,
      componentType: type,
      created: false,
      createdDate: stamp,
      deleted: false,
      fileName,
      fullName,
      success: false,
    };
  };
  const fail = (type: string, fullName: string, problems: ComponentProblem[]): void => {
    for (const p of problems) {
      failures.push({
        ...base(type, fullName),
        problem: p.message,
        problemType: p.problemType,
        ...(p.lineNumber !== undefined
          ? { lineNumber: p.lineNumber, columnNumber: p.columnNumber ?? 1 }
          : {}),
      });
    }
  };

  const deleteAll = (manifest: Manifest | undefined): void => {
    for (const t of manifest?.types ?? []) {
      for (const member of t.members) {
        total++;
        try {
          const { id } = store.deleteComponent(t.name, member);
          successes.push({ ...base(t.name, member), deleted: true, changed: true, id, success: true });
        } catch (error) {
          fail(t.name, member, problemsOf(error));
        }
      }
    }
  };

  // Metadata API Developer Guide, "Deleting Components from an Organization": destructiveChangesPre.xml
  // before package.xml's components are added or updated, destructiveChangesPost.xml after them, and
  // destructiveChanges.xml before them (the default). Within one manifest, in the file's order.
  deleteAll(pkg.destructivePre);
  deleteAll(pkg.destructive);
  const types = [...pkg.manifest.types].sort((a, b) => typeOrder(a.name) - typeOrder(b.name));
  for (const t of types) {
    const def = metadataType(t.name);
    for (const member of membersOf(pkg, t.name, t.members)) {
      total++;
      if (!def) {
        fail(t.name, member, [deployProblems.unsupportedType(t.name)]);
        continue;
      }
      const text = pkg.files.get(xmlPathOf(def, member));
      const content = def.withContent ? pkg.files.get(filePathOf(def, member)) : '';
      if (text === undefined || content === undefined) {
        fail(t.name, member, [deployProblems.notInZip(t.name, member)]);
        continue;
      }
      try {
        const forced = faults.forcedFailure(t.name, member);
        if (forced) throw deployProblems.forced(forced);
        const parsed = parseMetadata(text, xmlPathOf(def, member));
        const root = def.rootOf(member);
        if (parsed.root !== root) throw deployProblems.wrongRoot(root, parsed.root);
        const value = def.withContent
          ? { ...parsed.value, content: Buffer.from(content, 'utf8').toString('base64') }
          : parsed.value;
        const result = schema.complexTypes[root]
          ? store.deployComponent(t.name, member, root, value, apiVersion)
          : store.deployVerbatim(t.name, member, root, text);
        successes.push({
          ...base(t.name, member),
          created: result.created,
          changed: result.changed,
          id: result.id,
          success: true,
        });
      } catch (error) {
        fail(t.name, member, problemsOf(error));
      }
    }
  }
  deleteAll(pkg.destructivePost);

  const errors = failures.filter((f) => f.problemType === 'Error' || !options.ignoreWarnings);
  const failed = errors.length > 0;
  if (options.checkOnly || (failed && options.rollbackOnError)) store.restore(snapshot);
  const failedComponents = new Set(errors.map((f) => `${f.componentType}:${f.fullName}`));
  const status: DeployStatus = !failed
    ? 'Succeeded'
    : options.rollbackOnError || successes.length === 0
      ? 'Failed'
      : 'SucceededPartial';
  const packageResult: ComponentResult = {
    changed: !failed,
    componentType: '',
    created: false,
    createdDate: stamp,
    deleted: false,
    fileName: `${pkg.prefix}package.xml`,
    fullName: 'package.xml',
    success: true,
  };
  return {
    status,
    success: status === 'Succeeded',
    successes: [...successes, packageResult],
    failures,
    numberComponentsTotal: total,
    numberComponentsDeployed: status === 'Failed' ? 0 : successes.length,
    numberComponentErrors: failedComponents.size,
  };
}
