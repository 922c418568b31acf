import type { ErrorTextKey } from '../../preload/contract/error-texts';
import { AppError, AwsError, CancelledError } from '../errors/app-error';
import { errorText, mapText } from '../errors/error-text';
import type { LocalisedText } from '../errors/error-text';

/** Why a profile's credentials could not be had; the codes the UI keys workspace states on. */
export type CredentialFailure =
  | 'MfaCodeRefused'
  | 'AssumeRoleDenied'
  | 'SsoSignInRequired'
  | 'SourceProfileMissing'
  | 'RoleChainLoop'
  | 'SourceCredentialsRejected'
  | 'CredentialsUnavailable';

/** Hints that say what to do, per failure (texts in error-texts.ts, each naming `{{profile}}`). */
export const credentialHintKeys = {
  MfaCodeRefused: 'credentials.mfaCodeRefusedHint',
  AssumeRoleDenied: 'credentials.assumeRoleDeniedHint',
  SsoSignInRequired: 'credentials.ssoSignInRequiredHint',
  SourceProfileMissing: 'credentials.sourceProfileMissingHint',
  RoleChainLoop: 'credentials.roleChainLoopHint',
  SourceCredentialsRejected: 'credentials.sourceCredentialsRejectedHint',
  CredentialsUnavailable: 'credentials.unavailableHint',
} as const satisfies Record<CredentialFailure, ErrorTextKey>;

/** Long base64 runs: secret access keys (40 chars) and session tokens. Never let them into a message. */
const SECRET_LIKE = /[A-Za-z0-9/+]{40,}={0,2}/g;

/** Removes anything shaped like a secret key or session token. */
export function redactSecrets(text: string): string {
  return text.replace(SECRET_LIKE, '[redacted]');
}

/**
 * A credential failure for a profile, as an AwsError of kind `credentials` with what to do.
 * `message` names the profile (its key's `{{profile}}`); secrets are redacted from it and its parameters.
 */
export function credentialError(
  profile: string,
  failure: CredentialFailure,
  message: LocalisedText,
  fields: { service?: string; operation?: string; cause?: unknown; requestId?: string } = {},
): AwsError {
  return new AwsError(
    {
      service: fields.service ?? 'sts',
      operation: fields.operation ?? 'GetCredentials',
      awsCode: failure,
      kind: 'credentials',
      message: mapText(message, (text) => redactSecrets(text).replace(/\s+$/, '')),
      ...(fields.requestId ? { requestId: fields.requestId } : {}),
    },
    { hint: errorText(credentialHintKeys[failure], { profile }), cause: fields.cause },
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
  const awsMessage = message.trim();
  if (e.name === 'AccessDenied' && /multifactor|mfa/i.test(message)) {
    return credentialError(profile, 'MfaCodeRefused', errorText('credentials.mfaCodeRefused', { profile, awsMessage }), sts);
  }
  if (e.name === 'AccessDenied') return credentialError(profile, 'AssumeRoleDenied', errorText('credentials.assumeRoleDenied', { profile, awsMessage }), sts);
  if (e.name === 'InvalidClientTokenId') {
    return credentialError(profile, 'SourceCredentialsRejected', errorText('credentials.sourceKeyUnknown', { profile, awsMessage }), sts);
  }
  if (e.name === 'ExpiredToken' || e.name === 'ExpiredTokenException') {
    return credentialError(profile, 'SsoSignInRequired', errorText('credentials.sourceSessionExpired', { profile, awsMessage }), sts);
  }
  if (e.name === 'UnauthorizedException' || (/sso|token/i.test(message) && /expired|invalid|not found|unauthori[sz]ed|sso login/i.test(message))) {
    const reason = message.replace(/\s*To refresh this SSO session.*$/s, '');
    return credentialError(profile, 'SsoSignInRequired', errorText('credentials.ssoSignInMissing', { profile, awsMessage: reason }), {
      service: 'sso',
      operation: 'GetRoleCredentials',
      cause: error,
    });
  }
  if (/Detected a cycle/i.test(message)) return credentialError(profile, 'RoleChainLoop', errorText('credentials.sdkMessage', { profile, detail: awsMessage }), { cause: error });
  if (/Could not resolve credentials using profile: \[([^\]]+)\]/.test(message) || /could not be found in shared credentials file/i.test(message)) {
    const missing = /\[([^\]]+)\]/.exec(message)?.[1] ?? /Profile (\S+)/.exec(message)?.[1] ?? 'source';
    if (missing !== profile) {
      return credentialError(profile, 'SourceProfileMissing', errorText('credentials.sourceProfileMissing', { profile, source: missing }), { cause: error });
    }
  }
  return credentialError(profile, 'CredentialsUnavailable', errorText('credentials.unavailable', { profile, detail: message.replace(/\.+$/, '') }), { cause: error });
}
