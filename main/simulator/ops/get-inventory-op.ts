import type { SimulatedNode } from '../fleet-generator';
import { DEFAULT_INVENTORY_TYPE, INVENTORY_TYPES, inventoryItem } from '../inventory-types';
import type { InventoryTypeSpec } from '../inventory-types';
import { readInventoryFilters, resolveFilter, rowTest } from '../inventory/inventory-filters';
import type { RawInventoryFilter } from '../inventory/inventory-filters';
import { requestScope } from '../page-token';
import { ConstraintViolations, readInteger, readString, readStructList } from '../request-validation';
import type { JsonObject } from '../request-validation';
import { awsError } from '../wire-errors';
import type { OperationContext } from './operation-types';

/**
 * GetInventory (ssm-api.md §4.2): one result type per call (default AWS:InstanceInformation;
 * AWS:Tag is how the console reads EC2 tags, AWS:Application how it reads software), `Filters` on
 * `<TypeName>.<Attribute>` selecting nodes with at least one matching row, MaxResults 1–50 and
 * NextTokens. Aggregators: `Expression` counts nodes per attribute value, `Groups` count nodes
 * matching / not matching filters; both answer one entity without `Id` and no NextToken.
 * Nested aggregators are refused with InvalidAggregatorException.
 */

const OPERATION = 'GetInventory';
const DEFAULT_PAGE = 50;
const TYPE_NAME = /^(AWS|Custom):.*$/;
/** An inventory item holds at most 10,000 content entries (ssm-api.md Appendix A). */
const MAX_CONTENT = 10_000;

interface RawGroup {
  readonly name: string;
  readonly filters: RawInventoryFilter[];
}

interface RawAggregator {
  readonly expression: string | undefined;
  readonly nested: boolean;
  readonly groups: RawGroup[] | undefined;
}

/** Handles AmazonSSM.GetInventory. */
export function getInventory(input: JsonObject, context: OperationContext): object {
  const filters = readStructList(input, 'Filters');
  const aggregators = readStructList(input, 'Aggregators');
  const resultAttributes = readStructList(input, 'ResultAttributes');
  const maxResults = readInteger(input, 'MaxResults');
  const nextToken = readString(input, 'NextToken');

  const raw = validateShape(filters, aggregators, resultAttributes, maxResults);
  const typeName = raw.typeName ?? DEFAULT_INVENTORY_TYPE;
  const resultSpec = INVENTORY_TYPES.get(typeName);
  if (!resultSpec) throw awsError('InvalidResultAttributeException', `The result attribute type name ${typeName} is not valid.`);
  const compiled = raw.filters.map((f) => nodeTest(f, false));
  const predicate = (node: SimulatedNode): boolean => compiled.every((test) => test(node));

  if (raw.aggregators !== undefined) {
    if (nextToken !== undefined) context.tokens.read(nextToken, OPERATION, requestScope({ typeName, filters: raw.filters, aggregators: raw.aggregators }));
    return { Entities: [{ Data: aggregate(raw.aggregators, context.fleet.nodes.filter(predicate)) }] };
  }

  const scope = requestScope({ typeName, filters: raw.filters });
  const after = nextToken === undefined ? -1 : context.tokens.read(nextToken, OPERATION, scope);
  const page = context.fleet.scan(after, maxResults ?? DEFAULT_PAGE, predicate);
  const last = page.items[page.items.length - 1];
  return {
    Entities: page.items.map((node) => {
      const item = inventoryItem(resultSpec, node);
      return { Id: node.InstanceId, Data: item ? { [typeName]: item } : {} };
    }),
    ...(page.hasMore && last ? { NextToken: context.tokens.issue(OPERATION, scope, last.index) } : {}),
  };
}

function nodeTest(raw: RawInventoryFilter, inGroup: boolean): (node: SimulatedNode) => boolean {
  // Groups may ask whether a node has any data of a type: Key "TypeName", Type Exists.
  if (inGroup && raw.key === 'TypeName') {
    const specs = raw.values.map((name) => {
      const spec = INVENTORY_TYPES.get(name);
      if (!spec) throw awsError('InvalidInventoryGroupException', `The type name ${name} in the group filter is not valid.`);
      return spec;
    });
    if (raw.type !== 'Exists') throw awsError('InvalidInventoryGroupException', 'A TypeName group filter must use the Exists filter type.');
    return (node) => specs.some((spec) => (spec.content?.(node)?.length ?? 0) > 0);
  }
  const filter = resolveFilter(raw, inGroup);
  const test = rowTest(filter);
  return (node) => (filter.spec.content?.(node) ?? []).some(test);
}

function aggregate(aggregators: ReadonlyArray<RawAggregator>, nodes: ReadonlyArray<SimulatedNode>): Record<string, object> {
  const data: Record<string, { TypeName?: string; SchemaVersion?: string; Content: Array<Record<string, string>> }> = {};
  for (const agg of aggregators) {
    if (agg.groups !== undefined) {
      for (const group of agg.groups) {
        const tests = group.filters.map((f) => groupTest(f));
        const matching = nodes.filter((node) => tests.every((t) => t(node))).length;
        data[group.name] = { Content: [{ notMatchingCount: String(nodes.length - matching) }, { matchingCount: String(matching) }] };
      }
      continue;
    }
    const { spec, attribute } = parseExpression(agg.expression ?? '');
    const counts = new Map<string, number>();
    for (const node of nodes) {
      const seen = new Set<string>();
      for (const row of spec.content?.(node) ?? []) {
        const value = row[attribute];
        if (value !== undefined) seen.add(value);
      }
      for (const value of seen) counts.set(value, (counts.get(value) ?? 0) + 1);
    }
    const content = [...counts]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, MAX_CONTENT)
      .map(([value, count]) => ({ Count: String(count), [attribute]: value }));
    const existing = data[spec.typeName];
    if (existing) existing.Content.push(...content);
    else data[spec.typeName] = { TypeName: spec.typeName, SchemaVersion: spec.schemaVersion, Content: content };
  }
  return data;
}

function groupTest(raw: RawInventoryFilter): (node: SimulatedNode) => boolean {
  try {
    return nodeTest(raw, true);
  } catch (error) {
    // Inside a group every bad filter is a bad group, whatever it would be at top level.
    if (error instanceof Error && 'code' in error && error.code !== 'InvalidInventoryGroupException') {
      throw awsError('InvalidInventoryGroupException', error.message);
    }
    throw error;
  }
}

function parseExpression(expression: string): { spec: InventoryTypeSpec; attribute: string } {
  const dot = expression.lastIndexOf('.');
  const spec = dot > 0 ? INVENTORY_TYPES.get(expression.slice(0, dot)) : undefined;
  const attribute = expression.slice(dot + 1);
  if (!spec || !spec.attributes.includes(attribute)) {
    throw awsError('InvalidAggregatorException', `The aggregator expression ${expression} is not valid. Use the form <TypeName>.<AttributeName>.`);
  }
  return { spec, attribute };
}

function readAggregators(v: ConstraintViolations, aggregators: JsonObject[] | undefined): RawAggregator[] | undefined {
  v.length('aggregators', aggregators, 1, 10);
  return aggregators?.map((item, i) => {
    const path = `aggregators.${i + 1}.member`;
    const expression = readString(item, 'Expression');
    const nested = readStructList(item, 'Aggregators');
    const groups = readStructList(item, 'Groups');
    v.length(`${path}.expression`, expression, 1, 1000);
    v.length(`${path}.aggregators`, nested, 1, 10);
    v.length(`${path}.groups`, groups, 1, 15);
    const rawGroups = groups?.map((g, j) => {
      const gPath = `${path}.groups.${j + 1}.member`;
      const name = readString(g, 'Name');
      if (v.required(`${gPath}.name`, name)) v.length(`${gPath}.name`, name, 1, 200);
      const gFilters = readStructList(g, 'Filters');
      v.required(`${gPath}.filters`, gFilters);
      return { name: name ?? '', filters: readInventoryFilters(v, gFilters, `${gPath}.filters`) };
    });
    return { expression, nested: nested !== undefined, groups: rawGroups };
  });
}

function validateShape(
  filters: JsonObject[] | undefined,
  aggregators: JsonObject[] | undefined,
  resultAttributes: JsonObject[] | undefined,
  maxResults: number | undefined,
): { typeName: string | undefined; filters: RawInventoryFilter[]; aggregators: RawAggregator[] | undefined } {
  const v = new ConstraintViolations();
  const out = readInventoryFilters(v, filters);
  const rawAggregators = readAggregators(v, aggregators);
  v.length('resultAttributes', resultAttributes, 1, 1);
  let typeName: string | undefined;
  resultAttributes?.forEach((item, i) => {
    const path = `resultAttributes.${i + 1}.member.typeName`;
    const name = readString(item, 'TypeName');
    if (v.required(path, name)) {
      v.length(path, name, 1, 100);
      v.pattern(path, name, TYPE_NAME, '^(AWS|Custom):.*$');
    }
    typeName ??= name;
  });
  v.range('maxResults', maxResults, 1, 50);
  v.throwIfAny();
  for (const agg of rawAggregators ?? []) {
    if (agg.nested) throw awsError('InvalidAggregatorException', 'Nested aggregators are not supported by the training fleet.');
    if (agg.expression === undefined && agg.groups === undefined) throw awsError('InvalidAggregatorException', 'An aggregator needs an Expression or Groups.');
  }
  return { typeName, filters: out, aggregators: rawAggregators };
}
