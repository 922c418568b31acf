import { readString } from '../request-validation';
import type { ConstraintViolations, JsonObject } from '../request-validation';
import { awsError } from '../wire-errors';
import { invocationStatus, isTerminal } from './command-records';
import type { CommandRecord, InvocationRecord } from './command-records';

/**
 * ListCommands / ListCommandInvocations filters (ssm-api.md §4.3): lower-case `key`/`value`,
 * 1–5 of them, AND'd. A Status filter matches the wire Status or the detailed StatusDetails
 * (`TimedOut` covers both timeouts, `DeliveryTimedOut` only one), as the API documents.
 */

export type CommandFilterKey = 'InvokedAfter' | 'InvokedBefore' | 'Status' | 'ExecutionStage' | 'DocumentName';

export interface CommandFilter {
  readonly key: CommandFilterKey;
  readonly value: string;
}

const COMMAND_KEYS: ReadonlyArray<CommandFilterKey> = ['InvokedAfter', 'InvokedBefore', 'Status', 'ExecutionStage', 'DocumentName'];

const COMMAND_STATUSES = ['Pending', 'InProgress', 'Success', 'Cancelled', 'Failed', 'TimedOut', 'AccessDenied', 'DeliveryTimedOut', 'ExecutionTimedOut', 'Incomplete', 'NoInstancesInTag', 'LimitExceeded'];
const INVOCATION_STATUSES = ['Pending', 'InProgress', 'Delayed', 'Success', 'Cancelled', 'Failed', 'TimedOut', 'AccessDenied', 'DeliveryTimedOut', 'ExecutionTimedOut', 'Undeliverable', 'InvalidPlatform', 'Terminated'];

/** Reads and checks the Filters member; `forInvocations` refuses ExecutionStage as the service does. */
export function readCommandFilters(raw: ReadonlyArray<JsonObject> | undefined, v: ConstraintViolations, forInvocations: boolean): CommandFilter[] {
  v.length('filters', raw, 1, 5);
  const filters: CommandFilter[] = [];
  (raw ?? []).forEach((item, i) => {
    const key = readString(item, 'key');
    const value = readString(item, 'value');
    v.required(`filters.${i + 1}.member.key`, key);
    if (v.required(`filters.${i + 1}.member.value`, value)) v.length(`filters.${i + 1}.member.value`, value, 1, 128);
    if (key !== undefined && value !== undefined) filters.push({ key: key as CommandFilterKey, value });
  });
  const allowed = forInvocations ? COMMAND_KEYS.filter((k) => k !== 'ExecutionStage') : COMMAND_KEYS;
  // An unknown key is InvalidFilterKey with no message, not an enum violation.
  if (filters.some((f) => !allowed.includes(f.key))) throw awsError('InvalidFilterKey');
  for (const f of filters) checkValue(f, forInvocations);
  return filters;
}

function checkValue(filter: CommandFilter, forInvocations: boolean): void {
  if (filter.key === 'InvokedAfter' || filter.key === 'InvokedBefore') {
    if (Number.isNaN(Date.parse(filter.value))) {
      throw awsError('ValidationException', `Filter value ${filter.value} for ${filter.key} is not an ISO-8601 date-time, e.g. 2024-07-07T00:00:00Z.`);
    }
  } else if (filter.key === 'Status') {
    const statuses = forInvocations ? INVOCATION_STATUSES : COMMAND_STATUSES;
    if (!statuses.includes(filter.value)) throw awsError('ValidationException', `Status filter value ${filter.value} is not one of ${statuses.join(', ')}.`);
  } else if (filter.key === 'ExecutionStage' && filter.value !== 'Executing' && filter.value !== 'Complete') {
    throw awsError('ValidationException', `ExecutionStage filter value ${filter.value} is not one of Executing, Complete.`);
  }
}

/** The Status-independent part of a filter, shared by commands and invocations. */
function commandMatches(filter: CommandFilter, command: CommandRecord): boolean | undefined {
  switch (filter.key) {
    case 'InvokedAfter':
      return command.requestedAt >= Date.parse(filter.value);
    case 'InvokedBefore':
      return command.requestedAt <= Date.parse(filter.value);
    case 'DocumentName':
      return command.documentName === filter.value;
    default:
      return undefined;
  }
}

/** Does a command pass every filter, given its current status? */
export function commandPasses(filters: ReadonlyArray<CommandFilter>, command: CommandRecord, status: { status: string; details: string }): boolean {
  return filters.every((f) => {
    const common = commandMatches(f, command);
    if (common !== undefined) return common;
    if (f.key === 'Status') return status.status === f.value || status.details === f.value;
    const complete = command.invocations.every((i) => isTerminal(i.detail));
    return f.value === 'Complete' ? complete : !complete;
  });
}

/** Does an invocation pass every filter? */
export function invocationPasses(filters: ReadonlyArray<CommandFilter>, command: CommandRecord, inv: InvocationRecord): boolean {
  return filters.every((f) => commandMatches(f, command) ?? (invocationStatus(inv.detail) === f.value || inv.detail === f.value));
}
