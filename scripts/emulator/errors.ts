/**
 * The one error factory of the emulator: every error it reports is built here, with Salesforce's
 * real status code, error code and message text, and rendered in the wire shape of the API that
 * reports it (REST JSON array, SOAP fault, or a deploy component failure).
 *
 * Sources of the texts: Salesforce REST/SOAP API docs (StatusCode enum), the requests and responses of
 * the real `sf` CLI (2.146) recorded against a local server, and public deploy logs.
 */
import { escapeXml } from '../core/xml';

/** An error Salesforce reports for a whole request (REST error array or SOAP fault). */
export class SalesforceError extends Error {
  constructor(
    readonly errorCode: string,
    message: string,
    readonly httpStatus: number,
    readonly fields: string[] = [],
  ) {
    super(message);
    this.name = 'SalesforceError';
  }
}

/**
 * A deploy problem of one component: thrown by the org store's rules, caught by the deploy engine
 * and reported as a `componentFailures` entry (problemType Error) or a Warning.
 */
export class ComponentProblem extends Error {
  constructor(
    message: string,
    readonly problemType: 'Error' | 'Warning' = 'Error',
    readonly lineNumber?: number,
    readonly columnNumber?: number,
  ) {
    super(message);
    this.name = 'ComponentProblem';
  }
}

const soqlHint = (soql: string, column: number): string =>
  `\n${soql}\n${' '.repeat(Math.max(0, column - 1))}^\nERROR at Row:1:Column:${column}\n`;

export const sfErrors = {
  // --- session and routing
  invalidSessionRest: () => new SalesforceError('INVALID_SESSION_ID', 'Session expired or invalid', 401),
  invalidSessionSoap: () =>
    new SalesforceError(
      'INVALID_SESSION_ID',
      'INVALID_SESSION_ID: Invalid Session ID found in SessionHeader: Illegal Session',
      500,
    ),
  notFound: () => new SalesforceError('NOT_FOUND', 'The requested resource does not exist', 404),
  methodNotAllowed: (method: string, allowed: string[]) =>
    new SalesforceError(
      'METHOD_NOT_ALLOWED',
      `HTTP Method '${method}' not allowed. Allowed are ${allowed.join(',')}`,
      405,
    ),
  /** Emulator-only: a call Salesforce supports but the emulator does not. Fails loudly, never silently. */
  notImplemented: (what: string) =>
    new SalesforceError('NOT_IMPLEMENTED', `The reco-sf emulator does not implement ${what}`, 501),
  serverUnavailable: () =>
    new SalesforceError('SERVER_UNAVAILABLE', 'Server temporarily unavailable, please retry', 503),
  invalidVersion: (version: string) =>
    new SalesforceError('NOT_FOUND', `The requested resource does not exist: version ${version}`, 404),

  // --- SOQL
  malformedQuery: (detail: string) => new SalesforceError('MALFORMED_QUERY', detail, 400),
  invalidType: (objectName: string, soql: string, column: number) =>
    new SalesforceError(
      'INVALID_TYPE',
      `${soqlHint(soql, column)}sObject type '${objectName}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`,
      400,
    ),
  invalidField: (field: string, objectName: string, soql: string, column: number) =>
    new SalesforceError(
      'INVALID_FIELD',
      `${soqlHint(soql, column)}No such column '${field}' on entity '${objectName}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
      400,
    ),

  // --- sObject DML (messages as the REST API returns them)
  requiredFieldMissing: (fields: string[]) =>
    new SalesforceError(
      'REQUIRED_FIELD_MISSING',
      `Required fields are missing: [${fields.join(', ')}]`,
      400,
      fields,
    ),
  stringTooLong: (field: string, value: string, max: number) =>
    new SalesforceError(
      'STRING_TOO_LONG',
      `${field}: data value too large: ${value} (max length=${max})`,
      400,
      [field],
    ),
  duplicateUsername: () =>
    new SalesforceError(
      'DUPLICATE_USERNAME',
      'Duplicate Username.<br>Another user has already selected this username.<br>Please select another.',
      400,
      ['Username'],
    ),
  invalidEmail: (field: string, value: string) =>
    new SalesforceError('INVALID_EMAIL_ADDRESS', `${field}: invalid email address: ${value}`, 400, [field]),
  invalidCrossReference: (field: string) =>
    new SalesforceError('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', 400, [field]),
  malformedId: (label: string, value: string, field: string) =>
    new SalesforceError('MALFORMED_ID', `${label}: id value of incorrect type: ${value}`, 400, [field]),
  /**
   * A user's second assignment of one permission set. Text as public scripts quote the sf CLI's
   * `result.failures[].message` on a re-assign: "Duplicate PermissionSetAssignment. Assignee:
   * <user id>; Permission Set: <permission set id>".
   */
  duplicatePermissionSetAssignment: (assigneeId: string, permissionSetId: string) =>
    new SalesforceError(
      'DUPLICATE_VALUE',
      `Duplicate PermissionSetAssignment. Assignee: ${assigneeId.slice(0, 15)}; Permission Set: ${permissionSetId.slice(0, 15)}`,
      400,
    ),
  /** Other duplicates, e.g. a second PermissionSetLicenseAssign (the sf CLI matches "duplicate value found"). */
  duplicateValue: () =>
    new SalesforceError(
      'DUPLICATE_VALUE',
      'duplicate value found: <unknown> duplicates value on record with id: <unknown>',
      400,
    ),
  /** Salesforce's assignment error: "Can't assign permission set X to user Y. The user license doesn't allow the permission: …" */
  licenseDoesNotAllow: (permissionSet: string, username: string, detail: string) =>
    new SalesforceError(
      'FIELD_INTEGRITY_EXCEPTION',
      `Can't assign permission set ${permissionSet} to user ${username}. The user license doesn't allow the permission: ${detail}`,
      400,
      ['PermissionSetId'],
    ),
  licenseLimitExceeded: (license: string) =>
    new SalesforceError(
      'LICENSE_LIMIT_EXCEEDED',
      `License Limit Exceeded: no ${license} licenses are available`,
      400,
    ),
  invalidFieldForInsertUpdate: (field: string) =>
    new SalesforceError(
      'INVALID_FIELD_FOR_INSERT_UPDATE',
      `Unable to create/update fields: ${field}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
      400,
      [field],
    ),
  noSuchField: (field: string, objectName: string) =>
    new SalesforceError('INVALID_FIELD', `No such column '${field}' on sobject of type ${objectName}`, 400),
  entityNotCreatable: (objectName: string) =>
    new SalesforceError(
      'INVALID_TYPE',
      `Cannot create a new ${objectName}: entity is not api createable`,
      400,
    ),
  entityNotDeletable: (objectName: string) =>
    new SalesforceError(
      'INSUFFICIENT_ACCESS_OR_READONLY',
      `Cannot delete ${objectName}: entity is not api deletable`,
      400,
    ),
  entityDeleted: () => new SalesforceError('ENTITY_IS_DELETED', 'entity is deleted', 404),
  jsonParser: (detail: string) => new SalesforceError('JSON_PARSER_ERROR', detail, 400),
  processingHalted: () =>
    new SalesforceError(
      'PROCESSING_HALTED',
      'The transaction was rolled back since another operation in the same transaction failed.',
      400,
    ),
  allOrNoneRolledBack: () =>
    new SalesforceError(
      'ALL_OR_NONE_OPERATION_ROLLED_BACK',
      'Record rolled back because not all records were valid and the request was using AllOrNone header',
      400,
    ),
  invalidCompositeReference: (ref: string) =>
    new SalesforceError(
      'INVALID_REFERENCE',
      `Invalid reference specified. No value for ${ref} found in ${ref.split('.')[0]}.`,
      400,
    ),

  // --- Metadata SOAP
  invalidCrossReferenceSoap: (id: string) =>
    new SalesforceError(
      'INVALID_CROSS_REFERENCE_KEY',
      `INVALID_CROSS_REFERENCE_KEY: invalid cross reference id: ${id}`,
      500,
    ),
  invalidIdField: (detail: string) =>
    new SalesforceError('INVALID_ID_FIELD', `INVALID_ID_FIELD: ${detail}`, 500),
  soapClientError: (detail: string) => new SalesforceError('INVALID_SOAP', `soapenv:Client: ${detail}`, 500),
  unknownSoapOperation: (operation: string) =>
    new SalesforceError(
      'NOT_IMPLEMENTED',
      `The reco-sf emulator does not implement the Metadata API operation ${operation}`,
      501,
    ),
};

/** Deploy problem texts; tests assert these literally. */
export const deployProblems = {
  /** Public deploy logs: "Unknown user permission: AllowUniversalSearch". */
  unknownUserPermission: (name: string) => new ComponentProblem(`Unknown user permission: ${name}`),
  /** Public deploy logs: "Permission ManageUsers depends on permission(s): ViewRoles". */
  permissionDependency: (name: string, missing: string[]) =>
    new ComponentProblem(`Permission ${name} depends on permission(s): ${missing.join(', ')}`),
  /** Same "In field: X - no Y named Z found" form as "In field: field - no CustomField named … found". */
  noSuchObject: (object: string) =>
    new ComponentProblem(`In field: object - no CustomObject named ${object} found`),
  /** Real Metadata API text ("In field: field - no CustomField named Account.Foo__c found"). */
  noSuchField: (field: string) =>
    new ComponentProblem(`In field: field - no CustomField named ${field} found`),
  /** Same form for the other components a permission set names (apps, classes, pages, tabs, …). */
  noSuchReference: (element: string, type: string, name: string) =>
    new ComponentProblem(`In field: ${element} - no ${type} named ${name} found`),
  noSuchLicense: (license: string) =>
    new ComponentProblem(`In field: license - no PermissionSetLicense named ${license} found`),
  /** Salesforce's deploy error: "The user license doesn't allow the permission: <ApiName>". */
  licenseDoesNotAllow: (permission: string) =>
    new ComponentProblem(`The user license doesn't allow the permission: ${permission}`),
  /** Schema validation on deploy: the element is not part of the type at this API version. */
  invalidElement: (element: string, typeName: string) =>
    new ComponentProblem(
      `Error parsing file: Element {http://soap.sforce.com/2006/04/metadata}${element} invalid at this location in type ${typeName}`,
    ),
  /** Salesforce's deploy error: a licence-gated setting fails with "<Component> : Not available for deploy for this organization". */
  notAvailableForOrg: (component: string) =>
    new ComponentProblem(`${component} : Not available for deploy for this organization`),
  notAvailableForVersion: (component: string) =>
    new ComponentProblem(`${component} : Not available for deploy for this API version`),
  /** Emulator-chosen text (no recorded real message for an unknown Event Manager entity). */
  unknownEventEntity: (entity: string) =>
    new ComponentProblem(`Entity type ${entity} is not available for Event Manager in this organization`),
  /** Emulator-chosen text naming the range; the rules themselves are SecuritySettings' (Metadata API Developer Guide, M-H). */
  invalidIpRange: (start: string, end: string, reason: string) =>
    new ComponentProblem(`Invalid IP address range: ${start} - ${end}: ${reason}`),
  requiredField: (field: string) => new ComponentProblem(`Required field is missing: ${field}`),
  fieldTooLong: (field: string, max: number) =>
    new ComponentProblem(`${field}: value too long (max length=${max})`),
  invalidEnum: (field: string, value: string) =>
    new ComponentProblem(`'${value}' is not a valid value for the enum '${field}'`),
  /** Emulator-chosen text. Spring '26: new connected apps can only be created when Salesforce Support re-enables it. */
  connectedAppCreationBlocked: () =>
    new ComponentProblem(
      'You can no longer create connected apps. Create an external client app instead, or contact Salesforce Customer Support.',
    ),
  noSuchEca: (name: string) =>
    new ComponentProblem(
      `In field: externalClientApplication - no ExternalClientApplication named ${name} found`,
    ),
  profileReadOnly: () =>
    new ComponentProblem(
      'The reco-sf emulator does not implement Profile deploys (Profile is read-only here)',
    ),
  /** Emulator-chosen text: a settings file whose member is no Settings type of the Metadata API WSDL. */
  unknownSettingsMember: (member: string) =>
    new ComponentProblem(`Error parsing file: ${member}Settings is not a Settings type of the Metadata API`),
  unsupportedType: (type: string) =>
    new ComponentProblem(`The reco-sf emulator does not implement the metadata type ${type}`),
  /** Real Metadata API text for a package.xml member absent from the zip. */
  notInZip: (type: string, name: string) =>
    new ComponentProblem(
      `An object '${name}' of type ${type} was named in package.xml, but was not found in zipped directory`,
    ),
  /** Real Metadata API warning for a destructiveChanges member the org lacks. */
  noSuchComponentToDelete: (type: string, name: string) =>
    new ComponentProblem(`No ${type} named: ${name} found`, 'Warning'),
  xmlMalformed: (detail: string, line?: number, column?: number) =>
    new ComponentProblem(detail, 'Error', line, column),
  wrongRoot: (expected: string, found: string) =>
    new ComponentProblem(`Error parsing file: expected root element ${expected}, found ${found}`),
  /** Emulator-chosen (L): the org refuses to delete an assigned permission set; remove assignments first. */
  assignedPermissionSet: (name: string) =>
    new ComponentProblem(`This permission set is assigned to users and can't be deleted: ${name}`),
  /**
   * A destructive change of a component other components reference. Emulator-chosen text, in the
   * form Salesforce uses for a referenced custom object ("This custom object is used by another
   * feature. Remove the usage and try again. : Apex Class - X").
   */
  componentInUse: (type: string, dependents: Array<{ type: string; fullName: string }>) =>
    new ComponentProblem(
      `This ${type} is used by another feature. Remove the usage and try again. : ${dependents.map((d) => `${d.type} - ${d.fullName}`).join(', ')}`,
    ),
  forced: (problem: string) => new ComponentProblem(problem),
};

/** REST wire shape: a JSON array of errors. */
export function restErrorBody(
  error: SalesforceError,
): Array<{ message: string; errorCode: string; fields?: string[] }> {
  return [
    {
      message: error.message,
      errorCode: error.errorCode,
      ...(error.fields.length > 0 ? { fields: error.fields } : {}),
    },
  ];
}

/** sObject-collection / composite-sobjects wire shape of one record's error. */
export function recordErrorBody(error: SalesforceError): {
  statusCode: string;
  message: string;
  fields: string[];
} {
  return { statusCode: error.errorCode, message: error.message, fields: error.fields };
}

/** SOAP wire shape: `<soapenv:Fault>` with an `sf:` fault code (HTTP 500). */
export function soapFaultXml(error: SalesforceError): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:sf="http://soap.sforce.com/2006/04/metadata">' +
    '<soapenv:Body><soapenv:Fault>' +
    `<faultcode>sf:${error.errorCode}</faultcode><faultstring>${escapeXml(error.message)}</faultstring>` +
    '</soapenv:Fault></soapenv:Body></soapenv:Envelope>'
  );
}
