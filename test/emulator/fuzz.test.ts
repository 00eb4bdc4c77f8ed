/**
 * No request to the emulator yields an internal error: unexpected methods, paths, bodies and SOAP
 * envelopes all get a Salesforce-shaped answer (an error code Salesforce uses, or the emulator's
 * documented NOT_IMPLEMENTED). HTTP 500 appears only as a well-formed SOAP fault, the way
 * Salesforce's SOAP APIs carry every fault (SOAP 1.1), never with UNKNOWN_EXCEPTION.
 */
import fc from 'fast-check';
import { type EmulatorHandle } from '../../scripts/emulator';
import { useEmulator } from './helpers';

const METHODS = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE', 'HEAD', 'OPTIONS'];
const PATHS = [
  '/',
  '/services',
  '/services/data',
  '/services/data/',
  '/services/data/v66.0',
  '/services/data/v20.0',
  '/services/data/vX',
  '/services/data/v66.0/query',
  '/services/data/v66.0/query?q=',
  '/services/data/v66.0/query?q=SELECT',
  '/services/data/v66.0/query/01gXX',
  '/services/data/v66.0/queryAll?q=SELECT+Id+FROM+User',
  '/services/data/v66.0/query?q=SELECT+Id+FROM+User&columns=true',
  '/services/data/v66.0/tooling',
  '/services/data/v66.0/tooling/query?q=SELECT+Id+FROM+Nope',
  '/services/data/v66.0/tooling/sobjects',
  '/services/data/v66.0/tooling/sobjects/PermissionDependency',
  '/services/data/v66.0/tooling/sobjects/SourceMember/describe',
  '/services/data/v66.0/sobjects',
  '/services/data/v66.0/sobjects/User',
  '/services/data/v66.0/sobjects/User/describe',
  '/services/data/v66.0/sobjects/User/describe/extra',
  '/services/data/v66.0/sobjects/User/005000000000000',
  '/services/data/v66.0/sobjects/User/not-an-id',
  '/services/data/v66.0/sobjects/User/Username/admin',
  '/services/data/v66.0/sobjects/Nope',
  '/services/data/v66.0/sobjects/PermissionSet',
  '/services/data/v66.0/composite',
  '/services/data/v66.0/composite/sobjects',
  '/services/data/v66.0/composite/batch',
  '/services/data/v66.0/composite/tree/Account',
  '/services/data/v66.0/limits',
  '/services/data/v66.0/metadata/deployRequest',
  '/services/data/v66.0/search?q=FIND',
  '/services/data/v66.0/%E0%A4%A',
  '/services/Soap/m/66.0',
  '/services/Soap/m/66.0/00D',
  '/services/Soap/m/20.0',
  '/services/Soap/u/66.0',
  '/services/Soap/c/66.0',
  '/services/oauth2/userinfo',
  '/services/oauth2/token',
  '/id/00D/005',
];
const BODIES = [
  undefined,
  '',
  '{',
  'null',
  '[]',
  '[1,2]',
  '"text"',
  '{"Name":"x"}',
  '{"records":"x"}',
  '{"records":[{"attributes":{}}]}',
  '{"compositeRequest":[{"method":"GET","url":"/x","referenceId":"a"}]}',
  '{"compositeRequest":"x"}',
  '<x/>',
];

function envelope(body: string, token: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">' +
    `<soapenv:Header><SessionHeader><sessionId>${token}</sessionId></SessionHeader></soapenv:Header>` +
    `<soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`
  );
}
const SOAP_BODIES = [
  '',
  '<nothing/>',
  '<deploy/>',
  '<deploy><ZipFile>not base64!</ZipFile></deploy>',
  '<deploy><ZipFile>UEsDBA==</ZipFile><DeployOptions/></deploy>',
  '<checkDeployStatus/>',
  '<checkDeployStatus><asyncProcessId>0Af000000000000</asyncProcessId></checkDeployStatus>',
  '<checkDeployStatus><asyncProcessId>a</asyncProcessId><asyncProcessId>b</asyncProcessId></checkDeployStatus>',
  '<cancelDeploy><id>x</id></cancelDeploy>',
  '<deployRecentValidation><validationId>0Af</validationId></deployRecentValidation>',
  '<retrieve/>',
  '<retrieve><request><unpackaged><types><members>*</members><name>Nope</name></types></unpackaged></request></retrieve>',
  '<retrieve><request><specificFiles>x/y.z</specificFiles></request></retrieve>',
  '<retrieve><request><packageNames>p</packageNames></request></retrieve>',
  '<checkRetrieveStatus><asyncProcessId>x</asyncProcessId></checkRetrieveStatus>',
  '<readMetadata><type>Nope</type><fullNames>x</fullNames></readMetadata>',
  '<readMetadata><type>PermissionSet</type></readMetadata>',
  '<listMetadata><queries><type>Nope</type></queries></listMetadata>',
  '<listMetadata/>',
  '<describeMetadata/>',
  '<describeValueType><type>x</type></describeValueType>',
  '<upsertMetadata/>',
];

async function send(
  handle: EmulatorHandle,
  method: string,
  path: string,
  body: string | undefined,
  soapCall = false,
): Promise<{ status: number; text: string }> {
  const response = await fetch(`${handle.url}${path}`, {
    method,
    headers: soapCall
      ? { 'Content-Type': 'text/xml', SOAPAction: '""' }
      : { Authorization: `Bearer ${handle.accessToken}`, 'Content-Type': 'application/json' },
    body: method === 'GET' || method === 'HEAD' ? undefined : body,
  });
  return { status: response.status, text: await response.text() };
}

/** The answer is honest: no internal error, and a 500 is only ever a SOAP fault. */
function expectHonest(where: string, reply: { status: number; text: string }): void {
  const problem =
    reply.text.includes('UNKNOWN_EXCEPTION') || reply.text.includes('internal error')
      ? 'internal error'
      : reply.status === 500 && !/<soapenv:Fault>/.test(reply.text)
        ? 'HTTP 500 that is not a SOAP fault'
        : reply.status >= 500 && reply.status !== 500 && reply.status !== 501 && reply.status !== 503
          ? `HTTP ${reply.status}`
          : undefined;
  if (problem) throw new Error(`${where}: ${problem}: ${reply.status} ${reply.text.slice(0, 300)}`);
}

describe('emulator route fuzzing', () => {
  const handle = useEmulator();

  it('answers every method × path × body without an internal error', async () => {
    const problems: string[] = [];
    for (const path of PATHS) {
      for (const method of METHODS) {
        const bodies = method === 'POST' || method === 'PATCH' ? BODIES : [undefined, '{'];
        for (const body of bodies) {
          try {
            expectHonest(`${method} ${path} ${String(body)}`, await send(handle, method, path, body));
          } catch (error) {
            problems.push((error as Error).message);
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('answers every SOAP envelope (and non-envelopes) without an internal error', async () => {
    for (const path of ['/services/Soap/m/66.0', '/services/Soap/m/20.0']) {
      for (const inner of SOAP_BODIES) {
        const reply = await send(handle, 'POST', path, envelope(inner, handle.accessToken), true);
        expectHonest(`SOAP ${path} ${inner}`, reply);
      }
      for (const raw of ['', 'not xml', '<a>', '<Envelope/>', envelope('<deploy/>', 'bad-token')])
        expectHonest(`SOAP ${path} ${raw}`, await send(handle, 'POST', path, raw, true));
      expectHonest(`GET ${path}`, await send(handle, 'GET', path, undefined, true));
    }
  });

  it('answers random paths and bodies without an internal error (property)', async () => {
    const segment = fc.oneof(
      fc.constantFrom(
        'services',
        'data',
        'v66.0',
        'sobjects',
        'User',
        'query',
        'tooling',
        'composite',
        'Soap',
        'm',
      ),
      fc.string({ maxLength: 8 }).map((s) => encodeURIComponent(s)),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...METHODS),
        fc.array(segment, { maxLength: 6 }),
        fc.option(fc.oneof(fc.json(), fc.string({ maxLength: 40 })), { nil: undefined }),
        async (method, segments, body) => {
          const path = `/${segments.join('/')}`;
          expectHonest(`${method} ${path}`, await send(handle, method, path, body));
        },
      ),
      { numRuns: 150, seed: 10 },
    );
  });
});
