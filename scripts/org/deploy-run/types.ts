/**
 * The shapes the deploy steps share: the parsed options, the run's context and the result one
 * org's deploy returns. The steps themselves are the other modules of this folder.
 */
import type { Diagnostic } from '../../core/diagnostic';
import type { Model } from '../../core/model';
import type { PartDecision } from '../adapt';
import type { OrgConnection } from '../connect';
import type { Handoff } from '../handoff';
import type { Progress } from '../progress';
import type { SummaryRow } from '../verify';

/** `reco-sf deploy`'s options, checked (scripts/org/deploy-run/options.ts). */
export interface DeployOptions {
  /** The orgs given with --target-org (one, several, or none: the sf default). */
  targetOrgs: string[];
  targetsFile?: string;
  /** --concurrency, when given (fleets). */
  concurrency?: number;
  dryRun: boolean;
  yes: boolean;
  json: boolean;
  config?: string;
  /** --wait, in minutes. */
  waitMinutes: number;
  /** A checked 15- or 18-character deploy id. */
  resume?: string;
  ignoreLocalChanges: boolean;
  planHash?: string;
  /** false with --no-user-email. */
  userEmail: boolean;
}

export interface DeployCommandResult {
  orgId: string;
  targetOrg: string;
  dryRun: boolean;
  /** True when the org already held everything: no deploy call, no data call. */
  noChanges: boolean;
  validationId: string | null;
  deployId: string | null;
  quickDeploy: boolean;
  parts: PartDecision[];
  summary: SummaryRow[];
  receipt: string | null;
  /** What is left to do by hand (absent on a dry run). */
  handoff?: Handoff;
}

/** How the deploy asks for confirmation; tests replace it. */
export interface Prompter {
  interactive: boolean;
  confirm(question: string): Promise<boolean>;
}

/** Everything one org's run needs. */
export interface RunContext {
  opts: DeployOptions;
  model: Model;
  /** The model as the config gives it, before the org's username placeholders are resolved (`model`). */
  configModel?: Model;
  /** The run's warnings, each raised as a Diagnostic where it happens. */
  warnings: Diagnostic[];
  org: OrgConnection;
  progress: Progress;
  prompter: Prompter;
  root: string;
  started: Date;
}

/** What a fix printed for an org repeats: the org, --config and --targets-file as given. */
export { invocationOf } from '../../core/org-args';
