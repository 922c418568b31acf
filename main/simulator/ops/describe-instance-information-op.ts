import type { SimulatedNode } from '../fleet-generator';
import { requestScope } from '../page-token';
import { ConstraintViolations, readInteger, readString, readStringList, readStructList } from '../request-validation';
import type { JsonObject } from '../request-validation';
import { awsError } from '../wire-errors';
import type { OperationContext } from './operation-types';

/**
 * DescribeInstanceInformation (ssm-api.md §4.1): both filter styles, AWS's validation order and
 * messages, MaxResults 5–50 (default 10), HMAC-bound NextTokens, every node exactly once across
 * pages in fleet order.
 */

const OPERATION = 'DescribeInstanceInformation';
const DEFAULT_PAGE = 10;

/** Keys of the legacy `InstanceInformationFilterList` (a model enum, so Coral checks it). */
const LEGACY_KEYS = [
  'InstanceIds',
  'AgentVersion',
  'PingStatus',
  'PlatformTypes',
  'ActivationIds',
  'IamRole',
  'ResourceType',
  'AssociationStatus',
] as const;

/** Keys of `Filters` besides `tag-key` and `tag:<Key>`; both spellings of PlatformType(s) are accepted. */
const STRING_KEYS = new Set([
  'InstanceIds',
  'AgentVersion',
  'PingStatus',
  'PlatformType',
  'PlatformTypes',
  'ResourceType',
  'AssociationStatus',
  'ActivationIds',
  'IamRole',
  'SourceIds',
  'SourceTypes',
]);

const ENUM_VALUES: Readonly<Record<string, ReadonlyArray<string>>> = {
  PingStatus: ['Online', 'ConnectionLost', 'Inactive'],
  PlatformType: ['Windows', 'Linux', 'MacOS'],
  PlatformTypes: ['Windows', 'Linux', 'MacOS'],
  ResourceType: ['EC2Instance', 'ManagedInstance'],
  AssociationStatus: ['Success', 'Pending', 'Failed'],
  SourceTypes: ['AWS::EC2::Instance', 'AWS::IoT::Thing', 'AWS::SSM::ManagedInstance'],
};

const INSTANCE_ID = /(^i-(\w{8}|\w{17})$)|(^mi-\w{17}$)/;

interface NodeFilter {
  readonly key: string;
  readonly values: ReadonlyArray<string>;
}

/** Handles AmazonSSM.DescribeInstanceInformation. */
export function describeInstanceInformation(input: JsonObject, context: OperationContext): object {
  const legacy = readStructList(input, 'InstanceInformationFilterList');
  const filters = readStructList(input, 'Filters');
  const maxResults = readInteger(input, 'MaxResults');
  const nextToken = readString(input, 'NextToken');

  const normalised = validateShape(legacy, filters, maxResults);
  if (legacy !== undefined && filters !== undefined) {
    throw awsError('ValidationException', 'InstanceInformationFilterList and Filters cannot be used in the same request.');
  }
  checkKeys(normalised);
  checkValues(normalised);

  const idFilters = normalised.filter((f) => f.key === 'InstanceIds');
  const candidates = idFilters.length > 0 ? nodesNamed(idFilters, context) : undefined;
  const predicate = compile(normalised.filter((f) => f.key !== 'InstanceIds'));

  const scope = requestScope({ legacy: legacy !== undefined, filters: normalised });
  const after = nextToken === undefined ? -1 : context.tokens.read(nextToken, OPERATION, scope);
  const page = context.fleet.scan(after, maxResults ?? DEFAULT_PAGE, predicate, candidates);
  const last = page.items[page.items.length - 1];
  return {
    InstanceInformationList: page.items.map((node) => node.info),
    ...(page.hasMore && last ? { NextToken: context.tokens.issue(OPERATION, scope, last.index) } : {}),
  };
}

/** Coral (model) constraints, then one list of `{key, values}` whichever style was sent. */
function validateShape(
  legacy: JsonObject[] | undefined,
  filters: JsonObject[] | undefined,
  maxResults: number | undefined,
): NodeFilter[] {
  const v = new ConstraintViolations();
  const out: NodeFilter[] = [];
  legacy?.forEach((item, i) => {
    const path = `instanceInformationFilterList.${i + 1}.member`;
    const key = readString(item, 'key');
    const values = readStringList(item, 'valueSet');
    if (v.required(`${path}.key`, key)) v.oneOf(`${path}.key`, key, LEGACY_KEYS);
    if (v.required(`${path}.valueSet`, values)) checkValueList(v, `${path}.valueSet`, values);
    out.push({ key: key ?? '', values: values ?? [] });
  });
  filters?.forEach((item, i) => {
    const path = `filters.${i + 1}.member`;
    const key = readString(item, 'Key');
    const values = readStringList(item, 'Values');
    if (v.required(`${path}.key`, key)) v.length(`${path}.key`, key, 1);
    if (v.required(`${path}.values`, values)) checkValueList(v, `${path}.values`, values);
    out.push({ key: key ?? '', values: values ?? [] });
  });
  v.range('maxResults', maxResults, 5, 50);
  v.throwIfAny();
  return out;
}

function checkValueList(v: ConstraintViolations, path: string, values: string[] | undefined): void {
  v.length(path, values, 1, 100);
  values?.forEach((value, j) => v.length(`${path}.${j + 1}.member`, value, 1));
}

function isTagKey(key: string): boolean {
  return key === 'tag-key' || (key.startsWith('tag:') && key.length > 4);
}

function checkKeys(filters: ReadonlyArray<NodeFilter>): void {
  for (const f of filters) {
    // The service sends InvalidFilterKey with no message at all.
    if (!STRING_KEYS.has(f.key) && !isTagKey(f.key)) throw awsError('InvalidFilterKey');
  }
  const tags = filters.some((f) => isTagKey(f.key));
  const others = filters.some((f) => !isTagKey(f.key));
  if (tags && others) throw awsError('ValidationException', 'Cannot mix tag or inventory filter with any other filter.');
}

function checkValues(filters: ReadonlyArray<NodeFilter>): void {
  for (const f of filters) {
    if (f.key === 'ResourceType' && f.values.length > 1) {
      throw awsError('InvalidInstanceInformationFilterValue', 'ResourceType filter may contain only one value.');
    }
    const allowed = ENUM_VALUES[f.key];
    const bad = allowed ? f.values.find((value) => !allowed.includes(value)) : undefined;
    if (allowed && bad !== undefined) {
      throw awsError(
        'InvalidInstanceInformationFilterValue',
        `The filter value '${bad}' is not valid for filter key ${f.key}. Valid values: ${allowed.join(', ')}.`,
      );
    }
  }
}

/** Nodes named by InstanceIds filters (AND across filters), in fleet order; unknown ids fail the call. */
function nodesNamed(idFilters: ReadonlyArray<NodeFilter>, context: OperationContext): SimulatedNode[] {
  const unknown = new Set<string>();
  let selected: Map<string, SimulatedNode> | undefined;
  for (const f of idFilters) {
    const here = new Map<string, SimulatedNode>();
    for (const id of f.values) {
      const node = INSTANCE_ID.test(id) ? context.fleet.find(id) : undefined;
      if (node) here.set(id, node);
      else unknown.add(id);
    }
    selected = selected ? new Map([...here].filter(([id]) => selected?.has(id))) : here;
  }
  if (unknown.size > 0) {
    throw awsError(
      'InvalidInstanceId',
      `Instances [[${[...unknown].join(', ')}]] not in a valid state for account ${context.accountId}`,
    );
  }
  return [...(selected ?? new Map<string, SimulatedNode>()).values()].sort((a, b) => a.index - b.index);
}

/** Values within one filter are OR'd, filters are AND'd (ssm-api.md §4.1). */
function compile(filters: ReadonlyArray<NodeFilter>): (node: SimulatedNode) => boolean {
  const tests = filters.map((f) => matcher(f.key, new Set(f.values)));
  return (node) => tests.every((test) => test(node));
}

function matcher(key: string, values: ReadonlySet<string>): (node: SimulatedNode) => boolean {
  const has = (value: string | undefined): boolean => value !== undefined && values.has(value);
  switch (key) {
    case 'AgentVersion':
      return (n) => has(n.info.AgentVersion);
    case 'PingStatus':
      return (n) => has(n.info.PingStatus);
    case 'PlatformType':
    case 'PlatformTypes':
      return (n) => has(n.info.PlatformType);
    case 'ResourceType':
      return (n) => has(n.info.ResourceType);
    case 'AssociationStatus':
      return (n) => has(n.info.AssociationStatus);
    case 'ActivationIds':
      return (n) => has(n.info.ActivationId);
    case 'IamRole':
      return (n) => has(n.info.IamRole);
    case 'SourceIds':
      return (n) => has(n.info.SourceId);
    case 'SourceTypes':
      return (n) => has(n.info.SourceType);
    case 'InstanceIds':
      return (n) => has(n.InstanceId);
    case 'tag-key':
      return (n) => n.tags.some((t) => values.has(t.Key));
    default: {
      const tagKey = key.slice('tag:'.length);
      return (n) => n.tags.some((t) => t.Key === tagKey && values.has(t.Value));
    }
  }
}
