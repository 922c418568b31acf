import { getDefaultRoleAssumer } from '@aws-sdk/client-sts';
import { fromEnv, fromIni } from '@aws-sdk/credential-providers';
import type { NodeHttpHandler } from '@smithy/node-http-handler';
import type { AwsCredentialIdentity } from '@smithy/types';
import { errorText } from '../errors/error-text';
import { classifyCredentialError, credentialError } from './credential-errors';
import { ENVIRONMENT_PROFILE } from './profile-config';
import { sharedConfigPaths } from './profiles';

/** How credential resolution reaches STS and the SSO portal: the profile's network (network.ts). */
export interface CredentialClientConfig {
  /** Region for STS (the workspace's region); SSO always uses the profile's sso_region. */
  region: string;
  requestHandler?: NodeHttpHandler;
  stsEndpoint?: string;
  /** Used for SSO GetRoleCredentials and for the SSO OIDC token refresh (the SDK gives both one config). */
  ssoEndpoint?: string;
}

/** What credentialProviderFor needs from its caller. */
export interface CredentialDeps {
  env: NodeJS.ProcessEnv;
  /** Asks the operator for the current code of an MFA device; reject with CancelledError when they decline. */
  askMfaCode(profile: string, serial: string): Promise<string>;
  clientConfig: CredentialClientConfig;
  /** Clock, for tests of the early refresh (default Date.now). */
  now?: () => number;
  /**
   * Called when renewed credentials belong to another key than before: the identity behind them may
   * have changed too (another `aws sso login`, an edited role_arn), and the audit log must say who acts.
   */
  onKeyChanged?: () => void;
}

/** A credential provider the SDK clients accept, plus controls the workspace needs. */
export interface RefreshingCredentialProvider {
  (): Promise<AwsCredentialIdentity>;
  /** Forgets cached credentials (after a sign-in or a config change); the next call resolves afresh. */
  invalidate(): void;
  /** When the cached credentials expire, or null (none yet, or long-term keys). */
  expiresAt(): Date | null;
  /** Settles when a renewal under way (started in the background) has ended. */
  refreshing(): Promise<void>;
}

/**
 * Credentials are renewed this long before they expire (or after two thirds of a shorter life), in the
 * background: an MFA prompt then has time to be answered while calls go on with the current keys.
 */
export const REFRESH_AHEAD_MS = 10 * 60_000;
/** Keys this close to expiry are not used at all: a call signed now could land after they died. */
const EXPIRY_MARGIN_MS = 30_000;
/** After a failed refresh while the old credentials still work, wait this long before asking again. */
const FAILED_REFRESH_BACKOFF_MS = 30_000;

/**
 * Credentials for one profile, built on @aws-sdk/credential-providers (fromIni covers static keys,
 * role chains with MFA, credential_process and SSO; fromEnv the environment), memoized with an
 * early background refresh; concurrent callers share one resolution, so one MFA prompt, not three.
 * Errors name the profile and never contain secrets.
 */
export function credentialProviderFor(profileName: string, deps: CredentialDeps): RefreshingCredentialProvider {
  const now = deps.now ?? Date.now;
  const source = profileName === ENVIRONMENT_PROFILE ? fromEnv() : iniProvider(profileName, deps);
  let current: AwsCredentialIdentity | null = null;
  let inflight: Promise<AwsCredentialIdentity> | null = null;
  let quietUntil = 0;
  let obtainedAt = 0;
  let lastKeyId: string | null = null;

  const lead = (c: AwsCredentialIdentity): number => Math.min(REFRESH_AHEAD_MS, (c.expiration!.getTime() - obtainedAt) / 3);
  const fresh = (c: AwsCredentialIdentity): boolean => !c.expiration || c.expiration.getTime() - now() > lead(c);
  const usable = (c: AwsCredentialIdentity): boolean => !c.expiration || c.expiration.getTime() - now() > EXPIRY_MARGIN_MS;

  const resolve = (): Promise<AwsCredentialIdentity> => {
    if (!inflight) {
      inflight = (async () => {
        try {
          const credentials = await source();
          // Compared with the last key ever handed out, so a renewal after invalidate() counts too.
          const changed = lastKeyId !== null && lastKeyId !== credentials.accessKeyId;
          lastKeyId = credentials.accessKeyId;
          current = credentials;
          obtainedAt = now();
          if (changed) deps.onKeyChanged?.();
          quietUntil = 0;
          return credentials;
        } catch (error) {
          const stillValid = current && usable(current) ? current : null;
          if (stillValid) {
            // Keep working on the old keys and do not re-prompt on every call.
            quietUntil = now() + FAILED_REFRESH_BACKOFF_MS;
            return stillValid;
          }
          throw classifyCredentialError(profileName, error);
        } finally {
          inflight = null;
        }
      })();
    }
    return inflight;
  };

  const provider = (async () => {
    if (current && (fresh(current) || (usable(current) && now() < quietUntil))) return current;
    if (current && usable(current)) {
      // Renew in the background: syncs, polls and shells go on with keys that still work.
      resolve().catch(() => undefined);
      return current;
    }
    return resolve();
  }) as RefreshingCredentialProvider;
  provider.refreshing = async () => {
    await inflight?.catch(() => undefined);
  };
  provider.invalidate = () => {
    current = null;
    quietUntil = 0;
  };
  provider.expiresAt = () => current?.expiration ?? null;
  // Tells the SDK clients not to wrap it in their own memo, so invalidate() reaches every client at once.
  Object.assign(provider, { memoized: true });
  return provider;
}

function iniProvider(profileName: string, deps: CredentialDeps): () => Promise<AwsCredentialIdentity> {
  const { configFilepath, credentialsFilepath } = sharedConfigPaths(deps.env);
  const { region, requestHandler, stsEndpoint, ssoEndpoint } = deps.clientConfig;
  // Our own role assumer so STS gets the STS endpoint and the workspace region, and SSO keeps its own.
  const roleAssumer = getDefaultRoleAssumer({
    region,
    profile: profileName,
    ...(requestHandler ? { requestHandler } : {}),
    ...(stsEndpoint ? { endpoint: stsEndpoint } : {}),
  } as Parameters<typeof getDefaultRoleAssumer>[0]);
  return fromIni({
    profile: profileName,
    configFilepath,
    filepath: credentialsFilepath,
    // Re-read the files on every resolution: a fixed profile works without a restart.
    ignoreCache: true,
    roleAssumer,
    mfaCodeProvider: async (serial: string) => {
      const code = (await deps.askMfaCode(profileName, serial)).trim();
      if (!/^\d{6}$/.test(code)) {
        throw credentialError(profileName, 'MfaCodeRefused', errorText('credentials.mfaCodeFormat', { profile: profileName, serial }), { operation: 'AssumeRole' });
      }
      return code;
    },
    // No region here: the SDK would use it for the SSO portal instead of the profile's sso_region.
    clientConfig: {
      ...(requestHandler ? { requestHandler } : {}),
      ...(ssoEndpoint ? { endpoint: ssoEndpoint } : {}),
    },
  });
}
