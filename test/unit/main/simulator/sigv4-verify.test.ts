import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import { verifySigV4 } from '../../../../main/simulator/sigv4-verify';
import type { IncomingSignedRequest } from '../../../../main/simulator/sigv4-verify';
import { SimulatedAwsError } from '../../../../main/simulator/wire-errors';

const KEY = 'AKIACAPSTANTRAINING1';
const SECRET = 'training/secret+key0123456789abcdefghijkl';
const NOW = Date.UTC(2026, 10, 20, 10, 0, 0);
const BODY = '{"MaxResults":50}';

interface SignOptions {
  secret?: string;
  accessKeyId?: string;
  service?: string;
  region?: string;
  at?: number;
  body?: string;
  /** Headers to sign besides host (the AWS CLI signs only content-type, host, x-amz-date, x-amz-target). */
  extraSigned?: Record<string, string>;
  /** Headers added after signing (user-agent and friends). */
  unsigned?: Record<string, string>;
  /** Also send x-amz-content-sha256 (S3 style). */
  contentSha256?: boolean;
}

async function signed(options: SignOptions = {}): Promise<IncomingSignedRequest> {
  const signer = new SignatureV4({
    credentials: { accessKeyId: options.accessKeyId ?? KEY, secretAccessKey: options.secret ?? SECRET },
    region: options.region ?? 'eu-west-1',
    service: options.service ?? 'ssm',
    sha256: Sha256,
    // JSON-protocol clients do not send x-amz-content-sha256; the body is covered by the signature alone.
    applyChecksum: options.contentSha256 ?? false,
  });
  const body = options.body ?? BODY;
  const request = new HttpRequest({
    method: 'POST',
    protocol: 'http:',
    hostname: '127.0.0.1',
    port: 4567,
    path: '/',
    headers: {
      host: '127.0.0.1:4567',
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'AmazonSSM.DescribeInstanceInformation',
      ...options.extraSigned,
    },
    body,
  });
  const out = await signer.sign(request, { signingDate: new Date(options.at ?? NOW) });
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(out.headers)) headers[name.toLowerCase()] = value;
  return { method: 'POST', path: '/', query: {}, headers: { ...headers, ...options.unsigned }, body: Buffer.from(body) };
}

const verify = (request: IncomingSignedRequest, now = NOW) =>
  verifySigV4(request, { lookupSecret: (id) => (id === KEY ? SECRET : undefined), service: 'ssm', now });

async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SimulatedAwsError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected the verification to fail');
}

describe('verifySigV4', () => {
  it('accepts a correctly signed request and reports who signed it for which region', async () => {
    const identity = await verify(await signed({ region: 'ap-southeast-2', unsigned: { 'user-agent': 'aws-cli/2.9.19' } }));
    expect(identity).toMatchObject({ accessKeyId: KEY, region: 'ap-southeast-2', service: 'ssm' });
  });

  it('accepts the SDK style too, where more headers are signed', async () => {
    const request = await signed({
      extraSigned: { 'amz-sdk-invocation-id': 'b2b5c1c6-4b0b', 'amz-sdk-request': 'attempt=1; max=3', 'content-length': '17' },
    });
    expect(String(request.headers.authorization)).toContain('amz-sdk-request');
    await expect(verify(request)).resolves.toMatchObject({ accessKeyId: KEY });
  });

  it('refuses an unsigned request as AWS does', async () => {
    const request = await signed();
    const { authorization: _drop, ...headers } = request.headers;
    expect(await failure(verify({ ...request, headers }))).toEqual({
      code: 'MissingAuthenticationTokenException',
      message: 'Missing Authentication Token',
    });
  });

  it('refuses an unknown access key', async () => {
    expect(await failure(verify(await signed({ accessKeyId: 'AKIAUNKNOWNKEY000000' })))).toEqual({
      code: 'UnrecognizedClientException',
      message: 'The security token included in the request is invalid.',
    });
  });

  it('refuses a signature made with the wrong secret', async () => {
    const result = await failure(verify(await signed({ secret: 'not-the-training-secret' })));
    expect(result.code).toBe('InvalidSignatureException');
    expect(result.message).toMatch(/^The request signature we calculated does not match the signature you provided\./);
  });

  it('refuses a body changed after signing', async () => {
    const request = await signed();
    const result = await failure(verify({ ...request, body: Buffer.from('{"MaxResults":5}') }));
    expect(result.code).toBe('InvalidSignatureException');
  });

  it('refuses an x-amz-content-sha256 that does not match the body', async () => {
    const request = await signed({ contentSha256: true });
    await expect(verify(request)).resolves.toBeDefined();
    const result = await failure(verify({ ...request, body: Buffer.from('{"MaxResults":5}') }));
    expect(result).toMatchObject({ code: 'InvalidSignatureException' });
    expect(result.message).toContain('x-amz-content-sha256');
  });

  it('refuses a signed header whose value changed after signing', async () => {
    const request = await signed();
    const tampered = { ...request.headers, 'x-amz-target': 'AmazonSSM.GetInventory' };
    expect((await failure(verify({ ...request, headers: tampered }))).code).toBe('InvalidSignatureException');
  });

  it('ignores headers that were not signed', async () => {
    const request = await signed({ unsigned: { 'x-forwarded-for': '10.0.0.1', connection: 'keep-alive' } });
    await expect(verify(request)).resolves.toMatchObject({ region: 'eu-west-1' });
  });

  it('refuses a signature more than 15 minutes old or ahead, with the AWS wording', async () => {
    const old = await failure(verify(await signed({ at: NOW - 16 * 60_000 })));
    expect(old.code).toBe('InvalidSignatureException');
    expect(old.message).toBe(
      'Signature expired: 20261120T094400Z is now earlier than 20261120T094500Z (20261120T100000Z - 15 min.)',
    );
    const ahead = await failure(verify(await signed({ at: NOW + 16 * 60_000 })));
    expect(ahead.message).toMatch(/^Signature not yet current: 20261120T101600Z is still later than/);
    await expect(verify(await signed({ at: NOW - 14 * 60_000 }))).resolves.toBeDefined();
  });

  it('requires the credential scope to name the ssm service', async () => {
    const result = await failure(verify(await signed({ service: 'ec2' })));
    expect(result.code).toBe('InvalidSignatureException');
    expect(result.message).toContain("scoped to correct service: 'ssm'");
  });

  it('treats a malformed Authorization header as an incomplete signature', async () => {
    const request = await signed();
    const headers = { ...request.headers, authorization: 'AWS4-HMAC-SHA256 Credential=AKIACAPSTANTRAINING1/20261120/eu-west-1/ssm/aws4_request' };
    const result = await failure(verify({ ...request, headers }));
    expect(result.code).toBe('IncompleteSignatureException');
    expect(result.message).toContain("requires 'Signature' parameter");
  });

  it('refuses a session token the training fleet never issued', async () => {
    const request = await signed({ extraSigned: { 'x-amz-security-token': 'FwoGZXIvYXdzE' } });
    expect((await failure(verify(request))).code).toBe('UnrecognizedClientException');
  });
});
