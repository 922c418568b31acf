import { SSMClient, DescribeInstanceInformationCommand } from '@aws-sdk/client-ssm';
import { GetRoleCredentialsCommand, ListAccountRolesCommand, ListAccountsCommand, LogoutCommand, SSOClient } from '@aws-sdk/client-sso';
import { CreateTokenCommand, RegisterClientCommand, SSOOIDCClient, StartDeviceAuthorizationCommand } from '@aws-sdk/client-sso-oidc';
import type { StartDeviceAuthorizationCommandOutput } from '@aws-sdk/client-sso-oidc';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TRAINING_ACCOUNTS, TRAINING_SSO_START_URL } from '../../../../main/simulator/identity/training-accounts';
import { startSimulator } from '../../../../main/simulator/server';
import type { RunningSimulator } from '../../../../main/simulator/server';

/**
 * IAM Identity Center of the training fleet through @aws-sdk/client-sso-oidc and client-sso:
 * the device-authorization flow (pending, approve, deny, refresh), the portal's accounts, roles
 * and role credentials, and what a revoked or logged-out token gets.
 */

const SSO_REGION = 'eu-central-1';
const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
const PAYMENTS = TRAINING_ACCOUNTS[1]?.accountId ?? '';

let sim: RunningSimulator;
let oidc: SSOOIDCClient;
let portal: SSOClient;
const clients: Array<{ destroy(): void }> = [];

async function failure(promise: Promise<unknown>): Promise<{ name: string; status: number | undefined; error?: string }> {
  try {
    await promise;
  } catch (caught) {
    const e = caught as { name: string; error?: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, status: e.$metadata?.httpStatusCode, error: e.error };
  }
  throw new Error('expected the call to fail');
}

async function registered(): Promise<{ clientId: string; clientSecret: string }> {
  const client = await oidc.send(new RegisterClientCommand({ clientName: 'capstan-test', clientType: 'public' }));
  return { clientId: client.clientId ?? '', clientSecret: client.clientSecret ?? '' };
}

async function startDevice(client: { clientId: string; clientSecret: string }): Promise<StartDeviceAuthorizationCommandOutput> {
  return oidc.send(new StartDeviceAuthorizationCommand({ ...client, startUrl: TRAINING_SSO_START_URL }));
}

async function signedIn(): Promise<{ accessToken: string; refreshToken: string; client: { clientId: string; clientSecret: string } }> {
  const client = await registered();
  const device = await startDevice(client);
  sim.identity.approveDevice(device.userCode ?? '');
  const token = await oidc.send(new CreateTokenCommand({ ...client, grantType: DEVICE_GRANT, deviceCode: device.deviceCode }));
  return { accessToken: token.accessToken ?? '', refreshToken: token.refreshToken ?? '', client };
}

beforeAll(async () => {
  sim = await startSimulator({ nodes: 40, seed: 11 });
  oidc = new SSOOIDCClient({ endpoint: sim.endpoint, region: SSO_REGION, maxAttempts: 1 });
  portal = new SSOClient({ endpoint: sim.endpoint, region: SSO_REGION, maxAttempts: 1 });
  clients.push(oidc, portal);
});

afterEach(() => sim.calls.reset());

afterAll(async () => {
  for (const client of clients) client.destroy();
  await sim?.close();
});

describe('device authorization', () => {
  it('registers, waits while pending, and issues a token once the code is approved', async () => {
    const client = await registered();
    expect(client.clientId).not.toBe('');
    const announced = new Promise<string>((resolve) => {
      const off = sim.identity.onDeviceAuthorization((event) => {
        off();
        resolve(event.userCode);
      });
    });
    const device = await startDevice(client);
    expect(device.userCode).toMatch(/^[A-Z]{4}-[A-Z]{4}$/);
    expect(await announced).toBe(device.userCode);
    expect(device).toMatchObject({ verificationUri: `${sim.endpoint}/start/#/device`, expiresIn: 600, interval: 1 });
    expect(device.verificationUriComplete).toBe(`${sim.endpoint}/start/#/device?user_code=${device.userCode}`);
    expect(sim.identity.pendingDeviceCodes()).toContain(device.userCode);

    const pending = await failure(oidc.send(new CreateTokenCommand({ ...client, grantType: DEVICE_GRANT, deviceCode: device.deviceCode })));
    expect(pending).toMatchObject({ name: 'AuthorizationPendingException', status: 400, error: 'authorization_pending' });
    sim.identity.approveDevice(device.userCode ?? '');
    expect(sim.identity.pendingDeviceCodes()).not.toContain(device.userCode);
    const token = await oidc.send(new CreateTokenCommand({ ...client, grantType: DEVICE_GRANT, deviceCode: device.deviceCode }));
    expect(token).toMatchObject({ tokenType: 'Bearer', expiresIn: 28800 });
    expect(token.accessToken).toBeTruthy();
    expect(token.refreshToken).toBeTruthy();
    // A device code works once.
    const again = await failure(oidc.send(new CreateTokenCommand({ ...client, grantType: DEVICE_GRANT, deviceCode: device.deviceCode })));
    expect(again).toMatchObject({ name: 'InvalidGrantException', error: 'invalid_grant' });
    expect(sim.calls.list().map((c) => c.operation)).toEqual([
      'sso-oidc:RegisterClient',
      'sso-oidc:StartDeviceAuthorization',
      'sso-oidc:CreateToken',
      'sso-oidc:CreateToken',
      'sso-oidc:CreateToken',
    ]);
  });

  it('answers a denied code with access_denied and a wrong client or start URL with what to fix', async () => {
    const client = await registered();
    const device = await startDevice(client);
    sim.identity.denyDevice(device.userCode ?? '');
    const denied = await failure(oidc.send(new CreateTokenCommand({ ...client, grantType: DEVICE_GRANT, deviceCode: device.deviceCode })));
    expect(denied).toMatchObject({ name: 'AccessDeniedException', error: 'access_denied' });
    expect(() => sim.identity.approveDevice(device.userCode ?? '')).toThrow(/No pending device authorization/);
    const badSecret = await failure(startDevice({ clientId: client.clientId, clientSecret: 'nope' }));
    expect(badSecret).toMatchObject({ name: 'InvalidClientException', status: 401 });
    const otherStart = await failure(oidc.send(new StartDeviceAuthorizationCommand({ ...client, startUrl: 'https://example.awsapps.com/start' })));
    expect(otherStart).toMatchObject({ name: 'InvalidRequestException', status: 400 });
  });

  it('refreshes a token with the refresh token, until the tokens are revoked', async () => {
    const session = await signedIn();
    const refreshed = await oidc.send(new CreateTokenCommand({ ...session.client, grantType: 'refresh_token', refreshToken: session.refreshToken }));
    expect(refreshed.accessToken).toBeTruthy();
    expect(refreshed.accessToken).not.toBe(session.accessToken);
    const accounts = await portal.send(new ListAccountsCommand({ accessToken: refreshed.accessToken }));
    expect(accounts.accountList).toHaveLength(2);
    sim.identity.revokeSsoTokens();
    const revokedRefresh = await failure(oidc.send(new CreateTokenCommand({ ...session.client, grantType: 'refresh_token', refreshToken: session.refreshToken })));
    expect(revokedRefresh).toMatchObject({ name: 'InvalidGrantException', error: 'invalid_grant' });
    const revoked = await failure(portal.send(new ListAccountsCommand({ accessToken: refreshed.accessToken })));
    expect(revoked).toMatchObject({ name: 'UnauthorizedException', status: 401 });
  });
});

describe('portal', () => {
  it('lists the training accounts and their permission sets', async () => {
    const { accessToken } = await signedIn();
    const accounts = await portal.send(new ListAccountsCommand({ accessToken }));
    expect(accounts.accountList).toEqual(
      TRAINING_ACCOUNTS.map((a) => ({ accountId: a.accountId, accountName: a.label, emailAddress: expect.stringContaining(a.accountId) })),
    );
    const roles = await portal.send(new ListAccountRolesCommand({ accessToken, accountId: PAYMENTS }));
    expect(roles.roleList).toEqual([
      { roleName: 'ReadOnly', accountId: PAYMENTS },
      { roleName: 'Operator', accountId: PAYMENTS },
    ]);
    expect(sim.calls.count('sso:ListAccounts')).toBe(1);
    expect(sim.calls.count('sso:ListAccountRoles')).toBe(1);
  });

  it('hands out role credentials that sign SSM and STS calls in that account', async () => {
    const { accessToken } = await signedIn();
    const before = Date.now();
    const out = await portal.send(new GetRoleCredentialsCommand({ accessToken, accountId: PAYMENTS, roleName: 'ReadOnly' }));
    const role = out.roleCredentials;
    expect(role?.accessKeyId).toMatch(/^ASIA/);
    expect(role?.expiration).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 3600_000);
    const keys = { accessKeyId: role?.accessKeyId ?? '', secretAccessKey: role?.secretAccessKey ?? '', sessionToken: role?.sessionToken ?? '' };
    const stsClient = new STSClient({ endpoint: sim.endpoint, region: 'ap-southeast-2', credentials: keys, maxAttempts: 1 });
    const ssm = new SSMClient({ endpoint: sim.endpoint, region: 'ap-southeast-2', credentials: keys, maxAttempts: 1 });
    clients.push(stsClient, ssm);
    const identity = await stsClient.send(new GetCallerIdentityCommand({}));
    expect(identity.Account).toBe(PAYMENTS);
    expect(identity.Arn).toMatch(new RegExp(`^arn:aws:sts::${PAYMENTS}:assumed-role/AWSReservedSSO_ReadOnly_[0-9a-f]{16}/training-operator$`));
    const page = await ssm.send(new DescribeInstanceInformationCommand({ MaxResults: 50 }));
    expect(page.InstanceInformationList?.map((i) => i.InstanceId)).toEqual(sim.partition(PAYMENTS, 'ap-southeast-2').nodes.map((n) => n.InstanceId));
    const forbidden = await failure(portal.send(new GetRoleCredentialsCommand({ accessToken, accountId: PAYMENTS, roleName: 'Administrator' })));
    expect(forbidden).toMatchObject({ name: 'ForbiddenException', status: 403 });
  });

  it('logs out: the token stops working, others keep theirs', async () => {
    const first = await signedIn();
    const second = await signedIn();
    await portal.send(new LogoutCommand({ accessToken: first.accessToken }));
    expect(await failure(portal.send(new ListAccountsCommand({ accessToken: first.accessToken })))).toMatchObject({ name: 'UnauthorizedException' });
    const still = await portal.send(new ListAccountsCommand({ accessToken: second.accessToken }));
    expect(still.accountList).toHaveLength(2);
  });
});
