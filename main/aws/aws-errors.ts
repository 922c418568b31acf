import { AwsError, CancelledError } from '../errors/app-error';
import type { ProxyFailure } from './routing-agent';

/** The codes AWS uses to say "slow down" (rate limits are per account and region). */
const throttlingCodes: ReadonlySet<string> = new Set(['ThrottlingException', 'Throttling', 'TooManyRequestsException', 'RequestLimitExceeded']);

/** True when an AWS error code means the caller is being rate-limited. */
export function isThrottlingCode(code: string): boolean {
  return throttlingCodes.has(code);
}

/** Codes AWS retries or that clear on their own; the UI offers "Retry" for these. */
const retryableCodes = new Set([
  ...throttlingCodes,
  'InternalServerError',
  'InternalFailure',
  'ServiceUnavailable',
]);

/** Network failures Node reports by errno: the endpoint was never reached. */
const networkCodes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);

/** TLS verification failures: the endpoint (or a TLS-inspecting proxy) uses a CA Node does not trust. */
const untrustedCertificateCodes = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'CERT_UNTRUSTED',
]);

/** What to tell an operator for the codes they meet most; AWS often sends no message at all. */
const hints: Record<string, string> = {
  ThrottlingException: 'AWS is rate-limiting this account and region. Capstan backs off and retries; try again in a minute.',
  AccessDeniedException: 'The credentials of this workspace lack permission for this call. Ask for ssm:Describe*/List* rights or choose another profile.',
  UnrecognizedClientException: 'The access key is not known to AWS. Check the profile\'s credentials or sign in again.',
  InvalidSignatureException: 'The secret key does not match the access key, or the computer clock is off. Check the profile and the clock.',
  ExpiredTokenException: 'The session credentials have expired. Choose "Sign in" on the workspace to get new ones.',
  ExpiredToken: 'The session credentials have expired. Choose "Sign in" on the workspace to get new ones.',
  UnauthorizedException: 'The SSO sign-in is missing, expired or was revoked. Sign in again.',
  InvalidClientTokenId: 'The access key is not known to AWS. Check the profile\'s credentials or sign in again.',
  AccessDenied: 'These credentials may not make this call (or assume this role). Check the profile\'s role and its policies.',
  InvalidNextToken: 'The listing changed while it was read. Refresh to start again.',
  InternalServerError: 'AWS had an internal error. Retry; if it persists, check the AWS Health Dashboard.',
};

/** Maps anything the AWS SDK throws to an AwsError that always names the AWS code. */
export function toAwsError(error: unknown, context: { service: string; operation: string; endpoint?: string }): AwsError | CancelledError {
  const e = (error ?? {}) as {
    name?: string;
    message?: string;
    code?: string;
    $metadata?: { requestId?: string; httpStatusCode?: number };
    $fault?: string;
    $retryable?: unknown;
  };
  // Credential failures arrive already explained (credential-errors.ts): keep their profile and hint.
  if (error instanceof AwsError) return error;
  if (e.name === 'AbortError' || e.name === 'CancelledError') return new CancelledError();

  const proxy = (error as ProxyFailure | undefined)?.proxy;
  if (proxy && e.code) {
    return new AwsError(
      { ...context, awsCode: 'ProxyRefused', kind: 'network', message: `Profile "${proxy.profile}": the proxy ${proxy.url} (from ${proxy.setting}) could not be reached (${e.code}).` },
      { retryable: true, cause: error, hint: `Check that the proxy is running, or correct ${proxy.setting}; add the endpoint's host to NO_PROXY if it must be reached directly.` },
    );
  }
  if (e.code && untrustedCertificateCodes.has(e.code)) {
    const where = context.endpoint ?? `the ${context.service} endpoint`;
    return new AwsError(
      { ...context, awsCode: 'CertificateUntrusted', kind: 'network', message: `The TLS certificate of ${where} is not trusted (${e.code}).` },
      { cause: error, hint: 'If a corporate proxy or private CA signs it, set ca_bundle in the profile or AWS_CA_BUNDLE to that CA\'s PEM file.' },
    );
  }
  if (e.$metadata?.httpStatusCode === 407) {
    return new AwsError(
      { ...context, awsCode: 'ProxyAuthenticationRequired', kind: 'network', message: `The proxy refused ${context.operation}: it requires authentication (HTTP 407).` },
      { cause: error, hint: 'Put the proxy user and password in HTTPS_PROXY (http://user:password@proxy:port), or ask for the endpoints to be allowed.' },
    );
  }

  const errno = e.code && networkCodes.has(e.code) ? e.code : undefined;
  if (errno) {
    const where = context.endpoint ?? `the ${context.service} endpoint`;
    return new AwsError(
      { ...context, awsCode: 'EndpointUnreachable', kind: 'network', message: `Could not reach ${where} (${errno}).` },
      { retryable: true, cause: error, hint: 'Check the network, VPN or proxy, and that the region is right. Cached data stays available.' },
    );
  }

  if (e.name === 'CredentialsProviderError' || e.name === 'ProviderError') {
    return new AwsError(
      { ...context, awsCode: 'CredentialsUnavailable', kind: 'credentials', message: `No usable credentials: ${(e.message ?? 'the credential provider failed').replace(/\.+$/, '')}.` },
      { cause: error, hint: 'Check the profile in ~/.aws/config and ~/.aws/credentials: it needs keys, a role with a source profile, credential_process or an SSO session.' },
    );
  }

  const awsCode = e.name && e.name !== 'Error' ? e.name : 'UnknownError';
  // JS v3 fills the message with the literal "UnknownError" when AWS sent none (ssm-api.md §1.3).
  const awsMessage = e.message && e.message !== 'UnknownError' && e.message !== awsCode ? e.message : '';
  const message = awsMessage
    ? `${context.operation} failed: ${awsCode}: ${awsMessage}`
    : `${context.operation} failed with ${awsCode} (AWS sent no message).`;
  const requestId = e.$metadata?.requestId;
  const status = e.$metadata?.httpStatusCode ?? 0;
  return new AwsError(
    { ...context, awsCode, message, ...(requestId ? { requestId } : {}) },
    { cause: error, retryable: retryableCodes.has(awsCode) || status >= 500, ...(hints[awsCode] ? { hint: hints[awsCode] } : {}) },
  );
}
