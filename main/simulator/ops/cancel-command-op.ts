import { INSTANCE_ID_PATTERN } from '../commands/target-resolution';
import { ConstraintViolations, readString, readStringList } from '../request-validation';
import type { JsonObject } from '../request-validation';
import { awsError } from '../wire-errors';
import type { OperationContext } from './operation-types';

/**
 * CancelCommand (ssm-api.md §4.3): best effort and asynchronous — answers `{}` at once while
 * running scripts are killed (Cancelling, then Cancelled) and pending nodes never start.
 * Without InstanceIds every node is cancelled; cancelling a finished command changes nothing.
 */

/** Handles AmazonSSM.CancelCommand. */
export function cancelCommand(input: JsonObject, context: OperationContext): object {
  const commandId = readString(input, 'CommandId');
  const instanceIds = readStringList(input, 'InstanceIds');
  const v = new ConstraintViolations();
  if (v.required('commandId', commandId)) v.length('commandId', commandId, 36, 36);
  v.length('instanceIds', instanceIds, 0, 50);
  (instanceIds ?? []).forEach((id, i) => v.pattern(`instanceIds.${i + 1}.member`, id, INSTANCE_ID_PATTERN, '(^i-(\\w{8}|\\w{17})$)|(^mi-\\w{17}$)'));
  v.throwIfAny();
  const command = commandId === undefined ? undefined : context.commands.find(commandId);
  if (!command || commandId === undefined) throw awsError('InvalidCommandId');
  const ids = instanceIds !== undefined && instanceIds.length > 0 ? instanceIds : undefined;
  if (ids) {
    if (new Set(ids).size !== ids.length) throw awsError('DuplicateInstanceId');
    const foreign = ids.filter((id) => !command.invocations.some((i) => i.instanceId === id));
    if (foreign.length > 0) throw awsError('InvalidInstanceId', `Instances [[${foreign.join(', ')}]] are not targets of command ${commandId}.`);
  }
  context.commands.cancel(commandId, ids);
  return {};
}
