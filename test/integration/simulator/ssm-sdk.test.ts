import { networkInterfaces } from 'node:os';
import { connect } from 'node:net';
import {
  DescribeInstanceInformationCommand,
  GetInventoryCommand,
  InternalServerError,
  InvalidFilterKey,
  InvalidNextToken,
  InvalidResourceId,
  ListTagsForResourceCommand,
  SSMClient,
  DescribeMaintenanceWindowsCommand,
  ThrottlingException,
  ValidationException,
  paginateDescribeInstanceInformation,
  paginateGetInventory,
} from '@aws-sdk/client-ssm';
import type { InstanceInformation, SSMServiceException } from '@aws-sdk/client-ssm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { toAwsError } from '../../../main/aws/aws-errors';
import { startSimulator } from '../../../main/simulator/server';
import type { RunningSimulator } from '../../../main/simulator/server';
import { rawRequest } from './signed-request';

const NODES = 1000;
let sim: RunningSimulator;
const clients: SSMClient[] = [];

function client(options: { secret?: string; maxAttempts?: number; target?: RunningSimulator } = {}): SSMClient {
  const target = options.target ?? sim;
  const made = new SSMClient({
    endpoint: target.endpoint,
    region: target.region,
    credentials: {
      accessKeyId: target.credentials.accessKeyId,
      secretAccessKey: options.secret ?? target.credentials.secretAccessKey,
    },
    maxAttempts: options.maxAttempts ?? 3,
  });
  clients.push(made);
  return made;
}

async function listAll(ssm: SSMClient, filters?: DescribeInstanceInformationCommand['input']['Filters']): Promise<InstanceInformation[]> {
  const out: InstanceInformation[] = [];
  for await (const page of paginateDescribeInstanceInformation({ client: ssm, pageSize: 50 }, { Filters: filters })) {
    out.push(...(page.InstanceInformationList ?? []));
  }
  return out;
}

async function rejection(promise: Promise<unknown>): Promise<SSMServiceException> {
  try {
    await promise;
  } catch (error) {
    return error as SSMServiceException;
  }
  throw new Error('expected the call to fail');
}

beforeAll(async () => {
  sim = await startSimulator({ nodes: NODES, seed: 17 });
});

afterEach(() => {
  sim.faults.reset();
  sim.calls.reset();
  for (const c of clients.splice(0)) c.destroy();
});

afterAll(async () => {
  await sim.close();
});

describe('simulator with @aws-sdk/client-ssm', () => {
  it('listens on 127.0.0.1 only', async () => {
    expect(sim.endpoint).toBe(`http://127.0.0.1:${sim.port}`);
    const external = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal);
    if (!external) return;
    const refused = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: external.address, port: sim.port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(false);
      });
      socket.once('error', () => resolve(true));
    });
    expect(refused).toBe(true);
  });

  it('pages 1,000 nodes: every node exactly once, ceil(N/50) calls, parsed timestamps', async () => {
    const items = await listAll(client());
    expect(sim.calls.count('DescribeInstanceInformation')).toBe(Math.ceil(NODES / 50));
    const ids = items.map((i) => i.InstanceId);
    expect(new Set(ids).size).toBe(NODES);
    expect(ids).toEqual(sim.nodes.map((n) => n.InstanceId));
    const first = items[0];
    const node = sim.nodes[0];
    expect(first?.LastPingDateTime).toBeInstanceOf(Date);
    expect(first?.LastPingDateTime?.getTime()).toBe(Math.round((node?.info.LastPingDateTime ?? 0) * 1000));
    const hybrid = items.find((i) => i.ResourceType === 'ManagedInstance');
    expect(hybrid?.RegistrationDate).toBeInstanceOf(Date);
    expect(hybrid?.ActivationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(items.find((i) => i.AssociationOverview)?.AssociationOverview?.InstanceAssociationStatusAggregatedCount).toEqual(
      expect.any(Object),
    );
  });

  it('records the region of each call', async () => {
    const other = new SSMClient({ endpoint: sim.endpoint, region: 'us-west-2', credentials: sim.credentials });
    clients.push(other);
    await other.send(new DescribeInstanceInformationCommand({ MaxResults: 5 }));
    expect(sim.calls.list()).toEqual([expect.objectContaining({ operation: 'DescribeInstanceInformation', region: 'us-west-2', status: 200 })]);
  });

  it('applies filters as AWS does', async () => {
    const ssm = client();
    const windowsOnline = await listAll(ssm, [
      { Key: 'PlatformTypes', Values: ['Windows'] },
      { Key: 'PingStatus', Values: ['Online'] },
    ]);
    const expected = sim.nodes.filter((n) => n.info.PlatformType === 'Windows' && n.info.PingStatus === 'Online');
    expect(windowsOnline.map((i) => i.InstanceId)).toEqual(expected.map((n) => n.InstanceId));
    const prodWeb = await listAll(ssm, [
      { Key: 'tag:Environment', Values: ['prod'] },
      { Key: 'tag:Role', Values: ['web'] },
    ]);
    const tagged = sim.nodes.filter(
      (n) => n.tags.some((t) => t.Key === 'Environment' && t.Value === 'prod') && n.tags.some((t) => t.Key === 'Role' && t.Value === 'web'),
    );
    expect(prodWeb.map((i) => i.InstanceId)).toEqual(tagged.map((n) => n.InstanceId));
  });

  it('surfaces AWS errors as the SDK named exceptions with the AWS code and request id', async () => {
    const ssm = client();
    const badToken = await rejection(ssm.send(new DescribeInstanceInformationCommand({ NextToken: 'bogus' })));
    expect(badToken).toBeInstanceOf(InvalidNextToken);
    expect(badToken.name).toBe('InvalidNextToken');
    expect(badToken.$metadata.httpStatusCode).toBe(400);
    expect(badToken.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);

    const tooMany = await rejection(ssm.send(new DescribeInstanceInformationCommand({ MaxResults: 51 })));
    expect(tooMany).toBeInstanceOf(ValidationException);
    expect(tooMany.message).toBe(
      "1 validation error detected: Value '51' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 50",
    );

    const badKey = await rejection(ssm.send(new DescribeInstanceInformationCommand({ Filters: [{ Key: 'Colour', Values: ['x'] }] })));
    expect(badKey).toBeInstanceOf(InvalidFilterKey);

    const ec2 = sim.nodes.find((n) => n.InstanceId.startsWith('i-'))?.InstanceId;
    const ec2Tags = await rejection(ssm.send(new ListTagsForResourceCommand({ ResourceType: 'ManagedInstance', ResourceId: ec2 })));
    expect(ec2Tags).toBeInstanceOf(ValidationException);
    const unknown = await rejection(
      ssm.send(new ListTagsForResourceCommand({ ResourceType: 'ManagedInstance', ResourceId: 'mi-0123456789abcdef0' })),
    );
    expect(unknown).toBeInstanceOf(InvalidResourceId);
    expect(unknown.name).toBe('InvalidResourceId');
    // The body is {"__type":"InvalidResourceId"}, no message (the SDK says "UnknownError"): what the
    // operator sees still names the code, and says AWS sent no message rather than "UnknownError".
    const shown = toAwsError(unknown, { service: 'ssm', operation: 'ListTagsForResource' }).toInfo();
    expect(shown).toMatchObject({ code: 'InvalidResourceId', kind: 'aws', text: { key: 'aws.failedNoMessage' } });
    expect(shown.message).toBe('ListTagsForResource failed with InvalidResourceId (AWS sent no message).');

    const notServed = await rejection(ssm.send(new DescribeMaintenanceWindowsCommand({})));
    expect(notServed.name).toBe('UnknownOperationException');
  });

  it('refuses a wrong secret with InvalidSignatureException', async () => {
    const error = await rejection(client({ secret: 'wrong-secret', maxAttempts: 1 }).send(new DescribeInstanceInformationCommand({})));
    expect(error.name).toBe('InvalidSignatureException');
    expect(error.message).toMatch(/^The request signature we calculated does not match/);
  });

  it('throttles on demand: the SDK retries, and gives up with ThrottlingException "Rate exceeded"', async () => {
    sim.faults.throttleNext(1, 'DescribeInstanceInformation');
    await client().send(new DescribeInstanceInformationCommand({}));
    expect(sim.calls.list().map((c) => c.errorCode ?? c.status)).toEqual(['ThrottlingException', 200]);

    sim.faults.throttleNext(5);
    const error = await rejection(client({ maxAttempts: 1 }).send(new DescribeInstanceInformationCommand({})));
    expect(error).toBeInstanceOf(ThrottlingException);
    expect(error.message).toBe('Rate exceeded');
  });

  it('fails on demand with a 500 InternalServerError', async () => {
    sim.faults.failNext(1, 'GetInventory');
    const ssm = client({ maxAttempts: 1 });
    await ssm.send(new DescribeInstanceInformationCommand({}));
    const error = await rejection(ssm.send(new GetInventoryCommand({})));
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.$fault).toBe('server');
    expect(error.$metadata.httpStatusCode).toBe(500);
  });

  it('adds latency on demand', async () => {
    sim.faults.setLatency(150);
    const started = performance.now();
    await client().send(new DescribeInstanceInformationCommand({ MaxResults: 5 }));
    expect(performance.now() - started).toBeGreaterThanOrEqual(145);
  });

  it('shows nodes going offline and vanishing between syncs', async () => {
    const local = await startSimulator({ nodes: 60, seed: 3 });
    try {
      const ssm = client({ target: local });
      const online = local.nodes.find((n) => n.info.PingStatus === 'Online')?.InstanceId ?? '';
      const gone = local.nodes[7]?.InstanceId ?? '';
      local.setNodePing(online, 'ConnectionLost');
      local.removeNode(gone);
      const items = await listAll(ssm);
      expect(items).toHaveLength(59);
      expect(items.map((i) => i.InstanceId)).not.toContain(gone);
      expect(items.find((i) => i.InstanceId === online)?.PingStatus).toBe('ConnectionLost');
      const filtered = await ssm.send(
        new DescribeInstanceInformationCommand({ Filters: [{ Key: 'InstanceIds', Values: [gone] }] }),
      ).catch((e: SSMServiceException) => e.name);
      expect(filtered).toBe('InvalidInstanceId');
    } finally {
      await local.close();
    }
  });

  it('gives tags: hybrid nodes through ListTagsForResource, EC2 nodes through AWS:Tag inventory', async () => {
    const ssm = client();
    const hybrid = sim.nodes.find((n) => n.InstanceId.startsWith('mi-') && n.tags.length > 0);
    const listed = await ssm.send(new ListTagsForResourceCommand({ ResourceType: 'ManagedInstance', ResourceId: hybrid?.InstanceId }));
    expect(listed.TagList).toEqual(hybrid?.tags.map((t) => ({ Key: t.Key, Value: t.Value })));

    const byId = new Map<string, Array<Record<string, string>>>();
    for await (const page of paginateGetInventory({ client: ssm, pageSize: 50 }, { ResultAttributes: [{ TypeName: 'AWS:Tag' }] })) {
      for (const entity of page.Entities ?? []) byId.set(entity.Id ?? '', entity.Data?.['AWS:Tag']?.Content ?? []);
    }
    expect(sim.calls.count('GetInventory')).toBe(Math.ceil(NODES / 50));
    expect(byId.size).toBe(NODES);
    const ec2 = sim.nodes.filter((n) => n.InstanceId.startsWith('i-')).slice(0, 50);
    for (const node of ec2) expect(byId.get(node.InstanceId)).toEqual(node.tags.map((t) => ({ Key: t.Key, Value: t.Value })));
  });

  it('follows its own clock: the SDK corrects a skewed clock from the Date header and succeeds', async () => {
    const ahead = await startSimulator({ nodes: 10, now: () => Date.now() + 30 * 60_000 });
    try {
      const once = await rejection(client({ target: ahead, maxAttempts: 1 }).send(new DescribeInstanceInformationCommand({})));
      expect(once.name).toBe('InvalidSignatureException');
      expect(once.message).toMatch(/^Signature expired: \d{8}T\d{6}Z is now earlier than/);
      const retried = await client({ target: ahead }).send(new DescribeInstanceInformationCommand({}));
      expect(retried.InstanceInformationList).toHaveLength(10);
    } finally {
      await ahead.close();
    }
  });
});

describe('simulator wire protocol', () => {
  it('answers JSON 1.1 with a request id', async () => {
    const answer = await rawRequest(sim, { target: 'AmazonSSM.DescribeInstanceInformation', body: '{"MaxResults":5}' });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(answer.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const list = answer.body.InstanceInformationList as Array<Record<string, unknown>>;
    expect(typeof list[0]?.LastPingDateTime).toBe('number');
  });

  it('answers unsigned, unknown-operation and malformed requests with the AWS codes', async () => {
    expect(await rawRequest(sim, { target: 'AmazonSSM.DescribeInstanceInformation', sign: false })).toMatchObject({
      status: 400,
      body: { __type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' },
    });
    expect(await rawRequest(sim, { target: 'AmazonSSM.FlyToTheMoon' })).toMatchObject({
      status: 400,
      body: { __type: 'UnknownOperationException' },
    });
    expect(await rawRequest(sim, { target: 'AmazonSSM.DescribeInstanceInformation', body: '{"MaxResults": 5,' })).toMatchObject({
      status: 400,
      body: { __type: 'SerializationException' },
    });
    expect(await rawRequest(sim, { target: 'AmazonSSM.DescribeInstanceInformation', body: '[1,2]' })).toMatchObject({
      status: 400,
      body: { __type: 'SerializationException' },
    });
  });
});
