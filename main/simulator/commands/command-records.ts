import type { SimPlatform, SimRenderedStep } from '../documents/document-catalog';

/**
 * What the simulated Run Command service remembers about a command and its invocations, and
 * how their statuses roll up (ssm-api.md §5.2, §5.3). All times are epoch ms on the simulator's
 * clock; the wire layer turns them into epoch seconds or ISO strings.
 */

/** Invocation StatusDetails (the detailed state); the wire Status is derived from it. */
export type InvocationDetail =
  | 'Pending'
  | 'InProgress'
  | 'Delayed'
  | 'Success'
  | 'Failed'
  | 'ExecutionTimedOut'
  | 'DeliveryTimedOut'
  | 'Undeliverable'
  | 'InvalidPlatform'
  | 'Terminated'
  | 'Cancelling'
  | 'Cancelled';

/** The wire `Status` of an invocation (or plugin) in a given detailed state. */
export function invocationStatus(detail: InvocationDetail): string {
  switch (detail) {
    case 'ExecutionTimedOut':
    case 'DeliveryTimedOut':
      return 'TimedOut';
    // The model's Status enum has no value for these; §5.2 infers Failed and Cancelled.
    case 'Undeliverable':
    case 'InvalidPlatform':
      return 'Failed';
    case 'Terminated':
      return 'Cancelled';
    default:
      return detail;
  }
}

export function isTerminal(detail: InvocationDetail): boolean {
  return !['Pending', 'InProgress', 'Delayed', 'Cancelling'].includes(detail);
}

/** One step (plugin) of one invocation. */
export interface PluginRecord {
  readonly step: SimRenderedStep;
  detail: InvocationDetail | 'Skipped';
  /** Exit code; -1 until it has run (the agent's value for "not started"). */
  responseCode: number;
  startedAt: number | undefined;
  endedAt: number | undefined;
  stdout: string;
  stderr: string;
}

/** One node of one command. */
export interface InvocationRecord {
  /** Global order of creation; NextToken cursors of ListCommandInvocations. */
  readonly ordinal: number;
  readonly instanceId: string;
  readonly instanceName: string;
  /** Undefined when the node was unknown at send time (a Targets InstanceIds value). */
  readonly platform: SimPlatform | undefined;
  readonly plugins: PluginRecord[];
  detail: InvocationDetail;
  /** True once it was handed to the node's agent (it then counts against MaxConcurrency). */
  dispatched: boolean;
  /** Stops the running step, if one runs. */
  stop: (() => void) | undefined;
  updatedAt: number;
}

/** A command as sent, and where it stands. */
export interface CommandRecord {
  readonly ordinal: number;
  readonly commandId: string;
  readonly documentName: string;
  /** As the caller gave it; '' means $DEFAULT. */
  readonly documentVersion: string;
  readonly comment: string;
  readonly parameters: Readonly<Record<string, ReadonlyArray<string>>>;
  readonly instanceIds: ReadonlyArray<string>;
  readonly targets: ReadonlyArray<{ Key: string; Values: string[] }>;
  readonly requestedAt: number;
  readonly expiresAt: number;
  readonly maxConcurrency: string;
  readonly maxErrors: string;
  readonly timeoutSeconds: number;
  readonly region: string;
  readonly serviceRole: string;
  readonly outputS3BucketName: string;
  readonly outputS3KeyPrefix: string;
  readonly notificationConfig: object;
  readonly cloudWatchOutputConfig: object;
  readonly invocations: InvocationRecord[];
  /** performance.now() at send: invocations become visible a moment later, as on AWS. */
  readonly sentMonotonic: number;
  /** Set by CancelCommand without InstanceIds. */
  cancelled: boolean;
}

/** Completed / error / delivery-timeout counts as the Command object reports them (§5.2). */
export function commandCounts(command: CommandRecord): { completed: number; errors: number; deliveryTimedOut: number } {
  let completed = 0;
  let errors = 0;
  let deliveryTimedOut = 0;
  for (const inv of command.invocations) {
    if (isTerminal(inv.detail)) completed += 1;
    if (inv.detail === 'Failed' || inv.detail === 'ExecutionTimedOut') errors += 1;
    if (inv.detail === 'DeliveryTimedOut') deliveryTimedOut += 1;
  }
  return { completed, errors, deliveryTimedOut };
}

/** The command's Status and StatusDetails (§5.3), given the error threshold it runs with. */
export function commandStatus(command: CommandRecord, errorThreshold: number): { status: string; details: string } {
  const all = command.invocations;
  if (all.length === 0) return { status: 'Failed', details: 'NoInstancesInTag' };
  if (all.some((i) => i.detail === 'Cancelling')) return { status: 'Cancelling', details: 'Cancelling' };
  if (!all.every((i) => isTerminal(i.detail))) {
    const received = all.some((i) => i.detail !== 'Pending' && (i.dispatched || isTerminal(i.detail)));
    return received ? { status: 'InProgress', details: 'InProgress' } : { status: 'Pending', details: 'Pending' };
  }
  if (command.cancelled) return { status: 'Cancelled', details: 'Cancelled' };
  const count = (d: InvocationDetail): number => all.filter((i) => i.detail === d).length;
  // "MaxErrors or more" — but at least one: MaxErrors 0 with no error is not a failure.
  const bar = Math.max(1, errorThreshold);
  if (count('Failed') + count('ExecutionTimedOut') >= bar) {
    return count('Failed') > 0 ? { status: 'Failed', details: 'Failed' } : { status: 'TimedOut', details: 'ExecutionTimedOut' };
  }
  if (count('DeliveryTimedOut') >= bar) return { status: 'TimedOut', details: 'DeliveryTimedOut' };
  const unreachable: InvocationDetail[] = ['Undeliverable', 'InvalidPlatform'];
  if (all.every((i) => unreachable.includes(i.detail))) {
    const first = all[0]?.detail ?? 'Undeliverable';
    return { status: 'Failed', details: all.every((i) => i.detail === first) ? first : 'Failed' };
  }
  if (all.every((i) => i.detail === 'Success' || unreachable.includes(i.detail))) return { status: 'Success', details: 'Success' };
  // Attempted everywhere, not all succeeded, not enough failures for Failed (§5.3; Status unverified).
  return { status: 'Failed', details: 'Incomplete' };
}
