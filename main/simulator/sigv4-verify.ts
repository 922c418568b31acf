import { createHash, timingSafeEqual } from 'node:crypto';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { awsError } from './wire-errors';

/**
 * Server-side SigV4 verification for the training fleet: the request is rebuilt from the headers
 * the client says it signed, re-signed with the SDK's own signer at the client's X-Amz-Date, and
 * the two signatures compared in constant time. Failures are answered with the codes and texts
 * AWS JSON services use, so a console misconfigured for the training fleet fails as it would
 * against AWS.
 */

/** A request as received: header names lower-case (as node:http gives them), raw body bytes. */
export interface IncomingSignedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string | string[]>>;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Uint8Array;
}

/** Who signed a verified request, and for which region/service scope. */
export interface SigV4Identity {
  readonly accessKeyId: string;
  readonly region: string;
  readonly service: string;
  readonly signingDate: Date;
}

/** What the verifier needs to know. */
export interface SigV4VerifyOptions {
  /** The secret for a long-term access key id, or undefined when the key is unknown. */
  readonly lookupSecret: (accessKeyId: string) => string | undefined;
  /**
   * The secret for a temporary access key id presented with its `X-Amz-Security-Token`, or
   * undefined when key and token do not belong together; may throw (e.g. ExpiredTokenException).
   * Absent: every session token is refused, as a fleet that issues long-term keys only must.
   */
  readonly lookupSessionSecret?: (accessKeyId: string, sessionToken: string) => string | undefined;
  /** The signing name the credential scope must carry (`ssm`). */
  readonly service: string;
  /** Server time, epoch milliseconds. */
  readonly now: number;
  /** Allowed clock difference (AWS: 15 minutes). */
  readonly maxSkewMs?: number;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';
const FIFTEEN_MINUTES = 15 * 60 * 1000;
const BAD_SIGNATURE =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

interface ParsedAuthorization {
  readonly accessKeyId: string;
  readonly date: string;
  readonly region: string;
  readonly service: string;
  readonly terminator: string;
  readonly signedHeaders: string[];
  readonly signature: string;
}

function header(request: IncomingSignedRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

function parseAuthorization(value: string): ParsedAuthorization {
  const space = value.indexOf(' ');
  const algorithm = space < 0 ? value : value.slice(0, space);
  if (algorithm !== ALGORITHM) throw awsError('IncompleteSignatureException', `Unsupported AWS 'algorithm': '${algorithm}'`);
  const params = new Map<string, string>();
  for (const part of value.slice(space + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) params.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const missing = ['Credential', 'Signature', 'SignedHeaders'].filter((p) => !params.get(p));
  if (missing.length > 0) {
    const text = missing.map((p) => `Authorization header requires '${p}' parameter.`).join(' ');
    throw awsError('IncompleteSignatureException', `${text} Authorization=${value}`);
  }
  const credential = params.get('Credential') ?? '';
  const scope = credential.split('/');
  if (scope.length !== 5 || scope.some((s) => s === '')) {
    throw awsError(
      'IncompleteSignatureException',
      `Credential should have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${credential}'`,
    );
  }
  const [accessKeyId = '', date = '', region = '', service = '', terminator = ''] = scope;
  return {
    accessKeyId,
    date,
    region,
    service,
    terminator,
    signedHeaders: (params.get('SignedHeaders') ?? '').split(';').filter((h) => h !== ''),
    signature: params.get('Signature') ?? '',
  };
}

/** "20261120T101500Z" → Date, or undefined when it is not in that form. */
export function parseAmzDate(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** Date → "20261120T101500Z". */
export function formatAmzDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}

function checkClock(amzDate: string, signed: Date, now: number, skew: number): void {
  const nowDate = new Date(now);
  const minutes = Math.round(skew / 60000);
  if (signed.getTime() < now - skew) {
    throw awsError(
      'InvalidSignatureException',
      `Signature expired: ${amzDate} is now earlier than ${formatAmzDate(new Date(now - skew))} (${formatAmzDate(nowDate)} - ${minutes} min.)`,
    );
  }
  if (signed.getTime() > now + skew) {
    throw awsError(
      'InvalidSignatureException',
      `Signature not yet current: ${amzDate} is still later than ${formatAmzDate(new Date(now + skew))} (${formatAmzDate(nowDate)} + ${minutes} min.)`,
    );
  }
}

/** Verifies the request's SigV4 signature; resolves the signer's identity or throws an AWS error. */
export async function verifySigV4(request: IncomingSignedRequest, options: SigV4VerifyOptions): Promise<SigV4Identity> {
  const authorization = header(request, 'authorization');
  if (!authorization) {
    // Presigned (query-string) requests are not used by SSM clients; treat them as unsigned.
    throw awsError('MissingAuthenticationTokenException', 'Missing Authentication Token');
  }
  const auth = parseAuthorization(authorization);
  // A session token belongs to one temporary key only; a long-term key never carries one.
  const sessionToken = header(request, 'x-amz-security-token');
  const secret =
    sessionToken === undefined
      ? options.lookupSecret(auth.accessKeyId)
      : options.lookupSessionSecret?.(auth.accessKeyId, sessionToken);
  if (secret === undefined) throw awsError('UnrecognizedClientException', 'The security token included in the request is invalid.');

  const amzDate = header(request, 'x-amz-date');
  if (amzDate === undefined) {
    throw awsError(
      'IncompleteSignatureException',
      `Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=${authorization}`,
    );
  }
  const signingDate = parseAmzDate(amzDate);
  if (!signingDate) throw awsError('IncompleteSignatureException', `Date must be in ISO-8601 'basic format'. Got '${amzDate}'.`);
  if (auth.date !== amzDate.slice(0, 8)) {
    throw awsError(
      'InvalidSignatureException',
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${auth.date}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`,
    );
  }
  if (auth.service !== options.service) {
    throw awsError('InvalidSignatureException', `Credential should be scoped to correct service: '${options.service}'. `);
  }
  if (auth.terminator !== 'aws4_request') {
    throw awsError('InvalidSignatureException', `Credential should be scoped with a valid terminator: 'aws4_request', not '${auth.terminator}'. `);
  }
  checkClock(amzDate, signingDate, options.now, options.maxSkewMs ?? FIFTEEN_MINUTES);

  const bodyHash = createHash('sha256').update(request.body).digest('hex');
  const claimedHash = header(request, 'x-amz-content-sha256');
  if (claimedHash !== undefined && claimedHash !== bodyHash) {
    throw awsError('InvalidSignatureException', "The provided 'x-amz-content-sha256' header does not match what was computed.");
  }

  // Rebuild the request with exactly the headers the client signed; anything else (user-agent,
  // connection, headers added by proxies) must not influence the result.
  const signedHeaders: Record<string, string> = {};
  for (const name of auth.signedHeaders) {
    const value = header(request, name);
    if (value === undefined) throw awsError('InvalidSignatureException', BAD_SIGNATURE);
    if (name !== 'x-amz-date') signedHeaders[name] = value;
  }
  const signer = new SignatureV4({
    credentials: { accessKeyId: auth.accessKeyId, secretAccessKey: secret },
    region: auth.region,
    service: auth.service,
    sha256: Sha256,
    applyChecksum: false,
  });
  const rebuilt = new HttpRequest({
    method: request.method,
    protocol: 'http:',
    hostname: 'localhost',
    path: request.path,
    query: { ...request.query },
    headers: signedHeaders,
    body: request.body,
  });
  const resigned = await signer.sign(rebuilt, {
    signingDate,
    signingRegion: auth.region,
    signingService: auth.service,
    signableHeaders: new Set(auth.signedHeaders),
  });
  const expected = /Signature=([0-9a-f]{64})/.exec(String(resigned.headers.authorization ?? ''))?.[1] ?? '';
  const expectedList = /SignedHeaders=([^,]*)/.exec(String(resigned.headers.authorization ?? ''))?.[1] ?? '';
  const sameHeaders = expectedList === [...auth.signedHeaders].sort().join(';');
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(auth.signature, 'utf8');
  const sameSignature = a.length === b.length && timingSafeEqual(a, b);
  if (!sameHeaders || !sameSignature) throw awsError('InvalidSignatureException', BAD_SIGNATURE);

  return { accessKeyId: auth.accessKeyId, region: auth.region, service: auth.service, signingDate };
}
