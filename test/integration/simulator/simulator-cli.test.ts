import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { DescribeInstanceInformationCommand, SSMClient } from '@aws-sdk/client-ssm';
import { afterEach, describe, expect, it } from 'vitest';

/** The same command line as `npm run simulator`, without npm in between (signals go straight to node). */
function runCli(args: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'main/simulator/cli.ts', ...args], {
    cwd: process.cwd(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

function collect(child: ChildProcess): { stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return { stdout: () => out, stderr: () => err };
}

/** Resolves once stdout contains `text` (the process printing it is the event we wait on). */
function waitForOutput(child: ChildProcess, output: () => string, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      if (output().includes(text)) {
        child.stdout?.off('data', check);
        resolve();
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => reject(new Error(`simulator exited (${code}) before printing "${text}"`)));
    check();
  });
}

const children: ChildProcess[] = [];

afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited(child);
    }
  }
});

describe('npm run simulator', () => {
  it('prints a working endpoint and credentials, and stops cleanly on Ctrl+C', async () => {
    const child = runCli(['--nodes', '25', '--seed', '4']);
    children.push(child);
    const output = collect(child);
    await waitForOutput(child, output.stdout, 'Press Ctrl+C');
    const text = output.stdout();
    const endpoint = /endpoint:\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(text)?.[1];
    const accessKeyId = /access key:\s+(\S+)/.exec(text)?.[1];
    const secretAccessKey = /secret key:\s+(\S+)/.exec(text)?.[1];
    const region = /region:\s+(\S+)/.exec(text)?.[1];
    expect(text).toContain(`/usr/bin/aws ssm describe-instance-information --endpoint-url ${endpoint} --region ${region}`);
    expect(accessKeyId).toBe('AKIACAPSTANTRAINING1');

    const ssm = new SSMClient({ endpoint, region, credentials: { accessKeyId: accessKeyId ?? '', secretAccessKey: secretAccessKey ?? '' } });
    try {
      const page = await ssm.send(new DescribeInstanceInformationCommand({ MaxResults: 50 }));
      expect(page.InstanceInformationList).toHaveLength(25);
    } finally {
      ssm.destroy();
    }

    child.kill('SIGINT');
    expect(await exited(child)).toBe(0);
    expect(output.stdout()).toContain('Training fleet stopped (SIGINT).');
  });

  it('explains a bad argument and exits with code 2', async () => {
    const child = runCli(['--nodes', '5']);
    children.push(child);
    const output = collect(child);
    expect(await exited(child)).toBe(2);
    expect(output.stderr()).toContain('simulator: --nodes must be from 10 to 100000, got 5.');
    expect(output.stderr()).toContain('Usage: npm run simulator');
  });
});
