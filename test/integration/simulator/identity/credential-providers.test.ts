import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromIni } from '@aws-sdk/credential-providers';
import { CreateTokenCommand, RegisterClientCommand, SSOOIDCClient, StartDeviceAuthorizationCommand } from '@aws-sdk/client-sso-oidc';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRAINING_ACCOUNTS, TRAINING_SSO_START_URL, mfaSerial } from '../../../../main/simulator/identity/training-accounts';
import { startSimulator } from '../../../../main/simulator/server';
import type { RunningSimulator } from '../../../../main/simulator/server';

/**
 * The provider chain Capstan builds on (@aws-sdk/credential-providers) against the training
 * fleet, from real-shaped config files: a role_arn + source_profile + mfa_serial chain, and an
 * sso_session profile whose token sits in the CLI's cache (expired, so the provider refreshes it).
 */

const OPERATIONS = TRAINING_ACCOUNTS[0]?.accountId ?? '';
const PAYMENTS = TRAINING_ACCOUNTS[1]?.accountId ?? '';
const SSO_REGION = 'ap-southeast-1';

let sim: RunningSimulator;
let home: string;
const savedEnv = { HOME: process.env.HOME, AWS_CONFIG_FILE: process.env.AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE: process.env.AWS_SHARED_CREDENTIALS_FILE };
let configFile: string;
let credentialsFile: string;

async function callerOf(credentials: AwsCredentialIdentity): Promise<{ Account?: string; Arn?: string }> {
  const sts = new STSClient({ endpoint: sim.endpoint, region: sim.region, credentials, maxAttempts: 1 });
  try {
    return await sts.send(new GetCallerIdentityCommand({}));
  } finally {
    sts.destroy();
  }
}

/** Signs in through the device flow and writes the token where the AWS CLI would. */
async function cacheSsoToken(sessionName: string, expiresAt: Date): Promise<void> {
  const oidc = new SSOOIDCClient({ endpoint: sim.endpoint, region: SSO_REGION, maxAttempts: 1 });
  try {
    const client = await oidc.send(new RegisterClientCommand({ clientName: 'provider-test', clientType: 'public' }));
    const creds = { clientId: client.clientId ?? '', clientSecret: client.clientSecret ?? '' };
    const device = await oidc.send(new StartDeviceAuthorizationCommand({ ...creds, startUrl: TRAINING_SSO_START_URL }));
    sim.identity.approveDevice(device.userCode ?? '');
    const token = await oidc.send(new CreateTokenCommand({ ...creds, grantType: 'urn:ietf:params:oauth:grant-type:device_code', deviceCode: device.deviceCode }));
    const dir = join(home, '.aws', 'sso', 'cache');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${createHash('sha1').update(sessionName).digest('hex')}.json`);
    const registrationExpiresAt = new Date((client.clientSecretExpiresAt ?? 0) * 1000).toISOString();
    writeFileSync(
      file,
      JSON.stringify({
        startUrl: TRAINING_SSO_START_URL,
        region: SSO_REGION,
        accessToken: token.accessToken,
        expiresAt: expiresAt.toISOString(),
        clientId: creds.clientId,
        clientSecret: creds.clientSecret,
        registrationExpiresAt,
        refreshToken: token.refreshToken,
      }),
    );
  } finally {
    oidc.destroy();
  }
}

beforeAll(async () => {
  sim = await startSimulator({ nodes: 10 });
  home = mkdtempSync(join(tmpdir(), 'capstan-providers-'));
  // The SSO token cache lives under the home folder; point it at a scratch one.
  process.env.HOME = home;
  const base = sim.accounts.find((a) => a.accountId === OPERATIONS)?.credentials;
  credentialsFile = join(home, 'credentials');
  configFile = join(home, 'config');
  writeFileSync(credentialsFile, `# training operator\n[base]\naws_access_key_id = ${base?.accessKeyId}\naws_secret_access_key   =  ${base?.secretAccessKey}\n`);
  writeFileSync(
    configFile,
    [
      '[profile payments-operator]',
      `role_arn = arn:aws:iam::${PAYMENTS}:role/CapstanOperator`,
      'source_profile = base',
      `mfa_serial = ${mfaSerial(OPERATIONS)}`,
      'role_session_name = capstan-night',
      '',
      '[profile payments-sso]',
      'sso_session = training',
      `sso_account_id = ${PAYMENTS}`,
      'sso_role_name = Operator',
      `region = ${sim.region}`,
      '',
      '[sso-session training]',
      `sso_start_url = ${TRAINING_SSO_START_URL}`,
      `sso_region = ${SSO_REGION}`,
      '',
    ].join('\n'),
  );
  // fromIni hands an SSO profile to fromSSO without its filepath/configFilepath options, and
  // fromSSO reads the default files: only the environment variables reach it.
  process.env.AWS_CONFIG_FILE = configFile;
  process.env.AWS_SHARED_CREDENTIALS_FILE = credentialsFile;
});

afterAll(async () => {
  for (const [name, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await sim?.close();
  rmSync(home, { recursive: true, force: true });
});

describe('@aws-sdk/credential-providers against the training fleet', () => {
  it('resolves a role chain with MFA: the code is asked for the profile’s device and checked by STS', async () => {
    const asked: string[] = [];
    const provider = fromIni({
      profile: 'payments-operator',
      filepath: credentialsFile,
      configFilepath: configFile,
      clientConfig: { endpoint: sim.endpoint, region: sim.region },
      mfaCodeProvider: async (serial) => {
        asked.push(serial);
        return sim.identity.mfaCode(serial);
      },
    });
    const credentials = await provider();
    expect(asked).toEqual([mfaSerial(OPERATIONS)]);
    expect(credentials.sessionToken).toBeTruthy();
    expect(credentials.expiration?.getTime()).toBeGreaterThan(Date.now());
    expect(await callerOf(credentials)).toMatchObject({ Account: PAYMENTS, Arn: `arn:aws:sts::${PAYMENTS}:assumed-role/CapstanOperator/capstan-night` });
    expect(sim.calls.list().find((c) => c.operation === 'sts:AssumeRole')).toMatchObject({ status: 200 });
  });

  it('fails a wrong MFA code with STS’s message', async () => {
    const provider = fromIni({
      profile: 'payments-operator',
      filepath: credentialsFile,
      configFilepath: configFile,
      clientConfig: { endpoint: sim.endpoint, region: sim.region, maxAttempts: 1 },
      mfaCodeProvider: async (serial) => String((Number(sim.identity.mfaCode(serial)) + 500_000) % 1_000_000).padStart(6, '0'),
    });
    await expect(provider()).rejects.toThrow('MultiFactorAuthentication failed with invalid MFA one time pass code.');
  });

  it('resolves an sso_session profile from the CLI token cache, refreshing an expired token first', async () => {
    await cacheSsoToken('training', new Date(Date.now() - 60_000));
    sim.calls.reset();
    const provider = fromIni({ profile: 'payments-sso', filepath: credentialsFile, configFilepath: configFile, clientConfig: { endpoint: sim.endpoint } });
    const credentials = await provider();
    expect(sim.calls.list().map((c) => [c.operation, c.status])).toEqual([
      ['sso-oidc:CreateToken', 200],
      ['sso:GetRoleCredentials', 200],
    ]);
    const caller = await callerOf(credentials);
    expect(caller.Account).toBe(PAYMENTS);
    expect(caller.Arn).toMatch(/assumed-role\/AWSReservedSSO_Operator_[0-9a-f]{16}\/training-operator$/);
  });
});
