import { awsError } from '../wire-errors';

/**
 * Parameter Store's naming rules (ssm-api.md §4.9): case-sensitive names of `a-zA-Z0-9_.-` and
 * `/`, a hierarchical name starts with `/`, no `aws`/`ssm` prefix in any case, at most 15
 * levels, and at most 1011 characters including the ARN prefix. Messages are the service's.
 */

/** Deepest hierarchy Parameter Store allows. */
export const MAX_HIERARCHY_LEVELS = 15;
const NAME_CHARS = /^[a-zA-Z0-9_.\-/]+$/;
const RESERVED_PREFIX = /^\/?(aws|ssm)/i;
const NAME_RULES =
  'Parameter name: can\'t be prefixed with "aws" or "ssm" (case-insensitive). If formed as a path, it can consist of sub-paths divided by slash symbol; each sub-path can be formed as a mix of letters, numbers and the following 3 symbols .-_';
const PATH_RULES =
  "The parameter doesn't meet the parameter name requirements. The parameter name must begin with a forward slash \"/\". It can't be prefixed with \"aws\" or \"ssm\" (case-insensitive). It must use only letters, numbers, or the following symbols: . (period), - (hyphen), _ (underscore). Special characters are not allowed. All sub-paths, if specified, must use the forward slash symbol \"/\". Valid example: /get/parameters2-/by1./path0_.";

/** Checks a name for PutParameter; `arnPrefix` is `arn:aws:ssm:<region>:<account>:parameter`. */
export function checkParameterName(name: string, arnPrefix: string): void {
  const hierarchical = name.includes('/');
  const validShape =
    NAME_CHARS.test(name) &&
    !RESERVED_PREFIX.test(name) &&
    (!hierarchical || (name.startsWith('/') && !name.endsWith('/') && !name.includes('//')));
  if (!validShape) throw awsError('ValidationException', NAME_RULES);
  if (hierarchical && name.split('/').length - 1 > MAX_HIERARCHY_LEVELS) {
    throw awsError('HierarchyLevelLimitExceededException', `A hierarchy can have a maximum of ${MAX_HIERARCHY_LEVELS} levels.`);
  }
  const arnLength = `${arnPrefix}${hierarchical ? '' : '/'}${name}`.length;
  if (arnLength > 1011) {
    throw awsError('ValidationException', `Parameter name is too long: with its ARN prefix it has ${arnLength} characters and the limit is 1011.`);
  }
}

/** Checks a GetParametersByPath path and returns it without a trailing slash ('' for the root). */
export function normalisePath(path: string): string {
  const trimmed = path.trim();
  const valid =
    trimmed.startsWith('/') && NAME_CHARS.test(trimmed) && !RESERVED_PREFIX.test(trimmed) && !trimmed.slice(0, -1).includes('//');
  if (!valid) throw awsError('ValidationException', PATH_RULES);
  const withoutSlash = trimmed.endsWith('/') ? trimmed.slice(0, -1) : trimmed;
  if (withoutSlash.split('/').length - 1 > MAX_HIERARCHY_LEVELS) throw awsError('ValidationException', PATH_RULES);
  return withoutSlash;
}

/** A GetParameter name: the parameter's name plus an optional `:version` or `:label` selector. */
export interface ParameterReference {
  readonly name: string;
  readonly selector: { readonly version: number } | { readonly label: string } | undefined;
  /** The selector as the response echoes it (`:3`, `:prod`). */
  readonly selectorText: string | undefined;
}

/** Reads `name`, `name:3`, `name:label` or a parameter ARN (leading/trailing spaces trimmed). */
export function parseReference(raw: string, arnPrefix: string): ParameterReference {
  let text = raw.trim();
  if (/\s/.test(text)) {
    throw awsError('ValidationException', 'Parameter name: spaces are not allowed inside a parameter name.');
  }
  if (text.startsWith('arn:')) {
    if (!text.startsWith(`${arnPrefix}/`)) throw awsError('ValidationException', `${text} is not a parameter ARN of this account and Region.`);
    const rest = text.slice(arnPrefix.length + 1);
    text = rest.includes('/') ? `/${rest}` : rest;
  }
  const colon = text.lastIndexOf(':');
  if (colon < 0) return { name: text, selector: undefined, selectorText: undefined };
  const name = text.slice(0, colon);
  const selector = text.slice(colon + 1);
  if (/^[1-9][0-9]*$/.test(selector)) return { name, selector: { version: Number(selector) }, selectorText: `:${selector}` };
  return { name, selector: { label: selector }, selectorText: `:${selector}` };
}
