import { AwsError } from '../errors/app-error';
import { errorText } from '../errors/error-text';
import type { ProfileConfig } from './profile-config';

/** The services Capstan calls, by their SDK service id (as `AWS_ENDPOINT_URL_<ID>` spells them). */
export type AwsService = 'ssm' | 'kms' | 'sts' | 'sso' | 'sso_oidc' | 'ssmmessages';

/** An endpoint override and the setting it came from (for error messages and the status line). */
export interface EndpointOverride {
  url: string;
  setting: string;
}

/**
 * The endpoint override for one service, in the order the AWS SDKs and tools reference documents
 * ("Service-specific endpoints"): AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, the profile's
 * `[services]` section, the profile's `endpoint_url`. AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true (or
 * `ignore_configured_endpoint_urls = true` in the profile) turns all of them off. Null means the
 * SDK's default regional endpoint.
 */
export function endpointOverride(service: AwsService, profile: ProfileConfig | null, env: NodeJS.ProcessEnv): EndpointOverride | null {
  const ignoreEnv = env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS;
  const ignore = ignoreEnv !== undefined && ignoreEnv !== '' ? ignoreEnv.toLowerCase() === 'true' : (profile?.ignoreConfiguredEndpointUrls ?? false);
  if (ignore) return null;
  const envName = `AWS_ENDPOINT_URL_${service.toUpperCase()}`;
  const candidates: Array<[string | null | undefined, string]> = [
    [env[envName], envName],
    [env.AWS_ENDPOINT_URL, 'AWS_ENDPOINT_URL'],
    [profile?.serviceEndpoints[service], `${service}.endpoint_url in the [services] section of profile "${profile?.name}"`],
    [profile?.endpointUrl, `endpoint_url of profile "${profile?.name}"`],
  ];
  for (const [value, setting] of candidates) {
    if (value) return { url: checkedUrl(value, setting, profile?.name), setting };
  }
  return null;
}

function checkedUrl(value: string, setting: string, profile: string | undefined): string {
  let url: URL | null;
  try {
    url = new URL(value);
  } catch {
    url = null;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new AwsError(
      {
        service: 'config',
        operation: 'ResolveEndpoint',
        awsCode: 'InvalidEndpointUrl',
        kind: 'network',
        message: profile ? errorText('network.invalidEndpointUrl', { profile, setting, value }) : errorText('network.invalidEndpointUrlNoProfile', { setting, value }),
      },
      { hint: errorText('network.invalidEndpointUrlHint') },
    );
  }
  return value.replace(/\/+$/, '');
}
