import { AppError, AwsError, CancelledError } from '../errors/app-error';

/** Why a profile's credentials could not be had; the codes the UI keys workspace states on. */
export type CredentialFailure =
  | 'MfaCodeRefused'
  | 'AssumeRoleDenied'
  | 'SsoSignInRequired'
  | 'SourceProfileMissing'
  | 'RoleChainLoop'
  | 'SourceCredentialsRejected'
  | 'CredentialsUnavailable';

/** Hints that say what to do, per failure; `%p` is the profile name. */
const hints: Record<CredentialFailure, string> = {
  MfaCodeRefused: 'Enter the current six-digit code from the MFA device of profile "%p"; codes change every 30 seconds and each works once.',
  AssumeRoleDenied: 'The source credentials of profile "%p" may not assume its role. Check role_arn and source_profile, and the role\'s trust policy.',
  SsoSignInRequired: 'Sign in again for profile "%p" (Capstan\'s Sign in, or aws sso login --profile %p).',
  SourceProfileMissing: 'Add the missing profile to ~/.aws/config or ~/.aws/credentials, or correct source_profile in "%p".',
  RoleChainLoop: 'Point one source_profile in the chain of "%p" at a profile with credentials of its own.',
  SourceCredentialsRejected: 'AWS does not know the access key the role of "%p" is assumed with. Check the source profile\'s keys.',
  CredentialsUnavailable: 'Check profile "%p" in ~/.aws/config and ~/.aws/credentials, or sign in again.',
};

/** Long base64 runs: secret access keys (40 chars) and session tokens. Never let them into a message. */
const SECRET_LIKE = /[A-Za-z0-9/+]{40,}={0,2}/g;

/** Removes anything shaped like a secret key or session token. */
export function redactSecrets(text: string): string {
  return text.replace(SECRET_LIKE, '[redacted]');
}

/** A credential failure for a profile, as an AwsError of kind `credentials` with what to do. */
export function credentialError(
  profile: string,
  failure: CredentialFailure,
  detail: string,
  fields: { service?: string; operation?: string; cause?: unknown; requestId?: string } = {},
): AwsError {
  return new AwsError(
    {
      service: fields.service ?? 'sts',
      operation: fields.operation ?? 'GetCredentials',
      awsCode: failure,
      kind: 'credentials',
      message: `Profile "${profile}": ${redactSecrets(detail).replace(/\s+$/, '')}`,
      ...(fields.requestId ? { requestId: fields.requestId } : {}),
    },
    { hint: hints[failure].replaceAll('%p', profile), cause: fields.cause },
  );
}

/** Network errno codes: these stay network errors (toAwsError names the proxy or endpoint). */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);
const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_(VERIFY|GET)/;

/**
 * Classifies whatever fromIni, STS, SSO or the MFA prompt threw while resolving credentials.
 * Network, TLS and cancellation errors pass through so the caller's mapping names the endpoint.
 */
export function classifyCredentialError(profile: string, error: unknown): unknown {
  // Already explained (the MFA dialog's "no code given", a cancel, an earlier classification).
  if (error instanceof AppError) return error;
  const e = (error ?? {}) as { name?: string; message?: string; code?: string; $metadata?: { requestId?: string } };
  if (e.name === 'AbortError') return new CancelledError();
  if ((e.code && NETWORK_CODES.has(e.code)) || (e.code && TLS_CODES.test(e.code))) return error;
  const message = String(e.message ?? e.name ?? 'unknown error');
  const requestId = e.$metadata?.requestId;
  const sts = { service: 'sts', operation: 'AssumeRole', cause: error, ...(requestId ? { requestId } : {}) };
  if (e.name === 'AccessDenied' && /multifactor|mfa/i.test(message)) {
    return credentialError(profile, 'MfaCodeRefused', `AWS rejected the MFA code: ${message}`, sts);
  }
  if (e.name === 'AccessDenied') return credentialError(profile, 'AssumeRoleDenied', `AssumeRole was denied: ${message}`, sts);
  if (e.name === 'InvalidClientTokenId') return credentialError(profile, 'SourceCredentialsRejected', `STS does not know the source access key: ${message}`, sts);
  if (e.name === 'ExpiredToken' || e.name === 'ExpiredTokenException') {
    return credentialError(profile, 'SsoSignInRequired', `The source session credentials have expired: ${message}`, sts);
  }
  if (e.name === 'UnauthorizedException' || (/sso|token/i.test(message) && /expired|invalid|not found|unauthori[sz]ed|sso login/i.test(message))) {
    return credentialError(profile, 'SsoSignInRequired', `The SSO sign-in is missing, expired or revoked (${message.replace(/\s*To refresh this SSO session.*$/s, '')})`, {
      service: 'sso',
      operation: 'GetRoleCredentials',
      cause: error,
    });
  }
  if (/Detected a cycle/i.test(message)) return credentialError(profile, 'RoleChainLoop', message, { cause: error });
  if (/Could not resolve credentials using profile: \[([^\]]+)\]/.test(message) || /could not be found in shared credentials file/i.test(message)) {
    const missing = /\[([^\]]+)\]/.exec(message)?.[1] ?? /Profile (\S+)/.exec(message)?.[1] ?? 'source';
    if (missing !== profile) return credentialError(profile, 'SourceProfileMissing', `the source profile "${missing}" has no usable credentials or does not exist.`, { cause: error });
  }
  return credentialError(profile, 'CredentialsUnavailable', `No usable credentials: ${message.replace(/\.+$/, '')}.`, { cause: error });
}
