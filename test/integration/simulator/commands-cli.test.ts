import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../../main/simulator/server';
import type { RunningSimulator } from '../../../main/simulator/server';

/**
 * Run Command conformance with Debian's AWS CLI (botocore): it parses our Command and
 * CommandInvocation shapes, renders epoch-second timestamps as ISO text, auto-paginates
 * ListCommandInvocations and ListCommands, and prints our error codes. Each spawn costs about a
 * second, so every operation gets one or two chosen calls.
 */

const AWS = '/usr/bin/aws';
const HAVE_CLI = existsSync(AWS);
const SKIP = !HAVE_CLI && !process.env.CI;

interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

let sim: RunningSimulator;
let home: string;
let sandbox: string;

function aws(args: string[]): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    LANG: 'C.UTF-8',
    AWS_ACCESS_KEY_ID: sim.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: sim.credentials.secretAccessKey,
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_PAGER: '',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  const full = ['ssm', ...args, '--endpoint-url', sim.endpoint, '--region', sim.region, '--output', 'json'];
  return new Promise((resolve) => {
    execFile(AWS, full, { env, timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

/** Waits (on the engine's own record, not on more CLI spawns) until the command has ended. */
async function settled(commandId: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const record = sim.commands.find(commandId);
    const status = record ? sim.commands.status(record).status : 'missing';
    if (['Success', 'Failed', 'TimedOut', 'Cancelled'].includes(status)) return;
    if (Date.now() > deadline) throw new Error(`command ${commandId} still ${status}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const linux = (): string[] => sim.nodes.filter((n) => n.info.PingStatus === 'Online' && n.info.PlatformType === 'Linux').map((n) => n.InstanceId);

describe.skipIf(SKIP)('AWS CLI against the simulator\'s Run Command', () => {
  let commandId = '';

  beforeAll(async () => {
    if (!HAVE_CLI) throw new Error(`${AWS} is missing: install Debian's awscli (apt-get install -y awscli).`);
    home = mkdtempSync(join(tmpdir(), 'capstan-aws-cli-'));
    sandbox = mkdtempSync(join(tmpdir(), 'capstan-cli-sandbox-'));
    sim = await startSimulator({ nodes: 40, seed: 17, sessions: { sandboxRoot: sandbox }, commands: { materializeDelayMs: 0 } });
    for (const id of linux().slice(0, 5)) sim.setNodeTags(id, [{ Key: 'Drill', Value: 'cli' }]);
  });

  afterAll(async () => {
    await sim?.close();
    for (const dir of [home, sandbox]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('send-command with shorthand targets and parameters', async () => {
    const result = await aws(['send-command', '--document-name', 'AWS-RunShellScript', '--targets', 'Key=tag:Drill,Values=cli', '--parameters', 'commands=["echo hello"]', '--comment', 'cli drill']);
    expect(result.stderr).toBe('');
    const command = (JSON.parse(result.stdout) as { Command: Record<string, unknown> }).Command;
    expect(command).toMatchObject({ DocumentName: 'AWS-RunShellScript', Status: 'Pending', TargetCount: 5, Comment: 'cli drill', Targets: [{ Key: 'tag:Drill', Values: ['cli'] }] });
    // The CLI turns the wire's epoch seconds into ISO text.
    expect(command.RequestedDateTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/);
    commandId = String(command.CommandId);
    await settled(commandId);
  });

  it('get-command-invocation', async () => {
    const node = sim.commands.find(commandId)!.invocations[0]!.instanceId;
    const result = await aws(['get-command-invocation', '--command-id', commandId, '--instance-id', node]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ Status: 'Success', ResponseCode: 0, StandardOutputContent: 'hello\n', PluginName: 'aws:runShellScript' });
  });

  it('list-command-invocations --details auto-paginates with --page-size', async () => {
    sim.calls.reset();
    const result = await aws(['list-command-invocations', '--command-id', commandId, '--details', '--page-size', '2']);
    expect(result.code).toBe(0);
    const list = (JSON.parse(result.stdout) as { CommandInvocations: Array<{ Status: string; CommandPlugins: Array<{ Output: string }> }> }).CommandInvocations;
    expect(list).toHaveLength(5);
    expect(list.every((i) => i.Status === 'Success' && i.CommandPlugins[0]?.Output === 'hello\n')).toBe(true);
    expect(sim.calls.count('ListCommandInvocations')).toBe(3);
  });

  it('list-commands with a filter', async () => {
    const result = await aws(['list-commands', '--filters', 'key=DocumentName,value=AWS-RunShellScript']);
    expect(result.code).toBe(0);
    const commands = (JSON.parse(result.stdout) as { Commands: Array<{ CommandId: string; Status: string; CompletedCount: number }> }).Commands;
    expect(commands.find((c) => c.CommandId === commandId)).toMatchObject({ Status: 'Success', CompletedCount: 5 });
  });

  it('cancel-command answers nothing and the command ends Cancelled', async () => {
    const sent = await aws(['send-command', '--document-name', 'AWS-RunShellScript', '--instance-ids', linux()[6]!, '--parameters', 'commands=["sleep 30"]']);
    const id = String((JSON.parse(sent.stdout) as { Command: { CommandId: string } }).Command.CommandId);
    const result = await aws(['cancel-command', '--command-id', id]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    await settled(id);
    expect(sim.commands.status(sim.commands.find(id)!).status).toBe('Cancelled');
  });

  it('prints SSM\'s error codes', async () => {
    const missing = await aws(['get-command-invocation', '--command-id', '00000000-0000-4000-8000-000000000000', '--instance-id', linux()[0]!]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('An error occurred (InvocationDoesNotExist) when calling the GetCommandInvocation operation');
    const bad = await aws(['send-command', '--document-name', 'Capstan-RestartService', '--instance-ids', linux()[0]!, '--parameters', 'serviceName=["nginx`reboot`"]']);
    expect(bad.stderr).toContain('An error occurred (InvalidParameters) when calling the SendCommand operation');
  });
});
