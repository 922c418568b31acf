import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommandInvocationCommand, ListCommandInvocationsCommand, ListCommandsCommand, SSMClient, SendCommandCommand } from '@aws-sdk/client-ssm';
import type { Command, SendCommandCommandInput } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_TITLE, ERROR_TRUNCATED, OUTPUT_TRUNCATED } from '../../../main/simulator/commands/output-capture';
import { startSimulator } from '../../../main/simulator/server';
import type { RunningSimulator } from '../../../main/simulator/server';

/**
 * What a script prints and how long it may run: the agent's truncation (2,500 / 24,000 / 8,000
 * characters, exact markers), 50 MB of output with flat memory, the execution timeout killing
 * the script's whole process group, the host-wide process limit, and the training shims.
 */

let sim: RunningSimulator;
let ssm: SSMClient;
let sandbox: string;
const HOST_LIMIT = 2;

beforeAll(async () => {
  sandbox = mkdtempSync(join(tmpdir(), 'capstan-output-'));
  sim = await startSimulator({ nodes: 40, seed: 13, sessions: { sandboxRoot: sandbox }, commands: { materializeDelayMs: 0, hostConcurrency: HOST_LIMIT } });
  ssm = new SSMClient({ endpoint: sim.endpoint, region: sim.region, credentials: sim.credentials, maxAttempts: 1 });
});

afterAll(async () => {
  ssm?.destroy();
  await sim?.close();
  if (sandbox) rmSync(sandbox, { recursive: true, force: true });
});

const online = (platform: 'Linux' | 'Windows'): string[] =>
  sim.nodes.filter((n) => n.info.PingStatus === 'Online' && n.info.PlatformType === platform).map((n) => n.InstanceId);

async function run(input: Partial<SendCommandCommandInput>): Promise<Command> {
  const sent = await ssm.send(new SendCommandCommand({ DocumentName: 'AWS-RunShellScript', ...input }));
  const id = sent.Command!.CommandId!;
  const deadline = Date.now() + 30_000;
  for (;;) {
    const command = (await ssm.send(new ListCommandsCommand({ CommandId: id }))).Commands?.[0];
    if (command && ['Success', 'Failed', 'TimedOut', 'Cancelled'].includes(command.Status ?? '')) return command;
    if (Date.now() > deadline) throw new Error(`command ${id} did not end: ${JSON.stringify(command)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** A killed process whose parent died stays a zombie where PID 1 does not reap (containers): that is not running. */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  if (process.platform !== 'linux') return true;
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(' ')[2] !== 'Z';
  } catch {
    return false;
  }
}

const repeat = (char: string, count: number, stream = ''): string => `head -c ${count} /dev/zero | tr '\\0' '${char}'${stream}`;

describe('output limits', () => {
  it('truncates Output to 2,500 characters with the agent\'s markers, and keeps 24,000 / 8,000 in GetCommandInvocation', async () => {
    const node = online('Linux')[0]!;
    const command = await run({ InstanceIds: [node], Parameters: { commands: [repeat('a', 30_000), repeat('e', 9_000, ' >&2')] } });
    expect(command.Status).toBe('Success');
    const listed = await ssm.send(new ListCommandInvocationsCommand({ CommandId: command.CommandId!, Details: true }));
    const output = listed.CommandInvocations?.[0]?.CommandPlugins?.[0]?.Output ?? '';
    const each = Math.floor((2500 - ERROR_TITLE.length - OUTPUT_TRUNCATED.length - ERROR_TRUNCATED.length) / 2);
    expect(output).toBe('a'.repeat(each) + OUTPUT_TRUNCATED + ERROR_TITLE + 'e'.repeat(each) + ERROR_TRUNCATED);
    const full = await ssm.send(new GetCommandInvocationCommand({ CommandId: command.CommandId!, InstanceId: node }));
    expect(full.StandardOutputContent).toBe('a'.repeat(24_000));
    expect(full.StandardErrorContent).toBe('e'.repeat(8_000));
  });

  it('keeps memory flat when a script prints 50 MB', async () => {
    const node = online('Linux')[1]!;
    const before = process.memoryUsage().rss;
    const command = await run({ InstanceIds: [node], Parameters: { commands: [repeat('x', 50 * 1024 * 1024)] } });
    const grown = process.memoryUsage().rss - before;
    expect(command.Status).toBe('Success');
    const full = await ssm.send(new GetCommandInvocationCommand({ CommandId: command.CommandId!, InstanceId: node }));
    expect(full.StandardOutputContent).toHaveLength(24_000);
    // Keeping the output would cost 50 MB (or 100 MB as a JS string); draining it costs a few.
    expect(grown).toBeLessThan(40 * 1024 * 1024);
  });
});

describe('execution limits', () => {
  it('kills a script past its executionTimeout, background children included → ExecutionTimedOut, 137', async () => {
    const node = online('Linux')[2]!;
    const command = await run({
      InstanceIds: [node],
      Parameters: { executionTimeout: ['1'], commands: ['sleep 30 &', 'echo $! > background.pid', 'echo waiting', 'wait'] },
    });
    expect(command).toMatchObject({ Status: 'TimedOut', StatusDetails: 'ExecutionTimedOut', ErrorCount: 1 });
    const result = await ssm.send(new GetCommandInvocationCommand({ CommandId: command.CommandId!, InstanceId: node }));
    expect(result).toMatchObject({ Status: 'TimedOut', StatusDetails: 'ExecutionTimedOut', ResponseCode: 137, StandardOutputContent: 'waiting\n' });
    const pid = Number(readFileSync(join(sandbox, node, 'background.pid'), 'utf8'));
    expect(isRunning(pid)).toBe(false);
  });

  it(`never runs more than ${HOST_LIMIT} host processes at once, however many nodes`, async () => {
    const nodes = online('Linux').slice(3, 9);
    const log = join(sandbox, 'overlap.log');
    const command = await run({
      InstanceIds: nodes,
      MaxConcurrency: '6',
      Parameters: { commands: [`echo start >> '${log}'`, 'sleep 0.2', `echo end >> '${log}'`] },
    });
    expect(command).toMatchObject({ Status: 'Success', CompletedCount: 6 });
    let running = 0;
    let most = 0;
    for (const line of readFileSync(log, 'utf8').trim().split('\n')) {
      running += line === 'start' ? 1 : -1;
      most = Math.max(most, running);
    }
    expect(most).toBe(HOST_LIMIT);
  });
});

const HOST_HAS_PWSH = (process.env.PATH ?? '').split(':').some((dir) => existsSync(join(dir, 'pwsh')));

describe.skipIf(HOST_HAS_PWSH)('PowerShell steps on a host without PowerShell', () => {
  it('fail with the shell\'s error and say what to install', async () => {
    const node = online('Windows')[1]!;
    const command = await run({ DocumentName: 'AWS-RunPowerShellScript', InstanceIds: [node], Parameters: { commands: ['$free = (Get-PSDrive C).Free'] } });
    expect(command.Status).toBe('Failed');
    const result = await ssm.send(new GetCommandInvocationCommand({ CommandId: command.CommandId!, InstanceId: node }));
    expect(result.StandardErrorContent).toMatch(/Install PowerShell 7 and restart Capstan to run Windows runbooks as written\.$/);
  });
});

describe('closing the simulator', () => {
  it('kills every script still running', async () => {
    const own = await startSimulator({ nodes: 10, seed: 13, sessions: { sandboxRoot: sandbox }, commands: { materializeDelayMs: 0 } });
    const node = own.nodes.find((n) => n.info.PingStatus === 'Online' && n.info.PlatformType === 'Linux')!.InstanceId;
    const client = new SSMClient({ endpoint: own.endpoint, region: own.region, credentials: own.credentials, maxAttempts: 1 });
    const pidFile = join(sandbox, node, 'long.pid');
    try {
      await client.send(new SendCommandCommand({ DocumentName: 'AWS-RunShellScript', InstanceIds: [node], Parameters: { commands: ['echo $$ > long.pid.tmp && mv long.pid.tmp long.pid', 'sleep 60'] } }));
      const deadline = Date.now() + 20_000;
      while (!existsSync(pidFile)) {
        if (Date.now() > deadline) throw new Error('the script never started');
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    } finally {
      client.destroy();
      await own.close();
    }
    const pid = Number(readFileSync(pidFile, 'utf8'));
    const deadline = Date.now() + 5_000;
    while (isRunning(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
    expect(isRunning(pid)).toBe(false);
  });
});

describe('training shims', () => {
  it('systemctl acts on the node\'s simulated services only, with systemd\'s texts and codes', async () => {
    const node = online('Linux')[10]!;
    const command = await run({
      InstanceIds: [node],
      Parameters: {
        commands: [
          'systemctl stop crond; echo "stop=$?"',
          'systemctl is-active crond; echo "is-active=$?"',
          'systemctl restart crond && systemctl is-active crond',
          'systemctl restart ghost; echo "restart=$?"',
          'command -v systemctl',
        ],
      },
    });
    const result = await ssm.send(new GetCommandInvocationCommand({ CommandId: command.CommandId!, InstanceId: node }));
    expect(result.StandardOutputContent).toBe(`stop=0\ninactive\nis-active=3\nactive\nrestart=5\n${join(sandbox, node, 'bin', 'systemctl')}\n`);
    expect(result.StandardErrorContent).toBe('Failed to restart ghost.service: Unit ghost.service not found.\n');
  });

  it('Restart-Service and Get-Service answer on Windows nodes', async () => {
    const node = online('Windows')[0]!;
    const command = await run({
      DocumentName: 'AWS-RunPowerShellScript',
      InstanceIds: [node],
      Parameters: { commands: ['Restart-Service -Name AmazonSSMAgent', 'Get-Service -Name amazonssmagent'] },
    });
    expect(command.Status).toBe('Success');
    const result = await ssm.send(new GetCommandInvocationCommand({ CommandId: command.CommandId!, InstanceId: node }));
    expect(result.StandardOutputContent).toMatch(/Status\s+Name\s+DisplayName\n-+\s+-+\s+-+\nRunning\s+AmazonSSMAgent\s+Amazon SSM Agent\n/);
  });
});
