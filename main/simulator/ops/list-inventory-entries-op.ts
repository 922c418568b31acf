import { INVENTORY_TYPES } from '../inventory-types';
import { readInventoryFilters, resolveFilter, rowTest } from '../inventory/inventory-filters';
import { requestScope } from '../page-token';
import { ConstraintViolations, readInteger, readString, readStructList } from '../request-validation';
import type { JsonObject } from '../request-validation';
import { awsError } from '../wire-errors';
import type { OperationContext } from './operation-types';

/**
 * ListInventoryEntries (ssm-api.md §4.2): one node's rows of one type, filtered row by row on
 * `<TypeName>.<Attribute>` keys of that same type, MaxResults 1–50 (default 50), NextToken
 * bound to the node, type and filters. A node outside the fleet is InvalidInstanceId; a known node
 * without data of the type answers an empty `Entries` list (no CaptureTime/SchemaVersion then).
 */

const OPERATION = 'ListInventoryEntries';
const DEFAULT_PAGE = 50;
const INSTANCE_ID = /(^i-(\w{8}|\w{17})$)|(^mi-\w{17}$)/;
const TYPE_NAME = /^(AWS|Custom):.*$/;

/** Handles AmazonSSM.ListInventoryEntries. */
export function listInventoryEntries(input: JsonObject, context: OperationContext): object {
  const instanceId = readString(input, 'InstanceId');
  const typeName = readString(input, 'TypeName');
  const filters = readStructList(input, 'Filters');
  const maxResults = readInteger(input, 'MaxResults');
  const nextToken = readString(input, 'NextToken');

  const v = new ConstraintViolations();
  if (v.required('instanceId', instanceId)) v.pattern('instanceId', instanceId, INSTANCE_ID, '(^i-(\\w{8}|\\w{17})$)|(^mi-\\w{17}$)');
  if (v.required('typeName', typeName)) {
    v.length('typeName', typeName, 1, 100);
    v.pattern('typeName', typeName, TYPE_NAME, '^(AWS|Custom):.*$');
  }
  const rawFilters = readInventoryFilters(v, filters);
  v.range('maxResults', maxResults, 1, 50);
  v.throwIfAny();
  const id = instanceId ?? '';
  const type = typeName ?? '';

  const spec = INVENTORY_TYPES.get(type);
  if (!spec) throw awsError('InvalidTypeNameException', `The type name ${type} is not valid.`);
  const tests = rawFilters.map((raw) => {
    const filter = resolveFilter(raw, false);
    if (filter.spec !== spec) {
      throw awsError('InvalidFilter', `The filter key ${raw.key} does not belong to inventory type ${type}.`);
    }
    return rowTest(filter);
  });
  const node = context.fleet.find(id);
  if (!node) throw awsError('InvalidInstanceId', `Instances [[${id}]] not in a valid state for account ${context.accountId}`);

  const scope = requestScope({ id, type, filters: rawFilters });
  const after = nextToken === undefined ? -1 : context.tokens.read(nextToken, OPERATION, scope);
  const rows = spec.content?.(node);
  if (rows === undefined) return { TypeName: type, InstanceId: id, Entries: [] };

  const limit = maxResults ?? DEFAULT_PAGE;
  const entries: Array<Readonly<Record<string, string>>> = [];
  let lastIndex = -1;
  let hasMore = false;
  for (let i = after + 1; i < rows.length; i++) {
    const row = rows[i];
    if (row === undefined || !tests.every((t) => t(row))) continue;
    if (entries.length === limit) {
      hasMore = true;
      break;
    }
    entries.push(row);
    lastIndex = i;
  }
  return {
    TypeName: type,
    InstanceId: id,
    SchemaVersion: spec.schemaVersion,
    CaptureTime: node.inventoryCaptureTime,
    Entries: entries,
    ...(hasMore ? { NextToken: context.tokens.issue(OPERATION, scope, lastIndex) } : {}),
  };
}
