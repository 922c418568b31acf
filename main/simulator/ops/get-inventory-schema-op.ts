import { INVENTORY_TYPES } from '../inventory-types';
import type { InventoryTypeSpec } from '../inventory-types';
import { requestScope } from '../page-token';
import { ConstraintViolations, readInteger, readString } from '../request-validation';
import type { JsonObject } from '../request-validation';
import { SimulatedAwsError, awsError } from '../wire-errors';
import type { OperationContext } from './operation-types';

/**
 * GetInventorySchema (ssm-api.md §4.2): the attribute lists of §6 with DataType `STRING`/`NUMBER`
 * (upper-case, as real responses show), optionally narrowed to one TypeName, MaxResults 50–200
 * (default 50). `Aggregator=true` lists only the aggregatable types with their DisplayName and
 * aggregatable attributes. The training fleet has no sub-types, so `SubType` changes nothing.
 */

const OPERATION = 'GetInventorySchema';
const DEFAULT_PAGE = 50;

/** Handles AmazonSSM.GetInventorySchema. */
export function getInventorySchema(input: JsonObject, context: OperationContext): object {
  const typeName = readString(input, 'TypeName');
  const maxResults = readInteger(input, 'MaxResults');
  const nextToken = readString(input, 'NextToken');
  const aggregator = readBoolean(input, 'Aggregator') ?? false;
  readBoolean(input, 'SubType');

  const v = new ConstraintViolations();
  v.length('typeName', typeName, 0, 100);
  v.range('maxResults', maxResults, 50, 200);
  v.throwIfAny();

  let specs = [...INVENTORY_TYPES.values()];
  if (typeName !== undefined && typeName !== '') {
    const spec = INVENTORY_TYPES.get(typeName);
    if (!spec) throw awsError('InvalidTypeNameException', `The type name ${typeName} is not valid.`);
    specs = [spec];
  }
  if (aggregator) specs = specs.filter((s) => s.aggregator !== undefined);

  const scope = requestScope({ typeName: typeName ?? '', aggregator });
  const after = nextToken === undefined ? -1 : context.tokens.read(nextToken, OPERATION, scope);
  const limit = maxResults ?? DEFAULT_PAGE;
  const page = specs.slice(after + 1, after + 1 + limit);
  const more = after + 1 + limit < specs.length;
  return {
    Schemas: page.map((spec) => schemaOf(spec, aggregator)),
    ...(more ? { NextToken: context.tokens.issue(OPERATION, scope, after + limit) } : {}),
  };
}

function schemaOf(spec: InventoryTypeSpec, aggregator: boolean): object {
  const numbers = new Set(spec.numberAttributes ?? []);
  const names = aggregator ? (spec.aggregator?.attributes ?? []) : spec.attributes;
  return {
    TypeName: spec.typeName,
    Version: spec.schemaVersion,
    Attributes: names.map((name) => ({ Name: name, DataType: numbers.has(name) ? 'NUMBER' : 'STRING' })),
    ...(aggregator && spec.aggregator ? { DisplayName: spec.aggregator.displayName } : {}),
  };
}

function readBoolean(input: JsonObject, member: string): boolean | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw new SimulatedAwsError('SerializationException', `Cannot deserialize member '${member}': expected a boolean.`);
  return value;
}
