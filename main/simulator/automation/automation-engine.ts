import { randomUUID } from 'node:crypto';
import type { FleetState } from '../fleet-state';
import { awsError } from '../wire-errors';
import type { AutomationTimings, ExecutionRecord, StepRecord } from './automation-types';

/**
 * Runs AWS-RestartEC2Instance on the training fleet: `stopInstances` then `startInstances`
 * (aws:changeInstanceState). A stopped instance's agent stops pinging, so its node goes
 * ConnectionLost while stopped and back Online once started. Only EC2 ids can be stopped: a
 * hybrid `mi-` id fails the step the way EC2's StopInstances refuses it. Timers never keep the
 * process alive, and `close()` drops them all.
 */

const DEFAULT_STATE_CHANGE_MS = 4000;
const EC2_ID = /^i-(\w{8}|\w{17})$/;
const TROUBLESHOOTING = 'Please refer to Automation Service Troubleshooting Guide for more diagnosis details.';

/** What an execution is started with, after the op's checks. */
export interface AutomationStart {
  readonly documentName: string;
  readonly documentVersion: string;
  readonly parameters: Readonly<Record<string, string[]>>;
  readonly executedBy: string;
}

/** Automation executions of the training account. */
export class AutomationEngine {
  readonly #fleet: FleetState;
  readonly #now: () => number;
  readonly #stateChangeMs: number;
  readonly #executions = new Map<string, ExecutionRecord>();
  /** ClientToken → the request's fingerprint and the execution it started. */
  readonly #tokens = new Map<string, { fingerprint: string; id: string }>();
  readonly #timers = new Set<NodeJS.Timeout>();
  /** Listeners told whenever an execution or one of its steps changes status (tests wait on this). */
  readonly #listeners = new Set<(execution: ExecutionRecord) => void>();

  constructor(options: { fleet: FleetState; now: () => number; timings?: AutomationTimings }) {
    this.#fleet = options.fleet;
    this.#now = options.now;
    this.#stateChangeMs = options.timings?.stateChangeMs ?? DEFAULT_STATE_CHANGE_MS;
  }

  /** Starts an execution of AWS-RestartEC2Instance; the checks on the request are the op's. */
  start(request: AutomationStart): ExecutionRecord {
    const instanceIds = request.parameters['InstanceId'] ?? [];
    const inputs = (desired: string): Record<string, string> => ({
      DesiredState: JSON.stringify(desired),
      InstanceIds: JSON.stringify(instanceIds),
    });
    const step = (stepName: string, desired: string): StepRecord => ({
      stepName,
      action: 'aws:changeInstanceState',
      inputs: inputs(desired),
      stepExecutionId: randomUUID(),
      status: 'Pending',
      startTime: undefined,
      endTime: undefined,
      failureMessage: undefined,
      failureDetails: undefined,
    });
    const execution: ExecutionRecord = {
      id: randomUUID(),
      documentName: request.documentName,
      documentVersion: request.documentVersion,
      parameters: request.parameters,
      executedBy: request.executedBy,
      startTime: this.#now(),
      steps: [step('stopInstances', 'stopped'), step('startInstances', 'running')],
      status: 'InProgress',
      endTime: undefined,
      failureMessage: undefined,
      current: 0,
    };
    this.#executions.set(execution.id, execution);
    this.#runStep(execution, 0);
    return execution;
  }

  /**
   * `start` made idempotent by a ClientToken: the same token with the same request returns the
   * first execution; with a different request it is IdempotentParameterMismatch.
   */
  startOnce(clientToken: string, fingerprint: string, request: AutomationStart): ExecutionRecord {
    const earlier = this.#tokens.get(clientToken);
    if (earlier !== undefined) {
      if (earlier.fingerprint !== fingerprint) {
        throw awsError('IdempotentParameterMismatch', `ClientToken ${clientToken} was already used to start an automation with different parameters.`);
      }
      const execution = this.#executions.get(earlier.id);
      if (execution !== undefined) return execution;
    }
    const execution = this.start(request);
    this.#tokens.set(clientToken, { fingerprint, id: execution.id });
    return execution;
  }

  /** The execution with this id, if it was started. */
  find(id: string): ExecutionRecord | undefined {
    return this.#executions.get(id);
  }

  /** StopAutomationExecution: Cancelling at once, Cancelled on the engine's next turn. */
  stop(id: string): void {
    const execution = this.#executions.get(id);
    if (execution === undefined) throw notFound(id);
    if (execution.status !== 'InProgress' && execution.status !== 'Pending') {
      throw awsError('InvalidAutomationStatusUpdateException', `Automation execution ${id} is ${execution.status} and can no longer be stopped.`);
    }
    execution.status = 'Cancelling';
    this.#notify(execution);
    this.#later(0, () => {
      const now = this.#now();
      for (const step of execution.steps) {
        if (step.status !== 'InProgress') continue;
        step.status = 'Cancelled';
        step.endTime = now;
      }
      execution.status = 'Cancelled';
      execution.endTime = now;
      this.#notify(execution);
    });
  }

  /** Calls `listener` on every status change; returns the unsubscribe function. */
  onExecutionChanged(listener: (execution: ExecutionRecord) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Cancels every pending timer; executions stay as they are. */
  close(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    this.#listeners.clear();
  }

  #runStep(execution: ExecutionRecord, index: number): void {
    const step = execution.steps[index];
    if (step === undefined || execution.status !== 'InProgress') return;
    execution.current = index;
    step.status = 'InProgress';
    step.startTime = this.#now();
    this.#notify(execution);
    const ids: string[] = JSON.parse(step.inputs['InstanceIds'] ?? '[]') as string[];
    const problem = this.#refusal(ids, index === 0 ? 'StopInstances' : 'StartInstances');
    if (problem !== undefined) {
      this.#fail(execution, step, problem);
      return;
    }
    this.#later(this.#stateChangeMs, () => {
      if (execution.status !== 'InProgress') return;
      const now = this.#now();
      // A stopped instance's agent falls silent; a started one pings again.
      for (const id of ids) {
        if (this.#fleet.find(id) !== undefined) this.#fleet.setPingStatus(id, index === 0 ? 'ConnectionLost' : 'Online', now);
      }
      step.status = 'Success';
      step.endTime = now;
      if (index + 1 < execution.steps.length) {
        this.#notify(execution);
        this.#runStep(execution, index + 1);
        return;
      }
      execution.status = 'Success';
      execution.endTime = now;
      this.#notify(execution);
    });
  }

  /** What EC2 would answer the step's API call with, or undefined when it would succeed. */
  #refusal(ids: ReadonlyArray<string>, api: string): { code: string; message: string } | undefined {
    const malformed = ids.find((id) => !EC2_ID.test(id));
    if (malformed !== undefined) return { code: 'InvalidInstanceID.Malformed', message: `Invalid id: "${malformed}" (${api} acts on EC2 instances; ${malformed.startsWith('mi-') ? 'a hybrid managed node cannot be stopped or started by EC2' : 'expecting "i-..."'})` };
    const missing = ids.filter((id) => this.#fleet.find(id) === undefined);
    if (missing.length > 0) {
      return { code: 'InvalidInstanceID.NotFound', message: `The instance ID${missing.length > 1 ? 's' : ''} '${missing.join(', ')}' do${missing.length > 1 ? '' : 'es'} not exist` };
    }
    return undefined;
  }

  #fail(execution: ExecutionRecord, step: StepRecord, problem: { code: string; message: string }): void {
    const api = step.stepName === 'stopInstances' ? 'StopInstances' : 'StartInstances';
    const message = `Step fails when it is changing instance state. An error occurred (${problem.code}) when calling the ${api} operation: ${problem.message}. ${TROUBLESHOOTING}`;
    const now = this.#now();
    step.status = 'Failed';
    step.endTime = now;
    step.failureMessage = message;
    step.failureDetails = { FailureStage: 'Invocation', FailureType: 'Action', Details: { ExceptionMessage: [message] } };
    execution.status = 'Failed';
    execution.endTime = now;
    execution.failureMessage = `Step fails when it is changing instance state. ${problem.code}. ${TROUBLESHOOTING}`;
    this.#notify(execution);
  }

  #later(ms: number, action: () => void): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      action();
    }, ms);
    timer.unref();
    this.#timers.add(timer);
  }

  #notify(execution: ExecutionRecord): void {
    for (const listener of this.#listeners) listener(execution);
  }
}

/** AutomationExecutionNotFoundException for `id`. */
export function notFound(id: string): Error {
  return awsError('AutomationExecutionNotFoundException', `Automation execution ${id} does not exist.`);
}
