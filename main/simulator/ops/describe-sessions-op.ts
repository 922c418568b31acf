import { requestScope } from '../page-token';
import { ConstraintViolations, readInteger, readString, readStructList } from '../request-validation';
import type { JsonObject } from '../request-validation';
import type { SessionBackend } from '../sessions/session-backend';
import type { SimulatedSession } from '../sessions/session-registry';
import { awsError } from '../wire-errors';
import type { OperationContext } from './operation-types';

/**
 * DescribeSessions (ssm-api.md §4.5): State Active (Connecting, Connected, Disconnected,
 * Terminating) or History (ended within 30 days), newest first, filters with lower-case
 * `key`/`value` AND'd together, MaxResults 1–200, NextToken bound to the query.
 */

const OPERATION = 'DescribeSessions';
const DEFAULT_PAGE = 20;
const FILTER_KEYS = ['InvokedAfter', 'InvokedBefore', 'Target', 'Owner', 'Status', 'SessionId', 'AccessType'] as const;
type FilterKey = (typeof FILTER_KEYS)[number];

interface SessionFilter {
  readonly key: FilterKey;
  readonly value: string;
}

/** Handles AmazonSSM.DescribeSessions. */
export function describeSessions(input: JsonObject, context: OperationContext, backend: SessionBackend): object {
  const state = readString(input, 'State');
  const maxResults = readInteger(input, 'MaxResults');
  const nextToken = readString(input, 'NextToken');
  const rawFilters = readStructList(input, 'Filters');

  const v = new ConstraintViolations();
  if (v.required('state', state)) v.oneOf('state', state, ['Active', 'History']);
  v.range('maxResults', maxResults, 1, 200);
  v.length('filters', rawFilters, 1, 6);
  const filters: SessionFilter[] = [];
  (rawFilters ?? []).forEach((raw, i) => {
    const key = readString(raw, 'key');
    const value = readString(raw, 'value');
    v.required(`filters.${i + 1}.member.key`, key);
    if (v.required(`filters.${i + 1}.member.value`, value)) v.length(`filters.${i + 1}.member.value`, value, 1, 400);
    if (key !== undefined && value !== undefined) filters.push({ key: key as FilterKey, value });
  });
  // An unknown key is InvalidFilterKey (no message) rather than an enum violation, as the service does.
  if (filters.some((f) => !(FILTER_KEYS as ReadonlyArray<string>).includes(f.key))) throw awsError('InvalidFilterKey');
  v.throwIfAny();

  const predicates = filters.map(toPredicate);
  const scope = requestScope({ state, filters });
  const after = nextToken === undefined ? Infinity : context.tokens.read(nextToken, OPERATION, scope);
  const limit = maxResults ?? DEFAULT_PAGE;
  const matches = backend.registry
    .list(state === 'History' ? 'History' : 'Active')
    .filter((s) => s.ordinal < after && predicates.every((p) => p(s)));
  const page = matches.slice(0, limit);
  const last = page.at(-1);
  return {
    Sessions: page.map(toWire),
    ...(matches.length > limit && last ? { NextToken: context.tokens.issue(OPERATION, scope, last.ordinal) } : {}),
  };
}

function toPredicate(filter: SessionFilter): (s: SimulatedSession) => boolean {
  switch (filter.key) {
    case 'InvokedAfter':
    case 'InvokedBefore': {
      const at = Date.parse(filter.value);
      if (Number.isNaN(at)) {
        throw awsError('ValidationException', `Filter value ${filter.value} for ${filter.key} is not a valid ISO-8601 date, e.g. 2024-08-29T00:00:00Z.`);
      }
      return filter.key === 'InvokedAfter' ? (s) => s.startDate >= at : (s) => s.startDate <= at;
    }
    case 'Target':
      return (s) => s.target === filter.value;
    case 'Owner':
      return (s) => s.owner === filter.value;
    case 'Status':
      return (s) => s.status === filter.value;
    case 'SessionId':
      return (s) => s.sessionId === filter.value;
    case 'AccessType':
      // Every training-fleet session is a Standard one; no just-in-time access exists here.
      return () => filter.value === 'Standard';
  }
}

function toWire(s: SimulatedSession): object {
  return {
    SessionId: s.sessionId,
    Target: s.target,
    Status: s.status,
    StartDate: s.startDate / 1000,
    ...(s.endDate !== undefined ? { EndDate: s.endDate / 1000 } : {}),
    DocumentName: s.documentName,
    Owner: s.owner,
    ...(s.reason !== undefined ? { Reason: s.reason } : {}),
    OutputUrl: {},
    AccessType: 'Standard',
  };
}
