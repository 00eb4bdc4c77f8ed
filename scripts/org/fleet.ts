/**
 * Fleet deploys: one config to many orgs. The targets (repeated --target-org, --targets-file),
 * a small bounded pool that runs one independent deploy per org (a failure in one org never stops
 * the others), and the aggregation: one summary table, the fleet's JSON and its exit code.
 * Everything here but `runFleet`'s calls into `runOne` is pure; the per-org deploy itself is
 * the single-org run of scripts/org/deploy-run/run.ts.
 */
import { readInput } from '../core/read';
import { checkOrgName } from './connect';
import { resolve } from 'node:path';
import { fileAt, fileLocation, type Diagnostic } from '../core/diagnostic';
import { errorJson, errorText } from '../core/output';
import { RecoError } from '../core/errors';
import { formatTable } from '../core/table';
import { Progress, type ProgressSink } from './progress';
import type { Model } from '../core/model';
import { forOrg, identityOf } from './username';

/** What the fleet needs to know of a per-org result (structurally, DeployCommandResult). */
export interface OrgRunResult {
  noChanges: boolean;
  dryRun: boolean;
  summary: Array<{ state: string }>;
}

export type OrgRunStatus = 'deployed' | 'no changes' | 'dry run' | 'failed' | 'refused';

export interface FleetOutcome<R extends OrgRunResult = OrgRunResult> {
  target: string;
  durationMs: number;
  /** Warnings of this org's run (the shared offline ones included). */
  warnings: Diagnostic[];
  result?: R;
  error?: unknown;
}

/** Given to each org's run: its own progress lines and warnings. */
export interface OrgRunContext {
  progress: Progress;
  warnings: Diagnostic[];
}

export const MAX_CONCURRENCY = 64;
const DEFAULT_CONCURRENCY = 4;
const CHANGED_STATES = new Set(['created', 'updated', 'would create', 'would update']);

/**
 * Runs `worker` over `items` with at most `limit` running at once (p-limit); results keep the
 * items' order and a rejection (or a synchronous throw) is recorded, never thrown, so one failure
 * does not stop the others.
 */
export async function runPool<T, R>(
  items: readonly T[],
  limit: number,
  worker: (item: T, index: number) => Promise<R>,
): Promise<Array<PromiseSettledResult<R>>> {
  const { default: pLimit } = await import('p-limit');
  const run = pLimit(Math.max(1, limit));
  return Promise.allSettled(items.map((item, index) => run(() => worker(item, index))));
}

/** A targets file names orgs, one a line: 1 MB is some 20,000 of them. */
export const MAX_TARGETS_FILE_BYTES = 1024 * 1024;

/** Per-org values a targets file may give after the org (`key=value`): Salesforce usernames are unique across all orgs. */
export interface OrgValues {
  username?: string;
  email?: string;
}

const ORG_VALUE_KEYS = ['username', 'email'] as const;
const EMAIL_FORM = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface TargetEntry {
  target: string;
  values: OrgValues;
}

/**
 * One org a line, optionally followed by its own values: `acme-uat username=reco@acme.com.uat
 * email=sec@acme.com`; `#` starts a comment; blank lines are skipped.
 */
export function parseTargetEntries(text: string, file: string): TargetEntry[] {
  const entries: TargetEntry[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const [target, ...rest] = raw.replace(/#.*$/, '').trim().split(/\s+/);
    if (!target) return;
    checkOrgName(target, { file, line: i + 1 });
    const bad = (message: string): RecoError =>
      new RecoError('TARGETS_FILE_INVALID', `${file}:${i + 1}: ${message}`, {
        file,
        line: i + 1,
        fix: 'one org a line, then optional per-org values: <alias> username=<name> email=<address>; # starts a comment',
      });
    const values: OrgValues = {};
    for (const token of rest) {
      const match = /^([a-z]+)=(.+)$/.exec(token);
      const key = match?.[1] as (typeof ORG_VALUE_KEYS)[number] | undefined;
      if (!match || !key || !ORG_VALUE_KEYS.includes(key))
        throw bad(`"${token}" is not a per-org value (${ORG_VALUE_KEYS.map((k) => `${k}=…`).join(', ')})`);
      if (!EMAIL_FORM.test(match[2]))
        throw bad(`${key} "${match[2]}" is not in email form (name@domain.tld)`);
      values[key] = match[2];
    }
    entries.push({ target, values });
  });
  return entries;
}

/** The orgs of a targets file, in order. */
export function parseTargets(text: string, file: string): string[] {
  return parseTargetEntries(text, file).map((e) => e.target);
}

/** A targets file's entries, read strictly (regular file, size limit, UTF-8); errors name the file. */
export function readTargetEntries(file: string, cwd: string): TargetEntry[] {
  const read = readInput(resolve(cwd, file), {
    display: file,
    maxBytes: MAX_TARGETS_FILE_BYTES,
    what: 'the targets file',
  });
  if (!read.ok) {
    const p = read.problem;
    throw new RecoError(p.code.replace(/^INPUT_/, 'TARGETS_FILE_'), p.message, {
      location: fileLocation(file, fileAt(p)),
      fix: p.fix,
    });
  }
  return parseTargetEntries(read.text, file);
}

function readTargetsFile(file: string, cwd: string): TargetEntry[] {
  const targets = readTargetEntries(file, cwd);
  if (targets.length === 0)
    throw new RecoError('TARGETS_FILE_EMPTY', `${file} names no org`, {
      file,
      fix: 'one alias or username per line',
    });
  return targets;
}

export interface TargetSelection {
  /** Deduplicated, in the order given: the --target-org values, else the file's orgs. */
  targets: string[];
  /** Fleet output (table, per-org JSON) for several orgs, or a targets file without --target-org. */
  fleet: boolean;
  /** DUPLICATE_TARGET when an org is named more than once. */
  warnings: Diagnostic[];
  /** Per-org values from the targets file, by target. */
  values?: Record<string, OrgValues>;
}

/**
 * The orgs to deploy to; an empty list with `fleet: false` means "the sf default target org".
 * `--targets-file F` alone deploys every org of F. With `--target-org X` too, it deploys X only,
 * with X's own values from F, as `plan`, `verify`, `doctor` and `handoff` read the same options,
 * so a fix they print (`reco-sf deploy --target-org X --targets-file F`) never redeploys the fleet.
 * @throws RecoError TARGETS_FILE_* (exit 2) for a missing, unreadable or empty file.
 */
export function selectTargets(
  options: { targetOrg?: string | string[]; targetsFile?: string },
  cwd: string,
): TargetSelection {
  const given =
    options.targetOrg === undefined
      ? []
      : Array.isArray(options.targetOrg)
        ? options.targetOrg
        : [options.targetOrg];
  const entries = options.targetsFile === undefined ? [] : readTargetsFile(options.targetsFile, cwd);
  const all = given.length > 0 ? given : entries.map((e) => e.target);
  const targets = [...new Set(all)];
  const values = Object.fromEntries(
    entries
      .filter((e) => targets.includes(e.target) && Object.keys(e.values).length > 0)
      .map((e) => [e.target, e.values]),
  );
  const unlisted = entries.length > 0 ? given.filter((t) => !entries.some((e) => e.target === t)) : [];
  const fileLocation = options.targetsFile !== undefined ? { location: { file: options.targetsFile } } : {};
  const warnings: Diagnostic[] = [
    ...(targets.length < all.length
      ? [
          {
            code: 'DUPLICATE_TARGET',
            severity: 'warning' as const,
            source: 'tool' as const,
            ...fileLocation,
            message: `duplicate targets ignored: each org is deployed once (${all.length - targets.length} repeated)`,
            fix: 'name each org once',
          },
        ]
      : []),
    ...unlisted.map((t) => ({
      code: 'TARGET_NOT_IN_FILE',
      severity: 'warning' as const,
      source: 'tool' as const,
      ...fileLocation,
      message: `${t} has no line in ${options.targetsFile ?? ''}: its username and e-mail are the config's (--targets-file gives the --target-org orgs their values from the file; without --target-org it deploys every org of the file)`,
      fix: `add a line for ${t} to ${options.targetsFile ?? 'the targets file'}, or leave out --targets-file`,
    })),
  ];
  return {
    targets,
    fleet: targets.length > 1 || (given.length === 0 && options.targetsFile !== undefined),
    warnings,
    ...(Object.keys(values).length > 0 ? { values } : {}),
  };
}

/** --concurrency N (1 to 64); default min(4, targets). */
export function concurrencyOf(value: string | number | undefined, targets: number): number {
  if (value === undefined) return Math.max(1, Math.min(DEFAULT_CONCURRENCY, targets));
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_CONCURRENCY) {
    throw new RecoError(
      'INVALID_CONCURRENCY',
      `--concurrency must be an integer from 1 to ${MAX_CONCURRENCY}, got "${String(value)}"`,
    );
  }
  return n;
}

/** Plain, non-redrawing progress lines prefixed with the org (orgs interleave); silent with --json. */
export function orgProgress(
  target: string,
  json: boolean | undefined,
  stream: ProgressSink = process.stderr,
): Progress {
  return new Progress(json ? 'silent' : 'plain', { write: (text) => stream.write(`[${target}] ${text}`) });
}

/** Runs `runOne` for every target with at most `concurrency` at once; never throws for one org. */
export async function runFleet<R extends OrgRunResult>(options: {
  targets: string[];
  concurrency: number;
  json?: boolean;
  sharedWarnings?: Diagnostic[];
  stream?: ProgressSink;
  runOne: (target: string, ctx: OrgRunContext) => Promise<R>;
}): Promise<Array<FleetOutcome<R>>> {
  const outcomes: Array<FleetOutcome<R>> = [];
  await runPool(options.targets, options.concurrency, async (target, index) => {
    const ctx: OrgRunContext = {
      progress: orgProgress(target, options.json, options.stream),
      warnings: [...(options.sharedWarnings ?? [])],
    };
    const started = Date.now();
    const outcome: FleetOutcome<R> = { target, durationMs: 0, warnings: ctx.warnings };
    try {
      outcome.result = await options.runOne(target, ctx);
    } catch (error) {
      outcome.error = error;
      ctx.progress.update(`failed: ${codeOf(error)}`);
    }
    outcome.durationMs = Date.now() - started;
    outcomes[index] = outcome;
  });
  return outcomes;
}

export function codeOf(error: unknown): string {
  return error instanceof RecoError ? error.code : 'UNEXPECTED';
}

/** 0 success, 2 refused or invalid (a RecoError with exit code 2), 1 any other failure. */
export function exitCodeOf(outcome: FleetOutcome): 0 | 1 | 2 | 3 {
  if (outcome.error === undefined) return 0;
  return outcome.error instanceof RecoError ? outcome.error.exitCode : 1;
}

export function statusOf(outcome: FleetOutcome): OrgRunStatus {
  const code = exitCodeOf(outcome);
  if (code !== 0) return code === 2 ? 'refused' : 'failed';
  if (outcome.result?.noChanges) return 'no changes';
  return outcome.result?.dryRun ? 'dry run' : 'deployed';
}

/** Components and records created or updated (or that would be, in a dry run). */
export function changedCount(outcome: FleetOutcome): number {
  return outcome.result?.summary.filter((r) => CHANGED_STATES.has(r.state)).length ?? 0;
}

/** 0 only when every org succeeded; 1 when any failed (deploy, data, connection); else 2 when any was refused. */
export function fleetExitCode(outcomes: FleetOutcome[]): 0 | 1 | 2 {
  const codes = outcomes.map(exitCodeOf);
  if (codes.some((c) => c !== 0 && c !== 2)) return 1;
  return codes.includes(2) ? 2 : 0;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** The one summary table: org, result, changed, duration, error code; then a count line. */
export function formatFleetTable(
  outcomes: FleetOutcome[],
  meta: { concurrency: number; wallMs: number },
): string {
  const rows = outcomes.map((o) => [
    o.target,
    statusOf(o),
    String(changedCount(o)),
    seconds(o.durationMs),
    o.error === undefined ? '' : codeOf(o.error),
  ]);
  const counts = new Map<OrgRunStatus, number>();
  for (const o of outcomes) counts.set(statusOf(o), (counts.get(statusOf(o)) ?? 0) + 1);
  const tally = [...counts].map(([status, n]) => `${n} ${status}`).join(', ');
  return [
    formatTable(['ORG', 'RESULT', 'CHANGED', 'DURATION', 'ERROR'], rows),
    '',
    `${outcomes.length} orgs: ${tally} (concurrency ${meta.concurrency}, ${seconds(meta.wallMs)})`,
  ].join('\n');
}

/** A failed org's error for stderr, the CLI's own error output prefixed with the org. */
export function formatOrgError(target: string, error: unknown): string {
  return errorText(error, `[${target}] `);
}

export interface FleetJsonOrg<R> {
  targetOrg: string;
  status: number;
  result?: R;
  error?: Record<string, unknown>;
  durationMs: number;
  warnings: Diagnostic[];
}

export function fleetJsonOrgs<R extends OrgRunResult>(
  outcomes: Array<FleetOutcome<R>>,
): Array<FleetJsonOrg<R>> {
  return outcomes.map((o) => ({
    targetOrg: o.target,
    status: exitCodeOf(o),
    ...(o.error === undefined ? { result: o.result } : { error: errorJson(o.error) }),
    durationMs: o.durationMs,
    warnings: o.warnings,
  }));
}

/**
 * The fleet's warnings: the shared ones once, then each org's own, its message prefixed with the
 * org (`acme: …`) and the org in `data.targetOrg`.
 */
export function fleetWarnings(shared: Diagnostic[], outcomes: FleetOutcome[]): Diagnostic[] {
  // Each org's list starts with the shared ones (runFleet copies them in); what follows is its own.
  const own = outcomes.flatMap((o) =>
    o.warnings.slice(shared.length).map((w): Diagnostic => ({
      ...w,
      message: `${o.target}: ${w.message}`,
      data: { ...w.data, targetOrg: o.target },
    })),
  );
  return [...shared, ...own];
}

/** The config's model with one org's own values (targets file) applied. */
export function withOrgValues<M extends { user: { username: string; email: string } }>(
  model: M,
  values: OrgValues | undefined,
): M {
  if (!values) return model;
  return {
    ...model,
    user: {
      ...model.user,
      ...(values.username ? { username: values.username } : {}),
      ...(values.email ? { email: values.email } : {}),
    },
  };
}

/**
 * Targets that would get an integration username another target of the fleet already gets: a
 * username is unique across every Salesforce org, so all but the first would fail. By target,
 * the target that keeps the username.
 */
export function sharedUsernames(
  targets: string[],
  usernameOf: (target: string) => string,
): Map<string, string> {
  const first = new Map<string, string>();
  const refused = new Map<string, string>();
  for (const target of targets) {
    const username = usernameOf(target).toLowerCase();
    const holder = first.get(username);
    if (holder === undefined) first.set(username, target);
    else refused.set(target, holder);
  }
  return refused;
}

/** One org of a fleet after connecting: its connection and its model (username resolved), or why not. */
export interface PreparedOrg<C, M> {
  org?: C;
  model?: M;
  error?: unknown;
}

/**
 * Before any org of the fleet is changed: connects to every target (`concurrency` at once),
 * resolves each one's username (its targets-file values, then the pattern's placeholders), and
 * marks a target naming an org another target already names (DUPLICATE_ORG). A connection or
 * pattern failure belongs to that org alone.
 * @throws RecoError DUPLICATE_USERNAME (exit 2) when two orgs would get one username: the whole
 * fleet is refused, so no org is deployed with a username that a later one then cannot have.
 */
export async function prepareFleet<
  C extends { orgId: string; target: string; conn: { instanceUrl: string } },
  M extends Pick<Model, 'user'>,
>(options: {
  targets: string[];
  concurrency: number;
  modelFor: (target: string) => M;
  connect: (target: string) => Promise<C>;
  onConnect?: (target: string) => void;
}): Promise<Map<string, PreparedOrg<C, M>>> {
  const prepared = new Map<string, PreparedOrg<C, M>>();
  await runPool(options.targets, options.concurrency, async (target) => {
    try {
      options.onConnect?.(target);
      const org = await options.connect(target);
      // Kept before resolving: a pattern this org cannot fill is its own error, its org still known.
      prepared.set(target, { org });
      prepared.set(target, { org, model: forOrg(options.modelFor(target), identityOf(org)) });
    } catch (error) {
      prepared.set(target, { ...prepared.get(target), error });
    }
  });
  const orgOf = new Map<string, string>();
  for (const target of options.targets) {
    const p = prepared.get(target);
    if (!p?.org || p.error !== undefined) continue;
    const first = orgOf.get(p.org.orgId);
    if (first === undefined) orgOf.set(p.org.orgId, target);
    else
      p.error = new RecoError(
        'DUPLICATE_ORG',
        `${target} is org ${p.org.orgId}, which ${first} of this fleet already deploys`,
        { fix: 'name each org once' },
      );
  }
  const ready = options.targets.filter((t) => prepared.get(t)?.error === undefined);
  const shared = sharedUsernames(ready, (t) => prepared.get(t)?.model?.user.username ?? '');
  if (shared.size > 0) throw sharedUsernameError(shared, (t) => prepared.get(t)?.model?.user.username ?? '');
  return prepared;
}

function sharedUsernameError(shared: Map<string, string>, usernameOf: (t: string) => string): RecoError {
  const lines = [...shared].map(([target, holder]) => `  ${target} and ${holder}: ${usernameOf(target)}`);
  const [first] = shared.keys();
  return new RecoError(
    'DUPLICATE_USERNAME',
    `the fleet was not deployed: ${shared.size} org(s) would get the integration user another org of the fleet gets, and a Salesforce username is unique across all orgs:\n${lines.join('\n')}`,
    {
      exitCode: 2,
      fix: `give each org its own username: a placeholder in integrationUser.username ("reco-integration@acme.com.{orgId}"), or a line per org in a targets file ("${first} username=<name>"); see the README, Fleets`,
    },
  );
}
