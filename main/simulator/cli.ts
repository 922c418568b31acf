import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { MAX_FLEET_SIZE, MIN_FLEET_SIZE } from './fleet-generator';
import { startSimulator } from './server';
import type { RunningSimulator } from './server';
import { TRAINING_SSO_START_URL, TRAINING_USER_NAME } from './identity/training-accounts';

/**
 * `npm run simulator -- --nodes N [--port P] [--seed S] [--region R]`: runs the training fleet
 * in the foreground and prints how to reach it. Ctrl+C (SIGINT) or SIGTERM closes it cleanly.
 */

const USAGE = `Usage: npm run simulator -- [--nodes N] [--port P] [--seed S] [--region R]
                             [--kms-node ID]... [--idle-timeout-minutes M]

  --nodes N    fleet size, ${MIN_FLEET_SIZE}..${MAX_FLEET_SIZE} (default 1000)
  --port P     TCP port on 127.0.0.1, 0 = any free port (default 0)
  --seed S     fleet seed, an integer (default 1)
  --region R   region the fleet reports, e.g. eu-west-1 (default eu-west-1)
  --kms-node ID             sessions on node ID demand KMS encryption (repeatable)
  --idle-timeout-minutes M  Session Manager idle timeout, 1..60 (default 20, as AWS)
  --help       show this text`;

/** Parsed command line of the simulator CLI. */
export interface SimulatorCliOptions {
  readonly nodes: number;
  readonly port: number;
  readonly seed: number;
  readonly region: string | undefined;
  /** Nodes whose sessions demand KMS encryption (present only when given). */
  readonly kmsNodes?: ReadonlyArray<string>;
  /** Session idle timeout in minutes (present only when given). */
  readonly idleTimeoutMinutes?: number;
}

/** A command-line mistake: printed with the usage, exit code 2. */
export class CliUsageError extends Error {}

function integerArg(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  if (!/^-?\d+$/.test(raw)) throw new CliUsageError(`--${name} must be an integer, got '${raw}'.`);
  const value = Number(raw);
  if (value < min || value > max) throw new CliUsageError(`--${name} must be from ${min} to ${max}, got ${value}.`);
  return value;
}

/** Parses the CLI arguments; throws CliUsageError on anything it does not understand. */
export function parseSimulatorArgs(argv: ReadonlyArray<string>): SimulatorCliOptions | 'help' {
  let values: Record<string, string | boolean | string[] | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        nodes: { type: 'string' },
        port: { type: 'string' },
        seed: { type: 'string' },
        region: { type: 'string' },
        'kms-node': { type: 'string', multiple: true },
        'idle-timeout-minutes': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new CliUsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help === true) return 'help';
  const str = (key: string): string | undefined => (typeof values[key] === 'string' ? (values[key] as string) : undefined);
  const region = str('region');
  if (region !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) {
    throw new CliUsageError(`--region must look like eu-west-1, got '${region}'.`);
  }
  const kmsNodes = Array.isArray(values['kms-node']) ? values['kms-node'] : undefined;
  for (const node of kmsNodes ?? []) {
    if (!/^(i-(\w{8}|\w{17})|mi-\w{17})$/.test(node)) throw new CliUsageError(`--kms-node must be a node id like i-0123456789abcdef0, got '${node}'.`);
  }
  const idle = str('idle-timeout-minutes');
  return {
    nodes: integerArg('nodes', str('nodes'), 1000, MIN_FLEET_SIZE, MAX_FLEET_SIZE),
    port: integerArg('port', str('port'), 0, 0, 65535),
    seed: integerArg('seed', str('seed'), 1, -2147483648, 2147483647),
    region,
    ...(kmsNodes ? { kmsNodes } : {}),
    ...(idle !== undefined ? { idleTimeoutMinutes: integerArg('idle-timeout-minutes', idle, 20, 1, 60) } : {}),
  };
}

/** The text printed once the simulator listens. */
export function describeRunningSimulator(sim: RunningSimulator): string {
  const { accessKeyId, secretAccessKey } = sim.credentials;
  const others = sim.accounts.filter((a) => a.accountId !== sim.accountId);
  return [
    `Capstan training fleet: ${sim.nodes.length} nodes, SSM endpoint ${sim.endpoint}`,
    `  endpoint:   ${sim.endpoint}`,
    `  region:     ${sim.region}`,
    `  account:    ${sim.accountId} (${sim.accounts.find((a) => a.accountId === sim.accountId)?.label ?? ''})`,
    `  access key: ${accessKeyId}`,
    `  secret key: ${secretAccessKey}`,
    `  sessions:   StartSession returns ws:// StreamUrls on this port; KMS key ${sim.kms.sessionKey.arn}`,
    '',
    ...others.flatMap((a) => [
      `Also account ${a.accountId} (${a.label}), same endpoint, any region:`,
      `  access key: ${a.credentials.accessKeyId}`,
      `  secret key: ${a.credentials.secretAccessKey}`,
      '',
    ]),
    `Roles in every account: CapstanReadOnly, and CapstanOperator which needs MFA (device`,
    `  arn:aws:iam::<account>:mfa/${TRAINING_USER_NAME}; current codes on ${sim.endpoint}/start/).`,
    `SSO (IAM Identity Center): sso_start_url ${TRAINING_SSO_START_URL}, any sso_region;`,
    `  approve sign-in codes on ${sim.endpoint}/start/`,
    '',
    'Try it with the AWS CLI:',
    `  AWS_ACCESS_KEY_ID='${accessKeyId}' AWS_SECRET_ACCESS_KEY='${secretAccessKey}' /usr/bin/aws ssm describe-instance-information --endpoint-url ${sim.endpoint} --region ${sim.region}`,
    `  AWS_ACCESS_KEY_ID='${accessKeyId}' AWS_SECRET_ACCESS_KEY='${secretAccessKey}' /usr/bin/aws sts get-caller-identity --endpoint-url ${sim.endpoint} --region ${sim.region}`,
    '',
    'Press Ctrl+C to stop.',
  ].join('\n');
}

async function main(): Promise<void> {
  let options: SimulatorCliOptions | 'help';
  try {
    options = parseSimulatorArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error;
    process.stderr.write(`simulator: ${error.message}\n\n${USAGE}\n`);
    process.exit(2);
  }
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  let sim: RunningSimulator;
  try {
    sim = await startSimulator({
      nodes: options.nodes,
      port: options.port,
      seed: options.seed,
      region: options.region,
      sessions: {
        ...(options.kmsNodes ? { kmsNodes: options.kmsNodes } : {}),
        ...(options.idleTimeoutMinutes !== undefined ? { idleTimeoutMs: options.idleTimeoutMinutes * 60_000 } : {}),
      },
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    process.stderr.write(`simulator: cannot start: ${code === 'EADDRINUSE' ? `port ${options.port} is in use` : String(error)}\n`);
    process.exit(1);
  }
  process.stdout.write(`${describeRunningSimulator(sim)}\n`);
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    sim.close().then(
      () => {
        process.stdout.write(`Training fleet stopped (${signal}).\n`);
        process.exit(0);
      },
      (error: unknown) => {
        process.stderr.write(`simulator: error while stopping: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

// Run only when executed (`node --import tsx main/simulator/cli.ts`), not when imported by tests.
const entry = process.argv[1];
if (entry !== undefined && realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url))) await main();
