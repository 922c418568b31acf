import { notFound } from '../automation/automation-engine';
import type { ExecutionRecord, StepRecord } from '../automation/automation-types';
import { ConstraintViolations, readString } from '../request-validation';
import type { JsonObject } from '../request-validation';
import type { OperationContext } from './operation-types';

/**
 * GetAutomationExecution (ssm-api.md §4.6): the execution with every step, step Inputs as
 * JSON-encoded strings, timestamps in epoch seconds; unknown ids are
 * AutomationExecutionNotFoundException.
 */

/** Handles AmazonSSM.GetAutomationExecution. */
export function getAutomationExecution(input: JsonObject, context: OperationContext): object {
  const id = readAutomationExecutionId(input);
  const execution = context.automation.find(id);
  if (execution === undefined) throw notFound(id);
  return { AutomationExecution: executionView(execution) };
}

/** Reads the required 36-character AutomationExecutionId. */
export function readAutomationExecutionId(input: JsonObject): string {
  const id = readString(input, 'AutomationExecutionId');
  const v = new ConstraintViolations();
  if (v.required('automationExecutionId', id)) v.length('automationExecutionId', id, 36, 36);
  v.throwIfAny();
  return id ?? '';
}


function executionView(execution: ExecutionRecord): object {
  const current = execution.steps[execution.current];
  const running = execution.status === 'InProgress' || execution.status === 'Cancelling';
  return {
    AutomationExecutionId: execution.id,
    DocumentName: execution.documentName,
    DocumentVersion: execution.documentVersion,
    ExecutionStartTime: execution.startTime / 1000,
    ...(execution.endTime === undefined ? {} : { ExecutionEndTime: execution.endTime / 1000 }),
    AutomationExecutionStatus: execution.status,
    StepExecutions: execution.steps.map(stepView),
    StepExecutionsTruncated: false,
    Parameters: execution.parameters,
    Outputs: {},
    ...(execution.failureMessage === undefined ? {} : { FailureMessage: execution.failureMessage }),
    Mode: 'Auto',
    ExecutedBy: execution.executedBy,
    ...(running && current !== undefined ? { CurrentStepName: current.stepName, CurrentAction: current.action } : {}),
    Targets: [],
    ResolvedTargets: { ParameterValues: [], Truncated: false },
    AutomationType: 'Local',
  };
}

function stepView(step: StepRecord): object {
  return {
    StepName: step.stepName,
    Action: step.action,
    OnFailure: 'Abort',
    MaxAttempts: 1,
    ...(step.startTime === undefined ? {} : { ExecutionStartTime: step.startTime / 1000 }),
    ...(step.endTime === undefined ? {} : { ExecutionEndTime: step.endTime / 1000 }),
    StepStatus: step.status,
    Inputs: step.inputs,
    Outputs: {},
    ...(step.failureMessage === undefined ? {} : { FailureMessage: step.failureMessage }),
    ...(step.failureDetails === undefined ? {} : { FailureDetails: step.failureDetails }),
    StepExecutionId: step.stepExecutionId,
    OverriddenParameters: {},
    IsCritical: true,
  };
}
