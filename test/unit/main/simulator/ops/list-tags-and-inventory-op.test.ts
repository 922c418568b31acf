import { describe, expect, it } from 'vitest';
import { FleetState } from '../../../../../main/simulator/fleet-state';
import { generateFleet } from '../../../../../main/simulator/fleet-generator';
import { getInventory } from '../../../../../main/simulator/ops/get-inventory-op';
import { listTagsForResource } from '../../../../../main/simulator/ops/list-tags-for-resource-op';
import type { OperationContext } from '../../../../../main/simulator/ops/operation-types';
import { PageTokenCodec } from '../../../../../main/simulator/page-token';
import type { JsonObject } from '../../../../../main/simulator/request-validation';
import { SimulatedAwsError } from '../../../../../main/simulator/wire-errors';

const NOW = Date.UTC(2026, 10, 20, 10, 0, 0);

function context(nodes = 200): OperationContext {
  return {
    fleet: new FleetState(generateFleet({ nodes, seed: 33, now: NOW })),
    tokens: new PageTokenCodec(),
    accountId: '111122223333',
    region: 'eu-west-1',
    now: NOW,
    // The fleet operations read only these; the command, document and automation engines stay out.
  } as OperationContext;
}

function errorOf(fn: () => unknown): Record<string, string> {
  try {
    fn();
  } catch (error) {
    if (error instanceof SimulatedAwsError) return error.toBody();
    throw error;
  }
  throw new Error('expected an AWS error');
}

describe('ListTagsForResource', () => {
  const ctx = context();
  const hybrid = ctx.fleet.nodes.find((n) => n.InstanceId.startsWith('mi-') && n.tags.length > 1);
  const ec2 = ctx.fleet.nodes.find((n) => n.InstanceId.startsWith('i-'));

  it('returns the tags of a hybrid node', () => {
    const out = listTagsForResource({ ResourceType: 'ManagedInstance', ResourceId: hybrid?.InstanceId }, ctx);
    expect(out).toEqual({ TagList: hybrid?.tags.map((t) => ({ Key: t.Key, Value: t.Value })) });
  });

  it('refuses an EC2 id with the service text', () => {
    expect(errorOf(() => listTagsForResource({ ResourceType: 'ManagedInstance', ResourceId: ec2?.InstanceId }, ctx))).toEqual({
      __type: 'ValidationException',
      Message: 'resourceId should be in format mi-[0-9a-f]{17} for resource type ManagedInstance',
    });
  });

  it('answers an unknown mi- id with a bare InvalidResourceId, as captured from AWS', () => {
    expect(errorOf(() => listTagsForResource({ ResourceType: 'ManagedInstance', ResourceId: 'mi-0123456789abcdef0' }, ctx))).toEqual({
      __type: 'InvalidResourceId',
    });
  });

  it('refuses other resource types and missing members', () => {
    expect(errorOf(() => listTagsForResource({ ResourceType: 'Document', ResourceId: 'AWS-RunShellScript' }, ctx))).toEqual({
      __type: 'InvalidResourceType',
    });
    expect(errorOf(() => listTagsForResource({ ResourceType: 'Instance', ResourceId: 'x' }, ctx)).Message).toContain(
      "Value 'Instance' at 'resourceType' failed to satisfy constraint: Member must satisfy enum value set: [Document, ManagedInstance,",
    );
    expect(errorOf(() => listTagsForResource({}, ctx))).toEqual({
      __type: 'ValidationException',
      Message:
        "2 validation errors detected: Value null at 'resourceType' failed to satisfy constraint: Member must not be null; Value null at 'resourceId' failed to satisfy constraint: Member must not be null",
    });
  });

  it('reflects a node removed or retagged since', () => {
    const local = context();
    const node = local.fleet.nodes.find((n) => n.InstanceId.startsWith('mi-'));
    const id = node?.InstanceId ?? '';
    local.fleet.setTags(id, [{ Key: 'Owner', Value: 'noc' }]);
    expect(listTagsForResource({ ResourceType: 'ManagedInstance', ResourceId: id }, local)).toEqual({ TagList: [{ Key: 'Owner', Value: 'noc' }] });
    local.fleet.remove(id);
    expect(errorOf(() => listTagsForResource({ ResourceType: 'ManagedInstance', ResourceId: id }, local))).toEqual({ __type: 'InvalidResourceId' });
  });
});

interface InventoryPage {
  Entities: Array<{ Id: string; Data: Record<string, { TypeName: string; SchemaVersion: string; CaptureTime: string; Content: Array<Record<string, string>> }> }>;
  NextToken?: string;
}

function inventory(input: JsonObject, ctx: OperationContext): InventoryPage['Entities'] {
  const out: InventoryPage['Entities'] = [];
  let token: string | undefined;
  do {
    const page = getInventory({ ...input, ...(token ? { NextToken: token } : {}) }, ctx) as InventoryPage;
    out.push(...page.Entities);
    token = page.NextToken;
  } while (token);
  return out;
}

describe('GetInventory', () => {
  const ctx = context(230);

  it('answers AWS:Tag for every node that has tags, EC2 nodes included', () => {
    const entities = inventory({ ResultAttributes: [{ TypeName: 'AWS:Tag' }], MaxResults: 50 }, ctx);
    expect(entities.map((e) => e.Id)).toEqual(ctx.fleet.nodes.map((n) => n.InstanceId));
    for (const [i, node] of ctx.fleet.nodes.entries()) {
      const item = entities[i]?.Data['AWS:Tag'];
      if (node.tags.length === 0) {
        expect(entities[i]?.Data).toEqual({});
        continue;
      }
      expect(item).toEqual({
        TypeName: 'AWS:Tag',
        SchemaVersion: '1.0',
        CaptureTime: node.inventoryCaptureTime,
        Content: node.tags.map((t) => ({ Key: t.Key, Value: t.Value })),
      });
    }
  });

  it('defaults to AWS:InstanceInformation with string attributes', () => {
    const page = getInventory({ MaxResults: 3 }, ctx) as InventoryPage;
    const node = ctx.fleet.nodes[0];
    expect(page.Entities[0]?.Data['AWS:InstanceInformation']?.Content).toEqual([
      expect.objectContaining({
        AgentType: 'amazon-ssm-agent',
        InstanceId: node?.InstanceId,
        InstanceStatus: 'Active',
        IpAddress: node?.info.IPAddress,
        PlatformType: node?.info.PlatformType,
      }),
    ]);
    expect(page.NextToken).toEqual(expect.any(String));
  });

  it('filters on <TypeName>.<Attribute>', () => {
    const windows = inventory({ Filters: [{ Key: 'AWS:InstanceInformation.PlatformType', Values: ['Windows'], Type: 'Equal' }] }, ctx);
    expect(windows.map((e) => e.Id)).toEqual(ctx.fleet.nodes.filter((n) => n.info.PlatformType === 'Windows').map((n) => n.InstanceId));
    const prod = inventory({ Filters: [{ Key: 'AWS:Tag.Value', Values: ['prod'] }], ResultAttributes: [{ TypeName: 'AWS:Tag' }] }, ctx);
    expect(prod.map((e) => e.Id)).toEqual(ctx.fleet.nodes.filter((n) => n.tags.some((t) => t.Value === 'prod')).map((n) => n.InstanceId));
    const ubuntu = inventory({ Filters: [{ Key: 'AWS:InstanceInformation.PlatformName', Values: ['Ubu'], Type: 'BeginWith' }] }, ctx);
    expect(ubuntu.length).toBe(ctx.fleet.nodes.filter((n) => n.info.PlatformName === 'Ubuntu').length);
  });

  it('answers a valid type the training fleet never collects with empty Data', () => {
    const page = getInventory({ ResultAttributes: [{ TypeName: 'AWS:ResourceGroup' }], MaxResults: 2 }, ctx) as InventoryPage;
    expect(page.Entities.map((e) => e.Data)).toEqual([{}, {}]);
  });

  it('refuses bad type names, attributes, sizes and aggregators with the spec codes', () => {
    expect(errorOf(() => getInventory({ ResultAttributes: [{ TypeName: 'Tags' }] }, ctx)).Message).toContain(
      "Value 'Tags' at 'resultAttributes.1.member.typeName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^(AWS|Custom):.*$",
    );
    expect(errorOf(() => getInventory({ ResultAttributes: [{ TypeName: 'AWS:Nope' }] }, ctx)).__type).toBe('InvalidResultAttributeException');
    expect(errorOf(() => getInventory({ ResultAttributes: [{ TypeName: 'AWS:Tag' }, { TypeName: 'AWS:Tag' }] }, ctx)).Message).toContain(
      "at 'resultAttributes' failed to satisfy constraint: Member must have length less than or equal to 1",
    );
    expect(errorOf(() => getInventory({ MaxResults: 51 }, ctx)).Message).toContain('less than or equal to 50');
    expect(errorOf(() => getInventory({ MaxResults: 0 }, ctx)).Message).toContain('greater than or equal to 1');
    expect(errorOf(() => getInventory({ Filters: [{ Key: 'AWS:InstanceInformation.Colour', Values: ['x'] }] }, ctx)).__type).toBe('InvalidFilter');
    expect(errorOf(() => getInventory({ Filters: [{ Key: 'AWS:Bogus.Name', Values: ['x'] }] }, ctx)).__type).toBe('InvalidTypeNameException');
    expect(errorOf(() => getInventory({ Aggregators: [{ Expression: 'AWS:InstanceInformation.Colour' }] }, ctx)).__type).toBe(
      'InvalidAggregatorException',
    );
    expect(errorOf(() => getInventory({ NextToken: 'bogus' }, ctx)).__type).toBe('InvalidNextToken');
  });
});
