import { DescribeInstanceInformationCommand } from '@aws-sdk/client-ssm';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AwsClientFactory } from '../../../main/aws/client-factory';
import { credentialProviderFor } from '../../../main/aws/credentials';
import { AwsError } from '../../../main/errors/app-error';
import { startSimulator, type RunningSimulator } from '../../../main/simulator/server';

const OPS = '111122223333';
const PAYMENTS = '444455556666';
const SERIAL = `arn:aws:iam::${OPS}:mfa/training-operator`;

let sim: RunningSimulator;
let dir: string;
let env: NodeJS.ProcessEnv;
let prompts: string[];
let factory: AwsClientFactory;
let code: (serial: string) => string;

beforeAll(async () => {
  sim = await startSimulator({ nodes: 50, partitionNodes: 12 });
  dir = mkdtempSync(join(tmpdir(), 'capstan-assume-role-'));
  const keys = sim.accounts.find((a) => a.accountId === OPS)!.credentials;
  writeFileSync(
    join(dir, 'credentials'),
    ['[base]', `aws_access_key_id = ${keys.accessKeyId}`, `aws_secret_access_key = ${keys.secretAccessKey}`].join('\n'),
  );
  const role = (name: string, extra: string[] = []) => [
    `[profile ${name}]`,
    'source_profile = base',
    'region = eu-west-1',
    `endpoint_url = ${sim.endpoint}`,
    ...extra,
  ];
  writeFileSync(
    join(dir, 'config'),
    [
      '[profile base]',
      'region = eu-west-1',
      `endpoint_url = ${sim.endpoint}`,
      ...role('payments-operator', [`role_arn = arn:aws:iam::${PAYMENTS}:role/CapstanOperator`, `mfa_serial = ${SERIAL}`]),
      ...role('payments-denied', [`role_arn = arn:aws:iam::${PAYMENTS}:role/CapstanDenied`]),
      ...role('short', [`role_arn = arn:aws:iam::${PAYMENTS}:role/CapstanReadOnly`, 'duration_seconds = 900']),
      // A two-step chain: the read-only role is assumed with the operator role's keys.
      '[profile chained]',
      'source_profile = payments-operator',
      `role_arn = arn:aws:iam::${OPS}:role/CapstanReadOnly`,
      'region = eu-west-1',
      `endpoint_url = ${sim.endpoint}`,
    ].join('\n'),
  );
  env = { HOME: dir, AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials') };
});

afterAll(async () => {
  factory?.destroy();
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  factory?.destroy();
  prompts = [];
  code = (serial) => sim.identity.mfaCode(serial);
  factory = new AwsClientFactory({
    env,
    askMfaCode: async (profile, serial) => {
      prompts.push(`${profile} ${serial}`);
      return code(serial);
    },
  });
  sim.calls.reset();
});

describe('assume-role with MFA against the training fleet', () => {
  it('asks for the MFA code once and lists the other account\'s fleet with the role\'s keys', async () => {
    const identity = await factory.callerIdentity('payments-operator', 'eu-west-1');
    expect(identity.account).toBe(PAYMENTS);
    expect(identity.arn).toMatch(new RegExp(`^arn:aws:sts::${PAYMENTS}:assumed-role/CapstanOperator/`));
    const ssm = await factory.ssm('payments-operator', 'eu-west-1');
    const page = await ssm.send(new DescribeInstanceInformationCommand({ MaxResults: 50 }));
    expect(page.InstanceInformationList).toHaveLength(12);
    expect(prompts).toEqual([`payments-operator ${SERIAL}`]);
    expect(sim.calls.count('sts:AssumeRole')).toBe(1);
  });

  it('shares one MFA prompt and one AssumeRole among concurrent callers', async () => {
    const [ssm, kms] = await Promise.all([factory.ssm('payments-operator', 'eu-west-1'), factory.kms('payments-operator', 'eu-west-1')]);
    await Promise.all([
      ssm.send(new DescribeInstanceInformationCommand({})),
      ssm.send(new DescribeInstanceInformationCommand({})),
      factory.callerIdentity('payments-operator', 'eu-west-1'),
      kms.config.credentials(),
    ]);
    expect(prompts).toHaveLength(1);
    expect(sim.calls.count('sts:AssumeRole')).toBe(1);
  });

  it('resolves a role chain through the MFA role', async () => {
    const identity = await factory.callerIdentity('chained', 'eu-west-1');
    expect(identity.arn).toMatch(new RegExp(`^arn:aws:sts::${OPS}:assumed-role/CapstanReadOnly/`));
    expect(prompts).toHaveLength(1);
    expect(sim.calls.count('sts:AssumeRole')).toBe(2);
  });

  it('names the profile and says what to do when the MFA code is wrong', async () => {
    code = (serial) => String((Number(sim.identity.mfaCode(serial)) + 1) % 1_000_000).padStart(6, '0');
    const error = await factory.callerIdentity('payments-operator', 'eu-west-1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsError);
    expect(error).toMatchObject({ code: 'MfaCodeRefused', kind: 'credentials' });
    expect((error as AwsError).message).toContain('Profile "payments-operator"');
    expect((error as AwsError).hint).toContain('six-digit code');
  });

  it('refuses a code that is not six digits before asking AWS', async () => {
    code = () => '12 34';
    const error = (await factory.callerIdentity('payments-operator', 'eu-west-1').catch((e: unknown) => e)) as AwsError;
    expect(error.code).toBe('MfaCodeRefused');
    expect(error.message).toContain('must be six digits');
    expect(sim.calls.count('sts:AssumeRole')).toBe(0);
  });

  it('reports a denied AssumeRole with the profile and without any secret', async () => {
    const error = (await factory.callerIdentity('payments-denied', 'eu-west-1').catch((e: unknown) => e)) as AwsError;
    expect(error.code).toBe('AssumeRoleDenied');
    expect(error.message).toContain('Profile "payments-denied"');
    const keys = sim.accounts.find((a) => a.accountId === OPS)!.credentials;
    expect(JSON.stringify(error.toInfo())).not.toContain(keys.secretAccessKey);
  });

  it('gets new role keys for a long-lived client after they were revoked, asking for the MFA code again', async () => {
    const ssm = await factory.ssm('payments-operator', 'eu-west-1', { maxAttempts: 1 });
    await ssm.send(new DescribeInstanceInformationCommand({}));
    sim.identity.expireTemporaryCredentials();
    const expired = await ssm.send(new DescribeInstanceInformationCommand({})).catch((e: unknown) => e);
    expect(expired).toMatchObject({ name: 'ExpiredTokenException' });
    await factory.invalidateCredentials('payments-operator');
    await expect(ssm.send(new DescribeInstanceInformationCommand({}))).resolves.toMatchObject({ InstanceInformationList: expect.any(Array) });
    expect(prompts).toHaveLength(2);
  });

  it('renews a 15-minute role key in the background five minutes before it expires, not earlier', async () => {
    let skewMs = 0;
    const provider = credentialProviderFor('short', {
      env,
      askMfaCode: () => Promise.reject(new Error('no MFA on this role')),
      clientConfig: { region: 'eu-west-1', stsEndpoint: sim.endpoint },
      now: () => Date.now() + skewMs,
    });
    const first = await provider();
    expect(first.expiration!.getTime() - Date.now()).toBeGreaterThan(14 * 60_000);
    skewMs = 9 * 60_000; // 6 minutes left: still good
    expect(await provider()).toBe(first);
    skewMs = 10.5 * 60_000; // 4.5 minutes left: renew in the background, calls go on with the current keys
    expect(await provider()).toBe(first);
    await provider.refreshing();
    const second = await provider();
    expect(second.accessKeyId).not.toBe(first.accessKeyId);
    expect(sim.calls.count('sts:AssumeRole')).toBe(2);
  });
});
