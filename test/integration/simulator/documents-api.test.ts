import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeDocumentCommand,
  GetDocumentCommand,
  InvalidDocument,
  InvalidDocumentVersion,
  InvalidFilterKey,
  InvalidNextToken,
  ListDocumentsCommand,
  SSMClient,
  ValidationException,
  paginateListDocuments,
} from '@aws-sdk/client-ssm';
import type { DocumentIdentifier } from '@aws-sdk/client-ssm';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../../main/simulator/server';
import type { RunningSimulator } from '../../../main/simulator/server';
import { HAVE_CLI, awsCli, cliJson } from './documents-aws-cli';

let sim: RunningSimulator;
let ssm: SSMClient;
let home: string;

beforeAll(async () => {
  sim = await startSimulator({ nodes: 20, seed: 5 });
  ssm = new SSMClient({ endpoint: sim.endpoint, region: sim.region, credentials: sim.credentials, maxAttempts: 1 });
  home = mkdtempSync(join(tmpdir(), 'capstan-docs-cli-'));
});

afterAll(async () => {
  ssm?.destroy();
  await sim?.close();
  if (home) rmSync(home, { recursive: true, force: true });
});

async function listAll(filters?: ListDocumentsCommand['input']['Filters'], pageSize = 3): Promise<DocumentIdentifier[]> {
  const out: DocumentIdentifier[] = [];
  for await (const page of paginateListDocuments({ client: ssm, pageSize }, { Filters: filters })) out.push(...(page.DocumentIdentifiers ?? []));
  return out;
}

describe('ListDocuments through @aws-sdk/client-ssm', () => {
  it('pages through every document once, small pages carrying NextToken', async () => {
    const all = await listAll();
    expect(all.map((d) => d.Name).sort()).toEqual(
      ['AWS-RestartEC2Instance', 'AWS-RunPatchBaseline', 'AWS-RunPowerShellScript', 'AWS-RunShellScript', 'AmazonCloudWatch-ManageAgent', 'Capstan-CollectDiagnostics', 'Capstan-RestartService', 'Capstan-RotateLogs'],
    );
    expect(sim.calls.count('ListDocuments')).toBeGreaterThanOrEqual(3);
    expect(all.find((d) => d.Name === 'AWS-RunShellScript')).toMatchObject({ Owner: 'Amazon', PlatformTypes: ['Linux', 'MacOS'], DocumentType: 'Command', SchemaVersion: '1.2', DocumentVersion: '1' });
  });

  it.each<[string, ListDocumentsCommand['input']['Filters'], string[]]>([
    ['Owner Self', [{ Key: 'Owner', Values: ['Self'] }], ['Capstan-CollectDiagnostics', 'Capstan-RestartService', 'Capstan-RotateLogs']],
    ['Name prefix', [{ Key: 'Name', Values: ['AWS-Run'] }], ['AWS-RunPatchBaseline', 'AWS-RunPowerShellScript', 'AWS-RunShellScript']],
    ['DocumentType Automation', [{ Key: 'DocumentType', Values: ['Automation'] }], ['AWS-RestartEC2Instance']],
    ['Owner Amazon AND PlatformTypes Windows', [{ Key: 'Owner', Values: ['Amazon'] }, { Key: 'PlatformTypes', Values: ['Windows'] }], ['AWS-RestartEC2Instance', 'AWS-RunPatchBaseline', 'AWS-RunPowerShellScript', 'AmazonCloudWatch-ManageAgent']],
  ])('filters by %s', async (_case, filters, names) => {
    expect((await listAll(filters, 50)).map((d) => d.Name).sort()).toEqual(names);
  });

  it('accepts the deprecated DocumentFilterList', async () => {
    const page = await ssm.send(new ListDocumentsCommand({ DocumentFilterList: [{ key: 'Owner', value: 'Self' }] }));
    expect(page.DocumentIdentifiers?.map((d) => d.Name).sort()).toEqual(['Capstan-CollectDiagnostics', 'Capstan-RestartService', 'Capstan-RotateLogs']);
  });

  it('refuses an unknown filter key, MaxResults above 50 and a forged NextToken', async () => {
    await expect(ssm.send(new ListDocumentsCommand({ Filters: [{ Key: 'Colour', Values: ['red'] }] }))).rejects.toBeInstanceOf(InvalidFilterKey);
    await expect(ssm.send(new ListDocumentsCommand({ MaxResults: 51 }))).rejects.toThrow(ValidationException);
    await expect(ssm.send(new ListDocumentsCommand({ NextToken: 'bm90LWEtdG9rZW4=' }))).rejects.toBeInstanceOf(InvalidNextToken);
  });
});

describe('DescribeDocument and GetDocument through @aws-sdk/client-ssm', () => {
  it('describes parameters with only Name, Type, Description and DefaultValue', async () => {
    const { Document } = await ssm.send(new DescribeDocumentCommand({ Name: 'AWS-RunShellScript' }));
    expect(Document).toMatchObject({ Name: 'AWS-RunShellScript', Status: 'Active', HashType: 'Sha256', LatestVersion: '1', DefaultVersion: '1', DocumentFormat: 'JSON' });
    expect(Document?.CreatedDate).toBeInstanceOf(Date);
    expect(Document?.Parameters).toEqual([
      { Name: 'commands', Type: 'StringList', Description: '(Required) Specify a shell script or a command to run.' },
      { Name: 'workingDirectory', Type: 'String', Description: '(Optional) The path to the working directory on your instance.', DefaultValue: '' },
      { Name: 'executionTimeout', Type: 'String', Description: expect.stringContaining('Maximum is 172800') as string, DefaultValue: '3600' },
    ]);
  });

  it('returns the content as JSON by default and as YAML on request, both with the full parameter schema', async () => {
    const json = await ssm.send(new GetDocumentCommand({ Name: 'Capstan-RestartService', DocumentVersion: '$LATEST' }));
    expect(json.DocumentFormat).toBe('JSON');
    const content = JSON.parse(json.Content ?? '') as { parameters: Record<string, { allowedPattern?: string }> };
    expect(content.parameters['serviceName']?.allowedPattern).toBe('^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$');
    const yaml = await ssm.send(new GetDocumentCommand({ Name: 'Capstan-RestartService', DocumentFormat: 'YAML' }));
    expect(yaml.DocumentFormat).toBe('YAML');
    expect(parseYaml(yaml.Content ?? '')).toEqual(content);
  });

  it('answers an unknown document with InvalidDocument and a bad version with InvalidDocumentVersion', async () => {
    await expect(ssm.send(new GetDocumentCommand({ Name: 'AWS-DoesNotExist' }))).rejects.toBeInstanceOf(InvalidDocument);
    await expect(ssm.send(new DescribeDocumentCommand({ Name: 'AWS-RunShellScript', DocumentVersion: '4' }))).rejects.toBeInstanceOf(InvalidDocumentVersion);
  });
});

describe.skipIf(!HAVE_CLI && !process.env.CI)('documents through the AWS CLI', () => {
  it('list-documents auto-paginates with --page-size and applies --filters', async () => {
    const all = cliJson<{ DocumentIdentifiers: Array<{ Name: string }> }>(await awsCli(sim, home, ['ssm', 'list-documents', '--page-size', '2']));
    expect(all.DocumentIdentifiers).toHaveLength(8);
    const mine = cliJson<{ DocumentIdentifiers: Array<{ Name: string; Owner: string }> }>(
      await awsCli(sim, home, ['ssm', 'list-documents', '--filters', 'Key=Owner,Values=Self']),
    );
    expect(mine.DocumentIdentifiers.map((d) => d.Owner)).toEqual([sim.accountId, sim.accountId, sim.accountId]);
  });

  it('describe-document and get-document --document-format YAML', async () => {
    const described = cliJson<{ Document: { Name: string; Parameters: Array<{ Name: string }> } }>(
      await awsCli(sim, home, ['ssm', 'describe-document', '--name', 'AWS-RunPatchBaseline']),
    );
    expect(described.Document.Parameters.map((p) => p.Name)).toEqual(['Operation', 'SnapshotId', 'InstallOverrideList', 'RebootOption']);
    const got = cliJson<{ Content: string; DocumentFormat: string }>(
      await awsCli(sim, home, ['ssm', 'get-document', '--name', 'AWS-RestartEC2Instance', '--document-format', 'YAML']),
    );
    expect(got.DocumentFormat).toBe('YAML');
    expect(got.Content).toContain('action: aws:changeInstanceState');
  });

  it('prints InvalidDocument and InvalidFilterKey as AWS errors', async () => {
    const missing = await awsCli(sim, home, ['ssm', 'get-document', '--name', 'AWS-DoesNotExist']);
    expect(missing.code).toBe(254);
    expect(missing.stderr).toContain('An error occurred (InvalidDocument) when calling the GetDocument operation: Document AWS-DoesNotExist does not exist');
    const badKey = await awsCli(sim, home, ['ssm', 'list-documents', '--filters', 'Key=Colour,Values=red']);
    expect(badKey.stderr).toContain('(InvalidFilterKey)');
  });
});
