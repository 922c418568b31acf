import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListCommandInvocationsCommand, ListCommandsCommand, SSMClient, SendCommandCommand } from '@aws-sdk/client-ssm';
import type { Command } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../../main/simulator/server';
import type { RunningSimulator } from '../../../main/simulator/server';

/**
 * MaxConcurrency and MaxErrors against ssm-api.md §5.4: the ramp-up is read from the engine's
 * own record of hand-overs (how many nodes had finished when each one started), never from
 * timing; the error threshold from which nodes end Terminated.
 */

let sim: RunningSimulator;
let ssm: SSMClient;
let sandbox: string;

beforeAll(async () => {
  sandbox = mkdtempSync(join(tmpdir(), 'capstan-rate-'));
  sim = await startSimulator({ nodes: 80, seed: 11, sessions: { sandboxRoot: sandbox }, commands: { materializeDelayMs: 0 } });
  ssm = new SSMClient({ endpoint: sim.endpoint, region: sim.region, credentials: sim.credentials, maxAttempts: 1 });
});

afterAll(async () => {
  ssm?.destroy();
  await sim?.close();
  if (sandbox) rmSync(sandbox, { recursive: true, force: true });
});

const linux = (): string[] => sim.nodes.filter((n) => n.info.PingStatus === 'Online' && n.info.PlatformType === 'Linux').map((n) => n.InstanceId);

async function settled(id: string): Promise<Command> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const command = (await ssm.send(new ListCommandsCommand({ CommandId: id }))).Commands?.[0];
    if (command && ['Success', 'Failed', 'TimedOut', 'Cancelled'].includes(command.Status ?? '')) return command;
    if (Date.now() > deadline) throw new Error(`command ${id} did not end: ${JSON.stringify(command)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function details(id: string): Promise<string[]> {
  const out = await ssm.send(new ListCommandInvocationsCommand({ CommandId: id }));
  return (out.CommandInvocations ?? []).map((i) => i.StatusDetails ?? '');
}

describe('MaxConcurrency ramp-up', () => {
  it('starts 1 node, then 2, then 4, then one whenever one finishes', async () => {
    const nodes = linux().slice(0, 16);
    const sent = await ssm.send(
      new SendCommandCommand({ DocumentName: 'AWS-RunShellScript', InstanceIds: nodes, MaxConcurrency: '4', Parameters: { commands: ['echo ok'] } }),
    );
    const id = sent.Command!.CommandId!;
    expect((await settled(id)).Status).toBe('Success');
    const handed = sim.commands.dispatches(id);
    expect(handed.map((d) => d.instanceId)).toEqual(nodes);
    // Waves of 1, 2 and 4: each starts only when everything before it has finished.
    expect(handed.slice(0, 7).map((d) => d.completedBefore)).toEqual([0, 1, 1, 3, 3, 3, 3]);
    // At the cap, never more than 4 out at once.
    handed.forEach((d, i) => expect(i - d.completedBefore).toBeLessThan(4));
  });

  it('a percentage is of the resolved targets (25% of 8 = 2)', async () => {
    const nodes = linux().slice(16, 24);
    const sent = await ssm.send(
      new SendCommandCommand({ DocumentName: 'AWS-RunShellScript', InstanceIds: nodes, MaxConcurrency: '25%', Parameters: { commands: ['true'] } }),
    );
    const id = sent.Command!.CommandId!;
    await settled(id);
    const handed = sim.commands.dispatches(id);
    expect(handed.map((d) => d.completedBefore).slice(0, 3)).toEqual([0, 1, 1]);
    handed.forEach((d, i) => expect(i - d.completedBefore).toBeLessThan(2));
  });
});

describe('MaxErrors threshold', () => {
  // Ten nodes one at a time (MaxConcurrency 1), so exactly the nodes before the stop have run.
  it.each([
    { maxErrors: '0', failing: [0], status: 'Failed', details: 'Failed', expected: ['Failed', ...Array(9).fill('Terminated')] },
    { maxErrors: '1', failing: [1, 4], status: 'Failed', details: 'Failed', expected: ['Success', 'Failed', 'Success', 'Success', 'Failed', ...Array(5).fill('Terminated')] },
    { maxErrors: '10%', failing: [1, 4], status: 'Failed', details: 'Failed', expected: ['Success', 'Failed', 'Success', 'Success', 'Failed', ...Array(5).fill('Terminated')] },
    { maxErrors: '2', failing: [3, 6], status: 'Failed', details: 'Failed', expected: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => ([3, 6].includes(i) ? 'Failed' : 'Success')) },
    { maxErrors: '3', failing: [9], status: 'Failed', details: 'Incomplete', expected: [...Array(9).fill('Success'), 'Failed'] },
    { maxErrors: '0', failing: [], status: 'Success', details: 'Success', expected: Array(10).fill('Success') },
  ])('MaxErrors $maxErrors with failures at $failing → $details', async ({ maxErrors, failing, status, details: commandDetails, expected }) => {
    const nodes = linux().slice(30, 40);
    const failures = failing.map((i) => nodes[i]!).join('|') || 'none';
    const sent = await ssm.send(
      new SendCommandCommand({
        DocumentName: 'AWS-RunShellScript',
        InstanceIds: nodes,
        MaxConcurrency: '1',
        MaxErrors: maxErrors,
        Parameters: { commands: [`case "$AWS_SSM_INSTANCE_ID" in ${failures}) exit 1 ;; esac`, 'echo ok'] },
      }),
    );
    const id = sent.Command!.CommandId!;
    const command = await settled(id);
    expect(await details(id)).toEqual(expected);
    expect(command).toMatchObject({ Status: status, StatusDetails: commandDetails, ErrorCount: failing.length > 0 ? expected.filter((d) => d === 'Failed').length : 0, CompletedCount: 10 });
    // A Terminated invocation never started: Cancelled on the wire, exit code -1.
    const terminated = (await ssm.send(new ListCommandInvocationsCommand({ CommandId: id, Details: true, Filters: [{ key: 'Status', value: 'Terminated' }] }))).CommandInvocations ?? [];
    expect(terminated).toHaveLength(expected.filter((d) => d === 'Terminated').length);
    for (const inv of terminated) expect(inv).toMatchObject({ Status: 'Cancelled', CommandPlugins: [{ ResponseCode: -1, Output: '' }] });
  });
});
