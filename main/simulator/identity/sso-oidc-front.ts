import type { WireAnswer, WireRequest } from '../http-wire';
import type { SsoState } from './sso-state';
import { TRAINING_SSO_START_URL } from './training-accounts';
import { errorAnswer, jsonAnswer, jsonBody, oidcError, requiredString } from './sso-wire';

/**
 * IAM Identity Center OIDC (RegisterClient, StartDeviceAuthorization, CreateToken) as the
 * device-authorization flow of the AWS CLI and @aws-sdk/client-sso-oidc uses it: unsigned
 * restJson, any region, codes approved on the simulator's own /start/ page or by a test.
 */

/** What the OIDC front needs from the simulator. */
export interface OidcDeps {
  readonly sso: SsoState;
  readonly now: () => number;
  /** `http://127.0.0.1:PORT`. */
  readonly endpoint: () => string;
}

const ROUTES: Readonly<Record<string, string>> = {
  '/client/register': 'RegisterClient',
  '/device_authorization': 'StartDeviceAuthorization',
  '/token': 'CreateToken',
};

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
const DEVICE_EXPIRES_IN = 600;
const POLL_INTERVAL = 1;
const TOKEN_EXPIRES_IN = 28_800;

/** The OIDC operation a request names, or undefined when it is not an OIDC route. */
export function oidcOperation(request: WireRequest): string | undefined {
  return request.method === 'POST' ? ROUTES[request.url.pathname] : undefined;
}

/** Answers one OIDC request. */
export function answerOidc(request: WireRequest, operation: string, deps: OidcDeps): WireAnswer {
  const name = `sso-oidc:${operation}`;
  try {
    const input = jsonBody(request.body, false);
    if (operation === 'RegisterClient') return jsonAnswer(name, registerClient(input, deps));
    if (operation === 'StartDeviceAuthorization') return jsonAnswer(name, startDeviceAuthorization(input, deps));
    return jsonAnswer(name, createToken(input, deps));
  } catch (error) {
    return errorAnswer(name, error, false);
  }
}

function registerClient(input: Record<string, unknown>, deps: OidcDeps): object {
  const clientName = requiredString(input, 'clientName');
  const clientType = requiredString(input, 'clientType');
  if (clientType !== 'public') {
    throw oidcError('InvalidClientMetadataException', 'invalid_client_metadata', `clientType must be 'public', got '${clientType}'.`);
  }
  const client = deps.sso.registerClient(clientName, deps.now());
  return {
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    clientIdIssuedAt: client.issuedAt,
    clientSecretExpiresAt: client.secretExpiresAt,
  };
}

function authenticateClient(input: Record<string, unknown>, deps: OidcDeps): string {
  const clientId = requiredString(input, 'clientId');
  const clientSecret = requiredString(input, 'clientSecret');
  const client = deps.sso.clients.get(clientId);
  if (!client || client.clientSecret !== clientSecret) {
    throw oidcError('InvalidClientException', 'invalid_client', 'The client id or secret is not one this training fleet registered; register the client again.', 401);
  }
  if (deps.now() >= client.secretExpiresAt * 1000) {
    throw oidcError('InvalidClientException', 'invalid_client', 'The client registration has expired; register the client again.', 401);
  }
  return clientId;
}

function startDeviceAuthorization(input: Record<string, unknown>, deps: OidcDeps): object {
  const clientId = authenticateClient(input, deps);
  const startUrl = requiredString(input, 'startUrl');
  if (startUrl.replace(/\/+$/, '').replace(/#.*$/, '') !== TRAINING_SSO_START_URL) {
    throw oidcError(
      'InvalidRequestException',
      'invalid_request',
      `The training fleet's IAM Identity Center start URL is ${TRAINING_SSO_START_URL}; got ${startUrl}. Set sso_start_url to it.`,
    );
  }
  const device = deps.sso.startDevice(clientId, startUrl, deps.now() + DEVICE_EXPIRES_IN * 1000);
  const verificationUri = `${deps.endpoint()}/start/#/device`;
  const verificationUriComplete = `${verificationUri}?user_code=${device.userCode}`;
  deps.sso.announce({
    userCode: device.userCode,
    verificationUriComplete,
    clientName: deps.sso.clients.get(clientId)?.clientName ?? '',
  });
  return {
    deviceCode: device.deviceCode,
    userCode: device.userCode,
    verificationUri,
    verificationUriComplete,
    expiresIn: DEVICE_EXPIRES_IN,
    interval: POLL_INTERVAL,
  };
}

function createToken(input: Record<string, unknown>, deps: OidcDeps): object {
  const clientId = authenticateClient(input, deps);
  const grantType = requiredString(input, 'grantType');
  const now = deps.now();
  if (grantType === 'refresh_token') {
    const refreshToken = requiredString(input, 'refreshToken');
    if (deps.sso.refreshClient(refreshToken) !== clientId) {
      throw oidcError('InvalidGrantException', 'invalid_grant', 'The refresh token is invalid, revoked or was issued to another client; sign in again.');
    }
    return tokens(clientId, deps, now);
  }
  if (grantType !== DEVICE_GRANT) {
    throw oidcError('UnsupportedGrantTypeException', 'unsupported_grant_type', `grantType must be '${DEVICE_GRANT}' or 'refresh_token', got '${grantType}'.`);
  }
  const device = deps.sso.device(requiredString(input, 'deviceCode'));
  if (!device || device.clientId !== clientId || device.state === 'redeemed') {
    throw oidcError('InvalidGrantException', 'invalid_grant', 'The device code is invalid or was already used; start the sign-in again.');
  }
  if (now >= device.expiresAt) throw oidcError('ExpiredTokenException', 'expired_token', 'The device code has expired; start the sign-in again.');
  if (device.state === 'denied') throw oidcError('AccessDeniedException', 'access_denied', 'The sign-in request was denied on the training sign-in page.');
  if (device.state === 'pending') {
    // botocore polls twice back to back before its first sleep; only a client that keeps
    // polling faster than half the interval is told to slow down.
    const rapid = device.lastPoll !== undefined && now - device.lastPoll < (POLL_INTERVAL * 1000) / 2;
    device.rapidPolls = rapid ? device.rapidPolls + 1 : 0;
    device.lastPoll = now;
    if (device.rapidPolls >= 2) throw oidcError('SlowDownException', 'slow_down', `Poll at most once every ${POLL_INTERVAL} s.`);
    throw oidcError('AuthorizationPendingException', 'authorization_pending', 'The sign-in request has not been approved yet.');
  }
  device.state = 'redeemed';
  return tokens(clientId, deps, now);
}

function tokens(clientId: string, deps: OidcDeps, now: number): object {
  const issued = deps.sso.issueTokens(clientId, now + TOKEN_EXPIRES_IN * 1000);
  return { accessToken: issued.accessToken, tokenType: 'Bearer', expiresIn: TOKEN_EXPIRES_IN, refreshToken: issued.refreshToken };
}
