import {
  CancelCommandCommand,
  ListCommandInvocationsCommand,
  ListCommandsCommand,
  SSMClient,
  SendCommandCommand,
} from '@aws-sdk/client-ssm';
import { beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../../main/simulator/server';
import type { RunningSimulator } from '../../../main/simulator/server';
import { commandNow, commandSim, invocation, online, rejection, send, settledCommand, waitFor } from './command-sim';
import { rawRequest } from './signed-request';

/**
 * Run Command's life after SendCommand through @aws-sdk/client-ssm: cancelling, listing with
 * filters and pages, and the brief lag before invocations materialise.
 */

let sim: RunningSimulator;
let ssm: SSMClient;
let sandbox: string;
beforeAll(() => {
  ({ sim, ssm, sandbox } = commandSim);
});

describe('CancelCommand', () => {
  it('kills the running script and stops pending nodes from starting', async () => {
    const nodes = online('Linux').slice(7, 10);
    const sent = await send({ InstanceIds: nodes.map((n) => n.InstanceId), MaxConcurrency: '1', Parameters: { commands: ['echo started', 'sleep 30'] } });
    await waitFor(() => invocation(sent.CommandId!, nodes[0]!.InstanceId), (r) => r.Status === 'InProgress', 'the first node to run');
    expect(await ssm.send(new CancelCommandCommand({ CommandId: sent.CommandId! }))).toBeDefined();
    const command = await settledCommand(sent.CommandId!);
    expect(command.Status).toBe('Cancelled');
    // Cancelling a finished command changes nothing (§9: recommended no-op).
    await ssm.send(new CancelCommandCommand({ CommandId: sent.CommandId! }));
    expect((await commandNow(sent.CommandId!)).Status).toBe('Cancelled');
    const first = await invocation(sent.CommandId!, nodes[0]!.InstanceId);
    expect(first).toMatchObject({ Status: 'Cancelled', ResponseCode: 137, StandardOutputContent: 'started\n' });
    const rest = await invocation(sent.CommandId!, nodes[2]!.InstanceId);
    expect(rest).toMatchObject({ Status: 'Cancelled', ResponseCode: -1, ExecutionStartDateTime: '' });
  });

  it('cancels only the listed nodes; unknown commands and foreign nodes are refused', async () => {
    const nodes = online('Linux').slice(10, 12);
    const sent = await send({ InstanceIds: nodes.map((n) => n.InstanceId), Parameters: { commands: ['sleep 0.3', 'echo done'] } });
    await ssm.send(new CancelCommandCommand({ CommandId: sent.CommandId!, InstanceIds: [nodes[1]!.InstanceId] }));
    await settledCommand(sent.CommandId!);
    expect((await invocation(sent.CommandId!, nodes[0]!.InstanceId)).Status).toBe('Success');
    expect((await invocation(sent.CommandId!, nodes[1]!.InstanceId)).Status).toBe('Cancelled');
    expect((await rejection(ssm.send(new CancelCommandCommand({ CommandId: '00000000-0000-4000-8000-000000000000' })))).name).toBe('InvalidCommandId');
    const foreign = await rejection(ssm.send(new CancelCommandCommand({ CommandId: sent.CommandId!, InstanceIds: [online('Linux')[20]!.InstanceId] })));
    expect(foreign.name).toBe('InvalidInstanceId');
  });
});

describe('listing, filters and pages', () => {
  it('pages ListCommandInvocations with NextToken and refuses a forged token', async () => {
    const nodes = online('Linux').slice(0, 7);
    const sent = await send({ InstanceIds: nodes.map((n) => n.InstanceId), Parameters: { commands: ['echo page'] } });
    await settledCommand(sent.CommandId!);
    const seen: string[] = [];
    let token: string | undefined;
    let calls = 0;
    do {
      const page = await ssm.send(new ListCommandInvocationsCommand({ CommandId: sent.CommandId!, MaxResults: 3, NextToken: token }));
      seen.push(...(page.CommandInvocations ?? []).map((i) => i.InstanceId!));
      token = page.NextToken;
      calls += 1;
    } while (token);
    expect(seen).toEqual(nodes.map((n) => n.InstanceId));
    expect(calls).toBe(3);
    const forged = await rejection(ssm.send(new ListCommandInvocationsCommand({ CommandId: sent.CommandId!, NextToken: 'bm90IGEgdG9rZW4=' })));
    expect(forged.name).toBe('InvalidNextToken');
  });

  it('filters ListCommands by document, status, time and stage', async () => {
    const node = online('Linux')[0]!;
    const sent = await send({ DocumentName: 'Capstan-RestartService', InstanceIds: [node.InstanceId], Parameters: { serviceName: ['no-such-unit'] } });
    await settledCommand(sent.CommandId!);
    const ids = async (filters: Array<{ key: string; value: string }>): Promise<string[]> =>
      ((await ssm.send(new ListCommandsCommand({ Filters: filters as never }))).Commands ?? []).map((c) => c.CommandId!);
    expect(await ids([{ key: 'DocumentName', value: 'Capstan-RestartService' }])).toContain(sent.CommandId);
    expect(await ids([{ key: 'DocumentName', value: 'AWS-RunShellScript' }])).not.toContain(sent.CommandId);
    expect(await ids([{ key: 'Status', value: 'Failed' }])).toContain(sent.CommandId);
    expect(await ids([{ key: 'Status', value: 'Success' }])).not.toContain(sent.CommandId);
    expect(await ids([{ key: 'ExecutionStage', value: 'Complete' }])).toContain(sent.CommandId);
    expect(await ids([{ key: 'InvokedAfter', value: '2999-01-01T00:00:00Z' }])).toEqual([]);
    expect((await rejection(ssm.send(new ListCommandsCommand({ Filters: [{ key: 'Colour' as never, value: 'x' }] })))).name).toBe('InvalidFilterKey');
    const failed = await invocation(sent.CommandId!, node.InstanceId, 'restartServiceLinux');
    // The document chains `restart && is-active`: the failed restart's own code (5) is the step's.
    expect(failed).toMatchObject({ ResponseCode: 5, Status: 'Failed', StandardOutputContent: '' });
    expect(failed.StandardErrorContent).toContain('Failed to restart no-such-unit.service: Unit no-such-unit.service not found.');
  });

  it('lists newest first across commands and pages ListCommands', async () => {
    const all: string[] = [];
    let token: string | undefined;
    do {
      const page = await ssm.send(new ListCommandsCommand({ MaxResults: 2, NextToken: token }));
      all.push(...(page.Commands ?? []).map((c) => c.CommandId!));
      token = page.NextToken;
    } while (token);
    expect(all).toEqual(sim.commands.list().map((c) => c.commandId));
    expect(new Set(all).size).toBe(all.length);
  });
});

describe('the longest delivery timeout', () => {
  it('waits 30 days for an offline node rather than timing out at once', async () => {
    const real = await startSimulator({ nodes: 10, seed: 5, sessions: { sandboxRoot: sandbox }, commands: { materializeDelayMs: 0 } });
    const client = new SSMClient({ endpoint: real.endpoint, region: real.region, credentials: real.credentials, maxAttempts: 1 });
    try {
      const node = real.nodes.find((n) => n.info.PlatformType === 'Linux')!.InstanceId;
      real.setNodePing(node, 'ConnectionLost');
      const sent = await client.send(
        new SendCommandCommand({ DocumentName: 'AWS-RunShellScript', Targets: [{ Key: 'InstanceIds', Values: [node] }], TimeoutSeconds: 2_592_000, Parameters: { commands: ['true'] } }),
      );
      await client.send(new ListCommandsCommand({ CommandId: sent.Command!.CommandId! }));
      const later = await client.send(new ListCommandsCommand({ CommandId: sent.Command!.CommandId! }));
      expect(later.Commands?.[0]).toMatchObject({ Status: 'Pending', DeliveryTimedOutCount: 0 });
    } finally {
      client.destroy();
      await real.close();
    }
  });
});

describe('the brief lag right after SendCommand', () => {
  it('answers InvocationDoesNotExist (no message) and an empty list until the invocation materialises', async () => {
    const lagging = await startSimulator({ nodes: 10, seed: 3, sessions: { sandboxRoot: sandbox }, commands: { materializeDelayMs: 60_000 } });
    const client = new SSMClient({ endpoint: lagging.endpoint, region: lagging.region, credentials: lagging.credentials, maxAttempts: 1 });
    try {
      const node = lagging.nodes.find((n) => n.info.PingStatus === 'Online' && n.info.PlatformType === 'Linux')!;
      const sent = await client.send(new SendCommandCommand({ DocumentName: 'AWS-RunShellScript', InstanceIds: [node.InstanceId], Parameters: { commands: ['true'] } }));
      const listed = await client.send(new ListCommandInvocationsCommand({ CommandId: sent.Command!.CommandId! }));
      expect(listed.CommandInvocations).toEqual([]);
      const raw = await rawRequest(lagging, {
        target: 'AmazonSSM.GetCommandInvocation',
        body: JSON.stringify({ CommandId: sent.Command!.CommandId, InstanceId: node.InstanceId }),
      });
      expect(raw).toMatchObject({ status: 400, body: { __type: 'InvocationDoesNotExist' } });
      expect(Object.keys(raw.body)).toEqual(['__type']);
    } finally {
      client.destroy();
      await lagging.close();
    }
  });
});
