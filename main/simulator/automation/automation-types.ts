/**
 * An Automation execution as the engine keeps it (ssm-api.md §4.6). Times are epoch milliseconds
 * here and become epoch seconds on the wire.
 */

/** Execution and step statuses the simulator uses (a subset of the model's enum). */
export type AutomationStatus = 'Pending' | 'InProgress' | 'Success' | 'Failed' | 'Cancelling' | 'Cancelled' | 'TimedOut';

/** One step of an execution. */
export interface StepRecord {
  readonly stepName: string;
  readonly action: string;
  /** Step inputs after interpolation, JSON-encoded per value as GetAutomationExecution shows them. */
  readonly inputs: Readonly<Record<string, string>>;
  readonly stepExecutionId: string;
  status: AutomationStatus;
  startTime: number | undefined;
  endTime: number | undefined;
  failureMessage: string | undefined;
  failureDetails: { FailureStage: string; FailureType: string; Details: Record<string, string[]> } | undefined;
}

/** One automation execution. */
export interface ExecutionRecord {
  readonly id: string;
  readonly documentName: string;
  readonly documentVersion: string;
  readonly parameters: Readonly<Record<string, string[]>>;
  readonly executedBy: string;
  readonly startTime: number;
  readonly steps: StepRecord[];
  status: AutomationStatus;
  endTime: number | undefined;
  failureMessage: string | undefined;
  /** Index of the step running now (or that ran last). */
  current: number;
}

/** How long the simulated EC2 state changes take; tests shorten them. */
export interface AutomationTimings {
  /** Time an instance takes to stop, or to start (default 4 s). */
  readonly stateChangeMs?: number;
}
