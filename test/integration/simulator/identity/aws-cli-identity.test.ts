import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TRAINING_ACCOUNTS, TRAINING_SSO_START_URL, mfaSerial } from '../../../../main/simulator/identity/training-accounts';
import { startSimulator } from '../../../../main/simulator/server';
import type { RunningSimulator } from '../../../../main/simulator/server';
import { botocoreDataPath } from './botocore-endpoints';

/**
 * Conformance of the identity side with Debian's AWS CLI v2 (botocore): its query-protocol STS
 * client, its MFA prompt arguments, and `aws sso login`'s device flow and token cache. CLI 2.9
 * has no endpoint_url for SSO, so the SSO OIDC and portal clients are pointed at the simulator
 * through AWS_DATA_PATH endpoint rule sets (botocore-endpoints.ts).
 */

const AWS = '/usr/bin/aws';
const HAVE_CLI = existsSync(AWS);
// On CI a missing CLI is a broken machine, not a reason to skip.
const SKIP = !HAVE_CLI && !process.env.CI;
const OPERATIONS = TRAINING_ACCOUNTS[0]?.accountId ?? '';
const PAYMENTS = TRAINING_ACCOUNTS[1]?.accountId ?? '';

interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

interface Keys {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

let sim: RunningSimulator;
let home: string;

function baseEnv(): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: home, LANG: 'C.UTF-8', AWS_PAGER: '', AWS_EC2_METADATA_DISABLED: 'true', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' };
}

function aws(args: string[], keys: Keys, region = sim.region): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = {
    ...baseEnv(),
    AWS_CONFIG_FILE: '/dev/null',
    AWS_ACCESS_KEY_ID: keys.accessKeyId,
    AWS_SECRET_ACCESS_KEY: keys.secretAccessKey,
    ...(keys.sessionToken ? { AWS_SESSION_TOKEN: keys.sessionToken } : {}),
  };
  return run([...args, '--endpoint-url', sim.endpoint, '--region', region, '--output', 'json'], env);
}

function run(args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(AWS, args, { env, cwd: home, timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

function keysOf(accountId: string): Keys {
  const account = sim.accounts.find((a) => a.accountId === accountId);
  if (!account) throw new Error(`no account ${accountId}`);
  return account.credentials;
}

describe.skipIf(SKIP)('AWS CLI against the identity side', () => {
  beforeAll(async () => {
    if (!HAVE_CLI) throw new Error(`${AWS} is missing: install Debian's awscli (apt-get install -y awscli).`);
    home = mkdtempSync(join(tmpdir(), 'capstan-aws-cli-identity-'));
    sim = await startSimulator({ nodes: 50, seed: 17 });
  });

  afterEach(() => sim.calls.reset());

  afterAll(async () => {
    await sim?.close();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('sts get-caller-identity names each account by its key', async () => {
    for (const accountId of [OPERATIONS, PAYMENTS]) {
      const result = await aws(['sts', 'get-caller-identity'], keysOf(accountId));
      expect(result.stderr).toBe('');
      expect(JSON.parse(result.stdout)).toMatchObject({ Account: accountId, Arn: `arn:aws:iam::${accountId}:user/training-operator` });
    }
    expect(sim.calls.list().map((c) => [c.operation, c.status])).toEqual([
      ['sts:GetCallerIdentity', 200],
      ['sts:GetCallerIdentity', 200],
    ]);
  });

  it('sts assume-role with --serial-number --token-code, and the keys reach the other account in another region', async () => {
    const serial = mfaSerial(OPERATIONS);
    const roleArn = `arn:aws:iam::${PAYMENTS}:role/CapstanOperator`;
    const result = await aws(
      ['sts', 'assume-role', '--role-arn', roleArn, '--role-session-name', 'cli-night', '--serial-number', serial, '--token-code', sim.identity.mfaCode(serial)],
      keysOf(OPERATIONS),
    );
    expect(result.stderr).toBe('');
    const out = JSON.parse(result.stdout) as { Credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string; Expiration: string }; AssumedRoleUser: { Arn: string } };
    expect(out.AssumedRoleUser.Arn).toBe(`arn:aws:sts::${PAYMENTS}:assumed-role/CapstanOperator/cli-night`);
    expect(Date.parse(out.Credentials.Expiration)).toBeGreaterThan(Date.now());
    const keys = { accessKeyId: out.Credentials.AccessKeyId, secretAccessKey: out.Credentials.SecretAccessKey, sessionToken: out.Credentials.SessionToken };
    const listed = await aws(['ssm', 'describe-instance-information', '--query', 'InstanceInformationList[].InstanceId'], keys, 'us-west-2');
    expect(listed.stderr).toBe('');
    expect(JSON.parse(listed.stdout)).toEqual(sim.partition(PAYMENTS, 'us-west-2').nodes.map((n) => n.InstanceId));

    const wrong = await aws(
      ['sts', 'assume-role', '--role-arn', roleArn, '--role-session-name', 'cli-night', '--serial-number', serial, '--token-code', '00000a'],
      keysOf(OPERATIONS),
    );
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toContain('(ValidationError)');
    const denied = await aws(['sts', 'assume-role', '--role-arn', `arn:aws:iam::${PAYMENTS}:role/CapstanDenied`, '--role-session-name', 'x1'], keysOf(OPERATIONS));
    expect(denied.stderr).toContain('An error occurred (AccessDenied) when calling the AssumeRole operation: User: arn:aws:iam::111122223333:user/training-operator is not authorized');
  });

  it('sso login --no-browser: the code it prints is approved, the token cache is written, the profile works', async () => {
    const dataPath = botocoreDataPath(join(home, 'botocore-data'), sim.endpoint);
    const configFile = join(home, 'sso-config');
    writeFileSync(
      configFile,
      [
        '[profile training-sso]',
        'sso_session = training',
        `sso_account_id = ${PAYMENTS}`,
        'sso_role_name = ReadOnly',
        `region = ${sim.region}`,
        '',
        '[sso-session training]',
        `sso_start_url = ${TRAINING_SSO_START_URL}`,
        'sso_region = eu-central-1',
        'sso_registration_scopes = sso:account:access',
        '',
      ].join('\n'),
    );
    const env = { ...baseEnv(), AWS_CONFIG_FILE: configFile, AWS_DATA_PATH: dataPath };
    const announced = new Promise<string>((resolve) => {
      const off = sim.identity.onDeviceAuthorization((event) => {
        off();
        resolve(event.userCode);
      });
    });
    const login = spawn(AWS, ['sso', 'login', '--no-browser', '--profile', 'training-sso'], { env, cwd: home });
    let stdout = '';
    let stderr = '';
    login.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const printed = new Promise<string>((resolve) => {
      login.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString('utf8');
        const code = /Then enter the code:\s+([A-Z]{4}-[A-Z]{4})/.exec(stdout)?.[1];
        if (code) resolve(code);
      });
    });
    const exited = new Promise<number | null>((resolve) => login.on('close', resolve));
    const userCode = await printed;
    expect(await announced).toBe(userCode);
    expect(stdout).toContain(`${sim.endpoint}/start/#/device?user_code=${userCode}`);
    sim.identity.approveDevice(userCode);
    expect(await exited).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toContain(`Successfully logged into Start URL: ${TRAINING_SSO_START_URL}`);

    // botocore keys an sso-session's token by sha1(session name), as Capstan must when sharing it.
    const cacheFile = join(home, '.aws', 'sso', 'cache', `${createHash('sha1').update('training').digest('hex')}.json`);
    const cached = JSON.parse(readFileSync(cacheFile, 'utf8')) as Record<string, string>;
    expect(cached).toMatchObject({ startUrl: TRAINING_SSO_START_URL, region: 'eu-central-1' });
    expect(Object.keys(cached).sort()).toEqual(['accessToken', 'clientId', 'clientSecret', 'expiresAt', 'refreshToken', 'region', 'registrationExpiresAt', 'startUrl']);
    expect(Date.parse(cached.expiresAt ?? '')).toBeGreaterThan(Date.now() + 7 * 3600_000);

    const identity = await run(['sts', 'get-caller-identity', '--profile', 'training-sso', '--endpoint-url', sim.endpoint, '--output', 'json'], env);
    expect(identity.stderr).toBe('');
    expect(JSON.parse(identity.stdout)).toMatchObject({ Account: PAYMENTS, Arn: expect.stringMatching(/assumed-role\/AWSReservedSSO_ReadOnly_[0-9a-f]{16}\/training-operator$/) });
    expect(sim.calls.count('sso:GetRoleCredentials')).toBe(1);

    sim.identity.revokeSsoTokens();
    // The CLI caches role credentials under ~/.aws/cli; without them it must ask the portal again.
    rmSync(join(home, '.aws', 'cli'), { recursive: true, force: true });
    sim.calls.reset();
    const revoked = await run(['sts', 'get-caller-identity', '--profile', 'training-sso', '--endpoint-url', sim.endpoint, '--output', 'json'], env);
    expect(revoked.code).not.toBe(0);
    expect(revoked.stderr).toContain('The SSO session associated with this profile has expired or is otherwise invalid.');
    expect(sim.calls.list()).toContainEqual(expect.objectContaining({ operation: 'sso:GetRoleCredentials', status: 401, errorCode: 'UnauthorizedException' }));
  });
});
