import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommandInvocationCommand, ListCommandInvocationsCommand, ListCommandsCommand, SSMClient, SendCommandCommand } from '@aws-sdk/client-ssm';
import type { Command, CommandInvocation, GetCommandInvocationCommandOutput, SSMServiceException, SendCommandCommandInput } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll } from 'vitest';
import type { SimulatedNode } from '../../../main/simulator/fleet-generator';
import { startSimulator } from '../../../main/simulator/server';
import type { RunningSimulator } from '../../../main/simulator/server';

/**
 * A training fleet for the Run Command suites, started before a file's tests and closed after:
 * 60 nodes, invocations listed at once (no materialise lag), delivery timeouts 100× faster
 * (msPerSecond 10), each run in its own sandbox folder. Plus the calls the suites make.
 */
export const commandSim = {} as { sim: RunningSimulator; ssm: SSMClient; sandbox: string };


beforeAll(async () => {
  const sandbox = mkdtempSync(join(tmpdir(), 'capstan-commands-'));
  commandSim.sandbox = sandbox;
  commandSim.sim = await startSimulator({ nodes: 60, seed: 7, sessions: { sandboxRoot: sandbox }, commands: { materializeDelayMs: 0, msPerSecond: 10 } });
  const { sim } = commandSim;
  commandSim.ssm = new SSMClient({ endpoint: sim.endpoint, region: sim.region, credentials: sim.credentials, maxAttempts: 1 });
});

afterAll(async () => {
  commandSim.ssm?.destroy();
  await commandSim.sim?.close();
  if (commandSim.sandbox) rmSync(commandSim.sandbox, { recursive: true, force: true });
});

/** Online nodes of one platform, in fleet order. */
export const online = (platform: 'Linux' | 'Windows'): SimulatedNode[] =>
  commandSim.sim.nodes.filter((n) => n.info.PingStatus === 'Online' && n.info.PlatformType === platform);

/** SendCommand (AWS-RunShellScript unless the input names another document). */
export async function send(input: Partial<SendCommandCommandInput>): Promise<Command> {
  const out = await commandSim.ssm.send(new SendCommandCommand({ DocumentName: 'AWS-RunShellScript', ...input }));
  if (!out.Command) throw new Error('SendCommand answered without a Command');
  return out.Command;
}

/** The error a call fails with; throws if it succeeds. */
export async function rejection(promise: Promise<unknown>): Promise<SSMServiceException> {
  try {
    await promise;
  } catch (error) {
    return error as SSMServiceException;
  }
  throw new Error('expected the call to fail');
}

/** Polls until `done` holds or the deadline passes (then fails with the last value seen). */
export async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, deadlineMs = 20_000): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  let last: T = await read();
  while (!done(last)) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}; last seen: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
    last = await read();
  }
  return last;
}

export const commandNow = async (id: string): Promise<Command> => (await commandSim.ssm.send(new ListCommandsCommand({ CommandId: id }))).Commands?.[0] ?? {};
export const settledCommand = (id: string): Promise<Command> =>
  waitFor(() => commandNow(id), (c) => ['Success', 'Failed', 'TimedOut', 'Cancelled'].includes(c.Status ?? ''), `command ${id} to end`);
export const invocations = async (id: string): Promise<CommandInvocation[]> =>
  (await commandSim.ssm.send(new ListCommandInvocationsCommand({ CommandId: id, Details: true }))).CommandInvocations ?? [];
export const invocation = (id: string, instanceId: string, pluginName?: string): Promise<GetCommandInvocationCommandOutput> =>
  commandSim.ssm.send(new GetCommandInvocationCommand({ CommandId: id, InstanceId: instanceId, PluginName: pluginName }));
