import type { SimulatedNode } from '../fleet-generator';
import { DEFAULT_INVENTORY_TYPE, INVENTORY_TYPES, inventoryItem } from '../inventory-types';
import type { InventoryTypeSpec } from '../inventory-types';
import { requestScope } from '../page-token';
import { ConstraintViolations, readInteger, readString, readStringList, readStructList } from '../request-validation';
import type { JsonObject } from '../request-validation';
import { awsError } from '../wire-errors';
import type { OperationContext } from './operation-types';

/**
 * GetInventory (ssm-api.md §4.2), the part the fleet grid needs: one result type per call
 * (default AWS:InstanceInformation; AWS:Tag is how the console reads EC2 tags), `Filters` on
 * `<TypeName>.<Attribute>`, MaxResults 1–50 and NextTokens. Aggregators are refused for now.
 */

const OPERATION = 'GetInventory';
const DEFAULT_PAGE = 50;
const TYPE_NAME = /^(AWS|Custom):.*$/;
const FILTER_TYPES = ['Equal', 'NotEqual', 'BeginWith', 'LessThan', 'GreaterThan', 'Exists'] as const;

interface InventoryFilter {
  readonly spec: InventoryTypeSpec;
  readonly attribute: string;
  readonly type: (typeof FILTER_TYPES)[number];
  readonly values: ReadonlyArray<string>;
}

/** Handles AmazonSSM.GetInventory. */
export function getInventory(input: JsonObject, context: OperationContext): object {
  const filters = readStructList(input, 'Filters');
  const aggregators = readStructList(input, 'Aggregators');
  const resultAttributes = readStructList(input, 'ResultAttributes');
  const maxResults = readInteger(input, 'MaxResults');
  const nextToken = readString(input, 'NextToken');

  const raw = validateShape(filters, aggregators, resultAttributes, maxResults);
  if (aggregators !== undefined) {
    throw awsError('InvalidAggregatorException', 'Inventory aggregators are not available in the training fleet yet.');
  }
  const typeName = raw.typeName ?? DEFAULT_INVENTORY_TYPE;
  const resultSpec = INVENTORY_TYPES.get(typeName);
  if (!resultSpec) throw awsError('InvalidResultAttributeException', `The result attribute type name ${typeName} is not valid.`);
  const compiled = raw.filters.map(compileFilter);
  const predicate = (node: SimulatedNode): boolean => compiled.every((test) => test(node));

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

interface RawFilter {
  readonly key: string;
  readonly values: string[];
  readonly type: string;
}

function validateShape(
  filters: JsonObject[] | undefined,
  aggregators: JsonObject[] | undefined,
  resultAttributes: JsonObject[] | undefined,
  maxResults: number | undefined,
): { typeName: string | undefined; filters: RawFilter[] } {
  const v = new ConstraintViolations();
  const out: RawFilter[] = [];
  v.length('filters', filters, 1, 5);
  filters?.forEach((item, i) => {
    const path = `filters.${i + 1}.member`;
    const key = readString(item, 'Key');
    const values = readStringList(item, 'Values');
    const type = readString(item, 'Type');
    if (v.required(`${path}.key`, key)) v.length(`${path}.key`, key, 1, 200);
    if (v.required(`${path}.values`, values)) v.length(`${path}.values`, values, 1, 40);
    v.oneOf(`${path}.type`, type, FILTER_TYPES);
    out.push({ key: key ?? '', values: values ?? [], type: type ?? 'Equal' });
  });
  v.length('aggregators', aggregators, 1, 10);
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
  return { typeName, filters: out };
}

function parseFilter(raw: RawFilter): InventoryFilter {
  const dot = raw.key.lastIndexOf('.');
  if (dot <= 0 || dot === raw.key.length - 1) {
    throw awsError('InvalidFilter', `The filter key ${raw.key} is not valid. Use the form <TypeName>.<AttributeName>.`);
  }
  const typeName = raw.key.slice(0, dot);
  const attribute = raw.key.slice(dot + 1);
  const spec = INVENTORY_TYPES.get(typeName);
  if (!spec) throw awsError('InvalidTypeNameException', `The type name ${typeName} is not valid.`);
  if (!spec.attributes.includes(attribute)) {
    throw awsError('InvalidFilter', `The attribute ${attribute} is not valid for inventory type ${typeName}.`);
  }
  if (raw.type === 'Exists') throw awsError('InvalidFilter', 'The filter type Exists can only be used in inventory groups.');
  return { spec, attribute, type: raw.type as InventoryFilter['type'], values: raw.values };
}

function compileFilter(raw: RawFilter): (node: SimulatedNode) => boolean {
  const f = parseFilter(raw);
  const test = valueTest(f.type, f.values);
  return (node) => (f.spec.content?.(node) ?? []).some((row) => {
    const value = row[f.attribute];
    return value !== undefined && test(value);
  });
}

function compare(a: string, b: string): number {
  const x = Number(a);
  const y = Number(b);
  if (a.trim() !== '' && b.trim() !== '' && Number.isFinite(x) && Number.isFinite(y)) return x - y;
  return a < b ? -1 : a > b ? 1 : 0;
}

function valueTest(type: InventoryFilter['type'], values: ReadonlyArray<string>): (value: string) => boolean {
  switch (type) {
    case 'NotEqual':
      return (value) => !values.includes(value);
    case 'BeginWith':
      return (value) => values.some((prefix) => value.startsWith(prefix));
    case 'LessThan':
      return (value) => values.some((bound) => compare(value, bound) < 0);
    case 'GreaterThan':
      return (value) => values.some((bound) => compare(value, bound) > 0);
    default:
      return (value) => values.includes(value);
  }
}
