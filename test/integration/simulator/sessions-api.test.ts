import { DecryptCommand, GenerateDataKeyCommand, InvalidCiphertextException, KMSClient, NotFoundException } from '@aws-sdk/client-kms';
import {
  DescribeSessionsCommand,
  DoesNotExistException,
  InvalidDocument,
  InvalidFilterKey,
  ResumeSessionCommand,
  SSMClient,
  StartSessionCommand,
  TargetNotConnected,
  TerminateSessionCommand,
  ValidationException,
  paginateDescribeSessions,
} from '@aws-sdk/client-ssm';
import type { Session } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../../main/simulator/server';
import type { RunningSimulator } from '../../../main/simulator/server';
import { rawRequest } from './signed-request';

/**
 * StartSession, ResumeSession, TerminateSession, DescribeSessions and KMS GenerateDataKey/Decrypt
 * through the real JS SDK clients, as the console calls them. No data channel is opened here
 * (sessions-agent.test.ts does that), so no shell is started.
 */

let sim: RunningSimulator;
let ssm: SSMClient;
let kms: KMSClient;
let online: string;
let offline: string;

beforeAll(async () => {
  sim = await startSimulator({ nodes: 60, seed: 11 });
  const credentials = { accessKeyId: sim.credentials.accessKeyId, secretAccessKey: sim.credentials.secretAccessKey };
  ssm = new SSMClient({ endpoint: sim.endpoint, region: sim.region, credentials, maxAttempts: 1 });
  kms = new KMSClient({ endpoint: sim.endpoint, region: sim.region, credentials, maxAttempts: 1 });
  online = sim.nodes.find((n) => n.info.PingStatus === 'Online')?.InstanceId ?? '';
  offline = sim.nodes.find((n) => n.info.PingStatus !== 'Online')?.InstanceId ?? '';
  expect(online).not.toBe('');
  expect(offline).not.toBe('');
});

afterAll(async () => {
  ssm.destroy();
  kms.destroy();
  await sim.close();
});

async function failure(promise: Promise<unknown>): Promise<Error & { name: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail');
}

describe('StartSession', () => {
  it('returns an AWS-shaped SessionId, a token and a ws:// StreamUrl on loopback', async () => {
    const out = await ssm.send(new StartSessionCommand({ Target: online, Reason: 'training' }));
    expect(out.SessionId).toMatch(/^training-operator-[0-9a-f]{17}$/);
    expect(out.TokenValue?.length).toBeGreaterThan(0);
    expect(out.TokenValue?.length).toBeLessThanOrEqual(300);
    expect(out.StreamUrl).toMatch(
      new RegExp(`^ws://127\\.0\\.0\\.1:${sim.port}/v1/data-channel/${out.SessionId}\\?role=publish_subscribe&cell-number=[A-Za-z0-9+/=]+$`),
    );
    const active = await ssm.send(new DescribeSessionsCommand({ State: 'Active', Filters: [{ key: 'SessionId', value: out.SessionId }] }));
    expect(active.Sessions).toHaveLength(1);
    expect(active.Sessions?.[0]).toMatchObject({
      SessionId: out.SessionId,
      Target: online,
      Status: 'Connecting',
      Owner: `arn:aws:iam::${sim.accountId}:user/training-operator`,
      Reason: 'training',
      DocumentName: 'SSM-SessionManagerRunShell',
    });
    expect(active.Sessions?.[0]?.StartDate).toBeInstanceOf(Date);
  });

  it('refuses an offline node and an unknown node with TargetNotConnected', async () => {
    const off = await failure(ssm.send(new StartSessionCommand({ Target: offline })));
    expect(off).toBeInstanceOf(TargetNotConnected);
    expect(off.message).toBe(`${offline} is not connected.`);
    const unknown = await failure(ssm.send(new StartSessionCommand({ Target: 'i-0123456789abcdef0' })));
    expect(unknown).toBeInstanceOf(TargetNotConnected);
  });

  it('follows the node when it goes offline', async () => {
    const node = sim.nodes.filter((n) => n.info.PingStatus === 'Online')[1]?.InstanceId ?? '';
    sim.setNodePing(node, 'ConnectionLost');
    expect(await failure(ssm.send(new StartSessionCommand({ Target: node })))).toBeInstanceOf(TargetNotConnected);
    sim.setNodePing(node, 'Online');
    await ssm.send(new StartSessionCommand({ Target: node }));
  });

  it('validates like the service and refuses documents the training fleet cannot run', async () => {
    const missing = await failure(ssm.send(new StartSessionCommand({ Target: undefined as unknown as string })));
    expect(missing).toBeInstanceOf(ValidationException);
    expect(missing.message).toBe("1 validation error detected: Value null at 'target' failed to satisfy constraint: Member must not be null");
    const port = await failure(ssm.send(new StartSessionCommand({ Target: online, DocumentName: 'AWS-StartPortForwardingSession' })));
    expect(port).toBeInstanceOf(InvalidDocument);
  });
});

describe('ResumeSession and TerminateSession', () => {
  it('rotates the token on every resume; a terminated session cannot be resumed', async () => {
    const started = await ssm.send(new StartSessionCommand({ Target: online }));
    const first = await ssm.send(new ResumeSessionCommand({ SessionId: started.SessionId }));
    const second = await ssm.send(new ResumeSessionCommand({ SessionId: started.SessionId }));
    expect(new Set([started.TokenValue, first.TokenValue, second.TokenValue]).size).toBe(3);
    expect(second.StreamUrl).toBe(started.StreamUrl);
    const ended = await ssm.send(new TerminateSessionCommand({ SessionId: started.SessionId }));
    expect(ended.SessionId).toBe(started.SessionId);
    expect(await failure(ssm.send(new ResumeSessionCommand({ SessionId: started.SessionId })))).toBeInstanceOf(DoesNotExistException);
    expect(await failure(ssm.send(new ResumeSessionCommand({ SessionId: 'training-operator-00000000000000000' })))).toBeInstanceOf(
      DoesNotExistException,
    );
  });

  it('moves a terminated session to History with an EndDate; a second terminate says "not in a valid state"', async () => {
    const started = await ssm.send(new StartSessionCommand({ Target: online }));
    await ssm.send(new TerminateSessionCommand({ SessionId: started.SessionId }));
    const history = await ssm.send(new DescribeSessionsCommand({ State: 'History', Filters: [{ key: 'SessionId', value: started.SessionId }] }));
    const item = history.Sessions?.[0];
    expect(item).toMatchObject({ SessionId: started.SessionId, Status: 'Terminated' });
    expect(item?.EndDate?.getTime()).toBeGreaterThanOrEqual(item?.StartDate?.getTime() ?? Infinity);
    const active = await ssm.send(new DescribeSessionsCommand({ State: 'Active', Filters: [{ key: 'SessionId', value: started.SessionId }] }));
    expect(active.Sessions).toEqual([]);
    const again = await failure(ssm.send(new TerminateSessionCommand({ SessionId: started.SessionId })));
    expect(again).toBeInstanceOf(ValidationException);
    expect(again.message).toBe('Session is not in a valid state');
  });
});

describe('DescribeSessions', () => {
  it('pages newest first with MaxResults and filters by Target and Status', async () => {
    const target = sim.nodes.filter((n) => n.info.PingStatus === 'Online')[2]?.InstanceId ?? '';
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await ssm.send(new StartSessionCommand({ Target: target }))).SessionId ?? '');
    const seen: Session[] = [];
    let pages = 0;
    for await (const page of paginateDescribeSessions({ client: ssm, pageSize: 2 }, { State: 'Active', Filters: [{ key: 'Target', value: target }] })) {
      pages++;
      seen.push(...(page.Sessions ?? []));
    }
    expect(pages).toBe(3);
    expect(seen.map((s) => s.SessionId)).toEqual([...ids].reverse());
    const connecting = await ssm.send(
      new DescribeSessionsCommand({ State: 'Active', Filters: [{ key: 'Target', value: target }, { key: 'Status', value: 'Connected' }] }),
    );
    expect(connecting.Sessions).toEqual([]);
  });

  it('filters by InvokedAfter/InvokedBefore and Owner', async () => {
    const before = new Date(Date.now() - 1000).toISOString();
    const id = (await ssm.send(new StartSessionCommand({ Target: online }))).SessionId;
    const after = await ssm.send(
      new DescribeSessionsCommand({ State: 'Active', Filters: [{ key: 'InvokedAfter', value: before }, { key: 'SessionId', value: id }] }),
    );
    expect(after.Sessions).toHaveLength(1);
    const older = await ssm.send(
      new DescribeSessionsCommand({ State: 'Active', Filters: [{ key: 'InvokedBefore', value: before }, { key: 'SessionId', value: id }] }),
    );
    expect(older.Sessions).toEqual([]);
    const foreign = await ssm.send(
      new DescribeSessionsCommand({ State: 'Active', Filters: [{ key: 'Owner', value: 'arn:aws:iam::999999999999:user/someone' }] }),
    );
    expect(foreign.Sessions).toEqual([]);
  });

  it('answers InvalidFilterKey, range violations and bad tokens as the service does', async () => {
    const badKey = await failure(ssm.send(new DescribeSessionsCommand({ State: 'Active', Filters: [{ key: 'Colour' as 'Target', value: 'x' }] })));
    expect(badKey).toBeInstanceOf(InvalidFilterKey);
    const tooMany = await failure(ssm.send(new DescribeSessionsCommand({ State: 'Active', MaxResults: 201 })));
    expect(tooMany.message).toBe(
      "1 validation error detected: Value '201' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 200",
    );
    const state = await failure(ssm.send(new DescribeSessionsCommand({ State: 'Everything' as 'Active' })));
    expect(state).toBeInstanceOf(ValidationException);
    const token = await failure(ssm.send(new DescribeSessionsCommand({ State: 'Active', NextToken: 'forged' })));
    expect(token.name).toBe('InvalidNextToken');
  });
});

describe('KMS', () => {
  it('generates a 64-byte data key whose blob decrypts only under the same encryption context', async () => {
    const context = { 'aws:ssm:SessionId': 'training-operator-0123456789abcdef0', 'aws:ssm:TargetId': online };
    const key = await kms.send(new GenerateDataKeyCommand({ KeyId: 'alias/capstan-training-sessions', NumberOfBytes: 64, EncryptionContext: context }));
    expect(key.KeyId).toBe(sim.kms.sessionKey.arn);
    expect(key.Plaintext).toHaveLength(64);
    const opened = await kms.send(new DecryptCommand({ CiphertextBlob: key.CiphertextBlob, EncryptionContext: context }));
    expect(Buffer.from(opened.Plaintext ?? []).equals(Buffer.from(key.Plaintext ?? []))).toBe(true);
    const wrong = await failure(kms.send(new DecryptCommand({ CiphertextBlob: key.CiphertextBlob, EncryptionContext: { ...context, 'aws:ssm:TargetId': 'i-other' } })));
    expect(wrong).toBeInstanceOf(InvalidCiphertextException);
  });

  it('accepts key id, key ARN and AES_256 key spec; unknown keys are NotFoundException', async () => {
    const byId = await kms.send(new GenerateDataKeyCommand({ KeyId: sim.kms.sessionKey.keyId, KeySpec: 'AES_256' }));
    expect(byId.Plaintext).toHaveLength(32);
    const byArn = await kms.send(new GenerateDataKeyCommand({ KeyId: sim.kms.sessionKey.arn, NumberOfBytes: 16 }));
    expect(byArn.Plaintext).toHaveLength(16);
    const missing = await failure(kms.send(new GenerateDataKeyCommand({ KeyId: '11111111-2222-3333-4444-555555555555', NumberOfBytes: 64 })));
    expect(missing).toBeInstanceOf(NotFoundException);
    expect(missing.message).toBe(`Key 'arn:aws:kms:${sim.region}:${sim.accountId}:key/11111111-2222-3333-4444-555555555555' does not exist`);
    const both = await failure(kms.send(new GenerateDataKeyCommand({ KeyId: sim.kms.sessionKey.arn, NumberOfBytes: 64, KeySpec: 'AES_256' })));
    expect(both.message).toBe('Please specify either number of bytes or key spec.');
  });

  it('refuses a KMS call signed for ssm, as the kms endpoint of AWS would', async () => {
    const answer = await rawRequest(sim, { target: 'TrentService.GenerateDataKey', body: JSON.stringify({ KeyId: sim.kms.sessionKey.arn, NumberOfBytes: 64 }) });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ __type: 'InvalidSignatureException', message: "Credential should be scoped to correct service: 'kms'. " });
  });
});
