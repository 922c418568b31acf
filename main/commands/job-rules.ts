import type { Invocation, InvocationStatus, JobCounts, JobStatus } from '../../preload/contract/commands';

// Pure rules of a Run Command job: how a node's state counts, when a job is done, how it ended.
// The SSM semantics are ssm-api.md §5.2-§5.4.

const TERMINAL: ReadonlySet<InvocationStatus> = new Set(['Success', 'Cancelled', 'TimedOut', 'Failed', 'NotSent']);
/** Failed with these details never ran the script: not an error toward MaxErrors (§5.2). */
const NEVER_RAN = new Set(['Undeliverable', 'InvalidPlatform', 'AccessDenied']);

/** SSM's invocation Status (plus our NotSent) is final. */
export function isTerminal(status: InvocationStatus): boolean {
  return TERMINAL.has(status);
}

/** Counts toward MaxErrors as SSM counts ErrorCount: Failed (a non-zero exit) and ExecutionTimedOut. */
export function isError(row: Pick<Invocation, 'status' | 'statusDetails'>): boolean {
  if (row.status === 'Failed') return !NEVER_RAN.has(row.statusDetails);
  return row.status === 'TimedOut' && row.statusDetails === 'ExecutionTimedOut';
}

/** A row that waits in Capstan's own queue: known node, no SendCommand yet. */
export function isQueued(row: Pick<Invocation, 'status' | 'commandId'>): boolean {
  return row.status === 'Pending' && row.commandId === null;
}

/** The job's tally for the status bar and the cards. */
export function countRows(rows: Iterable<Pick<Invocation, 'status' | 'statusDetails'>>): JobCounts {
  const counts: JobCounts = { targets: 0, pending: 0, inProgress: 0, success: 0, failed: 0, timedOut: 0, cancelled: 0, notRun: 0 };
  for (const row of rows) {
    counts.targets += 1;
    switch (row.status) {
      case 'Pending':
      case 'Delayed':
        counts.pending += 1;
        break;
      case 'InProgress':
      case 'Cancelling':
        counts.inProgress += 1;
        break;
      case 'Success':
        counts.success += 1;
        break;
      case 'Failed':
        if (NEVER_RAN.has(row.statusDetails)) counts.notRun += 1;
        else counts.failed += 1;
        break;
      case 'TimedOut':
        counts.timedOut += 1;
        break;
      case 'Cancelled':
        // Terminated: never started because the command passed MaxErrors (§5.2).
        if (row.statusDetails === 'Terminated') counts.notRun += 1;
        else counts.cancelled += 1;
        break;
      case 'NotSent':
        counts.notRun += 1;
        break;
    }
  }
  return counts;
}

/**
 * A MaxConcurrency / MaxErrors value as a number of nodes of `total`. Percentages: concurrency
 * rounds up with a floor of 1 (ssm-api.md §5.4 recommends ceil); errors round down, the cautious
 * side when the rule is not documented.
 */
export function resolveLimit(value: string, total: number, kind: 'concurrency' | 'errors'): number {
  if (value.endsWith('%')) {
    const share = (Number(value.slice(0, -1)) / 100) * total;
    return kind === 'concurrency' ? Math.max(1, Math.ceil(share)) : Math.floor(share);
  }
  return Number(value);
}

/** How a finished job reads: SSM's aggregate rules (§5.3) over the nodes Capstan sent to. */
export function finalStatus(
  counts: JobCounts,
  flags: { cancelled: boolean; maxErrorsReached: boolean },
): { status: JobStatus; statusDetails: string } {
  const notRunNote = counts.notRun > 0 ? ` — ${counts.notRun} ${counts.notRun === 1 ? 'node' : 'nodes'} not run` : '';
  if (flags.cancelled) return { status: 'Cancelled', statusDetails: `Cancelled${notRunNote}` };
  if (flags.maxErrorsReached) return { status: 'Failed', statusDetails: `MaxErrors reached — ${counts.failed + counts.timedOut} failed${notRunNote}` };
  if (counts.failed > 0) return { status: 'Failed', statusDetails: `${counts.failed} failed${notRunNote}` };
  if (counts.timedOut > 0) return { status: 'TimedOut', statusDetails: `${counts.timedOut} timed out${notRunNote}` };
  if (counts.success === 0) return { status: 'Failed', statusDetails: `No node ran the command${notRunNote}` };
  if (counts.cancelled > 0) return { status: 'Failed', statusDetails: `Incomplete — ${counts.cancelled} cancelled${notRunNote}` };
  return { status: 'Success', statusDetails: `Success${notRunNote}` };
}

/** SSM's invocation Status as our enum; anything unexpected reads as Failed with its own words kept in details. */
export function toInvocationStatus(status: string | undefined): InvocationStatus {
  switch (status) {
    case 'Pending':
    case 'InProgress':
    case 'Delayed':
    case 'Success':
    case 'Cancelled':
    case 'TimedOut':
    case 'Failed':
    case 'Cancelling':
      return status;
    default:
      return 'Failed';
  }
}
