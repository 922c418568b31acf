import { describe, expect, it } from 'vitest';
import { FleetState } from '../../../../../main/simulator/fleet-state';
import { generateFleet } from '../../../../../main/simulator/fleet-generator';
import type { SimulatedInstanceInformation } from '../../../../../main/simulator/fleet-generator';
import { describeInstanceInformation } from '../../../../../main/simulator/ops/describe-instance-information-op';
import type { OperationContext } from '../../../../../main/simulator/ops/operation-types';
import { PageTokenCodec } from '../../../../../main/simulator/page-token';
import type { JsonObject } from '../../../../../main/simulator/request-validation';
import { SimulatedAwsError } from '../../../../../main/simulator/wire-errors';

const NOW = Date.UTC(2026, 10, 20, 10, 0, 0);

function context(nodes = 300): OperationContext {
  return {
    fleet: new FleetState(generateFleet({ nodes, seed: 21, now: NOW })),
    tokens: new PageTokenCodec(),
    accountId: '111122223333',
    region: 'eu-west-1',
    now: NOW,
    // The fleet operations read only these; the command, document and automation engines stay out.
  } as OperationContext;
}

interface Page {
  InstanceInformationList: SimulatedInstanceInformation[];
  NextToken?: string;
}

const call = (input: JsonObject, ctx: OperationContext): Page => describeInstanceInformation(input, ctx) as Page;

/** Follows NextToken to the end; returns every item and how many calls it took. */
function all(input: JsonObject, ctx: OperationContext): { items: SimulatedInstanceInformation[]; calls: number } {
  const items: SimulatedInstanceInformation[] = [];
  let token: string | undefined;
  let calls = 0;
  do {
    const page = call({ ...input, ...(token ? { NextToken: token } : {}) }, ctx);
    calls += 1;
    items.push(...page.InstanceInformationList);
    token = page.NextToken;
  } while (token);
  return { items, calls };
}

function errorOf(fn: () => unknown): { __type: string; message?: string; Message?: string } {
  try {
    fn();
  } catch (error) {
    if (error instanceof SimulatedAwsError) return error.toBody() as never;
    throw error;
  }
  throw new Error('expected an AWS error');
}

describe('DescribeInstanceInformation paging', () => {
  it('returns 10 nodes by default, in fleet order, with a NextToken', () => {
    const ctx = context();
    const page = call({}, ctx);
    expect(page.InstanceInformationList.map((i) => i.InstanceId)).toEqual(ctx.fleet.nodes.slice(0, 10).map((n) => n.InstanceId));
    expect(page.NextToken).toEqual(expect.any(String));
  });

  it('lists every node exactly once in ceil(N/50) calls, the last page without NextToken', () => {
    const ctx = context(300);
    const { items, calls } = all({ MaxResults: 50 }, ctx);
    expect(calls).toBe(6);
    expect(items.map((i) => i.InstanceId)).toEqual(ctx.fleet.nodes.map((n) => n.InstanceId));
  });

  it('keeps every remaining node exactly once when nodes vanish between pages', () => {
    const ctx = context(120);
    const first = call({ MaxResults: 50 }, ctx);
    const seen = first.InstanceInformationList.map((i) => i.InstanceId);
    const goneEarly = ctx.fleet.nodes[10]?.InstanceId ?? '';
    const goneLate = ctx.fleet.nodes[80]?.InstanceId ?? '';
    ctx.fleet.remove(goneEarly);
    ctx.fleet.remove(goneLate);
    const rest = all({ MaxResults: 50, NextToken: first.NextToken }, ctx).items.map((i) => i.InstanceId);
    const everything = [...seen, ...rest];
    expect(new Set(everything).size).toBe(everything.length);
    expect(rest).not.toContain(goneLate);
    expect(everything).toHaveLength(119);
  });

  it('refuses MaxResults outside 5..50 with the Coral message', () => {
    expect(errorOf(() => call({ MaxResults: 51 }, context()))).toEqual({
      __type: 'ValidationException',
      Message:
        "1 validation error detected: Value '51' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 50",
    });
    expect(errorOf(() => call({ MaxResults: 4 }, context())).Message).toContain('greater than or equal to 5');
  });

  it('refuses forged, edited, foreign and mismatched tokens with InvalidNextToken', () => {
    const ctx = context();
    const token = call({ MaxResults: 5 }, ctx).NextToken ?? '';
    const raw = Buffer.from(token, 'base64');
    raw[raw.length - 3] = (raw[raw.length - 3] ?? 0) ^ 1;
    const edited = raw.toString('base64');
    const foreign = call({ MaxResults: 5 }, context()).NextToken ?? '';
    for (const bad of ['bogus', '', edited, foreign, `${token}x`]) {
      expect(errorOf(() => call({ NextToken: bad }, ctx))).toMatchObject({ __type: 'InvalidNextToken' });
    }
    // A token belongs to the query that produced it.
    const filtered = { Filters: [{ Key: 'PingStatus', Values: ['Online'] }] };
    expect(errorOf(() => call({ ...filtered, NextToken: token }, ctx)).__type).toBe('InvalidNextToken');
    expect(call({ NextToken: token, MaxResults: 50 }, ctx).InstanceInformationList.length).toBeGreaterThan(0);
  });
});

describe('DescribeInstanceInformation filters', () => {
  const ctx = context(400);
  const nodes = ctx.fleet.nodes;
  const ids = (input: JsonObject): string[] => all({ ...input, MaxResults: 50 }, ctx).items.map((i) => i.InstanceId);
  const expected = (test: (n: (typeof nodes)[number]) => boolean): string[] => nodes.filter(test).map((n) => n.InstanceId);

  it('matches PingStatus, PlatformType (both spellings), ResourceType and AssociationStatus', () => {
    expect(ids({ Filters: [{ Key: 'PingStatus', Values: ['ConnectionLost', 'Inactive'] }] })).toEqual(
      expected((n) => n.info.PingStatus !== 'Online'),
    );
    const windows = expected((n) => n.info.PlatformType === 'Windows');
    expect(ids({ Filters: [{ Key: 'PlatformType', Values: ['Windows'] }] })).toEqual(windows);
    expect(ids({ Filters: [{ Key: 'PlatformTypes', Values: ['Windows'] }] })).toEqual(windows);
    expect(ids({ InstanceInformationFilterList: [{ key: 'PlatformTypes', valueSet: ['Windows'] }] })).toEqual(windows);
    expect(ids({ Filters: [{ Key: 'ResourceType', Values: ['ManagedInstance'] }] })).toEqual(
      expected((n) => n.InstanceId.startsWith('mi-')),
    );
    expect(ids({ Filters: [{ Key: 'AssociationStatus', Values: ['Failed'] }] })).toEqual(
      expected((n) => n.info.AssociationStatus === 'Failed'),
    );
  });

  it('ANDs filters and ORs values', () => {
    const got = ids({
      Filters: [
        { Key: 'PlatformType', Values: ['Linux'] },
        { Key: 'PingStatus', Values: ['Online'] },
        { Key: 'ResourceType', Values: ['EC2Instance'] },
      ],
    });
    expect(got).toEqual(
      expected((n) => n.info.PlatformType === 'Linux' && n.info.PingStatus === 'Online' && n.info.ResourceType === 'EC2Instance'),
    );
    expect(got.length).toBeGreaterThan(0);
  });

  it('matches tag-key and tag:<Key> filters, values OR-ed', () => {
    expect(ids({ Filters: [{ Key: 'tag:Environment', Values: ['prod', 'staging'] }] })).toEqual(
      expected((n) => n.tags.some((t) => t.Key === 'Environment' && ['prod', 'staging'].includes(t.Value))),
    );
    expect(ids({ Filters: [{ Key: 'tag-key', Values: ['CostCenter'] }] })).toEqual(
      expected((n) => n.tags.some((t) => t.Key === 'CostCenter')),
    );
    expect(
      ids({ Filters: [{ Key: 'tag:Role', Values: ['db'] }, { Key: 'tag:Environment', Values: ['prod'] }] }),
    ).toEqual(expected((n) => n.tags.some((t) => t.Key === 'Role' && t.Value === 'db') && n.tags.some((t) => t.Value === 'prod')));
  });

  it('matches hybrid attributes: ActivationIds, IamRole, SourceIds, SourceTypes, AgentVersion', () => {
    const hybrid = nodes.find((n) => n.info.ActivationId !== undefined);
    expect(hybrid).toBeDefined();
    const activation = hybrid?.info.ActivationId ?? '';
    expect(ids({ Filters: [{ Key: 'ActivationIds', Values: [activation] }] })).toEqual(
      expected((n) => n.info.ActivationId === activation),
    );
    expect(ids({ Filters: [{ Key: 'IamRole', Values: [hybrid?.info.IamRole ?? ''] }] })).toEqual(
      expected((n) => n.info.IamRole === hybrid?.info.IamRole),
    );
    expect(ids({ Filters: [{ Key: 'SourceIds', Values: [hybrid?.InstanceId ?? ''] }] })).toEqual([hybrid?.InstanceId]);
    expect(ids({ Filters: [{ Key: 'SourceTypes', Values: ['AWS::EC2::Instance'] }] })).toEqual(
      expected((n) => n.InstanceId.startsWith('i-')),
    );
    expect(ids({ Filters: [{ Key: 'AgentVersion', Values: ['3.3.1142.0'] }] })).toEqual(expected((n) => n.info.IsLatestVersion));
  });

  it('returns named InstanceIds in fleet order, and refuses ids it does not know', () => {
    const picked = [nodes[30]?.InstanceId ?? '', nodes[3]?.InstanceId ?? ''];
    expect(ids({ Filters: [{ Key: 'InstanceIds', Values: picked }] })).toEqual([picked[1], picked[0]]);
    expect(errorOf(() => call({ Filters: [{ Key: 'InstanceIds', Values: [picked[0] ?? '', 'i-0000000000000dead'] }] }, ctx))).toEqual({
      __type: 'InvalidInstanceId',
      Message: 'Instances [[i-0000000000000dead]] not in a valid state for account 111122223333',
    });
  });

  it('answers the service errors for bad filters, with the member case each shape has', () => {
    expect(errorOf(() => call({ Filters: [{ Key: 'Colour', Values: ['blue'] }] }, ctx))).toEqual({ __type: 'InvalidFilterKey' });
    expect(
      errorOf(() => call({ Filters: [{ Key: 'tag:Role', Values: ['web'] }, { Key: 'PingStatus', Values: ['Online'] }] }, ctx)),
    ).toEqual({ __type: 'ValidationException', Message: 'Cannot mix tag or inventory filter with any other filter.' });
    expect(errorOf(() => call({ Filters: [{ Key: 'ResourceType', Values: ['EC2Instance', 'ManagedInstance'] }] }, ctx))).toEqual({
      __type: 'InvalidInstanceInformationFilterValue',
      message: 'ResourceType filter may contain only one value.',
    });
    expect(errorOf(() => call({ Filters: [{ Key: 'PingStatus', Values: ['Sleeping'] }] }, ctx))).toMatchObject({
      __type: 'InvalidInstanceInformationFilterValue',
      message: expect.stringContaining("'Sleeping'"),
    });
    expect(
      errorOf(() =>
        call({ Filters: [{ Key: 'PingStatus', Values: ['Online'] }], InstanceInformationFilterList: [{ key: 'PingStatus', valueSet: ['Online'] }] }, ctx),
      ).__type,
    ).toBe('ValidationException');
  });

  it('validates the filter structures as the model constrains them', () => {
    expect(errorOf(() => call({ Filters: [{ Key: 'PingStatus', Values: [] }] }, ctx)).Message).toBe(
      "1 validation error detected: Value '[]' at 'filters.1.member.values' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
    expect(errorOf(() => call({ Filters: [{ Values: ['x'] }] }, ctx)).Message).toContain(
      "Value null at 'filters.1.member.key' failed to satisfy constraint: Member must not be null",
    );
    const legacy = errorOf(() => call({ InstanceInformationFilterList: [{ key: 'tag-key', valueSet: ['Role'] }], MaxResults: 99 }, ctx));
    expect(legacy.Message).toMatch(/^2 validation errors detected: /);
    expect(legacy.Message).toContain("at 'instanceInformationFilterList.1.member.key' failed to satisfy constraint: Member must satisfy enum value set");
    expect(errorOf(() => call({ MaxResults: '50' }, ctx)).__type).toBe('SerializationException');
  });
});
