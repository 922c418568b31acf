import type { WireAnswer } from '../http-wire';

/**
 * restJson answers of the SSO OIDC and portal endpoints. OIDC errors carry OAuth's
 * `{"error", "error_description"}` body; portal errors carry `{"message"}`. Both name the
 * modeled exception in `x-amzn-ErrorType`, which is what the SDK and botocore dispatch on.
 */

/** An SSO OIDC or portal error: the modeled exception, its HTTP status and its body. */
export class SsoError extends Error {
  readonly exception: string;
  readonly status: number;
  readonly body: Readonly<Record<string, string>>;

  constructor(exception: string, status: number, body: Readonly<Record<string, string>>) {
    super(body.error_description ?? body.message ?? exception);
    this.name = 'SsoError';
    this.exception = exception;
    this.status = status;
    this.body = body;
  }
}

/** OAuth-style OIDC error (`authorization_pending`, `invalid_client`, …). */
export function oidcError(exception: string, error: string, description: string, status = 400): SsoError {
  return new SsoError(exception, status, { error, error_description: description });
}

/** Portal error (`UnauthorizedException`, …). */
export function portalError(exception: string, status: number, message: string): SsoError {
  return new SsoError(exception, status, { message });
}

/** A 200 JSON answer. */
export function jsonAnswer(operation: string, payload: object): WireAnswer {
  return { status: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(payload), operation };
}

/** An error answer; unexpected failures become InternalServerException (500). */
export function errorAnswer(operation: string, error: unknown, portal: boolean): WireAnswer {
  const failure =
    error instanceof SsoError
      ? error
      : portal
        ? portalError('InternalServerException', 500, `Training fleet simulator failure: ${String(error)}`)
        : oidcError('InternalServerException', 'server_error', `Training fleet simulator failure: ${String(error)}`, 500);
  return {
    status: failure.status,
    headers: { 'Content-Type': 'application/json', 'x-amzn-ErrorType': failure.exception },
    body: JSON.stringify(failure.body),
    operation,
    errorCode: failure.exception,
  };
}

/** The request body as a JSON object, or an InvalidRequestException naming the problem. */
export function jsonBody(body: Buffer, portal: boolean): Record<string, unknown> {
  const text = body.toString('utf8');
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const message = 'The request body must be a JSON object.';
    throw portal ? portalError('InvalidRequestException', 400, message) : oidcError('InvalidRequestException', 'invalid_request', message);
  }
  return value as Record<string, unknown>;
}

/** A required string member of an OIDC request. */
export function requiredString(input: Record<string, unknown>, member: string): string {
  const value = input[member];
  if (typeof value !== 'string' || value === '') {
    throw oidcError('InvalidRequestException', 'invalid_request', `${member} is required and must be a non-empty string.`);
  }
  return value;
}
