import type { WireAnswer } from '../http-wire';
import { SimulatedAwsError } from '../wire-errors';

/**
 * STS's AWS query protocol on the wire: form-encoded requests, XML answers in the 2011-06-15
 * namespace, `<ErrorResponse>` errors. The SDK reads `<Action>Response/<Action>Result` and the
 * error's Code and Message; the AWS CLI (botocore) reads the same elements.
 */

export const STS_VERSION = '2011-06-15';
const NAMESPACE = `https://sts.amazonaws.com/doc/${STS_VERSION}/`;
const XML_CONTENT_TYPE = 'text/xml';

/** An STS error as STS spells it (Code, HTTP status, Sender/Receiver). */
export class StsError extends Error {
  readonly code: string;
  readonly status: number;

  constructor(code: string, message: string, status = 400) {
    super(message);
    this.name = 'StsError';
    this.code = code;
    this.status = status;
  }
}

/** `AccessDenied`, 403. */
export function accessDenied(message: string): StsError {
  return new StsError('AccessDenied', message, 403);
}

/** STS's `ValidationError` for one member, worded as AWS words it. */
export function validationError(value: string | undefined, member: string, constraint: string): StsError {
  const shown = value === undefined ? 'null' : `'${value}'`;
  return new StsError('ValidationError', `1 validation error detected: Value ${shown} at '${member}' failed to satisfy constraint: ${constraint}`);
}

// The signature checks raise the JSON services' codes; STS names the same failures differently.
const FROM_JSON_CODES: Readonly<Record<string, { code: string; status: number }>> = {
  UnrecognizedClientException: { code: 'InvalidClientTokenId', status: 403 },
  ExpiredTokenException: { code: 'ExpiredToken', status: 403 },
  InvalidSignatureException: { code: 'SignatureDoesNotMatch', status: 403 },
  IncompleteSignatureException: { code: 'IncompleteSignature', status: 400 },
  MissingAuthenticationTokenException: { code: 'MissingAuthenticationToken', status: 403 },
  SerializationException: { code: 'MalformedInput', status: 400 },
};

/** Any failure as an StsError (unknown failures become InternalFailure, 500). */
export function toStsError(error: unknown): StsError {
  if (error instanceof StsError) return error;
  if (error instanceof SimulatedAwsError) {
    const mapped = FROM_JSON_CODES[error.code];
    if (mapped) {
      // STS's own wording for an unknown key differs from SSM's.
      const message = mapped.code === 'InvalidClientTokenId' ? 'The security token included in the request is invalid.' : error.message;
      return new StsError(mapped.code, message, mapped.status);
    }
    return new StsError(error.code, error.message, error.status);
  }
  return new StsError('InternalFailure', `Training fleet simulator failure: ${error instanceof Error ? error.message : String(error)}`, 500);
}

/** Escapes text for an XML element body. */
export function xmlText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** `<Name>text</Name>` for each defined member, in order. */
export function xmlMembers(members: ReadonlyArray<readonly [string, string | undefined]>): string {
  return members
    .filter((m): m is readonly [string, string] => m[1] !== undefined)
    .map(([name, value]) => `<${name}>${xmlText(value)}</${name}>`)
    .join('');
}

/** A successful answer: `<ActionResponse><ActionResult>…</ActionResult><ResponseMetadata>…`. */
export function stsResult(action: string, resultXml: string, requestId: string, region: string | undefined): WireAnswer {
  const body =
    `<${action}Response xmlns="${NAMESPACE}">` +
    `<${action}Result>${resultXml}</${action}Result>` +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata>` +
    `</${action}Response>`;
  return { status: 200, headers: { 'Content-Type': XML_CONTENT_TYPE }, body, operation: `sts:${action}`, region };
}

/** A failed answer in STS's `<ErrorResponse>` form. */
export function stsFailure(action: string, error: StsError, requestId: string, region: string | undefined): WireAnswer {
  const type = error.status >= 500 ? 'Receiver' : 'Sender';
  const body =
    `<ErrorResponse xmlns="${NAMESPACE}">` +
    `<Error><Type>${type}</Type><Code>${xmlText(error.code)}</Code><Message>${xmlText(error.message)}</Message></Error>` +
    `<RequestId>${requestId}</RequestId>` +
    `</ErrorResponse>`;
  return { status: error.status, headers: { 'Content-Type': XML_CONTENT_TYPE }, body, operation: `sts:${action}`, region, errorCode: error.code };
}

/** ISO-8601 without milliseconds, as STS writes Expiration. */
export function stsTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
