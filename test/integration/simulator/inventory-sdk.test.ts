import {
  GetInventoryCommand,
  GetInventorySchemaCommand,
  ListInventoryEntriesCommand,
  SSMClient,
  paginateGetInventory,
  paginateGetInventorySchema,
} from '@aws-sdk/client-ssm';
import type { InventoryResultEntity, SSMServiceException } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INVENTORY_TYPES } from '../../../main/simulator/inventory-types';
import { startSimulator } from '../../../main/simulator/server';
import type { RunningSimulator } from '../../../main/simulator/server';

/**
 * The three inventory operations through the JS SDK v3 against the simulator: pagination gives
 * every entity and entry exactly once, filters select what AWS selects, bad input gets the
 * modeled error codes.
 */

const NODES = 300;
let sim: RunningSimulator;
let ssm: SSMClient;

const rowsOf = (type: string, id: string): ReadonlyArray<Readonly<Record<string, string>>> | undefined => {
  const node = sim.nodes.find((n) => n.InstanceId === id);
  return node ? INVENTORY_TYPES.get(type)?.content?.(node) : undefined;
};

async function rejection(promise: Promise<unknown>): Promise<SSMServiceException> {
  try {
    await promise;
  } catch (error) {
    return error as SSMServiceException;
  }
  throw new Error('expected the call to fail');
}

async function allEntries(instanceId: string, typeName: string, pageSize: number, filters?: ListInventoryEntriesCommand['input']['Filters']) {
  const entries: Array<Record<string, string>> = [];
  let token: string | undefined;
  let calls = 0;
  do {
    const page = await ssm.send(new ListInventoryEntriesCommand({ InstanceId: instanceId, TypeName: typeName, MaxResults: pageSize, NextToken: token, Filters: filters }));
    calls++;
    expect(page.Entries?.length ?? 0).toBeLessThanOrEqual(pageSize);
    entries.push(...(page.Entries ?? []));
    token = page.NextToken;
  } while (token);
  return { entries, calls };
}

describe('inventory operations through the JS SDK', () => {
  beforeAll(async () => {
    sim = await startSimulator({ nodes: NODES, seed: 41 });
    ssm = new SSMClient({ endpoint: sim.endpoint, region: sim.region, credentials: sim.credentials });
  });

  afterAll(async () => {
    ssm?.destroy();
    await sim?.close();
  });

  it('GetInventory pages AWS:Application: every node exactly once, each with its capture time and rows', async () => {
    const entities: InventoryResultEntity[] = [];
    for await (const page of paginateGetInventory({ client: ssm, pageSize: 25 }, { ResultAttributes: [{ TypeName: 'AWS:Application' }] })) {
      entities.push(...(page.Entities ?? []));
    }
    expect(entities.map((e) => e.Id)).toEqual(sim.nodes.map((n) => n.InstanceId));
    const withData = entities.filter((e) => e.Data?.['AWS:Application']);
    expect(withData.length).toBeGreaterThan(NODES * 0.9);
    expect(withData.length).toBeLessThan(NODES);
    for (const entity of withData) {
      const item = entity.Data?.['AWS:Application'];
      const node = sim.nodes.find((n) => n.InstanceId === entity.Id);
      expect(item?.CaptureTime).toBe(node?.inventoryCaptureTime);
      expect(item?.SchemaVersion).toBe('1.1');
      expect(item?.Content).toEqual(rowsOf('AWS:Application', entity.Id ?? ''));
    }
  });

  it('GetInventory filters on application rows: nodes with a Java 17 Corretto package and nothing else', async () => {
    const ids: string[] = [];
    for await (const page of paginateGetInventory(
      { client: ssm, pageSize: 50 },
      { Filters: [{ Key: 'AWS:Application.Name', Values: ['java-17-amazon-corretto', 'Amazon Corretto (x64)'], Type: 'BeginWith' }] },
    )) {
      ids.push(...(page.Entities ?? []).map((e) => e.Id ?? ''));
    }
    const expected = sim.nodes
      .filter((n) => (rowsOf('AWS:Application', n.InstanceId) ?? []).some((r) => r.Name?.startsWith('java-17-amazon-corretto') || r.Name?.startsWith('Amazon Corretto (x64)')))
      .map((n) => n.InstanceId);
    expect(expected.length).toBeGreaterThan(5);
    expect(ids).toEqual(expected);
  });

  it('GetInventory aggregates: node counts per platform type and a TypeName Exists group', async () => {
    const out = await ssm.send(new GetInventoryCommand({ Aggregators: [{ Expression: 'AWS:InstanceInformation.PlatformType' }] }));
    const content = out.Entities?.[0]?.Data?.['AWS:InstanceInformation']?.Content ?? [];
    const windows = sim.nodes.filter((n) => n.info.PlatformType === 'Windows').length;
    expect(content).toEqual([
      { Count: String(Math.max(windows, NODES - windows)), PlatformType: windows > NODES - windows ? 'Windows' : 'Linux' },
      { Count: String(Math.min(windows, NODES - windows)), PlatformType: windows > NODES - windows ? 'Linux' : 'Windows' },
    ]);
    const groups = await ssm.send(
      new GetInventoryCommand({ Aggregators: [{ Groups: [{ Name: 'HasUpdates', Filters: [{ Key: 'TypeName', Values: ['AWS:WindowsUpdate'], Type: 'Exists' }] }] }] }),
    );
    const matching = sim.nodes.filter((n) => (rowsOf('AWS:WindowsUpdate', n.InstanceId)?.length ?? 0) > 0).length;
    expect(groups.Entities?.[0]?.Data?.HasUpdates?.Content).toEqual([{ notMatchingCount: String(NODES - matching) }, { matchingCount: String(matching) }]);
  });

  it('ListInventoryEntries returns every entry exactly once across pages, in the node’s order', async () => {
    const node = sim.nodes.find((n) => (rowsOf('AWS:Application', n.InstanceId)?.length ?? 0) > 150);
    const id = node?.InstanceId ?? '';
    const expected = rowsOf('AWS:Application', id) ?? [];
    const { entries, calls } = await allEntries(id, 'AWS:Application', 7);
    expect(entries).toEqual(expected);
    expect(calls).toBe(Math.ceil(expected.length / 7));
    const first = await ssm.send(new ListInventoryEntriesCommand({ InstanceId: id, TypeName: 'AWS:Application', MaxResults: 1 }));
    expect(first).toMatchObject({ TypeName: 'AWS:Application', InstanceId: id, SchemaVersion: '1.1', CaptureTime: node?.inventoryCaptureTime });
    expect(first.CaptureTime).toMatch(/^20\d\d-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('ListInventoryEntries filters rows as AWS does: values OR-ed, filters AND-ed', async () => {
    const node = sim.nodes.find((n) => (rowsOf('AWS:Application', n.InstanceId) ?? []).some((r) => /^(java|openjdk|jre|jdk)/.test(r.Name ?? '')));
    const id = node?.InstanceId ?? '';
    const rows = rowsOf('AWS:Application', id) ?? [];
    const { entries } = await allEntries(id, 'AWS:Application', 50, [
      { Key: 'AWS:Application.Name', Values: ['java', 'openjdk', 'jre', 'jdk'], Type: 'BeginWith' },
      { Key: 'AWS:Application.Name', Values: ['java-common'], Type: 'NotEqual' },
    ]);
    const expected = rows.filter((r) => /^(java|openjdk|jre|jdk)/.test(r.Name ?? '') && r.Name !== 'java-common');
    expect(expected.length).toBeGreaterThan(0);
    expect(entries).toEqual(expected);
  });

  it('ListInventoryEntries answers an empty list for a node without that type, and the modeled errors for bad input', async () => {
    const linux = sim.nodes.find((n) => n.info.PlatformType === 'Linux');
    const empty = await ssm.send(new ListInventoryEntriesCommand({ InstanceId: linux?.InstanceId, TypeName: 'AWS:WindowsUpdate' }));
    expect(empty.Entries).toEqual([]);
    const id = linux?.InstanceId ?? '';
    expect((await rejection(ssm.send(new ListInventoryEntriesCommand({ InstanceId: 'i-0123456789abcdef0', TypeName: 'AWS:Application' })))).name).toBe('InvalidInstanceId');
    expect((await rejection(ssm.send(new ListInventoryEntriesCommand({ InstanceId: id, TypeName: 'AWS:Software' })))).name).toBe('InvalidTypeNameException');
    const wrongType = await rejection(
      ssm.send(new ListInventoryEntriesCommand({ InstanceId: id, TypeName: 'AWS:Application', Filters: [{ Key: 'AWS:Tag.Key', Values: ['x'] }] })),
    );
    expect(wrongType.name).toBe('InvalidFilter');
    expect((await rejection(ssm.send(new ListInventoryEntriesCommand({ InstanceId: id, TypeName: 'AWS:Application', NextToken: 'AAAA' })))).name).toBe('InvalidNextToken');
    const tooMany = await rejection(ssm.send(new ListInventoryEntriesCommand({ InstanceId: id, TypeName: 'AWS:Application', MaxResults: 51 })));
    expect(tooMany.name).toBe('ValidationException');
    expect(tooMany.message).toBe("1 validation error detected: Value '51' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 50");
    const badId = await rejection(ssm.send(new ListInventoryEntriesCommand({ InstanceId: 'web-01', TypeName: 'AWS:Application' })));
    expect(badId.name).toBe('ValidationException');
  });

  it('GetInventorySchema lists every type with STRING/NUMBER attributes, narrows by TypeName and by Aggregator', async () => {
    const schemas = [];
    for await (const page of paginateGetInventorySchema({ client: ssm, pageSize: 50 }, {})) schemas.push(...(page.Schemas ?? []));
    expect(schemas.map((s) => s.TypeName)).toEqual([...INVENTORY_TYPES.keys()]);
    const app = schemas.find((s) => s.TypeName === 'AWS:Application');
    expect(app?.Version).toBe('1.1');
    expect(app?.Attributes?.map((a) => a.Name)).toEqual(['Name', 'ApplicationType', 'Publisher', 'Version', 'Release', 'Epoch', 'InstalledTime', 'Architecture', 'URL', 'Summary', 'PackageId']);
    expect(schemas.find((s) => s.TypeName === 'AWS:InstanceDetailedInformation')?.Attributes).toContainEqual({ Name: 'CPUCores', DataType: 'NUMBER' });
    const one = await ssm.send(new GetInventorySchemaCommand({ TypeName: 'AWS:Network' }));
    expect(one.Schemas?.map((s) => s.TypeName)).toEqual(['AWS:Network']);
    const agg = await ssm.send(new GetInventorySchemaCommand({ Aggregator: true }));
    expect(agg.Schemas?.find((s) => s.TypeName === 'AWS:InstanceInformation')).toEqual({
      TypeName: 'AWS:InstanceInformation',
      Version: '1.0',
      DisplayName: 'Platform',
      Attributes: [
        { Name: 'PlatformName', DataType: 'STRING' },
        { Name: 'PlatformType', DataType: 'STRING' },
        { Name: 'PlatformVersion', DataType: 'STRING' },
      ],
    });
    expect((await rejection(ssm.send(new GetInventorySchemaCommand({ TypeName: 'AWS:Nope' })))).name).toBe('InvalidTypeNameException');
    const small = await rejection(ssm.send(new GetInventorySchemaCommand({ MaxResults: 10 })));
    expect(small.message).toContain('Member must have value greater than or equal to 50');
  });
});
