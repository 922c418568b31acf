import { describe, expect, it } from 'vitest';
import { toAwsError } from '../../../../main/aws/aws-errors';
import { classifyCredentialError, redactSecrets } from '../../../../main/aws/credential-errors';
import { AppError, AwsError, CancelledError } from '../../../../main/errors/app-error';

const SECRET = 'wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEYxx';
const context = { service: 'ssm', operation: 'DescribeInstanceInformation' };

function classified(error: unknown): AwsError {
  const result = classifyCredentialError('noc', error);
  expect(result).toBeInstanceOf(AwsError);
  return result as AwsError;
}

describe('credential failures', () => {
  it('tells a wrong MFA code apart from a denied AssumeRole', () => {
    const mfa = classified({ name: 'AccessDenied', message: 'MultiFactorAuthentication failed with invalid MFA one time pass code.', $metadata: { requestId: 'r-1' } });
    expect(mfa).toMatchObject({ code: 'MfaCodeRefused', kind: 'credentials', requestId: 'r-1' });
    expect(mfa.message).toContain('Profile "noc"');
    expect(mfa.hint).toContain('six-digit code');
    const denied = classified({ name: 'AccessDenied', message: 'User: arn:aws:iam::111122223333:user/op is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111122223333:role/CapstanDenied' });
    expect(denied.code).toBe('AssumeRoleDenied');
    expect(denied.hint).toContain('trust policy');
  });

  it('asks for a new sign-in when the SSO token is missing, expired or revoked', () => {
    for (const error of [
      { name: 'UnauthorizedException', message: 'Session token not found or invalid' },
      { name: 'CredentialsProviderError', message: 'The SSO session associated with this profile has expired. To refresh this SSO session run aws sso login with the corresponding profile.' },
      { name: 'TokenProviderError', message: "The SSO session token associated with profile=x was not found or is invalid. To refresh this SSO session run 'aws sso login' with the corresponding profile." },
    ]) {
      const e = classified(error);
      expect(e.code).toBe('SsoSignInRequired');
      expect(e.hint).toMatch(/^Sign in again for profile "noc"/);
    }
  });

  it('names a missing source profile and a role chain loop', () => {
    expect(classified({ name: 'CredentialsProviderError', message: 'Could not resolve credentials using profile: [gone] in configuration/credentials file(s).' })).toMatchObject({ code: 'SourceProfileMissing' });
    expect(classified({ name: 'CredentialsProviderError', message: 'Detected a cycle attempting to resolve credentials for profile noc. Profiles visited: a, b' }).code).toBe('RoleChainLoop');
  });

  it('lets network, TLS and cancellation errors through for the endpoint mapping', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(classifyCredentialError('noc', refused)).toBe(refused);
    const tls = Object.assign(new Error('self-signed certificate in certificate chain'), { code: 'SELF_SIGNED_CERT_IN_CHAIN' });
    expect(classifyCredentialError('noc', tls)).toBe(tls);
    expect(classifyCredentialError('noc', new CancelledError())).toBeInstanceOf(CancelledError);
  });

  it('never carries a secret in the message', () => {
    const e = classified({ name: 'CredentialsProviderError', message: `Command failed: vault --secret ${SECRET}` });
    expect(e.message).not.toContain(SECRET);
    // Nor in the parameters the renderer translates the message with.
    expect(e.toInfo().text?.params?.detail).toBe('Command failed: vault --secret [redacted]');
    expect(JSON.stringify(e.toInfo())).not.toContain(SECRET);
    expect(redactSecrets(`token=${'A'.repeat(300)}`)).toBe('token=[redacted]');
  });
});

describe('toAwsError for network failures', () => {
  it('blames the proxy, not the endpoint, when the proxy refuses', () => {
    const error = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3128'), {
      code: 'ECONNREFUSED',
      proxy: { url: 'http://127.0.0.1:3128', setting: 'HTTPS_PROXY', profile: 'noc' },
    });
    const mapped = toAwsError(error, { ...context, endpoint: 'https://ssm.eu-west-1.amazonaws.com' }) as AwsError;
    expect(mapped).toMatchObject({ code: 'ProxyRefused', kind: 'network', retryable: true });
    expect(mapped.message).toBe('Profile "noc": the proxy http://127.0.0.1:3128 (from HTTPS_PROXY) could not be reached (ECONNREFUSED).');
  });

  it('says to set ca_bundle or AWS_CA_BUNDLE for an untrusted certificate', () => {
    for (const code of ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN']) {
      const mapped = toAwsError(Object.assign(new Error('x'), { code }), { ...context, endpoint: 'https://127.0.0.1:8443' }) as AwsError;
      expect(mapped.code).toBe('CertificateUntrusted');
      expect(mapped.message).toBe(`The TLS certificate of https://127.0.0.1:8443 is not trusted (${code}).`);
      expect(mapped.hint).toMatch(/ca_bundle.*AWS_CA_BUNDLE/);
    }
  });

  it('explains a proxy that wants a password (HTTP 407) instead of showing an unknown error', () => {
    const mapped = toAwsError({ name: 'Unknown', message: 'UnknownError', $metadata: { httpStatusCode: 407 } }, context) as AwsError;
    expect(mapped.code).toBe('ProxyAuthenticationRequired');
    expect(mapped.hint).toContain('HTTPS_PROXY');
  });

  it('keeps an already explained failure as it is (the MFA dialog\'s "no code given" included)', () => {
    const notGiven = new AppError('credentials', 'MfaCodeNotGiven', 'No MFA code was given for profile "noc".');
    expect(classifyCredentialError('noc', notGiven)).toBe(notGiven);

    const explained = classified({ name: 'AccessDenied', message: 'denied' });
    expect(toAwsError(explained, context)).toBe(explained);
  });
});
