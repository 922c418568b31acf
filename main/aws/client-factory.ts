import { KMSClient } from '@aws-sdk/client-kms';
import { SSMClient } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { NotFoundError, ValidationError } from '../errors/app-error';
import { errorText } from '../errors/error-text';
import { toAwsError } from './aws-errors';
import { credentialProviderFor, type RefreshingCredentialProvider } from './credentials';
import { profileNetwork, type ProfileNetwork } from './network';
import { ENVIRONMENT_PROFILE, readSharedConfig, type ProfileConfig } from './profile-config';
import type { TrainingTarget } from './ssm-client-factory';
import { ssoLogin, type SsoLoginDeps, type SsoLoginResult } from './sso-login';

/** Who a workspace's credentials stand for (STS GetCallerIdentity). */
export interface CallerIdentity {
  account: string;
  arn: string;
  userId: string;
}

/** What the factory needs: the environment and the MFA dialog. */
export interface ClientFactoryDeps {
  env: NodeJS.ProcessEnv;
  askMfaCode(profile: string, serial: string): Promise<string>;
  /** A profile's credentials were renewed with a different key (see credentials.ts). */
  onCredentialsChanged?(profile: string): void;
}

/** One profile's config, network and credentials, shared by every region and client of it. */
export interface ProfileContext {
  config: ProfileConfig;
  network: ProfileNetwork;
  credentials: RefreshingCredentialProvider;
}

/** Default region for STS when neither the profile nor the caller names one. */
const FALLBACK_REGION = 'us-east-1';

/**
 * Builds SSM, KMS and STS clients for profile × region. Everything per profile (network, the
 * credential memo and so the MFA prompt) is built once and shared across its regions.
 */
export class AwsClientFactory {
  private readonly contexts = new Map<string, Promise<ProfileContext>>();

  constructor(private readonly deps: ClientFactoryDeps) {}

  /** The profile's config, network and credentials; a profile not in the files is a NotFoundError. */
  context(profile: string, region: string): Promise<ProfileContext> {
    let context = this.contexts.get(profile);
    if (!context) {
      context = this.build(profile, region);
      this.contexts.set(profile, context);
      // A failed build (bad CA path, unknown profile) is not cached: the operator fixes it and retries.
      context.catch(() => this.contexts.delete(profile));
    }
    return context;
  }

  /** An SSM client with adaptive retry, so throttling slows us down instead of failing the sync. */
  async ssm(profile: string, region: string, options: { maxAttempts?: number } = {}): Promise<SSMClient> {
    const c = await this.context(profile, region);
    return new SSMClient({ ...this.common(c, region, 'ssm'), retryMode: 'adaptive', maxAttempts: options.maxAttempts ?? 5 });
  }

  /** A KMS client for encrypted sessions; few attempts, the agent waits ~15 s for the handshake. */
  async kms(profile: string, region: string, options: { maxAttempts?: number } = {}): Promise<KMSClient> {
    const c = await this.context(profile, region);
    return new KMSClient({ ...this.common(c, region, 'kms'), retryMode: 'standard', maxAttempts: options.maxAttempts ?? 3 });
  }

  /** An STS client with the profile's credentials. */
  async sts(profile: string, region: string): Promise<STSClient> {
    const c = await this.context(profile, region);
    return new STSClient({ ...this.common(c, region, 'sts'), maxAttempts: 3 });
  }

  /** Who the profile's credentials are (account, ARN); failures are AwsErrors naming the profile. */
  async callerIdentity(profile: string, region: string, signal?: AbortSignal): Promise<CallerIdentity> {
    const client = await this.sts(profile, region);
    try {
      return identityOf(await client.send(new GetCallerIdentityCommand({}), signal ? { abortSignal: signal } : {}));
    } catch (error) {
      throw toAwsError(error, { service: 'sts', operation: 'GetCallerIdentity', ...endpointContext((await this.context(profile, region)).network.endpointFor('sts')) });
    }
    // No client.destroy(): it would close the profile's shared connection pool.
  }

  /**
   * Runs the SSO device sign-in for a profile through its network (proxy, CA, SSO OIDC endpoint),
   * then drops the cached credentials of every profile that shares the signed-in session.
   */
  async signIn(profile: string, region: string, deps: Pick<SsoLoginDeps, 'onPrompt' | 'signal'>): Promise<SsoLoginResult> {
    const { config, network } = await this.context(profile, region);
    const session = config.ssoSession;
    if (!session?.startUrl || !session.region) {
      throw new ValidationError(errorText('profiles.notSso', { profile }), { hint: errorText('profiles.notSsoHint') });
    }
    const endpoint = network.endpointFor('sso_oidc');
    const result = await ssoLogin(
      { name: session.name, startUrl: session.startUrl, region: session.region, scopes: session.scopes },
      { ...deps, requestHandler: network.requestHandler, ...(endpoint ? { endpoint } : {}) },
    );
    const contexts = await Promise.allSettled(this.contexts.values());
    for (const settled of contexts) {
      const s = settled.status === 'fulfilled' ? settled.value.config.ssoSession : null;
      if (s && s.name === session.name && s.startUrl === session.startUrl) (settled as PromiseFulfilledResult<ProfileContext>).value.credentials.invalidate();
    }
    return result;
  }

  /** The agent for a session data-channel WebSocket of this profile (proxy, CA bundle). */
  async webSocketAgentFor(profile: string, region: string, url: string): Promise<ReturnType<ProfileNetwork['webSocketAgentFor']>> {
    return (await this.context(profile, region)).network.webSocketAgentFor(url);
  }

  /**
   * Drops a profile's cached credentials so the next call resolves them again (after AWS answered
   * ExpiredToken/ExpiredTokenException); every client of the profile picks up the new ones.
   */
  async invalidateCredentials(profile: string): Promise<void> {
    const context = this.contexts.get(profile);
    if (context) (await context.catch(() => null))?.credentials.invalidate();
  }

  /**
   * Re-reads the shared files and drops a profile's setup when its settings changed (a fixed
   * ca_bundle, endpoint_url, proxy or SSO session is used at once, not after a restart). Unchanged
   * profiles keep their connections, so open shells are not cut.
   */
  async reloadIfChanged(profile: string): Promise<boolean> {
    const cached = this.contexts.get(profile);
    if (!cached) return false;
    const before = await cached.catch(() => null);
    const shared = await readSharedConfig(this.deps.env).catch(() => null);
    const now = shared?.profiles.find((p) => p.name === profile) ?? null;
    if (before && now && JSON.stringify(now) === JSON.stringify(before.config)) return false;
    this.invalidate(profile);
    return true;
  }

  /** Forgets a profile (config edited, signed in again); all profiles when none is named. */
  invalidate(profile?: string): void {
    for (const [name, context] of this.contexts) {
      if (profile !== undefined && name !== profile) continue;
      this.contexts.delete(name);
      context.then((c) => c.network.destroy(), () => undefined);
    }
  }

  /** Closes every pooled connection. */
  destroy(): void {
    this.invalidate();
  }

  private common(c: ProfileContext, region: string, service: 'ssm' | 'kms' | 'sts') {
    const endpoint = c.network.endpointFor(service);
    return {
      region,
      credentials: c.credentials,
      requestHandler: c.network.requestHandler,
      // Lets the SDK's own configured-endpoint lookup read the same profile as ours.
      ...(c.config.name !== ENVIRONMENT_PROFILE ? { profile: c.config.name } : {}),
      ...(endpoint ? { endpoint } : {}),
    };
  }

  private async build(profile: string, region: string): Promise<ProfileContext> {
    const shared = await readSharedConfig(this.deps.env);
    const config = shared.profiles.find((p) => p.name === profile);
    if (!config) {
      throw new NotFoundError(errorText('profiles.notFound', { profile, configFile: shared.configFilepath, credentialsFile: shared.credentialsFilepath }), {
        hint: errorText('profiles.notFoundHint'),
      });
    }
    const network = await profileNetwork(config, this.deps.env);
    const credentials = credentialProviderFor(profile, {
      env: this.deps.env,
      askMfaCode: this.deps.askMfaCode,
      onKeyChanged: () => this.deps.onCredentialsChanged?.(profile),
      clientConfig: {
        region: config.region ?? region ?? FALLBACK_REGION,
        requestHandler: network.requestHandler,
        ...optional('stsEndpoint', network.endpointFor('sts')),
        ...optional('ssoEndpoint', network.endpointFor('sso')),
      },
    });
    return { config, network, credentials };
  }
}

/** An STS client for the training fleet's static keys and loopback endpoint (as createSsmClient does). */
export function createTrainingStsClient(target: TrainingTarget): STSClient {
  return new STSClient({ region: target.region, endpoint: target.endpoint, credentials: target.credentials, maxAttempts: 3 });
}

/** GetCallerIdentity through any STS client (the training one included). */
export async function callerIdentityWith(client: STSClient, signal?: AbortSignal): Promise<CallerIdentity> {
  try {
    return identityOf(await client.send(new GetCallerIdentityCommand({}), signal ? { abortSignal: signal } : {}));
  } catch (error) {
    throw toAwsError(error, { service: 'sts', operation: 'GetCallerIdentity' });
  }
}

function identityOf(output: { Account?: string; Arn?: string; UserId?: string }): CallerIdentity {
  return { account: output.Account ?? '', arn: output.Arn ?? '', userId: output.UserId ?? '' };
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value ? ({ [key]: value } as Record<K, string>) : {};
}

function endpointContext(endpoint: string | undefined): { endpoint?: string } {
  return endpoint ? { endpoint } : {};
}
