/**
 * SOAP envelopes of the Metadata API: reading a request (operation, session id, arguments) and
 * writing a response with the `soapenv:` prefix jsforce needs to find the body.
 */
import { XMLParser } from 'fast-xml-parser';
import { escapeXml } from '../core/xml';
import { sfErrors } from './errors';

/** Pre-rendered XML placed as is inside a response element. */
export class RawXml {
  constructor(
    readonly xml: string,
    readonly attributes = '',
  ) {}
}

export type SoapValue =
  string | number | boolean | null | undefined | RawXml | SoapValue[] | { [key: string]: SoapValue };

/** Elements that repeat in requests: always read as arrays. */
const REPEATED = new Set([
  'members',
  'types',
  'fullNames',
  'queries',
  'specificFiles',
  'runTests',
  'packageNames',
  'asyncProcessId',
]);

const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  isArray: (name, jpath) =>
    REPEATED.has(name) &&
    !String(jpath).endsWith('checkDeployStatus.asyncProcessId') &&
    !String(jpath).endsWith('checkRetrieveStatus.asyncProcessId'),
});

export interface SoapRequest {
  operation: string;
  sessionId?: string;
  args: Record<string, unknown>;
}

export function parseSoapRequest(body: string): SoapRequest {
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(body) as Record<string, unknown>;
  } catch (error) {
    throw sfErrors.soapClientError(
      `could not parse the request: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const envelope = doc.Envelope as Record<string, unknown> | undefined;
  const soapBody = envelope?.Body as Record<string, unknown> | undefined;
  if (!envelope || !soapBody || typeof soapBody !== 'object')
    throw sfErrors.soapClientError('the request has no SOAP Envelope/Body');
  const operation = Object.keys(soapBody)[0];
  if (!operation) throw sfErrors.soapClientError('the SOAP Body names no operation');
  const header = envelope.Header as Record<string, unknown> | undefined;
  const session = header?.SessionHeader as Record<string, unknown> | undefined;
  const args = soapBody[operation];
  return {
    operation,
    sessionId: typeof session?.sessionId === 'string' ? session.sessionId : undefined,
    args: typeof args === 'object' && args !== null ? (args as Record<string, unknown>) : {},
  };
}

export function toXml(name: string, value: SoapValue): string {
  if (value === undefined) return '';
  if (value === null) return `<${name} xsi:nil="true"/>`;
  if (Array.isArray(value)) return value.map((v) => toXml(name, v)).join('');
  if (value instanceof RawXml) return `<${name}${value.attributes}>${value.xml}</${name}>`;
  if (typeof value === 'object') {
    return `<${name}>${Object.entries(value)
      .map(([k, v]) => toXml(k, v))
      .join('')}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

export function soapResponse(operation: string, result: SoapValue): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns="http://soap.sforce.com/2006/04/metadata" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<soapenv:Body><${operation}Response>${toXml('result', result)}</${operation}Response></soapenv:Body></soapenv:Envelope>`
  );
}
