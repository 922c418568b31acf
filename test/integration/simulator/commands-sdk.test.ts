import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../../main/simulator/server';
import { commandNow, commandSim, invocation, invocations, online, rejection, send, settledCommand, waitFor } from './command-sim';

/**
 * Run Command on the training fleet through @aws-sdk/client-ssm: real scripts with real output
 * and exit codes, the request checks SSM makes, offline and vanished nodes, cancel, filters and
 * pages. Delivery timeouts run 100× faster (msPerSecond 10) so they pass in a fraction of a second.
 */

let sim: RunningSimulator;
let sandbox: string;
beforeAll(() => {
  ({ sim, sandbox } = commandSim);
});

describe('SendCommand runs real scripts', () => {
  it('returns a real echo\'s output and exit code, in the node\'s sandbox', async () => {
    const node = online('Linux')[0]!;
    const sent = await send({ InstanceIds: [node.InstanceId], Parameters: { commands: ['echo "hello from $AWS_SSM_INSTANCE_ID"', 'pwd'] } });
    expect(sent).toMatchObject({ Status: 'Pending', StatusDetails: 'Pending', TargetCount: 1, CompletedCount: 0, InstanceIds: [node.InstanceId], Targets: [] });
    const result = await waitFor(() => invocation(sent.CommandId!, node.InstanceId), (r) => r.Status === 'Success', 'echo to succeed');
    expect(result.StandardOutputContent).toBe(`hello from ${node.InstanceId}\n${join(sandbox, node.InstanceId)}\n`);
    expect(result.ResponseCode).toBe(0);
    expect(result.StandardErrorContent).toBe('');
    expect(result.PluginName).toBe('aws:runShellScript');
    expect(result.ExecutionStartDateTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(result.ExecutionElapsedTime).toMatch(/^PT\d+(\.\d+)?S$/);
    const command = await settledCommand(sent.CommandId!);
    expect(command).toMatchObject({ Status: 'Success', StatusDetails: 'Success', CompletedCount: 1, ErrorCount: 0 });
  });

  it('echoes the request with the real service\'s padding and expiry', async () => {
    const node = online('Linux')[0]!;
    const sent = await send({ InstanceIds: [node.InstanceId], Parameters: { commands: ['true'] }, Comment: 'padding check' });
    expect(sent).toMatchObject({
      DocumentName: 'AWS-RunShellScript',
      DocumentVersion: '',
      Comment: 'padding check',
      MaxConcurrency: '50',
      MaxErrors: '0',
      TimeoutSeconds: 3600,
      OutputS3BucketName: '',
      OutputS3KeyPrefix: '',
      ServiceRole: '',
      NotificationConfig: { NotificationArn: '', NotificationEvents: [], NotificationType: '' },
      CloudWatchOutputConfig: { CloudWatchLogGroupName: '', CloudWatchOutputEnabled: false },
    });
    // Delivery timeout 3600 s + AWS-RunShellScript's default executionTimeout 3600 s.
    expect((sent.ExpiresAfter!.getTime() - sent.RequestedDateTime!.getTime()) / 1000).toBe(7200);
    await settledCommand(sent.CommandId!);
  });

  it('reports a failing script as Failed with its exit code and stderr', async () => {
    const node = online('Linux')[1]!;
    const sent = await send({ InstanceIds: [node.InstanceId], Parameters: { commands: ['echo partial', 'echo "disk full" >&2', 'exit 3'] } });
    const result = await waitFor(() => invocation(sent.CommandId!, node.InstanceId), (r) => r.Status === 'Failed', 'the script to fail');
    expect(result).toMatchObject({ ResponseCode: 3, StatusDetails: 'Failed', StandardOutputContent: 'partial\n' });
    expect(result.StandardErrorContent).toBe('disk full\nfailed to run commands: exit status 3');
    const [listed] = await invocations(sent.CommandId!);
    expect(listed?.CommandPlugins?.[0]?.Output).toBe('partial\n\n----------ERROR-------\ndisk full\nfailed to run commands: exit status 3');
    expect(await settledCommand(sent.CommandId!)).toMatchObject({ Status: 'Failed', StatusDetails: 'Failed', ErrorCount: 1 });
  });

  it('runs multi-step documents step by step, skipping the other platform\'s step', async () => {
    const node = online('Linux')[2]!;
    const sent = await send({ DocumentName: 'Capstan-RestartService', InstanceIds: [node.InstanceId], Parameters: { serviceName: ['sshd'] } });
    await settledCommand(sent.CommandId!);
    expect((await rejection(invocation(sent.CommandId!, node.InstanceId))).name).toBe('InvalidPluginName');
    const linux = await invocation(sent.CommandId!, node.InstanceId, 'restartServiceLinux');
    expect(linux).toMatchObject({ Status: 'Success', StandardOutputContent: 'active\n', ResponseCode: 0 });
    const windows = await invocation(sent.CommandId!, node.InstanceId, 'restartServiceWindows');
    expect(windows).toMatchObject({ Status: 'Success', StatusDetails: 'Skipped' });
    expect(windows.StandardOutputContent).toContain('Step execution skipped due to unsatisfied preconditions');
  });
});

describe('SendCommand refuses what SSM refuses', () => {
  it.each([
    ['a duplicate id', () => ({ InstanceIds: [online('Linux')[0]!.InstanceId, online('Linux')[0]!.InstanceId], Parameters: { commands: ['true'] } }), 'DuplicateInstanceId'],
    ['an unknown id', () => ({ InstanceIds: ['i-0123456789abcdef0'], Parameters: { commands: ['true'] } }), 'InvalidInstanceId'],
    ['an unknown document', () => ({ DocumentName: 'Nope-Document', InstanceIds: [online('Linux')[0]!.InstanceId] }), 'InvalidDocument'],
    ['a missing required parameter', () => ({ InstanceIds: [online('Linux')[0]!.InstanceId], Parameters: {} }), 'InvalidParameters'],
    ['an injection attempt', () => ({ DocumentName: 'Capstan-RestartService', InstanceIds: [online('Linux')[0]!.InstanceId], Parameters: { serviceName: ['nginx; rm -rf /'] } }), 'InvalidParameters'],
    ['a Windows document for a Linux node', () => ({ DocumentName: 'AWS-RunPowerShellScript', InstanceIds: [online('Linux')[0]!.InstanceId], Parameters: { commands: ['dir'] } }), 'UnsupportedPlatformType'],
    ['both InstanceIds and Targets', () => ({ InstanceIds: [online('Linux')[0]!.InstanceId], Targets: [{ Key: 'tag:Role', Values: ['web'] }], Parameters: { commands: ['true'] } }), 'ValidationException'],
    ['neither InstanceIds nor Targets', () => ({ Parameters: { commands: ['true'] } }), 'ValidationException'],
    ['a bad MaxConcurrency', () => ({ InstanceIds: [online('Linux')[0]!.InstanceId], MaxConcurrency: '0', Parameters: { commands: ['true'] } }), 'ValidationException'],
  ])('%s → %s', async (_name, input, code) => {
    const error = await rejection(send(input()));
    expect(error.name).toBe(code);
  });

  it('an offline listed node is an invalid instance, named in AWS\'s words', async () => {
    const offline = sim.nodes.find((n) => n.info.PingStatus !== 'Online')!;
    const error = await rejection(send({ InstanceIds: [offline.InstanceId], Parameters: { commands: ['true'] } }));
    expect(error.name).toBe('InvalidInstanceId');
    expect(error.message).toBe(`Instances [[${offline.InstanceId}]] not in a valid state for account ${sim.accountId}`);
  });

  it('malformed targets get AWS\'s explanation', async () => {
    const error = await rejection(send({ Targets: [{ Key: 'color', Values: ['blue'] }], Parameters: { commands: ['true'] } }));
    expect(error.name).toBe('ValidationException');
    expect(error.message).toMatch(/^Targets must be specified in one of the following formats: 1\) 1 target with "Key=InstanceIds"/);
    const tooMany = await rejection(send({ Targets: Array.from({ length: 6 }, () => ({ Key: 'tag-key', Values: ['Role'] })), Parameters: { commands: ['true'] } }));
    expect(tooMany.message).toContain("at 'targets' failed to satisfy constraint: Member must have length less than or equal to 5");
  });
});

describe('targets, offline and vanished nodes', () => {
  it('resolves tags with AND across entries; a node of another platform ends InvalidPlatform', async () => {
    const [linux, windows] = [online('Linux')[3]!, online('Windows')[0]!];
    sim.setNodeTags(linux.InstanceId, [{ Key: 'Drill', Value: 'a' }, { Key: 'Shift', Value: 'night' }]);
    sim.setNodeTags(windows.InstanceId, [{ Key: 'Drill', Value: 'b' }, { Key: 'Shift', Value: 'night' }]);
    const sent = await send({ Targets: [{ Key: 'tag:Drill', Values: ['a', 'b'] }, { Key: 'tag-key', Values: ['Shift'] }], Parameters: { commands: ['echo ok'] } });
    expect(sent.TargetCount).toBe(2);
    expect(sent.InstanceIds).toEqual([]);
    const command = await settledCommand(sent.CommandId!);
    expect(command.Status).toBe('Success');
    const byNode = new Map((await invocations(sent.CommandId!)).map((i) => [i.InstanceId, i]));
    expect(byNode.get(linux.InstanceId)).toMatchObject({ Status: 'Success' });
    expect(byNode.get(windows.InstanceId)).toMatchObject({ Status: 'Failed', StatusDetails: 'InvalidPlatform' });
  });

  it('no matching tag → NoInstancesInTag', async () => {
    const sent = await send({ Targets: [{ Key: 'tag:Nobody', Values: ['here'] }], Parameters: { commands: ['true'] } });
    expect(sent.TargetCount).toBe(0);
    expect(await commandNow(sent.CommandId!)).toMatchObject({ Status: 'Failed', StatusDetails: 'NoInstancesInTag' });
  });

  it('an offline node runs nothing and ends DeliveryTimedOut when the delivery timeout passes', async () => {
    const node = online('Linux')[4]!;
    sim.setNodePing(node.InstanceId, 'ConnectionLost');
    const marker = join(sandbox, node.InstanceId, 'ran');
    const sent = await send({ Targets: [{ Key: 'InstanceIds', Values: [node.InstanceId] }], TimeoutSeconds: 30, Parameters: { commands: [`touch ran`] } });
    expect((await commandNow(sent.CommandId!)).Status).toBe('Pending');
    const command = await settledCommand(sent.CommandId!);
    expect(command).toMatchObject({ Status: 'TimedOut', StatusDetails: 'DeliveryTimedOut', DeliveryTimedOutCount: 1, ErrorCount: 0, CompletedCount: 1 });
    expect((await invocations(sent.CommandId!))[0]).toMatchObject({ Status: 'TimedOut', StatusDetails: 'DeliveryTimedOut' });
    expect(existsSync(marker)).toBe(false);
    sim.setNodePing(node.InstanceId, 'Online');
  });

  it('an offline node that comes back before the delivery timeout receives the command', async () => {
    const node = online('Linux')[12]!;
    sim.setNodePing(node.InstanceId, 'ConnectionLost');
    // 600 simulated seconds = 6 real seconds of delivery window at msPerSecond 10.
    const sent = await send({ Targets: [{ Key: 'InstanceIds', Values: [node.InstanceId] }], TimeoutSeconds: 600, Parameters: { commands: ['echo delivered'] } });
    expect((await invocations(sent.CommandId!))[0]).toMatchObject({ Status: 'Pending' });
    sim.setNodePing(node.InstanceId, 'Online');
    expect(await settledCommand(sent.CommandId!)).toMatchObject({ Status: 'Success' });
    expect((await invocation(sent.CommandId!, node.InstanceId)).StandardOutputContent).toBe('delivered\n');
  });

  it('an unknown target id and a node removed before its turn end Undeliverable', async () => {
    const [first, second] = [online('Linux')[5]!, online('Linux')[6]!];
    const gate = join(sandbox, 'gate-open');
    const sent = await send({
      Targets: [{ Key: 'instanceids', Values: [first.InstanceId, second.InstanceId, 'i-0fedcba9876543210'] }],
      MaxConcurrency: '1',
      Parameters: { commands: [`while [ ! -f '${gate}' ]; do sleep 0.02; done`] },
    });
    await waitFor(() => invocation(sent.CommandId!, first.InstanceId), (r) => r.Status === 'InProgress', 'the first node to run');
    sim.removeNode(second.InstanceId);
    writeFileSync(gate, '');
    await settledCommand(sent.CommandId!);
    const details = (await invocations(sent.CommandId!)).map((i) => [i.InstanceId, i.StatusDetails]);
    expect(details).toEqual([
      [first.InstanceId, 'Success'],
      [second.InstanceId, 'Undeliverable'],
      ['i-0fedcba9876543210', 'Undeliverable'],
    ]);
  });
});
