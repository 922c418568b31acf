import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  GetParameterCommand,
  GetParametersByPathCommand,
  InvalidFilterKey,
  InvalidParameters,
  ParameterAlreadyExists,
  ParameterNotFound,
  ParameterPatternMismatchException,
  PutParameterCommand,
  SendCommandCommand,
  SSMClient,
  ValidationException,
  paginateGetParametersByPath,
} from '@aws-sdk/client-ssm';
import type { Parameter, SSMServiceException } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../../main/simulator/server';
import type { RunningSimulator } from '../../../main/simulator/server';
import { HAVE_CLI, awsCli, cliJson } from './documents-aws-cli';

let sim: RunningSimulator;
let ssm: SSMClient;
let home: string;

beforeAll(async () => {
  sim = await startSimulator({ nodes: 20, seed: 6 });
  ssm = new SSMClient({ endpoint: sim.endpoint, region: sim.region, credentials: sim.credentials, maxAttempts: 1 });
  home = mkdtempSync(join(tmpdir(), 'capstan-params-cli-'));
});

afterAll(async () => {
  ssm?.destroy();
  await sim?.close();
  if (home) rmSync(home, { recursive: true, force: true });
});

async function byPath(path: string, recursive: boolean, pageSize: number): Promise<{ params: Parameter[]; sizes: number[] }> {
  const params: Parameter[] = [];
  const sizes: number[] = [];
  for await (const page of paginateGetParametersByPath({ client: ssm, pageSize }, { Path: path, Recursive: recursive })) {
    sizes.push(page.Parameters?.length ?? 0);
    params.push(...(page.Parameters ?? []));
  }
  return { params, sizes };
}

describe('Parameter Store through @aws-sdk/client-ssm', () => {
  it('serves the seeded CloudWatch agent configuration', async () => {
    const { Parameter } = await ssm.send(new GetParameterCommand({ Name: 'AmazonCloudWatch-linux' }));
    expect(Parameter).toMatchObject({ Name: 'AmazonCloudWatch-linux', Type: 'String', Version: 1, DataType: 'text', ARN: `arn:aws:ssm:${sim.region}:${sim.accountId}:parameter/AmazonCloudWatch-linux` });
    expect(Parameter?.LastModifiedDate).toBeInstanceOf(Date);
    expect(JSON.parse(Parameter?.Value ?? '')).toHaveProperty('metrics.metrics_collected.mem');
  });

  it('versions a parameter: create, refuse without Overwrite, overwrite, read back by selector', async () => {
    expect(await ssm.send(new PutParameterCommand({ Name: '/sdk/threshold', Value: '80', Type: 'String', AllowedPattern: '^[0-9]+$' }))).toMatchObject({ Version: 1, Tier: 'Standard' });
    await expect(ssm.send(new PutParameterCommand({ Name: '/sdk/threshold', Value: '90', Type: 'String' }))).rejects.toBeInstanceOf(ParameterAlreadyExists);
    await expect(ssm.send(new PutParameterCommand({ Name: '/sdk/threshold', Value: 'ninety', Overwrite: true }))).rejects.toBeInstanceOf(ParameterPatternMismatchException);
    expect((await ssm.send(new PutParameterCommand({ Name: '/sdk/threshold', Value: '90', Overwrite: true }))).Version).toBe(2);
    expect((await ssm.send(new GetParameterCommand({ Name: '/sdk/threshold' }))).Parameter).toMatchObject({ Value: '90', Version: 2 });
    expect((await ssm.send(new GetParameterCommand({ Name: '/sdk/threshold:1' }))).Parameter).toMatchObject({ Value: '80', Version: 1, Selector: ':1' });
  });

  it('answers a missing name with ParameterNotFound carrying no message, and refuses reserved names', async () => {
    const failure = (await ssm.send(new GetParameterCommand({ Name: '/no/such' })).catch((e: unknown) => e)) as SSMServiceException;
    expect(failure).toBeInstanceOf(ParameterNotFound);
    expect(failure.message).toBe('UnknownError');
    await expect(ssm.send(new PutParameterCommand({ Name: 'awsSecret', Value: 'x', Type: 'String' }))).rejects.toThrow(ValidationException);
  });

  it('joins StringList values with commas and hides SecureString values unless decrypted', async () => {
    await ssm.send(new PutParameterCommand({ Name: '/sdk/hosts', Value: 'a,b,c', Type: 'StringList' }));
    expect((await ssm.send(new GetParameterCommand({ Name: '/sdk/hosts' }))).Parameter?.Value).toBe('a,b,c');
    await ssm.send(new PutParameterCommand({ Name: '/sdk/token', Value: 's3cr3t', Type: 'SecureString' }));
    expect((await ssm.send(new GetParameterCommand({ Name: '/sdk/token' }))).Parameter?.Value).not.toContain('s3cr3t');
    expect((await ssm.send(new GetParameterCommand({ Name: '/sdk/token', WithDecryption: true }))).Parameter?.Value).toBe('s3cr3t');
  });

  it('pages a path: every parameter exactly once, no page larger than MaxResults', async () => {
    for (let i = 0; i < 23; i += 1) await ssm.send(new PutParameterCommand({ Name: `/paging/app/key${i}`, Value: String(i), Type: 'String' }));
    await ssm.send(new PutParameterCommand({ Name: '/paging/app/deeper/leaf', Value: 'x', Type: 'String' }));
    const flat = await byPath('/paging/app', false, 4);
    expect(flat.params.map((p) => p.Name).sort()).toEqual(Array.from({ length: 23 }, (_, i) => `/paging/app/key${i}`).sort());
    expect(Math.max(...flat.sizes)).toBeLessThanOrEqual(4);
    const deep = await byPath('/paging', true, 10);
    expect(deep.params).toHaveLength(24);
    const first = await ssm.send(new GetParametersByPathCommand({ Path: '/paging', Recursive: true, MaxResults: 10 }));
    expect(first.Parameters?.length ?? 0).toBeLessThanOrEqual(10);
    expect(first.NextToken).toBeDefined();
  });

  it('refuses MaxResults above 10, a malformed path and a filter key it does not support', async () => {
    await expect(ssm.send(new GetParametersByPathCommand({ Path: '/paging', MaxResults: 11 }))).rejects.toThrow(/less than or equal to 10/);
    await expect(ssm.send(new GetParametersByPathCommand({ Path: 'paging' }))).rejects.toThrow(/doesn't meet the parameter name requirements/);
    await expect(
      ssm.send(new GetParametersByPathCommand({ Path: '/paging', ParameterFilters: [{ Key: 'Name', Values: ['x'] }] })),
    ).rejects.toBeInstanceOf(InvalidFilterKey);
    const typed = await ssm.send(new GetParametersByPathCommand({ Path: '/sdk', ParameterFilters: [{ Key: 'Type', Option: 'Equals', Values: ['StringList'] }] }));
    expect(typed.Parameters?.map((p) => p.Name)).toEqual(['/sdk/hosts']);
  });
});

describe('{{ssm:name}} references in SendCommand parameters', () => {
  const linuxNode = (): string => {
    const node = sim.nodes.find((n) => n.info.PlatformType === 'Linux' && n.info.PingStatus === 'Online');
    if (node === undefined) throw new Error('the training fleet has no online Linux node');
    return node.InstanceId;
  };

  it('accepts a String reference and refuses a missing one and a SecureString one before anything runs', async () => {
    const send = (command: string): Promise<unknown> =>
      ssm.send(new SendCommandCommand({ DocumentName: 'AWS-RunShellScript', InstanceIds: [linuxNode()], Parameters: { commands: [command] } }));
    await expect(send('echo {{ssm:/capstan/runbooks/maintenance-window}}')).resolves.toHaveProperty('Command.Status', 'Pending');
    const missing = await send('echo {{ssm:/capstan/absent}}').catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(InvalidParameters);
    expect((missing as Error).message).toContain('/capstan/absent');
    const secret = await send('echo {{ssm:/capstan/web/db-password}}').catch((e: unknown) => e);
    expect(secret).toBeInstanceOf(InvalidParameters);
    expect((secret as Error).message).toContain('SecureString');
  });
});

describe.skipIf(!HAVE_CLI && !process.env.CI)('Parameter Store through the AWS CLI', () => {
  it('put-parameter, --overwrite, get-parameter and get-parameters-by-path --recursive', async () => {
    expect(cliJson<{ Version: number }>(await awsCli(sim, home, ['ssm', 'put-parameter', '--name', '/cli/mode', '--value', 'blue', '--type', 'String'])).Version).toBe(1);
    const again = await awsCli(sim, home, ['ssm', 'put-parameter', '--name', '/cli/mode', '--value', 'green', '--type', 'String']);
    expect(again.stderr).toContain('An error occurred (ParameterAlreadyExists) when calling the PutParameter operation: The parameter already exists.');
    expect(cliJson<{ Version: number }>(await awsCli(sim, home, ['ssm', 'put-parameter', '--name', '/cli/mode', '--value', 'green', '--overwrite'])).Version).toBe(2);
    const got = cliJson<{ Parameter: { Value: string; Version: number } }>(await awsCli(sim, home, ['ssm', 'get-parameter', '--name', '/cli/mode']));
    expect(got.Parameter).toMatchObject({ Value: 'green', Version: 2 });
    const listed = cliJson<{ Parameters: Array<{ Name: string }> }>(
      await awsCli(sim, home, ['ssm', 'get-parameters-by-path', '--path', '/capstan', '--recursive', '--page-size', '2']),
    );
    expect(listed.Parameters.map((p) => p.Name).sort()).toEqual([
      '/capstan/cloudwatch/linux-web',
      '/capstan/runbooks/maintenance-window',
      '/capstan/runbooks/oncall-contacts',
      '/capstan/web/db-password',
    ]);
  });

  it('prints ParameterNotFound with the empty message AWS sends', async () => {
    const missing = await awsCli(sim, home, ['ssm', 'get-parameter', '--name', '/cli/absent']);
    expect(missing.code).toBe(254);
    expect(missing.stderr.trim()).toBe('An error occurred (ParameterNotFound) when calling the GetParameter operation:');
  });
});
