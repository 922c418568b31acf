import { readCommandFilters, commandPasses } from '../commands/command-filters';
import { commandToWire } from '../commands/command-wire';
import { INSTANCE_ID_PATTERN } from '../commands/target-resolution';
import { requestScope } from '../page-token';
import { ConstraintViolations, readInteger, readString, readStructList } from '../request-validation';
import type { JsonObject } from '../request-validation';
import { awsError } from '../wire-errors';
import type { OperationContext } from './operation-types';

/**
 * ListCommands (ssm-api.md §4.3): newest first, by CommandId, by node, or filtered (1–5
 * filters AND'd), MaxResults 1–50, NextToken bound to the query. Commands are listed from the
 * moment they are sent; only their invocations lag (see ListCommandInvocations).
 */

const OPERATION = 'ListCommands';
const DEFAULT_PAGE = 50;

/** Handles AmazonSSM.ListCommands. */
export function listCommands(input: JsonObject, context: OperationContext): object {
  const commandId = readString(input, 'CommandId');
  const instanceId = readString(input, 'InstanceId');
  const maxResults = readInteger(input, 'MaxResults');
  const nextToken = readString(input, 'NextToken');
  const rawFilters = readStructList(input, 'Filters');
  const v = new ConstraintViolations();
  v.length('commandId', commandId, 36, 36);
  v.pattern('instanceId', instanceId, INSTANCE_ID_PATTERN, '(^i-(\\w{8}|\\w{17})$)|(^mi-\\w{17}$)');
  v.range('maxResults', maxResults, 1, 50);
  const filters = readCommandFilters(rawFilters, v, false);
  v.throwIfAny();
  if (instanceId !== undefined && filters.some((f) => f.key === 'Status' && f.value === 'Pending')) {
    throw awsError('ValidationException', 'InstanceId cannot be combined with the Status filter value Pending.');
  }
  const engine = context.commands;
  if (commandId !== undefined && engine.find(commandId) === undefined) throw awsError('InvalidCommandId');

  const scope = requestScope({ commandId, instanceId, filters });
  const after = nextToken === undefined ? Infinity : context.tokens.read(nextToken, OPERATION, scope);
  const limit = maxResults ?? DEFAULT_PAGE;
  const page: object[] = [];
  let last: number | undefined;
  for (const command of engine.list()) {
    if (command.ordinal >= after) continue;
    if (commandId !== undefined && command.commandId !== commandId) continue;
    if (instanceId !== undefined && !command.invocations.some((i) => i.instanceId === instanceId)) continue;
    const status = engine.status(command);
    if (!commandPasses(filters, command, status)) continue;
    if (page.length === limit) {
      return { Commands: page, NextToken: context.tokens.issue(OPERATION, scope, last ?? command.ordinal) };
    }
    page.push(commandToWire(command, status));
    last = command.ordinal;
  }
  return { Commands: page };
}
