import { invocationDetailToWire } from '../commands/command-wire';
import { INSTANCE_ID_PATTERN } from '../commands/target-resolution';
import { ConstraintViolations, readString } from '../request-validation';
import type { JsonObject } from '../request-validation';
import { awsError } from '../wire-errors';
import type { OperationContext } from './operation-types';

/**
 * GetCommandInvocation (ssm-api.md §4.3): one plugin of one node's invocation, with up to
 * 24,000 characters of stdout and 8,000 of stderr once the step has finished. Until the
 * invocation materialises — and for a command or node it never had — the answer is
 * InvocationDoesNotExist with no message, which both SDK waiters retry on.
 */

/** Handles AmazonSSM.GetCommandInvocation. */
export function getCommandInvocation(input: JsonObject, context: OperationContext): object {
  const commandId = readString(input, 'CommandId');
  const instanceId = readString(input, 'InstanceId');
  const pluginName = readString(input, 'PluginName');
  const v = new ConstraintViolations();
  if (v.required('commandId', commandId)) v.length('commandId', commandId, 36, 36);
  if (v.required('instanceId', instanceId)) v.pattern('instanceId', instanceId, INSTANCE_ID_PATTERN, '(^i-(\\w{8}|\\w{17})$)|(^mi-\\w{17}$)');
  v.length('pluginName', pluginName, 4);
  v.throwIfAny();
  const engine = context.commands;
  const command = commandId === undefined ? undefined : engine.find(commandId);
  const inv = command?.invocations.find((i) => i.instanceId === instanceId);
  if (!command || !inv || !engine.materialised(command)) throw awsError('InvocationDoesNotExist');
  // A multi-step document needs the step's name (not its plugin type); one step may be implied.
  const plugin = pluginName === undefined ? (inv.plugins.length === 1 ? inv.plugins[0] : undefined) : inv.plugins.find((p) => p.step.name === pluginName);
  if (!plugin) throw awsError('InvalidPluginName');
  return invocationDetailToWire(command, inv, plugin, context.now);
}
