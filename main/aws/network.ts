import { NodeHttpHandler } from '@smithy/node-http-handler';
import { readFile } from 'node:fs/promises';
import { rootCertificates } from 'node:tls';
import { AwsError } from '../errors/app-error';
import { errorText } from '../errors/error-text';
import type { LocalisedText } from '../errors/error-text';
import { endpointOverride, type AwsService, type EndpointOverride } from './endpoints';
import { parseNoProxy } from './no-proxy';
import type { ProfileConfig } from './profile-config';
import { RoutingAgent, redactProxyUrl, type ProxySetting } from './routing-agent';

/** Everything a profile's AWS clients need to reach AWS through the operator's network. */
export interface ProfileNetwork {
  /** For every SDK client of the profile (SSM, KMS, STS, SSO, SSO OIDC). */
  readonly requestHandler: NodeHttpHandler;
  /** The endpoint override for a service, or undefined for the SDK's regional default. */
  endpointFor(service: AwsService): string | undefined;
  /** Where an override came from, for the status line and error messages. */
  endpointSettingFor(service: AwsService): EndpointOverride | null;
  /** The agent for a session data-channel WebSocket (`new WebSocket(url, { agent })`). */
  webSocketAgentFor(url: string): RoutingAgent;
  /** The proxy a request to `url` goes through (redacted), or null when it goes direct. */
  proxyFor(url: string): string | null;
  /** Closes pooled connections. */
  destroy(): void;
}

/** Connection and request timeouts (ms); a proxy that swallows packets fails instead of hanging. */
const CONNECTION_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 60_000;

/**
 * Builds the network settings of one profile from the environment and its config:
 * https_proxy/HTTPS_PROXY for https, http_proxy/HTTP_PROXY for http (lower case wins, as in curl
 * and the CLI), no_proxy/NO_PROXY, the CA bundle from AWS_CA_BUNDLE or `ca_bundle` (env first, as
 * in the CLI) added to Node's roots, and the endpoint overrides (endpoints.ts).
 */
export async function profileNetwork(profile: ProfileConfig | null, env: NodeJS.ProcessEnv): Promise<ProfileNetwork> {
  const name = profile?.name ?? 'default';
  const ca = await caBundle(name, profile, env);
  const routing = {
    profile: name,
    httpsProxy: proxySetting(name, env, ['https_proxy', 'HTTPS_PROXY']),
    httpProxy: proxySetting(name, env, ['http_proxy', 'HTTP_PROXY']),
    noProxy: parseNoProxy(env.no_proxy ?? env.NO_PROXY),
    ca,
  };
  const httpsAgent = new RoutingAgent({ ...routing, secure: true });
  const httpAgent = new RoutingAgent({ ...routing, secure: false });
  const requestHandler = new NodeHttpHandler({
    httpAgent,
    httpsAgent,
    connectionTimeout: CONNECTION_TIMEOUT_MS,
    requestTimeout: REQUEST_TIMEOUT_MS,
  });
  const services: AwsService[] = ['ssm', 'kms', 'sts', 'sso', 'sso_oidc', 'ssmmessages'];
  const endpoints = new Map(services.map((service) => [service, endpointOverride(service, profile, env)]));
  const socketAgents = new Set<RoutingAgent>();
  return {
    requestHandler,
    endpointFor: (service) => endpoints.get(service)?.url,
    endpointSettingFor: (service) => endpoints.get(service) ?? null,
    webSocketAgentFor: (url) => {
      // One agent per socket and no pooling: a data channel holds its connection for hours.
      const secure = new URL(url).protocol === 'wss:';
      const socketAgent = new RoutingAgent({ ...routing, secure, tunnelPlainHttp: true, keepAlive: false });
      socketAgents.add(socketAgent);
      return socketAgent;
    },
    proxyFor: (url) => {
      const proxy = httpsAgent.proxyFor(new URL(url));
      return proxy ? redactProxyUrl(proxy.url) : null;
    },
    destroy: () => {
      requestHandler.destroy();
      httpsAgent.destroy();
      httpAgent.destroy();
      for (const socketAgent of socketAgents) socketAgent.destroy();
    },
  };
}

function proxySetting(profile: string, env: NodeJS.ProcessEnv, names: string[]): ProxySetting | null {
  for (const setting of names) {
    const value = env[setting]?.trim();
    if (!value) continue;
    // curl and the CLI take `proxy.corp:3128` as http://proxy.corp:3128.
    const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
    let url: URL | null;
    try {
      url = new URL(withScheme);
    } catch {
      url = null;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname) {
      throw networkError('InvalidProxyUrl', errorText('network.invalidProxyUrl', { profile, setting }), errorText('network.invalidProxyUrlHint', { setting }));
    }
    return { url, setting };
  }
  return null;
}

async function caBundle(profile: string, config: ProfileConfig | null, env: NodeJS.ProcessEnv): Promise<string[] | undefined> {
  const fromEnv = env.AWS_CA_BUNDLE?.trim();
  const path = fromEnv || config?.caBundle;
  if (!path) return undefined;
  // The message names the profile already, so the setting is just its name.
  const setting = fromEnv ? 'AWS_CA_BUNDLE' : 'ca_bundle';
  let pem: string;
  try {
    pem = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw networkError('CaBundleUnreadable', errorText('network.caBundleUnreadable', { profile, path, setting, errno: code }), errorText('network.caBundleUnreadableHint', { setting }));
  }
  const certificates = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g);
  if (!certificates) {
    throw networkError('CaBundleUnreadable', errorText('network.caBundleNoPem', { profile, path, setting }), errorText('network.caBundleNoPemHint'));
  }
  // Added to Node's roots, not instead of them, so public AWS endpoints stay trusted.
  return [...rootCertificates, ...certificates];
}

function networkError(code: string, message: LocalisedText, hint: LocalisedText): AwsError {
  return new AwsError({ service: 'network', operation: 'Configure', awsCode: code, kind: 'network', message }, { hint });
}
