import { normalisePath } from '../parameters/parameter-names';
import type { ParameterView } from '../parameters/parameter-store';
import { requestScope } from '../page-token';
import { ConstraintViolations, readInteger, readString, readStringList, readStructList } from '../request-validation';
import type { JsonObject } from '../request-validation';
import { awsError } from '../wire-errors';
import type { OperationContext } from './operation-types';
import { readBoolean } from './get-parameter-op';

/**
 * GetParametersByPath (ssm-api.md §4.9). Paging is best-effort as on AWS: each call examines a
 * window of the store and returns the matches in it, so a page can hold fewer than MaxResults —
 * even none — while NextToken says there is more to look at.
 */

const OPERATION = 'GetParametersByPath';
const DEFAULT_PAGE = 10;
/** Parameters examined per call: a page's matches come from this many candidates at most. */
const SCAN_WINDOW = 25;
const FILTER_KEYS = ['Type', 'KeyId', 'Label'];

type Predicate = (view: ParameterView, keyId: string | undefined) => boolean;

/** Handles AmazonSSM.GetParametersByPath. */
export function getParametersByPath(input: JsonObject, context: OperationContext): object {
  const path = readString(input, 'Path');
  const recursive = readBoolean(input, 'Recursive') ?? false;
  const withDecryption = readBoolean(input, 'WithDecryption') ?? false;
  const filters = readStructList(input, 'ParameterFilters');
  const maxResults = readInteger(input, 'MaxResults');
  const nextToken = readString(input, 'NextToken');
  const v = new ConstraintViolations();
  if (v.required('path', path)) v.length('path', path, 1, 2048);
  v.range('maxResults', maxResults, 1, 10);
  v.throwIfAny();

  const base = normalisePath(path ?? '');
  const predicates = (filters ?? []).map(filterPredicate);
  const scope = requestScope({ base, recursive, filters });
  const start = nextToken === undefined ? 0 : context.tokens.read(nextToken, OPERATION, scope) + 1;
  const limit = maxResults ?? DEFAULT_PAGE;
  const end = Math.min(context.parameters.count, start + Math.max(SCAN_WINDOW, limit));
  const found: ParameterView[] = [];
  let position = start;
  for (; position < end && found.length < limit; position += 1) {
    const entry = context.parameters.at(position, withDecryption);
    if (entry === undefined || !isUnder(entry.view.Name, base, recursive)) continue;
    if (predicates.every((matches) => matches(entry.view, entry.keyId))) found.push(entry.view);
  }
  return {
    Parameters: found,
    ...(position < context.parameters.count ? { NextToken: context.tokens.issue(OPERATION, scope, position - 1) } : {}),
  };
}

/** Whether `name` sits directly (or, recursively, anywhere) below `base` ('' is the root). */
function isUnder(name: string, base: string, recursive: boolean): boolean {
  // A name without slashes lives at the root of the hierarchy.
  const full = name.startsWith('/') ? name : `/${name}`;
  if (!full.startsWith(`${base}/`)) return false;
  return recursive || !full.slice(base.length + 1).includes('/');
}

function filterPredicate(filter: JsonObject): Predicate {
  const key = readString(filter, 'Key');
  const option = readString(filter, 'Option') ?? 'Equals';
  const values = readStringList(filter, 'Values') ?? [];
  if (key === undefined || !FILTER_KEYS.includes(key)) throw awsError('InvalidFilterKey');
  const options = key === 'Label' ? ['Equals'] : ['Equals', 'BeginsWith'];
  if (!options.includes(option)) {
    throw awsError('InvalidFilterOption', `The filter option ${option} is not valid for key ${key}. Valid options are: ${options.join(', ')}.`);
  }
  if (values.length === 0) throw awsError('InvalidFilterValue', `The filter ${key} needs at least one value.`);
  const matches = (actual: string | undefined): boolean =>
    actual !== undefined && values.some((wanted) => (option === 'Equals' ? actual === wanted : actual.startsWith(wanted)));
  switch (key) {
    case 'Type':
      return (view) => matches(view.Type);
    case 'KeyId':
      return (_view, keyId) => matches(keyId);
    default:
      // Label: the training fleet's parameters carry no labels.
      return () => false;
  }
}
