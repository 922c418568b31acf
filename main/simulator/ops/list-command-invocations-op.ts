import { invocationPasses, readCommandFilters } from '../commands/command-filters';
import { invocationToWire } from '../commands/command-wire';
import { INSTANCE_ID_PATTERN } from '../commands/target-resolution';
import { requestScope } from '../page-token';
import { ConstraintViolations, readInteger, readString, readStructList } from '../request-validation';
import type { JsonObject } from '../request-validation';
import { awsError } from '../wire-errors';
import type { OperationContext } from './operation-types';

/**
 * ListCommandInvocations (ssm-api.md §4.3): one entry per node per command, newest command
 * first and nodes in target order; Details=true adds CommandPlugins with the 2,500-character
 * Output. Right after SendCommand the answer is briefly empty (HTTP 200, `[]`), as on AWS —
 * a console must poll rather than take that as final.
 */

const OPERATION = 'ListCommandInvocations';
const DEFAULT_PAGE = 50;
/** Cursor = command position (newest first) * SLOT + node position; fleets stay below SLOT nodes. */
const SLOT = 1_000_000;

/** Handles AmazonSSM.ListCommandInvocations. */
export function listCommandInvocations(input: JsonObject, context: OperationContext): object {
  const commandId = readString(input, 'CommandId');
  const instanceId = readString(input, 'InstanceId');
  const maxResults = readInteger(input, 'MaxResults');
  const nextToken = readString(input, 'NextToken');
  const rawFilters = readStructList(input, 'Filters');
  const details = input.Details;
  if (details !== undefined && details !== null && typeof details !== 'boolean') {
    throw awsError('SerializationException', "Cannot deserialize member 'Details': expected a boolean.");
  }
  const v = new ConstraintViolations();
  v.length('commandId', commandId, 36, 36);
  v.pattern('instanceId', instanceId, INSTANCE_ID_PATTERN, '(^i-(\\w{8}|\\w{17})$)|(^mi-\\w{17}$)');
  v.range('maxResults', maxResults, 1, 50);
  const filters = readCommandFilters(rawFilters, v, true);
  v.throwIfAny();
  const engine = context.commands;
  if (commandId !== undefined && engine.find(commandId) === undefined) throw awsError('InvalidCommandId');

  const scope = requestScope({ commandId, instanceId, filters, details: details === true });
  const after = nextToken === undefined ? -Infinity : context.tokens.read(nextToken, OPERATION, scope);
  const limit = maxResults ?? DEFAULT_PAGE;
  const page: object[] = [];
  let last: number | undefined;
  for (const command of engine.list()) {
    if (commandId !== undefined && command.commandId !== commandId) continue;
    if (!engine.materialised(command)) continue;
    // Newest first: a larger ordinal sorts earlier, so the key grows down the listing.
    const base = -command.ordinal * SLOT;
    if (base + SLOT <= after) continue;
    for (const [position, inv] of command.invocations.entries()) {
      const key = base + position;
      if (key <= after) continue;
      if (instanceId !== undefined && inv.instanceId !== instanceId) continue;
      if (!invocationPasses(filters, command, inv)) continue;
      if (page.length === limit) {
        return { CommandInvocations: page, NextToken: context.tokens.issue(OPERATION, scope, last ?? key) };
      }
      page.push(invocationToWire(command, inv, details === true));
      last = key;
    }
  }
  return { CommandInvocations: page };
}
