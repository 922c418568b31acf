import type { IncomingMessage } from 'node:http';

/**
 * What every front of the simulator (SSM/KMS JSON, STS query, SSO OIDC and portal, the sign-in
 * page) hands back to the server: the bytes to send and what the call log records.
 */

/** One answer, ready to write. */
export interface WireAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** Call-log name: `DescribeInstanceInformation`, `TrentService.Decrypt`, `sts:AssumeRole`, `sso:ListAccounts`… */
  readonly operation: string;
  /** Region of the credential scope, when the request was signed and readable. */
  readonly region?: string;
  /** AWS error code, when the call failed. */
  readonly errorCode?: string;
}

/** A request as the fronts see it: body already read. */
export interface WireRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: IncomingMessage['headers'];
  readonly body: Buffer;
  readonly requestId: string;
}

/** One header as a single string (repeated headers joined by commas, as HTTP allows). */
export function headerValue(headers: IncomingMessage['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

/** The URL's query as SigV4 verification wants it: repeated keys as arrays. */
export function queryOf(url: URL): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const all = url.searchParams.getAll(key);
    query[key] = all.length === 1 ? (all[0] ?? '') : all;
  }
  return query;
}
