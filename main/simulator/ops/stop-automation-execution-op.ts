import { ConstraintViolations, readString } from '../request-validation';
import type { JsonObject } from '../request-validation';
import { awsError } from '../wire-errors';
import type { OperationContext } from './operation-types';
import { readAutomationExecutionId } from './get-automation-execution-op';

/**
 * StopAutomationExecution (ssm-api.md §4.6): `{}` at once; the execution goes Cancelling, then
 * Cancelled. `Type: Complete` is for Interactive executions, which the training fleet does not run.
 */

/** Handles AmazonSSM.StopAutomationExecution. */
export function stopAutomationExecution(input: JsonObject, context: OperationContext): object {
  const id = readAutomationExecutionId(input);
  const type = readString(input, 'Type');
  const v = new ConstraintViolations();
  v.oneOf('type', type, ['Complete', 'Cancel']);
  v.throwIfAny();
  if (type === 'Complete' && context.automation.find(id) !== undefined) {
    throw awsError('InvalidAutomationStatusUpdateException', `Automation execution ${id} runs in Auto mode; only Interactive executions can be stopped with Type Complete. Use Type Cancel.`);
  }
  context.automation.stop(id);
  return {};
}
