import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AutomationDefinitionNotFoundException,
  AutomationExecutionNotFoundException,
  DescribeInstanceInformationCommand,
  GetAutomationExecutionCommand,
  IdempotentParameterMismatch,
  InvalidAutomationExecutionParametersException,
  InvalidAutomationStatusUpdateException,
  SSMClient,
  StartAutomationExecutionCommand,
  StopAutomationExecutionCommand,
} from '@aws-sdk/client-ssm';
import type { AutomationExecution } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExecutionRecord } from '../../../main/simulator/automation/automation-types';
import { startSimulator } from '../../../main/simulator/server';
import type { RunningSimulator } from '../../../main/simulator/server';
import { HAVE_CLI, awsCli, cliJson } from './documents-aws-cli';

let sim: RunningSimulator;
let ssm: SSMClient;
let home: string;

beforeAll(async () => {
  // Long enough for the API checks between state changes to land inside each step, even on a loaded machine.
  sim = await startSimulator({ nodes: 30, seed: 8, automation: { stateChangeMs: 2000 } });
  ssm = new SSMClient({ endpoint: sim.endpoint, region: sim.region, credentials: sim.credentials, maxAttempts: 1 });
  home = mkdtempSync(join(tmpdir(), 'capstan-automation-cli-'));
});

afterAll(async () => {
  ssm?.destroy();
  await sim?.close();
  if (home) rmSync(home, { recursive: true, force: true });
});

function onlineNode(prefix: 'i-' | 'mi-', skip: ReadonlyArray<string> = []): string {
  const node = sim.nodes.find((n) => n.InstanceId.startsWith(prefix) && n.info.PingStatus === 'Online' && !skip.includes(n.InstanceId));
  if (node === undefined) throw new Error(`the training fleet has no online ${prefix} node`);
  return node.InstanceId;
}

/** Resolves once `done` holds for the execution (checked now and on every change), failing after 15 s. */
function until(id: string, what: string, done: (execution: ExecutionRecord) => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const current = sim.automation.find(id);
    if (current !== undefined && done(current)) return resolve();
    const deadline = setTimeout(() => {
      stop();
      reject(new Error(`${id} did not reach ${what} within 15 s (now ${sim.automation.find(id)?.status})`));
    }, 15_000);
    const stop = sim.automation.onExecutionChanged((execution: ExecutionRecord) => {
      if (execution.id !== id || !done(execution)) return;
      clearTimeout(deadline);
      stop();
      resolve();
    });
  });
}

const reaches = (id: string, status: string): Promise<void> => until(id, status, (e) => e.status === status);

async function execution(id: string): Promise<AutomationExecution> {
  const { AutomationExecution: found } = await ssm.send(new GetAutomationExecutionCommand({ AutomationExecutionId: id }));
  if (found === undefined) throw new Error('GetAutomationExecution returned no execution');
  return found;
}

async function ping(instanceId: string): Promise<string | undefined> {
  const page = await ssm.send(new DescribeInstanceInformationCommand({ Filters: [{ Key: 'InstanceIds', Values: [instanceId] }] }));
  return page.InstanceInformationList?.[0]?.PingStatus;
}

describe('AWS-RestartEC2Instance through @aws-sdk/client-ssm', () => {
  it('runs stopInstances then startInstances; the node is offline while stopped and Online after', async () => {
    const node = onlineNode('i-');
    const { AutomationExecutionId: id = '' } = await ssm.send(
      new StartAutomationExecutionCommand({ DocumentName: 'AWS-RestartEC2Instance', Parameters: { InstanceId: [node] } }),
    );
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const started = await execution(id);
    expect(started.AutomationExecutionStatus).toBe('InProgress');
    expect(started.CurrentStepName).toBe('stopInstances');
    expect(started.StepExecutions?.[0]?.Inputs).toEqual({ DesiredState: '"stopped"', InstanceIds: `["${node}"]` });
    expect(started.Parameters).toEqual({ InstanceId: [node], AutomationAssumeRole: [''] });

    await until(id, 'stopInstances Success', (e) => e.steps[0]?.status === 'Success');
    expect(await ping(node)).toBe('ConnectionLost');
    await reaches(id, 'Success');
    const done = await execution(id);
    expect(done.StepExecutions?.map((s) => [s.StepName, s.Action, s.StepStatus])).toEqual([
      ['stopInstances', 'aws:changeInstanceState', 'Success'],
      ['startInstances', 'aws:changeInstanceState', 'Success'],
    ]);
    expect(done.ExecutionEndTime).toBeInstanceOf(Date);
    expect(await ping(node)).toBe('Online');
  });

  it('fails the step for a hybrid node with EC2 InvalidInstanceID text', async () => {
    const node = onlineNode('mi-');
    const { AutomationExecutionId: id = '' } = await ssm.send(
      new StartAutomationExecutionCommand({ DocumentName: 'AWS-RestartEC2Instance', Parameters: { InstanceId: [node] } }),
    );
    await reaches(id, 'Failed');
    const failed = await execution(id);
    expect(failed.StepExecutions?.[0]?.StepStatus).toBe('Failed');
    expect(failed.StepExecutions?.[0]?.FailureMessage).toContain(`(InvalidInstanceID.Malformed) when calling the StopInstances operation: Invalid id: "${node}"`);
    expect(await ping(node)).toBe('Online');
  });

  it('is idempotent per ClientToken and refuses the same token with other parameters', async () => {
    const token = randomUUID();
    const node = onlineNode('i-');
    const start = (instance: string): Promise<{ AutomationExecutionId?: string }> =>
      ssm.send(new StartAutomationExecutionCommand({ DocumentName: 'AWS-RestartEC2Instance', ClientToken: token, Parameters: { InstanceId: [instance] } }));
    const first = await start(node);
    expect((await start(node)).AutomationExecutionId).toBe(first.AutomationExecutionId);
    await expect(start(onlineNode('i-', [node]))).rejects.toBeInstanceOf(IdempotentParameterMismatch);
    await reaches(first.AutomationExecutionId ?? '', 'Success');
  });

  it('stops: Cancelling at once, then Cancelled; a finished execution cannot be stopped again', async () => {
    const node = onlineNode('i-');
    const { AutomationExecutionId: id = '' } = await ssm.send(
      new StartAutomationExecutionCommand({ DocumentName: 'AWS-RestartEC2Instance', Parameters: { InstanceId: [node] } }),
    );
    const cancelled = reaches(id, 'Cancelled');
    expect(await ssm.send(new StopAutomationExecutionCommand({ AutomationExecutionId: id, Type: 'Cancel' }))).toMatchObject({});
    expect(['Cancelling', 'Cancelled']).toContain((await execution(id)).AutomationExecutionStatus);
    await cancelled;
    expect((await execution(id)).AutomationExecutionStatus).toBe('Cancelled');
    await expect(ssm.send(new StopAutomationExecutionCommand({ AutomationExecutionId: id }))).rejects.toBeInstanceOf(InvalidAutomationStatusUpdateException);
    expect(await ping(node)).toBe('Online');
  });

  it('refuses a missing parameter with AWS wording, an unknown runbook, and an unknown execution id', async () => {
    const missing = await ssm.send(new StartAutomationExecutionCommand({ DocumentName: 'AWS-RestartEC2Instance' })).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(InvalidAutomationExecutionParametersException);
    expect((missing as Error).message).toBe('Missing required parameter: InstanceId in user inputs.');
    await expect(ssm.send(new StartAutomationExecutionCommand({ DocumentName: 'AWS-NoSuchRunbook', Parameters: { InstanceId: ['i-0123456789abcdef0'] } }))).rejects.toBeInstanceOf(
      AutomationDefinitionNotFoundException,
    );
    await expect(ssm.send(new GetAutomationExecutionCommand({ AutomationExecutionId: randomUUID() }))).rejects.toBeInstanceOf(AutomationExecutionNotFoundException);
  });
});

describe.skipIf(!HAVE_CLI && !process.env.CI)('Automation through the AWS CLI', () => {
  // Each CLI spawn takes seconds, so this simulator's instance stops take minutes: the
  // execution is still running when stop-automation-execution arrives.
  let slow: RunningSimulator;
  beforeAll(async () => {
    slow = await startSimulator({ nodes: 20, seed: 9, automation: { stateChangeMs: 600_000 } });
  });
  afterAll(async () => {
    await slow?.close();
  });

  it('start-automation-execution, stop-automation-execution (Cancelling → Cancelled), get-automation-execution', async () => {
    const node = slow.nodes.find((n) => n.InstanceId.startsWith('i-'))?.InstanceId ?? '';
    const started = cliJson<{ AutomationExecutionId: string }>(
      await awsCli(slow, home, ['ssm', 'start-automation-execution', '--document-name', 'AWS-RestartEC2Instance', '--parameters', `InstanceId=${node}`]),
    );
    const running = cliJson<{ AutomationExecution: { AutomationExecutionStatus: string; CurrentStepName: string } }>(
      await awsCli(slow, home, ['ssm', 'get-automation-execution', '--automation-execution-id', started.AutomationExecutionId]),
    );
    expect(running.AutomationExecution).toMatchObject({ AutomationExecutionStatus: 'InProgress', CurrentStepName: 'stopInstances' });
    const stopped = await awsCli(slow, home, ['ssm', 'stop-automation-execution', '--automation-execution-id', started.AutomationExecutionId]);
    expect(stopped.stderr).toBe('');
    expect(stopped.code).toBe(0);
    const got = cliJson<{ AutomationExecution: { AutomationExecutionStatus: string; StepExecutions: Array<{ StepStatus: string }> } }>(
      await awsCli(slow, home, ['ssm', 'get-automation-execution', '--automation-execution-id', started.AutomationExecutionId]),
    );
    expect(got.AutomationExecution.AutomationExecutionStatus).toBe('Cancelled');
    expect(got.AutomationExecution.StepExecutions.map((s) => s.StepStatus)).toEqual(['Cancelled', 'Pending']);
    const unknown = await awsCli(slow, home, ['ssm', 'get-automation-execution', '--automation-execution-id', randomUUID()]);
    expect(unknown.stderr).toContain('An error occurred (AutomationExecutionNotFoundException) when calling the GetAutomationExecution operation');
  });
});
