import type { PlainErrorTextKey } from '../../preload/contract/error-texts';
import { AwsError, CancelledError } from '../errors/app-error';
import { errorText } from '../errors/error-text';
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

/** What to tell an operator for the codes they meet most (texts in error-texts.ts); AWS often sends no message at all. */
export const awsHintKeys: Readonly<Record<string, PlainErrorTextKey>> = {
  ...Object.fromEntries([...throttlingCodes].map((code) => [code, 'aws.throttledHint'] as const)),
  AccessDeniedException: 'aws.accessDeniedExceptionHint',
  UnrecognizedClientException: 'aws.unknownAccessKeyHint',
  InvalidSignatureException: 'aws.invalidSignatureHint',
  ExpiredTokenException: 'aws.expiredTokenHint',
  ExpiredToken: 'aws.expiredTokenHint',
  UnauthorizedException: 'aws.unauthorizedHint',
  InvalidClientTokenId: 'aws.unknownAccessKeyHint',
  AccessDenied: 'aws.accessDeniedHint',
  InvalidNextToken: 'aws.invalidNextTokenHint',
  InternalServerError: 'aws.internalErrorHint',
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
      {
        ...context,
        awsCode: 'ProxyRefused',
        kind: 'network',
        message: errorText('aws.proxyRefused', { profile: proxy.profile, proxy: proxy.url, setting: proxy.setting, errno: e.code }),
      },
      { retryable: true, cause: error, hint: errorText('aws.proxyRefusedHint', { setting: proxy.setting }) },
    );
  }
  if (e.code && untrustedCertificateCodes.has(e.code)) {
    const message = context.endpoint
      ? errorText('aws.certificateUntrusted', { endpoint: context.endpoint, reason: e.code })
      : errorText('aws.certificateUntrustedService', { service: context.service, reason: e.code });
    return new AwsError({ ...context, awsCode: 'CertificateUntrusted', kind: 'network', message }, { cause: error, hint: errorText('aws.certificateUntrustedHint') });
  }
  if (e.$metadata?.httpStatusCode === 407) {
    return new AwsError(
      { ...context, awsCode: 'ProxyAuthenticationRequired', kind: 'network', message: errorText('aws.proxyAuthRequired', { operation: context.operation }) },
      { cause: error, hint: errorText('aws.proxyAuthRequiredHint') },
    );
  }

  const errno = e.code && networkCodes.has(e.code) ? e.code : undefined;
  if (errno) {
    const message = context.endpoint
      ? errorText('aws.endpointUnreachable', { endpoint: context.endpoint, errno })
      : errorText('aws.endpointUnreachableService', { service: context.service, errno });
    return new AwsError(
      { ...context, awsCode: 'EndpointUnreachable', kind: 'network', message },
      { retryable: true, cause: error, hint: errorText('aws.endpointUnreachableHint') },
    );
  }

  if (e.name === 'CredentialsProviderError' || e.name === 'ProviderError') {
    return new AwsError(
      {
        ...context,
        awsCode: 'CredentialsUnavailable',
        kind: 'credentials',
        message: errorText('aws.credentialsUnavailable', { detail: (e.message ?? 'the credential provider failed').replace(/\.+$/, '') }),
      },
      { cause: error, hint: errorText('aws.credentialsUnavailableHint') },
    );
  }

  const awsCode = e.name && e.name !== 'Error' ? e.name : 'UnknownError';
  // JS v3 fills the message with the literal "UnknownError" when AWS sent none (ssm-api.md §1.3).
  const awsMessage = e.message && e.message !== 'UnknownError' && e.message !== awsCode ? e.message : '';
  // AWS's own message stays as AWS sent it; only our frame around it is translated.
  const message = awsMessage
    ? errorText('aws.failed', { operation: context.operation, code: awsCode, awsMessage })
    : errorText('aws.failedNoMessage', { operation: context.operation, code: awsCode });
  const requestId = e.$metadata?.requestId;
  const status = e.$metadata?.httpStatusCode ?? 0;
  const hintKey = Object.hasOwn(awsHintKeys, awsCode) ? awsHintKeys[awsCode] : undefined;
  return new AwsError(
    { ...context, awsCode, message, ...(requestId ? { requestId } : {}) },
    { cause: error, retryable: retryableCodes.has(awsCode) || status >= 500, ...(hintKey ? { hint: errorText(hintKey) } : {}) },
  );
}
