import { DescribeInstanceInformationCommand, SSMClient, paginateDescribeInstanceInformation } from '@aws-sdk/client-ssm';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { AssumeRoleCommandInput } from '@aws-sdk/client-sts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TRAINING_ACCOUNTS, mfaSerial } from '../../../../main/simulator/identity/training-accounts';
import { startSimulator } from '../../../../main/simulator/server';
import type { RunningSimulator } from '../../../../main/simulator/server';

/**
 * STS of the training fleet through @aws-sdk/client-sts: caller identity per account, AssumeRole
 * with and without MFA, refusals worded as STS words them, and temporary keys that reach another
 * account's fleet in another region until they expire.
 */

const OPERATIONS = TRAINING_ACCOUNTS[0]?.accountId ?? '';
const PAYMENTS = TRAINING_ACCOUNTS[1]?.accountId ?? '';
const OTHER_REGION = 'us-east-1';

interface Keys {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

let sim: RunningSimulator;
let clock = Date.now();
const clients: Array<{ destroy(): void }> = [];

function sts(credentials: Keys, region = sim.region): STSClient {
  const client = new STSClient({ endpoint: sim.endpoint, region, credentials, maxAttempts: 1 });
  clients.push(client);
  return client;
}

function ssm(credentials: Keys, region: string): SSMClient {
  const client = new SSMClient({ endpoint: sim.endpoint, region, credentials, maxAttempts: 1 });
  clients.push(client);
  return client;
}

function accountKeys(accountId: string): Keys {
  const account = sim.accounts.find((a) => a.accountId === accountId);
  if (!account) throw new Error(`no account ${accountId}`);
  return account.credentials;
}

async function failure(promise: Promise<unknown>): Promise<{ name: string; message: string; status: number | undefined }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode };
  }
  throw new Error('expected the call to fail');
}

async function assume(caller: Keys, input: Partial<AssumeRoleCommandInput>): Promise<Keys & { expiration: Date | undefined; arn: string | undefined }> {
  const out = await sts(caller).send(new AssumeRoleCommand({ RoleArn: '', RoleSessionName: 'nightshift', ...input }));
  const c = out.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken) throw new Error('AssumeRole returned no credentials');
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration, arn: out.AssumedRoleUser?.Arn };
}

/** A six-digit code valid in neither the current nor the previous 30-second window. */
function wrongCode(serial: string): string {
  const current = sim.identity.mfaCode(serial);
  clock -= 30_000;
  const previous = sim.identity.mfaCode(serial);
  clock += 30_000;
  let candidate = (Number(current) + 1) % 1_000_000;
  while ([current, previous].includes(String(candidate).padStart(6, '0'))) candidate = (candidate + 1) % 1_000_000;
  return String(candidate).padStart(6, '0');
}

beforeAll(async () => {
  // A settable clock that stays near real time: the SDK signs with the real clock.
  sim = await startSimulator({ nodes: 60, seed: 5, now: () => clock });
});

afterEach(() => {
  sim.calls.reset();
  clock = Date.now();
});

afterAll(async () => {
  for (const client of clients) client.destroy();
  await sim?.close();
});

describe('GetCallerIdentity', () => {
  it('names the training user of each account by its long-term key', async () => {
    for (const accountId of [OPERATIONS, PAYMENTS]) {
      const identity = await sts(accountKeys(accountId)).send(new GetCallerIdentityCommand({}));
      expect(identity.Account).toBe(accountId);
      expect(identity.Arn).toBe(`arn:aws:iam::${accountId}:user/training-operator`);
      expect(identity.UserId).toMatch(/^AIDA[A-Z2-7]{17}$/);
    }
    expect(sim.calls.count('sts:GetCallerIdentity')).toBe(2);
    expect(sim.calls.list().every((c) => c.status === 200 && c.region === sim.region)).toBe(true);
  });

  it('refuses an unknown key and a wrong secret as STS does (403)', async () => {
    const unknown = await failure(sts({ accessKeyId: 'AKIANOTATRAININGKEY', secretAccessKey: 'x' }).send(new GetCallerIdentityCommand({})));
    expect(unknown).toMatchObject({ name: 'InvalidClientTokenId', status: 403, message: 'The security token included in the request is invalid.' });
    const keys = accountKeys(OPERATIONS);
    const wrong = await failure(sts({ accessKeyId: keys.accessKeyId, secretAccessKey: `${keys.secretAccessKey}x` }).send(new GetCallerIdentityCommand({})));
    expect(wrong).toMatchObject({ name: 'SignatureDoesNotMatch', status: 403 });
  });
});

describe('AssumeRole', () => {
  it('gives CapstanReadOnly without MFA: temporary keys whose caller is the assumed role', async () => {
    const roleArn = `arn:aws:iam::${OPERATIONS}:role/CapstanReadOnly`;
    const keys = await assume(accountKeys(OPERATIONS), { RoleArn: roleArn, DurationSeconds: 900 });
    expect(keys.accessKeyId).toMatch(/^ASIA/);
    expect(keys.arn).toBe(`arn:aws:sts::${OPERATIONS}:assumed-role/CapstanReadOnly/nightshift`);
    expect(keys.expiration?.getTime()).toBe(Math.floor(clock / 1000) * 1000 + 900_000);
    const identity = await sts(keys).send(new GetCallerIdentityCommand({}));
    expect(identity).toMatchObject({ Account: OPERATIONS, Arn: keys.arn });
    expect(identity.UserId).toMatch(/^AROA[A-Z2-7]{17}:nightshift$/);
  });

  it('demands MFA for CapstanOperator and checks the code', async () => {
    const caller = accountKeys(OPERATIONS);
    const roleArn = `arn:aws:iam::${OPERATIONS}:role/CapstanOperator`;
    const serial = mfaSerial(OPERATIONS);
    const noMfa = await failure(assume(caller, { RoleArn: roleArn }));
    expect(noMfa).toMatchObject({ name: 'AccessDenied', status: 403 });
    expect(noMfa.message).toBe(`User: arn:aws:iam::${OPERATIONS}:user/training-operator is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`);
    const wrong = await failure(assume(caller, { RoleArn: roleArn, SerialNumber: serial, TokenCode: wrongCode(serial) }));
    expect(wrong).toMatchObject({ name: 'AccessDenied', message: 'MultiFactorAuthentication failed with invalid MFA one time pass code.' });
    const missing = await failure(assume(caller, { RoleArn: roleArn, SerialNumber: serial }));
    expect(missing.message).toBe('MultiFactorAuthentication failed with invalid MFA one time pass code.');
    const keys = await assume(caller, { RoleArn: roleArn, SerialNumber: serial, TokenCode: sim.identity.mfaCode(serial) });
    expect(keys.arn).toBe(`arn:aws:sts::${OPERATIONS}:assumed-role/CapstanOperator/nightshift`);
    expect(sim.calls.list().map((c) => c.errorCode)).toEqual(['AccessDenied', 'AccessDenied', 'AccessDenied', undefined]);
  });

  it('refuses CapstanDenied, unknown accounts and malformed input with what to fix', async () => {
    const caller = accountKeys(PAYMENTS);
    const denied = await failure(assume(caller, { RoleArn: `arn:aws:iam::${PAYMENTS}:role/CapstanDenied` }));
    expect(denied).toMatchObject({ name: 'AccessDenied', status: 403 });
    const foreign = await failure(assume(caller, { RoleArn: 'arn:aws:iam::999999999999:role/CapstanReadOnly' }));
    expect(foreign.name).toBe('AccessDenied');
    const short = await failure(assume(caller, { RoleArn: `arn:aws:iam::${PAYMENTS}:role/CapstanReadOnly`, DurationSeconds: 60 }));
    expect(short).toMatchObject({ name: 'ValidationError', status: 400 });
    expect(short.message).toContain("at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900");
    const badArn = await failure(assume(caller, { RoleArn: 'CapstanReadOnly' }));
    expect(badArn.message).toContain("Value 'CapstanReadOnly' at 'roleArn'");
    const wrongDevice = await failure(
      assume(caller, { RoleArn: `arn:aws:iam::${PAYMENTS}:role/CapstanOperator`, SerialNumber: mfaSerial(OPERATIONS), TokenCode: sim.identity.mfaCode(mfaSerial(OPERATIONS)) }),
    );
    expect(wrongDevice.message).toContain('verify your MFA serial number is valid and associated with this user');
  });

  it('crosses accounts: keys from Operations reach the Payments fleet in another region, and only it', async () => {
    const keys = await assume(accountKeys(OPERATIONS), { RoleArn: `arn:aws:iam::${PAYMENTS}:role/CapstanReadOnly` });
    const ids: string[] = [];
    for await (const page of paginateDescribeInstanceInformation({ client: ssm(keys, OTHER_REGION), pageSize: 50 }, {})) {
      ids.push(...(page.InstanceInformationList ?? []).map((i) => i.InstanceId ?? ''));
    }
    const partition = sim.partition(PAYMENTS, OTHER_REGION);
    expect(ids).toEqual(partition.nodes.map((n) => n.InstanceId));
    expect(ids).toHaveLength(Math.max(10, Math.round(60 / 5)));
    const primaryIds = new Set(sim.nodes.map((n) => n.InstanceId));
    expect(ids.filter((id) => primaryIds.has(id))).toEqual([]);
    // The primary fleet is still what its own account sees in its own region.
    const own = await ssm(accountKeys(OPERATIONS), sim.region).send(new DescribeInstanceInformationCommand({ MaxResults: 50 }));
    expect(own.InstanceInformationList?.map((i) => i.InstanceId)).toEqual(sim.nodes.slice(0, 50).map((n) => n.InstanceId));
  });

  it('expired temporary keys fail with ExpiredTokenException (SSM) and ExpiredToken (STS); a wrong token is unrecognised', async () => {
    const keys = await assume(accountKeys(PAYMENTS), { RoleArn: `arn:aws:iam::${PAYMENTS}:role/CapstanReadOnly` });
    const client = ssm(keys, sim.region);
    await client.send(new DescribeInstanceInformationCommand({ MaxResults: 5 }));
    const wrongToken = await failure(ssm({ ...keys, sessionToken: `${keys.sessionToken ?? ''}x` }, sim.region).send(new DescribeInstanceInformationCommand({})));
    expect(wrongToken).toMatchObject({ name: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' });
    const noToken = await failure(ssm({ accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey }, sim.region).send(new DescribeInstanceInformationCommand({})));
    expect(noToken.name).toBe('UnrecognizedClientException');
    sim.identity.expireTemporaryCredentials();
    const expired = await failure(client.send(new DescribeInstanceInformationCommand({ MaxResults: 5 })));
    expect(expired).toMatchObject({ name: 'ExpiredTokenException', message: 'The security token included in the request is expired' });
    const stsExpired = await failure(sts(keys).send(new GetCallerIdentityCommand({})));
    expect(stsExpired).toMatchObject({ name: 'ExpiredToken', status: 403 });
  });

  it('limits role chaining to one hour', async () => {
    const first = await assume(accountKeys(OPERATIONS), { RoleArn: `arn:aws:iam::${OPERATIONS}:role/CapstanReadOnly` });
    const chained = await failure(assume(first, { RoleArn: `arn:aws:iam::${PAYMENTS}:role/CapstanReadOnly`, DurationSeconds: 7200 }));
    expect(chained.message).toBe('The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.');
    const ok = await assume(first, { RoleArn: `arn:aws:iam::${PAYMENTS}:role/CapstanReadOnly` });
    expect(ok.arn).toBe(`arn:aws:sts::${PAYMENTS}:assumed-role/CapstanReadOnly/nightshift`);
  });
});
