import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeInstanceInformationCommand, DescribeSessionsCommand, SSMClient, StartSessionCommand, TerminateSessionCommand } from '@aws-sdk/client-ssm';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessageType } from '../../../../main/sessions/protocol/codec';
import { generateFleet } from '../../../../main/simulator/fleet-generator';
import { TRAINING_ACCOUNTS } from '../../../../main/simulator/identity/training-accounts';
import { startSimulator } from '../../../../main/simulator/server';
import type { RunningSimulator } from '../../../../main/simulator/server';
import { RawChannel } from '../sessions-raw-channel';

/**
 * Accounts × regions: the primary partition is exactly the single-account fleet of before, every
 * other (account, region) is its own deterministic fleet with ids of its own, state changes stay
 * in their partition, and a data channel reaches the partition whose session it is.
 */

const OPERATIONS = TRAINING_ACCOUNTS[0]?.accountId ?? '';
const PAYMENTS = TRAINING_ACCOUNTS[1]?.accountId ?? '';
const NODES = 80;

let sim: RunningSimulator;
let sandbox: string;
const clients: SSMClient[] = [];

function ssmFor(accountId: string, region: string, target: RunningSimulator = sim): SSMClient {
  const account = target.accounts.find((a) => a.accountId === accountId);
  const client = new SSMClient({ endpoint: target.endpoint, region, credentials: account?.credentials, maxAttempts: 1 });
  clients.push(client);
  return client;
}

async function listIds(client: SSMClient): Promise<string[]> {
  const ids: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new DescribeInstanceInformationCommand({ MaxResults: 50, NextToken: token }));
    ids.push(...(page.InstanceInformationList ?? []).map((i) => i.InstanceId ?? ''));
    token = page.NextToken;
  } while (token);
  return ids;
}

beforeAll(async () => {
  sandbox = mkdtempSync(join(tmpdir(), 'capstan-partitions-'));
  sim = await startSimulator({ nodes: NODES, seed: 23, sessions: { firstOutputDelayMs: 100, drainTimeoutMs: 500, sandboxRoot: sandbox } });
});

afterAll(async () => {
  for (const client of clients) client.destroy();
  await sim?.close();
  rmSync(sandbox, { recursive: true, force: true });
});

describe('partitions', () => {
  it('keeps the primary fleet exactly as a single-account simulator generated it', () => {
    const expected = generateFleet({ nodes: NODES, seed: 23, accountId: OPERATIONS, region: sim.region, now: Date.now() });
    expect(sim.nodes.map((n) => n.InstanceId)).toEqual(expected.map((n) => n.InstanceId));
    expect(sim.partition(OPERATIONS, sim.region).nodes).toBe(sim.nodes);
  });

  it('gives each account and region its own fleet, the same on every start, with ids no other partition uses', async () => {
    const paymentsEast = await listIds(ssmFor(PAYMENTS, 'us-east-1'));
    const paymentsHome = await listIds(ssmFor(PAYMENTS, sim.region));
    const operationsEast = await listIds(ssmFor(OPERATIONS, 'us-east-1'));
    expect(paymentsEast).toHaveLength(Math.round(NODES / 5));
    const all = [...sim.nodes.map((n) => n.InstanceId), ...paymentsEast, ...paymentsHome, ...operationsEast];
    expect(new Set(all).size).toBe(all.length);

    const again = await startSimulator({ nodes: NODES, seed: 23, partitionNodes: 12 });
    try {
      const replay = await listIds(ssmFor(PAYMENTS, 'us-east-1', again));
      expect(replay).toEqual(paymentsEast.slice(0, 12));
      expect(again.partition(PAYMENTS, 'us-east-1').nodes).toHaveLength(12);
    } finally {
      await again.close();
    }
  });

  it('keeps state changes in their partition', async () => {
    const payments = sim.partition(PAYMENTS, 'ap-northeast-1');
    const victim = payments.nodes[0]?.InstanceId ?? '';
    payments.removeNode(victim);
    const ids = await listIds(ssmFor(PAYMENTS, 'ap-northeast-1'));
    expect(ids).not.toContain(victim);
    expect(ids).toHaveLength(payments.nodes.length);
    expect(() => sim.setNodePing(victim, 'Inactive')).toThrow(/No node/);
    expect(() => sim.partition('999988887777', sim.region)).toThrow(/not one of the training fleet's \(111122223333, 444455556666\)/);
  });

  it("routes a data channel to the partition whose session it is", async () => {
    const region = 'us-east-2';
    const client = ssmFor(PAYMENTS, region);
    const partition = sim.partition(PAYMENTS, region);
    const node = partition.nodes.find((n) => n.info.PingStatus === 'Online' && n.info.PlatformType === 'Linux');
    if (!node) throw new Error('partition has no online Linux node');
    const started = await client.send(new StartSessionCommand({ Target: node.InstanceId }));
    const channel = await RawChannel.open(started.StreamUrl ?? '', started.TokenValue ?? '');
    try {
      await channel.waitFor((m) => m.messageType === MessageType.OutputStreamData, 'first output');
      expect(partition.sessions.liveAgents()).toEqual([started.SessionId]);
      expect(sim.sessions.liveAgents()).toEqual([]);
    } finally {
      await channel.close();
      await client.send(new TerminateSessionCommand({ SessionId: started.SessionId }));
    }
  });

  it('names a session after its caller: the user, or the role session of temporary keys', async () => {
    const region = 'eu-north-1';
    const operations = sim.accounts.find((a) => a.accountId === OPERATIONS)?.credentials;
    const sts = new STSClient({ endpoint: sim.endpoint, region, credentials: operations, maxAttempts: 1 });
    const assumed = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${PAYMENTS}:role/CapstanReadOnly`, RoleSessionName: 'dayshift' }));
    sts.destroy();
    const role = new SSMClient({
      endpoint: sim.endpoint,
      region,
      credentials: { accessKeyId: assumed.Credentials?.AccessKeyId ?? '', secretAccessKey: assumed.Credentials?.SecretAccessKey ?? '', sessionToken: assumed.Credentials?.SessionToken },
      maxAttempts: 1,
    });
    clients.push(role);
    const user = ssmFor(PAYMENTS, region);
    const online = sim.partition(PAYMENTS, region).nodes.find((n) => n.info.PingStatus === 'Online' && n.info.PlatformType === 'Linux');
    if (!online) throw new Error('partition has no online Linux node');
    const byRole = await role.send(new StartSessionCommand({ Target: online.InstanceId }));
    const byUser = await user.send(new StartSessionCommand({ Target: online.InstanceId }));
    try {
      expect(byRole.SessionId).toMatch(/^dayshift-[0-9a-f]{17}$/);
      expect(byUser.SessionId).toMatch(/^training-operator-[0-9a-f]{17}$/);
      const listed = await user.send(new DescribeSessionsCommand({ State: 'Active' }));
      const owners = Object.fromEntries((listed.Sessions ?? []).map((s) => [s.SessionId, s.Owner]));
      expect(owners).toEqual({
        [byRole.SessionId ?? '']: `arn:aws:sts::${PAYMENTS}:assumed-role/CapstanReadOnly/dayshift`,
        [byUser.SessionId ?? '']: `arn:aws:iam::${PAYMENTS}:user/training-operator`,
      });
    } finally {
      await user.send(new TerminateSessionCommand({ SessionId: byRole.SessionId }));
      await user.send(new TerminateSessionCommand({ SessionId: byUser.SessionId }));
    }
  });

  it('lets accountId alone stand in for the first training account, as single-account simulators did', async () => {
    const own = await startSimulator({ nodes: 10, accountId: '555566667777' });
    try {
      expect(own.accounts.map((a) => [a.accountId, a.credentials.accessKeyId])).toEqual([
        ['555566667777', 'AKIACAPSTANTRAINING1'],
        [PAYMENTS, 'AKIACAPSTANTRAINING2'],
      ]);
      expect(own.credentials).toBe(own.accounts[0]?.credentials);
    } finally {
      await own.close();
    }
  });

  it('refuses account options it cannot serve, naming the problem', async () => {
    await expect(startSimulator({ nodes: 10, accounts: [{ accountId: '12345', label: 'short' }] })).rejects.toThrow(/12 digits; got '12345'/);
    const listed = TRAINING_ACCOUNTS.map((a) => ({ accountId: a.accountId, label: a.label }));
    await expect(startSimulator({ nodes: 10, accountId: '555566667777', accounts: listed })).rejects.toThrow(/555566667777 is not one of SimulatorOptions.accounts/);
    const key = { accessKeyId: 'AKIASAME', secretAccessKey: 's' };
    await expect(
      startSimulator({ nodes: 10, accounts: [{ accountId: OPERATIONS, label: 'a', credentials: key }, { accountId: PAYMENTS, label: 'b', credentials: key }] }),
    ).rejects.toThrow(/same access key id/);
  });
});
