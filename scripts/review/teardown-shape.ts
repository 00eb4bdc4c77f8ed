/**
 * Teardown in an org that has lost an add-on since the deploy (Real-Time Event Monitoring or
 * Event Monitoring expired): Salesforce refuses a deploy of the settings that add-on governs, and
 * one refused component rolls the whole settings deploy back, so teardown would never finish.
 * Such steps are left out and reported as kept; the rest is torn down.
 */
import type { Model } from '../core/model';
import { orgFeatures } from '../org/adapt';
import type { OrgSnapshot } from '../org/types';
import type { TeardownPlan } from './teardown';

/**
 * The add-on each settings type needs: Event Manager (RealTimeEventSettings) comes with
 * Real-Time Event Monitoring, the Event Monitoring settings with Event Monitoring (Salesforce
 * Help, "Real-Time Event Monitoring" and "Event Monitoring").
 */
const FEATURE_OF_SETTINGS: Readonly<Record<string, { feature: string; name: string }>> = {
  RealTimeEventSettings: { feature: 'RealTimeEventMonitoring', name: 'Real-Time Event Monitoring' },
  EventSettings: { feature: 'EventMonitoring', name: 'Event Monitoring' },
};

/**
 * The plan without the settings steps the org can no longer take, judged by the features the
 * org shows now (the permissions and objects each brings, as the deploy's preflight judges them);
 * each one left out is named in `kept` with the reason.
 */
export function leaveOutUnavailable(
  plan: TeardownPlan,
  snapshot: Pick<OrgSnapshot, 'userPermissions' | 'objects'>,
  model: Model,
): TeardownPlan {
  const features = orgFeatures(snapshot, model);
  const kept = [...plan.kept];
  const steps = plan.steps.filter((step) => {
    if (step.action.kind !== 'deploy-settings') return true;
    const needs = FEATURE_OF_SETTINGS[step.action.settings.rootType];
    if (!needs || features.has(needs.feature)) return true;
    kept.push(
      `not done: ${step.description} (the org no longer has ${needs.name}, so Salesforce refuses these settings: they stay as they are; should the add-on come back, change them in Setup)`,
    );
    return false;
  });
  return { steps, kept };
}
