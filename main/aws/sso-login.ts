import {
  CreateTokenCommand,
  RegisterClientCommand,
  SSOOIDCClient,
  StartDeviceAuthorizationCommand,
  type CreateTokenCommandOutput,
} from '@aws-sdk/client-sso-oidc';
import type { NodeHttpHandler } from '@smithy/node-http-handler';
import { setTimeout as delay } from 'node:timers/promises';
import { AppError, AwsError, CancelledError, throwIfAborted } from '../errors/app-error';
import { errorText } from '../errors/error-text';
import type { LocalisedText } from '../errors/error-text';
import { toAwsError } from './aws-errors';
import { cliTimestamp, readSsoToken, ssoCacheKey, writeSsoToken, type SsoCachedToken } from './sso-token-cache';

/** The session to sign in to: an `[sso-session]` (name set) or a legacy profile's start URL. */
export interface SsoLoginSession {
  name: string | null;
  startUrl: string;
  region: string;
  /** `sso_registration_scopes`; the CLI's default is `sso:account:access`. */
  scopes?: string[];
}

/** What the operator must see: the code to compare and the page to approve it on. */
export interface DeviceAuthorizationPrompt {
  userCode: string;
  verificationUri: string;
  verificationUriComplete: string;
  expiresAt: Date;
}

/** Dependencies of one sign-in. */
export interface SsoLoginDeps {
  /** Called once the code exists; the lead opens verificationUriComplete through openExternal. */
  onPrompt(prompt: DeviceAuthorizationPrompt): void;
  signal?: AbortSignal;
  /** The profile's network: SSO OIDC endpoint override and request handler (proxy, CA bundle). */
  endpoint?: string;
  requestHandler?: NodeHttpHandler;
  now?: () => number;
  /** Waits between polls (tests record the intervals instead of waiting); rejects when the signal fires. */
  sleep?: (ms: number, signal: AbortSignal | undefined) => Promise<void>;
}

/** Where the token went and until when it is valid. */
export interface SsoLoginResult {
  cachePath: string;
  expiresAt: Date;
}

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
const CLIENT_NAME = 'capstan';
/** RFC 8628 §3.5: on slow_down the interval grows by 5 seconds. */
const SLOW_DOWN_STEP_S = 5;
/** A cached registration this close to expiry is replaced rather than reused. */
const REGISTRATION_MARGIN_MS = 15 * 60_000;

/**
 * The IAM Identity Center device-authorization sign-in (what `aws sso login` does): registers a
 * client (or reuses a cached one), shows the code, polls CreateToken until the operator approves,
 * and writes the token cache the CLI and the SDK's fromSSO read, so both tools share one sign-in.
 */
export async function ssoLogin(session: SsoLoginSession, deps: SsoLoginDeps): Promise<SsoLoginResult> {
  const now = deps.now ?? Date.now;
  const key = ssoCacheKey(session);
  const client = new SSOOIDCClient({
    region: session.region,
    ...(deps.endpoint ? { endpoint: deps.endpoint } : {}),
    ...(deps.requestHandler ? { requestHandler: deps.requestHandler } : {}),
  });
  const signal = deps.signal;
  const call = async <T>(operation: string, send: () => Promise<T>): Promise<T> => {
    throwIfAborted(signal);
    try {
      return await send();
    } catch (error) {
      throw signal?.aborted ? new CancelledError() : toAwsError(error, { service: 'sso-oidc', operation, ...(deps.endpoint ? { endpoint: deps.endpoint } : {}) });
    }
  };
  try {
    const register = (input: RegisterInput) =>
      call('RegisterClient', () => client.send(new RegisterClientCommand(input), { abortSignal: signal }));
    const authorize = (r: Registration) =>
      call('StartDeviceAuthorization', () =>
        client.send(new StartDeviceAuthorizationCommand({ clientId: r.clientId, clientSecret: r.clientSecret, startUrl: session.startUrl }), { abortSignal: signal }),
      );
    let registration = await reuseOrRegister(session, key, now, register);
    let device;
    try {
      device = await authorize(registration);
    } catch (error) {
      // A cached registration IAM Identity Center no longer knows (revoked, another directory): register afresh once.
      if (!(error instanceof AppError && error.code === 'InvalidClientException')) throw error;
      registration = await reuseOrRegister(session, key, now, register, { fresh: true });
      device = await authorize(registration);
    }
    if (!device.deviceCode || !device.userCode || !device.verificationUri) {
      throw signInError('SsoSignInFailed', errorText('sso.noDeviceCode'), errorText('sso.noDeviceCodeHint'));
    }
    const expiresAt = new Date(now() + (device.expiresIn ?? 600) * 1000);
    deps.onPrompt({
      userCode: device.userCode,
      verificationUri: device.verificationUri,
      verificationUriComplete: device.verificationUriComplete ?? device.verificationUri,
      expiresAt,
    });
    const token = await poll(device.deviceCode, device.interval ?? 5, expiresAt, registration, client, signal, now, deps.sleep ?? pause);
    if (!token.accessToken || !token.expiresIn) {
      throw signInError('SsoSignInFailed', errorText('sso.noAccessToken'), errorText('sso.noAccessTokenHint'));
    }
    const tokenExpiresAt = new Date(now() + token.expiresIn * 1000);
    const cached: SsoCachedToken = {
      startUrl: session.startUrl,
      region: session.region,
      accessToken: token.accessToken,
      expiresAt: cliTimestamp(tokenExpiresAt),
      clientId: registration.clientId,
      clientSecret: registration.clientSecret,
      registrationExpiresAt: registration.registrationExpiresAt,
      ...(token.refreshToken ? { refreshToken: token.refreshToken } : {}),
    };
    return { cachePath: await writeSsoToken(key, cached), expiresAt: tokenExpiresAt };
  } finally {
    // A handler passed in belongs to the profile's clients; destroying it would drop their pooled sockets.
    if (!deps.requestHandler) client.destroy();
  }
}

type RegisterInput = { clientName: string; clientType: string; scopes?: string[]; grantTypes?: string[] };

interface Registration {
  clientId: string;
  clientSecret: string;
  registrationExpiresAt: string;
}

async function reuseOrRegister(
  session: SsoLoginSession,
  key: string,
  now: () => number,
  register: (input: RegisterInput) => Promise<{ clientId?: string; clientSecret?: string; clientSecretExpiresAt?: number }>,
  options: { fresh?: boolean } = {},
): Promise<Registration> {
  const cached = options.fresh ? null : await readSsoToken(key);
  const reusable =
    cached?.clientId && cached.clientSecret && cached.registrationExpiresAt && cached.region === session.region && cached.startUrl === session.startUrl
      ? Date.parse(cached.registrationExpiresAt) - now() > REGISTRATION_MARGIN_MS
      : false;
  if (reusable) return { clientId: cached!.clientId!, clientSecret: cached!.clientSecret!, registrationExpiresAt: cached!.registrationExpiresAt! };
  const scopes = session.name ? (session.scopes?.length ? session.scopes : ['sso:account:access']) : undefined;
  const registered = await register({ clientName: `${CLIENT_NAME}-${Math.floor(now() / 1000)}`, clientType: 'public', ...(scopes ? { scopes } : {}), grantTypes: [DEVICE_GRANT, 'refresh_token'] });
  if (!registered.clientId || !registered.clientSecret) {
    throw signInError('SsoSignInFailed', errorText('sso.notRegistered'), errorText('sso.notRegisteredHint'));
  }
  const expiresAtMs = (registered.clientSecretExpiresAt ?? 0) * 1000 || now() + 90 * 24 * 3600_000;
  return { clientId: registered.clientId, clientSecret: registered.clientSecret, registrationExpiresAt: cliTimestamp(new Date(expiresAtMs)) };
}

async function poll(
  deviceCode: string,
  intervalSeconds: number,
  expiresAt: Date,
  registration: Registration,
  client: SSOOIDCClient,
  signal: AbortSignal | undefined,
  now: () => number,
  sleep: (ms: number, signal: AbortSignal | undefined) => Promise<void>,
): Promise<CreateTokenCommandOutput> {
  let interval = Math.max(1, intervalSeconds);
  for (;;) {
    await sleep(interval * 1000, signal);
    throwIfAborted(signal);
    if (now() >= expiresAt.getTime()) throw codeExpired();
    try {
      return await client.send(
        new CreateTokenCommand({ grantType: DEVICE_GRANT, deviceCode, clientId: registration.clientId, clientSecret: registration.clientSecret }),
        { abortSignal: signal },
      );
    } catch (error) {
      if (signal?.aborted) throw new CancelledError();
      const name = (error as { name?: string }).name;
      if (name === 'AuthorizationPendingException') continue;
      if (name === 'SlowDownException') {
        interval += SLOW_DOWN_STEP_S;
        continue;
      }
      if (name === 'ExpiredTokenException') throw codeExpired();
      if (name === 'AccessDeniedException') {
        throw signInError('SsoSignInDenied', errorText('sso.denied'), errorText('sso.deniedHint'));
      }
      throw toAwsError(error, { service: 'sso-oidc', operation: 'CreateToken' });
    }
  }
}

async function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  try {
    await delay(ms, undefined, signal ? { signal } : undefined);
  } catch {
    throw new CancelledError();
  }
}

function codeExpired(): AwsError {
  return signInError('SsoCodeExpired', errorText('sso.codeExpired'), errorText('sso.codeExpiredHint'));
}

function signInError(code: string, message: LocalisedText, hint: LocalisedText): AwsError {
  return new AwsError({ service: 'sso-oidc', operation: 'CreateToken', awsCode: code, kind: 'credentials', message }, { hint });
}
