import { HttpResponse, type HttpRequest } from '@smithy/protocol-http';
import type { NodeHttpHandler } from '@smithy/node-http-handler';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ssoLogin } from '../../../../main/aws/sso-login';
import { CancelledError } from '../../../../main/errors/app-error';

type Answer = { status: number; body: object; errorType?: string };

/** IAM Identity Center OIDC as canned answers per path; CreateToken answers come from `tokens` in order. */
function fakeOidc(tokens: Answer[]): { handler: NodeHttpHandler; paths: string[] } {
  const paths: string[] = [];
  const answers: Record<string, () => Answer> = {
    '/client/register': () => ({ status: 200, body: { clientId: 'cid', clientSecret: 'csecret', clientIdIssuedAt: 1, clientSecretExpiresAt: Math.floor(Date.now() / 1000) + 86400 * 90 } }),
    '/device_authorization': () => ({
      status: 200,
      body: { deviceCode: 'dc', userCode: 'ABCD-EFGH', verificationUri: 'https://device.sso.example/', verificationUriComplete: 'https://device.sso.example/?user_code=ABCD-EFGH', expiresIn: 600, interval: 1 },
    }),
    '/token': () => tokens.shift()!,
  };
  const handler = {
    handle: async (request: HttpRequest) => {
      paths.push(request.path);
      const answer = answers[request.path]!();
      const headers: Record<string, string> = { 'content-type': 'application/json', ...(answer.errorType ? { 'x-amzn-errortype': answer.errorType } : {}) };
      return { response: new HttpResponse({ statusCode: answer.status, headers, body: Readable.from([Buffer.from(JSON.stringify(answer.body))]) }) };
    },
    updateHttpClientConfig: () => undefined,
    httpHandlerConfigs: () => ({}),
    destroy: () => undefined,
  };
  return { handler: handler as unknown as NodeHttpHandler, paths };
}

const pending: Answer = { status: 400, errorType: 'AuthorizationPendingException', body: { error: 'authorization_pending', error_description: 'pending' } };
const slowDown: Answer = { status: 400, errorType: 'SlowDownException', body: { error: 'slow_down', error_description: 'slow down' } };
const token: Answer = { status: 200, body: { accessToken: 'at', tokenType: 'Bearer', expiresIn: 28800, refreshToken: 'rt' } };
const session = { name: 'unit', startUrl: 'https://unit.awsapps.com/start', region: 'eu-west-1' };
const savedHome = process.env.HOME;
let home: string;

beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'capstan-sso-poll-'));
  process.env.HOME = home;
});
afterAll(() => {
  process.env.HOME = savedHome;
  rmSync(home, { recursive: true, force: true });
});

describe('device-authorization polling (RFC 8628 as IAM Identity Center speaks it)', () => {
  it('waits the interval, keeps polling while pending, and adds 5 seconds on slow_down', async () => {
    const { handler, paths } = fakeOidc([pending, slowDown, pending, token]);
    const waits: number[] = [];
    const result = await ssoLogin(session, { requestHandler: handler, onPrompt: () => undefined, sleep: async (ms) => void waits.push(ms) });
    expect(waits).toEqual([1000, 1000, 6000, 6000]);
    expect(paths.filter((p) => p === '/token')).toHaveLength(4);
    expect(result.cachePath.startsWith(join(home, '.aws', 'sso', 'cache'))).toBe(true);
  });

  it('stops with "code expired" on expired_token and "denied" on access_denied', async () => {
    const expired = fakeOidc([pending, { status: 400, errorType: 'ExpiredTokenException', body: { error: 'expired_token', error_description: 'x' } }]);
    await expect(ssoLogin(session, { requestHandler: expired.handler, onPrompt: () => undefined, sleep: async () => undefined })).rejects.toMatchObject({ code: 'SsoCodeExpired' });
    const denied = fakeOidc([{ status: 400, errorType: 'AccessDeniedException', body: { error: 'access_denied', error_description: 'x' } }]);
    await expect(ssoLogin(session, { requestHandler: denied.handler, onPrompt: () => undefined, sleep: async () => undefined })).rejects.toMatchObject({ code: 'SsoSignInDenied' });
  });

  it('stops polling as soon as it is cancelled', async () => {
    const { handler, paths } = fakeOidc([pending, pending, pending, token]);
    const controller = new AbortController();
    const error = await ssoLogin(session, {
      requestHandler: handler,
      signal: controller.signal,
      onPrompt: () => undefined,
      sleep: async () => {
        if (paths.filter((p) => p === '/token').length === 2) controller.abort();
      },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CancelledError);
    expect(paths.filter((p) => p === '/token')).toHaveLength(2);
  });
});
