import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { RunningSimulator } from '../../../main/simulator/server';

/** A raw answer from the simulator. */
export interface RawAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Record<string, unknown>;
}

/** Options for a hand-made request (for what the SDK will not send: bad JSON, no signature, …). */
export interface RawRequestOptions {
  readonly target?: string;
  readonly body?: string;
  readonly sign?: boolean;
  readonly secret?: string;
}

/** POSTs a JSON 1.1 request to the simulator, SigV4-signed like the SDK unless `sign` is false. */
export async function rawRequest(sim: RunningSimulator, options: RawRequestOptions = {}): Promise<RawAnswer> {
  const url = new URL(sim.endpoint);
  const body = options.body ?? '{}';
  let headers: Record<string, string> = {
    host: url.host,
    'content-type': 'application/x-amz-json-1.1',
    ...(options.target !== undefined ? { 'x-amz-target': options.target } : {}),
  };
  if (options.sign !== false) {
    const signer = new SignatureV4({
      credentials: { accessKeyId: sim.credentials.accessKeyId, secretAccessKey: options.secret ?? sim.credentials.secretAccessKey },
      region: sim.region,
      service: 'ssm',
      sha256: Sha256,
      applyChecksum: false,
    });
    const request = new HttpRequest({ method: 'POST', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: '/', headers, body });
    headers = (await signer.sign(request)).headers;
  }
  const { host: _host, ...sendable } = headers;
  const response = await fetch(sim.endpoint, { method: 'POST', headers: sendable, body });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
}
