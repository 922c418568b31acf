import { describe, expect, it } from 'vitest';
import { endpointOverride } from '../../../../main/aws/endpoints';
import type { ProfileConfig } from '../../../../main/aws/profile-config';

const profile = {
  name: 'vpce',
  endpointUrl: 'https://profile-global.example',
  serviceEndpoints: { ssm: 'https://profile-ssm.example' },
  ignoreConfiguredEndpointUrls: false,
} as unknown as ProfileConfig;

describe('endpoint override precedence (AWS SDKs and tools reference)', () => {
  it('takes AWS_ENDPOINT_URL_<SERVICE>, then AWS_ENDPOINT_URL, then [services], then endpoint_url', () => {
    const env = { AWS_ENDPOINT_URL_SSM: 'https://env-ssm.example', AWS_ENDPOINT_URL: 'https://env-global.example' };
    expect(endpointOverride('ssm', profile, env)).toEqual({ url: 'https://env-ssm.example', setting: 'AWS_ENDPOINT_URL_SSM' });
    expect(endpointOverride('ssm', profile, { AWS_ENDPOINT_URL: 'https://env-global.example' })!.setting).toBe('AWS_ENDPOINT_URL');
    expect(endpointOverride('ssm', profile, {})!.url).toBe('https://profile-ssm.example');
    expect(endpointOverride('kms', profile, {})).toEqual({ url: 'https://profile-global.example', setting: 'endpoint_url of profile "vpce"' });
    expect(endpointOverride('kms', null, {})).toBeNull();
  });

  it('spells multi-word services as the SDKs do (AWS_ENDPOINT_URL_SSO_OIDC)', () => {
    expect(endpointOverride('sso_oidc', null, { AWS_ENDPOINT_URL_SSO_OIDC: 'http://127.0.0.1:9/' })!.url).toBe('http://127.0.0.1:9');
  });

  it('ignores every configured endpoint when asked to, from the environment or the profile', () => {
    expect(endpointOverride('ssm', profile, { AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true', AWS_ENDPOINT_URL_SSM: 'https://x.example' })).toBeNull();
    expect(endpointOverride('ssm', { ...profile, ignoreConfiguredEndpointUrls: true }, {})).toBeNull();
    // The environment variable wins over the profile setting, either way.
    expect(endpointOverride('ssm', { ...profile, ignoreConfiguredEndpointUrls: true }, { AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'false' })!.url).toBe('https://profile-ssm.example');
  });

  it('refuses a value that is not an http(s) URL and names the setting', () => {
    expect(() => endpointOverride('ssm', profile, { AWS_ENDPOINT_URL_SSM: 'vpce-ssm' })).toThrow(
      'Profile "vpce": AWS_ENDPOINT_URL_SSM is not an http(s) URL: "vpce-ssm".',
    );
  });
});
