import type { DeployMessage } from '@salesforce/source-deploy-retrieve';
import { fileAt } from '../../scripts/core/diagnostic';
import { buildComponents } from '../../scripts/components';
import { renderMetadata } from '../../scripts/core/xml';
import { adaptToOrg } from '../../scripts/org/adapt';
import { pendingChanges, planChanges } from '../../scripts/org/changes';
import { deployProjectFiles, failuresOf } from '../../scripts/org/deploy';
import { componentKey } from '../../scripts/org/types';
import { summarise, verificationProblems, formatSummary } from '../../scripts/org/verify';
import { aModel, realWorld } from '../builders/model';
import { aSnapshot } from './builders';

/** A component the org failed in a deploy (Metadata API DeployMessage); `which` names it and the problem. */
function aFailure(
  which: Pick<DeployMessage, 'fullName' | 'fileName'> & Partial<DeployMessage>,
): DeployMessage {
  return {
    changed: 'false',
    created: 'false',
    deleted: 'false',
    createdDate: '',
    success: 'false',
    problemType: 'Error',
    ...which,
  };
}

function adaptedComponents(): ReturnType<typeof buildComponents> {
  return buildComponents(adaptToOrg(aModel(), aSnapshot()).model);
}

/** A snapshot whose metadata is exactly what `components` deploy (the org after a deploy). */
function orgHolding(components: ReturnType<typeof buildComponents>): ReturnType<typeof aSnapshot> {
  const planned = planChanges(components, aSnapshot()).changes;
  return aSnapshot(
    (s) => (s.metadata = structuredClone(Object.fromEntries(planned.map((c) => [c.key, c.value])))),
  );
}

describe('planChanges', () => {
  it('given an empty org, creates every component', () => {
    const set = planChanges(adaptedComponents(), aSnapshot());
    expect(set.changes.map((c) => c.state)).toEqual(set.changes.map(() => 'create'));
    expect(set.permissionSetExtras).toEqual([]);
  });

  it('given an org that holds the result, everything is unchanged', () => {
    const components = adaptedComponents();
    expect(pendingChanges(planChanges(components, orgHolding(components)))).toEqual([]);
  });

  it("merges the org's trusted ranges: the org's first, in order, then ours", () => {
    const components = adaptedComponents();
    const orgSecurity = realWorld('Security.settings-meta.xml');
    const set = planChanges(
      components,
      aSnapshot((s) => (s.metadata['Settings:Security'] = orgSecurity)),
    );
    const security = set.changes.find((c) => c.key === 'Settings:Security');
    expect(security?.state).toBe('update');
    const ranges = (security?.value.networkAccess as { ipRanges: unknown[] }).ipRanges;
    const before = (orgSecurity.networkAccess as { ipRanges: unknown[] }).ipRanges;
    expect(ranges.slice(0, before.length)).toEqual(before);
    expect(ranges.length).toBe(before.length + 3);
    expect(security?.current).toBe(orgSecurity);
  });

  it('flags permission-set extras the deploy would disable', () => {
    const components = adaptedComponents();
    const org = orgHolding(components);
    const ps = org.metadata['PermissionSet:Reco_Integration'] as {
      userPermissions: Array<{ enabled: boolean; name: string }>;
    };
    ps.userPermissions = [...ps.userPermissions, { enabled: true, name: 'ModifyAllData' }];
    const set = planChanges(components, org);
    expect(set.permissionSetExtras.map((d) => d.path)).toEqual(['userPermissions[ModifyAllData]']);
  });
});

describe('deploy helpers', () => {
  it('writes sfdx-project.json with sourceApiVersion and each merged component', () => {
    const changes = planChanges(adaptedComponents(), aSnapshot()).changes;
    const files = deployProjectFiles('66.0', changes);
    expect(JSON.parse(files[0].content).sourceApiVersion).toBe('66.0');
    expect(files.slice(1).map((f) => f.path)).toEqual(changes.map((c) => c.path));
    expect(files[1].content).toBe(renderMetadata(changes[0].rootType, changes[0].value));
  });

  it('maps component failures to our files with line and a hint', () => {
    const changes = planChanges(adaptedComponents(), aSnapshot()).changes;
    const failures = failuresOf(
      {
        details: {
          componentFailures: [
            aFailure({
              componentType: 'PermissionSet',
              fullName: 'Reco_Integration',
              fileName: 'permissionsets/Reco_Integration.permissionset',
              problem: 'Unknown user permission: ViewDataLeakageEvents',
              lineNumber: '12',
              columnNumber: '5',
            }),
          ],
        },
      },
      changes,
    );
    expect(failures).toEqual([
      expect.objectContaining({
        code: 'COMPONENT_FAILED',
        severity: 'error',
        source: 'org',
        location: {
          file: 'force-app/main/default/permissionsets/Reco_Integration.permissionset-meta.xml',
          line: 12,
          column: 5,
        },
      }),
    ]);
    expect(failures[0].fix).toContain('eventMonitoring.mode');
  });

  it("attributes a failure on the org's own Event Manager entry (carried through unchanged) to the org, not to our file or the config", () => {
    const snapshot = aSnapshot((s) => {
      s.metadata['Settings:RealTimeEvent'] = {
        realTimeEvents: [
          { entityName: 'UniversalAnomalyEventStore', isEnabled: true },
          { entityName: 'LoginEvent', isEnabled: false },
        ],
      };
    });
    const changes = planChanges(adaptedComponents(), snapshot).changes;
    const failure = (entity: string): ReturnType<typeof failuresOf>[number] =>
      failuresOf(
        {
          details: {
            componentFailures: [
              aFailure({
                componentType: 'RealTimeEventSettings',
                fullName: 'RealTimeEvent',
                fileName: 'settings/RealTimeEvent.settings',
                problem: `Entity type ${entity} is not available for Event Manager in this organization`,
              }),
            ],
          },
        },
        changes,
      )[0];
    const theirs = failure('UniversalAnomalyEventStore');
    expect(theirs.location).toEqual({
      entity: { type: 'Settings', name: 'RealTimeEvent' },
      path: "the org's own entry UniversalAnomalyEventStore, carried through unchanged",
    });
    expect(theirs.fix).not.toContain('eventMonitoring');
    // LoginEvent was in the org but switched on by us: ours, so our file and the config's hint.
    const ours = failure('LoginEvent');
    expect(fileAt(ours)?.file).toBe('force-app/main/default/settings/RealTimeEvent.settings-meta.xml');
    expect(ours.fix).toContain('eventMonitoring.eventManager.events');
  });
});

describe('verify', () => {
  it('finds nothing missing in an org that holds everything, and names what is missing otherwise', () => {
    const components = adaptedComponents();
    const org = orgHolding(components);
    org.user = {
      id: '005x',
      username: 'u',
      isActive: true,
      profileId: '00e',
      profileName: 'p',
      fields: {},
      login: { id: '060x', isFrozen: false },
    };
    org.assignments = { permissionSet: true, permissionSetLicense: true };
    expect(verificationProblems(components, org, true)).toEqual([]);
    const missing = aSnapshot();
    expect(verificationProblems(components, missing, true, 'reco@acme.com')).toEqual(
      expect.arrayContaining([
        {
          code: 'USER_MISSING',
          severity: 'error',
          source: 'org',
          location: { entity: { type: 'User', name: 'reco@acme.com' } },
          message: 'the integration user is missing',
        },
        expect.objectContaining({
          code: 'COMPONENT_MISSING',
          message: `${componentKey(components[0])} does not hold the expected value (missing)`,
        }),
      ]),
    );
  });

  it('summarises components, skipped parts and data steps in one table', () => {
    const adapted = adaptToOrg(aModel(), aSnapshot());
    const changes = planChanges(buildComponents(adapted.model), aSnapshot()).changes;
    const rows = summarise(
      changes,
      [{ part: 'EventSettings', action: 'skip', reason: 'no Shield' }],
      {
        user: { action: 'create', id: null, set: {}, prior: {} },
        unfreeze: null,
        permissionSet: 'assign',
        permissionSetLicense: 'present',
      },
      { dryRun: false, username: 'u@x' },
    );
    expect(rows).toEqual(
      expect.arrayContaining([
        { component: 'EventSettings', state: 'skipped', reason: 'no Shield' },
        { component: 'User u@x', state: 'created' },
        { component: 'PermissionSetLicenseAssign', state: 'unchanged' },
      ]),
    );
    expect(formatSummary(rows).split('\n')[0]).toMatch(/^COMPONENT\s+STATE\s+REASON$/);
  });
});
