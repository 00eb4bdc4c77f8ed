/** Step "gate": the offline gate (config and committed tree). Any error stops here, before any network call. */
import type { Diagnostic } from '../../core/diagnostic';
import type { Model } from '../../core/model';
import { offlineGate } from '../../generate/gate';
import { checkWritable } from '../lock';
import type { DeployOptions } from './types';

export interface Gated {
  root: string;
  model: Model;
  warnings: Diagnostic[];
}

/**
 * The config → model, the committed tree checked against it (unless --ignore-local-changes),
 * and, for a real deploy, the project's .reco/ writable (receipts, locks).
 * @throws RecoError CONFIG_INVALID (exit 2) and checkWritable's errors.
 */
export async function gateStep(opts: DeployOptions): Promise<Gated> {
  const gated = await offlineGate({
    config: opts.config,
    json: opts.json,
    checkTree: true,
    ignoreLocalChanges: opts.ignoreLocalChanges,
  });
  if (!opts.dryRun) checkWritable(gated.root);
  return gated;
}
