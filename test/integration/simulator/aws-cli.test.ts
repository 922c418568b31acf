import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SSMClient, StartSessionCommand } from '@aws-sdk/client-ssm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { INVENTORY_TYPES } from '../../../main/simulator/inventory-types';
import { startSimulator } from '../../../main/simulator/server';
import type { RunningSimulator } from '../../../main/simulator/server';

/**
 * Conformance with an independent client: Debian's AWS CLI v2 (botocore) signs differently from
 * the JS SDK (fewer signed headers), paginates on its own and prints AWS errors from `__type`.
 * Each spawn costs about a second, so the cases are few and chosen.
 */

const AWS = '/usr/bin/aws';
const HAVE_CLI = existsSync(AWS);
// On CI a missing CLI is a broken machine, not a reason to skip.
const SKIP = !HAVE_CLI && !process.env.CI;
const NODES = 230;

interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

let sim: RunningSimulator;
let home: string;

function aws(args: string[], options: { secret?: string } = {}): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    LANG: 'C.UTF-8',
    AWS_ACCESS_KEY_ID: sim.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: options.secret ?? sim.credentials.secretAccessKey,
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_PAGER: '',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  const full = [...args, '--endpoint-url', sim.endpoint, '--region', sim.region, '--output', 'json'];
  return new Promise((resolve) => {
    execFile(AWS, full, { env, timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

const ids = (result: CliResult): string[] =>
  (JSON.parse(result.stdout) as { InstanceInformationList: Array<{ InstanceId: string }> }).InstanceInformationList.map((i) => i.InstanceId);

describe.skipIf(SKIP)('AWS CLI against the simulator', () => {
  beforeAll(async () => {
    if (!HAVE_CLI) throw new Error(`${AWS} is missing: install Debian's awscli (apt-get install -y awscli).`);
    home = mkdtempSync(join(tmpdir(), 'capstan-aws-cli-'));
    sim = await startSimulator({ nodes: NODES, seed: 29 });
  });

  afterEach(() => {
    sim.calls.reset();
  });

  afterAll(async () => {
    await sim?.close();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('auto-paginates with --page-size: every node exactly once, ceil(N/50) calls', async () => {
    const result = await aws(['ssm', 'describe-instance-information', '--page-size', '50']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(ids(result)).toEqual(sim.nodes.map((n) => n.InstanceId));
    expect(sim.calls.count('DescribeInstanceInformation')).toBe(Math.ceil(NODES / 50));
    expect(sim.calls.list().every((c) => c.status === 200 && c.region === sim.region)).toBe(true);
    const first = (JSON.parse(result.stdout) as { InstanceInformationList: Array<{ LastPingDateTime: string }> }).InstanceInformationList[0];
    // The CLI turns the wire's epoch seconds into ISO text.
    expect(first?.LastPingDateTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/);
  });

  it('applies Filters as AWS does (values OR-ed, filters AND-ed)', async () => {
    const result = await aws([
      'ssm',
      'describe-instance-information',
      '--filters',
      'Key=PlatformTypes,Values=Windows,Linux',
      'Key=ResourceType,Values=ManagedInstance',
    ]);
    expect(result.code).toBe(0);
    expect(ids(result)).toEqual(sim.nodes.filter((n) => n.info.ResourceType === 'ManagedInstance').map((n) => n.InstanceId));
  });

  it('applies tag filters', async () => {
    const result = await aws(['ssm', 'describe-instance-information', '--filters', 'Key=tag:Environment,Values=prod,staging']);
    expect(result.code).toBe(0);
    const expected = sim.nodes.filter((n) => n.tags.some((t) => t.Key === 'Environment' && (t.Value === 'prod' || t.Value === 'staging')));
    expect(ids(result)).toEqual(expected.map((n) => n.InstanceId));
  });

  it('lists the tags of a hybrid node', async () => {
    const node = sim.nodes.find((n) => n.InstanceId.startsWith('mi-') && n.tags.length > 0);
    const result = await aws(['ssm', 'list-tags-for-resource', '--resource-type', 'ManagedInstance', '--resource-id', node?.InstanceId ?? '']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ TagList: node?.tags.map((t) => ({ Key: t.Key, Value: t.Value })) });
  });

  it('prints the ValidationException for an EC2 id given to list-tags-for-resource', async () => {
    const node = sim.nodes.find((n) => n.InstanceId.startsWith('i-'));
    const result = await aws(['ssm', 'list-tags-for-resource', '--resource-type', 'ManagedInstance', '--resource-id', node?.InstanceId ?? '']);
    expect(result.code).toBe(254);
    expect(result.stderr.trim()).toBe(
      'An error occurred (ValidationException) when calling the ListTagsForResource operation: resourceId should be in format mi-[0-9a-f]{17} for resource type ManagedInstance',
    );
  });

  it('prints the Coral ValidationException for --max-results 51', async () => {
    const result = await aws(['ssm', 'describe-instance-information', '--max-results', '51', '--no-paginate']);
    expect(result.code).toBe(254);
    expect(result.stderr.trim()).toBe(
      "An error occurred (ValidationException) when calling the DescribeInstanceInformation operation: 1 validation error detected: Value '51' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 50",
    );
  });

  it('prints InvalidNextToken for a bogus --next-token', async () => {
    const result = await aws(['ssm', 'describe-instance-information', '--no-paginate', '--next-token', 'bogus']);
    expect(result.code).toBe(254);
    expect(result.stderr).toContain('An error occurred (InvalidNextToken) when calling the DescribeInstanceInformation operation');
  });

  it('prints the ValidationException for tag filters mixed with other filters', async () => {
    const result = await aws([
      'ssm',
      'describe-instance-information',
      '--filters',
      'Key=tag:Role,Values=web',
      'Key=PingStatus,Values=Online',
    ]);
    expect(result.code).toBe(254);
    expect(result.stderr.trim()).toBe(
      'An error occurred (ValidationException) when calling the DescribeInstanceInformation operation: Cannot mix tag or inventory filter with any other filter.',
    );
  });

  it('get-inventory auto-paginates an AWS:Application filter: exactly the nodes with that package, once each', async () => {
    const result = await aws([
      'ssm',
      'get-inventory',
      '--page-size',
      '20',
      '--filters',
      'Key=AWS:Application.Name,Values=java-17-amazon-corretto-headless,openjdk-17-jre-headless,Type=Equal',
      '--result-attributes',
      'TypeName=AWS:Application',
      // The full rows exceed a megabyte of CLI output; the ids and capture times are what we check.
      '--query',
      'Entities[].[Id, Data."AWS:Application".CaptureTime]',
    ]);
    expect(result.stderr).toBe('');
    const entities = (JSON.parse(result.stdout) as Array<[string, string]>).map(([Id, CaptureTime]) => ({ Id, CaptureTime }));
    const expected = sim.nodes.filter((n) =>
      (INVENTORY_TYPES.get('AWS:Application')?.content?.(n) ?? []).some((r) => r.Name === 'java-17-amazon-corretto-headless' || r.Name === 'openjdk-17-jre-headless'),
    );
    expect(expected.length).toBeGreaterThan(3);
    expect(entities.map((e) => e.Id)).toEqual(expected.map((n) => n.InstanceId));
    expect(entities.map((e) => e.CaptureTime)).toEqual(expected.map((n) => n.inventoryCaptureTime));
    expect(sim.calls.count('GetInventory')).toBe(Math.ceil(expected.length / 20));
  });

  it('list-inventory-entries is not auto-paginated: one page and a NextToken that continues it exactly', async () => {
    const node = sim.nodes.find((n) => (INVENTORY_TYPES.get('AWS:Application')?.content?.(n)?.length ?? 0) > 60);
    const rows = INVENTORY_TYPES.get('AWS:Application')?.content?.(node ?? sim.nodes[0]!) ?? [];
    const args = ['ssm', 'list-inventory-entries', '--instance-id', node?.InstanceId ?? '', '--type-name', 'AWS:Application', '--max-results', '50'];
    const first = await aws(args);
    expect(first.stderr).toBe('');
    const page1 = JSON.parse(first.stdout) as { Entries: unknown[]; NextToken: string; SchemaVersion: string; CaptureTime: string };
    expect(page1.Entries).toEqual(rows.slice(0, 50));
    expect(page1).toMatchObject({ SchemaVersion: '1.1', CaptureTime: node?.inventoryCaptureTime });
    expect(sim.calls.count('ListInventoryEntries')).toBe(1);
    const second = await aws([...args, '--next-token', page1.NextToken]);
    expect((JSON.parse(second.stdout) as { Entries: unknown[] }).Entries).toEqual(rows.slice(50, 100));
    const unknown = await aws(['ssm', 'list-inventory-entries', '--instance-id', 'i-0123456789abcdef0', '--type-name', 'AWS:Application']);
    expect(unknown.code).toBe(254);
    expect(unknown.stderr).toContain('An error occurred (InvalidInstanceId) when calling the ListInventoryEntries operation');
    const badType = await aws(['ssm', 'list-inventory-entries', '--instance-id', node?.InstanceId ?? '', '--type-name', 'AWS:Packages']);
    expect(badType.stderr).toContain('An error occurred (InvalidTypeNameException) when calling the ListInventoryEntries operation');
  });

  it('get-inventory-schema lists the types and refuses an unknown one', async () => {
    const all = await aws(['ssm', 'get-inventory-schema']);
    expect(all.stderr).toBe('');
    const schemas = (JSON.parse(all.stdout) as { Schemas: Array<{ TypeName: string; Attributes: Array<{ Name: string; DataType: string }> }> }).Schemas;
    expect(schemas.map((x) => x.TypeName)).toEqual([...INVENTORY_TYPES.keys()]);
    expect(schemas.find((x) => x.TypeName === 'AWS:WindowsUpdate')?.Attributes).toEqual(
      ['HotFixId', 'Description', 'InstalledTime', 'InstalledBy'].map((Name) => ({ Name, DataType: 'STRING' })),
    );
    const bad = await aws(['ssm', 'get-inventory-schema', '--type-name', 'AWS:Nope']);
    expect(bad.code).toBe(254);
    expect(bad.stderr).toContain('An error occurred (InvalidTypeNameException) when calling the GetInventorySchema operation');
  });

  it('prints InvalidSignatureException for a wrong secret', async () => {
    const result = await aws(['ssm', 'describe-instance-information'], { secret: 'not/the+training/secret0123456789abcdef' });
    expect(result.code).toBe(254);
    expect(result.stderr).toContain(
      'An error occurred (InvalidSignatureException) when calling the DescribeInstanceInformation operation: The request signature we calculated does not match',
    );
  });

  it('start-session without the plugin terminates the new session, which describe-sessions lists in History', async () => {
    const target = sim.nodes.find((n) => n.info.PingStatus === 'Online')?.InstanceId ?? '';
    const start = await aws(['ssm', 'start-session', '--target', target]);
    // The CLI's customization: no session-manager-plugin binary → TerminateSession, then this error.
    expect(start.code).not.toBe(0);
    expect(start.stderr).toContain('SessionManagerPlugin is not found');
    expect(sim.calls.count('StartSession')).toBe(1);
    expect(sim.calls.count('TerminateSession')).toBe(1);
    const history = await aws(['ssm', 'describe-sessions', '--state', 'History', '--filters', `key=Target,value=${target}`]);
    expect(history.code).toBe(0);
    const sessions = (JSON.parse(history.stdout) as { Sessions: Array<{ SessionId: string; Status: string; StartDate: string; EndDate: string }> }).Sessions;
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({ Status: 'Terminated' });
    expect(sessions[0]?.EndDate).toMatch(/^\d{4}-\d\d-\d\dT/);
    const resume = await aws(['ssm', 'resume-session', '--session-id', sessions[0]?.SessionId ?? '']);
    expect(resume.code).toBe(254);
    expect(resume.stderr).toContain('An error occurred (DoesNotExistException) when calling the ResumeSession operation');
  });

  it('resume-session rotates the token of an active session; terminate-session ends it', async () => {
    const ssm = new SSMClient({ endpoint: sim.endpoint, region: sim.region, credentials: sim.credentials });
    const target = sim.nodes.find((n) => n.info.PingStatus === 'Online')?.InstanceId ?? '';
    const started = await ssm.send(new StartSessionCommand({ Target: target }));
    ssm.destroy();
    const resume = await aws(['ssm', 'resume-session', '--session-id', started.SessionId ?? '']);
    expect(resume.code).toBe(0);
    const resumed = JSON.parse(resume.stdout) as { SessionId: string; TokenValue: string; StreamUrl: string };
    expect(resumed).toMatchObject({ SessionId: started.SessionId, StreamUrl: started.StreamUrl });
    expect(resumed.TokenValue).not.toBe(started.TokenValue);
    const ended = await aws(['ssm', 'terminate-session', '--session-id', started.SessionId ?? '']);
    expect(ended.code).toBe(0);
    expect(JSON.parse(ended.stdout)).toEqual({ SessionId: started.SessionId });
  });

  it('kms generate-data-key returns a 64-byte key under the training session key; an unknown key is NotFoundException', async () => {
    const key = await aws(['kms', 'generate-data-key', '--key-id', 'alias/capstan-training-sessions', '--number-of-bytes', '64', '--encryption-context', 'aws:ssm:SessionId=s-1']);
    expect(key.stderr).toBe('');
    const out = JSON.parse(key.stdout) as { KeyId: string; Plaintext: string; CiphertextBlob: string };
    expect(out.KeyId).toBe(sim.kms.sessionKey.arn);
    expect(Buffer.from(out.Plaintext, 'base64')).toHaveLength(64);
    expect(sim.calls.list().at(-1)).toMatchObject({ operation: 'TrentService.GenerateDataKey', status: 200 });
    const missing = await aws(['kms', 'generate-data-key', '--key-id', 'alias/nope', '--key-spec', 'AES_256']);
    expect(missing.code).toBe(254);
    expect(missing.stderr.trim()).toBe(
      `An error occurred (NotFoundException) when calling the GenerateDataKey operation: Alias arn:aws:kms:${sim.region}:${sim.accountId}:alias/nope is not found.`,
    );
  });
});
