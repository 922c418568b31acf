import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { RunningSimulator } from '../../../main/simulator/server';

/**
 * Runs Debian's AWS CLI v2 against a simulator, for the documents, Parameter Store and
 * Automation conformance tests (same environment as aws-cli.test.ts: no config files, no pager).
 */

export const AWS_CLI = '/usr/bin/aws';
export const HAVE_CLI = existsSync(AWS_CLI);

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function awsCli(sim: RunningSimulator, home: string, args: ReadonlyArray<string>): Promise<CliResult> {
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
  const full = [...args, '--endpoint-url', sim.endpoint, '--region', sim.region, '--output', 'json'];
  return new Promise((resolve) => {
    execFile(AWS_CLI, full, { env, timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

/** The CLI's JSON output, parsed (fails the test with the CLI's own stderr when it failed). */
export function cliJson<T>(result: CliResult): T {
  if (result.code !== 0) throw new Error(`aws exited ${result.code}: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}
