/**
 * References between files of the project that a deploy of the project would break on: every
 * External Client App settings or policy file names its app (`externalClientApplication`), which
 * must be an ExternalClientApplication the same deploy carries (Metadata API Developer Guide,
 * "ExtlClntAppOauthSettings", "ExtlClntAppOauthConfigurablePolicies", "ExtlClntAppConfigurablePolicies").
 */
import { fileLocation, type Diagnostic } from '../core/diagnostic';
import type { ParsedMetadata } from '../core/xml';
import { lineOf } from './file-rules';

export interface ProjectFile {
  file: string;
  text: string;
  parsed: ParsedMetadata;
}

/** Root elements whose `externalClientApplication` names an External Client App. */
const ECA_PARTS = new Set([
  'ExtlClntAppOauthSettings',
  'ExtlClntAppOauthConfigurablePolicies',
  'ExtlClntAppConfigurablePolicies',
  'ExtlClntAppGlobalOauthSettings',
  'ExtlClntAppMobileSettings',
  'ExtlClntAppMobileConfigurablePolicies',
  'ExtlClntAppNotificationSettings',
  'ExtlClntAppPushSettings',
  'ExtlClntAppPushConfigurablePolicies',
  'ExtlClntAppSamlConfigurablePolicies',
  'ExtlClntAppCanvasSettings',
]);

/**
 * `files`: the parsed XML files a plain `sf` deploy would send; `apps`: the ExternalClientApplication
 * members resolved in the project. Returns one error per reference to an app the project lacks.
 */
export function checkReferences(files: ProjectFile[], apps: ReadonlySet<string>): Diagnostic[] {
  const problems: Diagnostic[] = [];
  for (const { file, text, parsed } of files) {
    if (!ECA_PARTS.has(parsed.root)) continue;
    const app = parsed.value.externalClientApplication;
    if (typeof app !== 'string' || apps.has(app)) continue;
    problems.push({
      severity: 'error',
      code: 'ECA_NOT_IN_PROJECT',
      message: `${parsed.root} names External Client App ${app}, which no file of the project defines`,
      location: fileLocation(file, { line: lineOf(text, '<externalClientApplication>') }),
      source: 'salesforce',
      fix: `add ${app}.eca-meta.xml (ExternalClientApplication) to a package directory, or correct the name; a deploy without the app fails`,
    });
  }
  return problems;
}
