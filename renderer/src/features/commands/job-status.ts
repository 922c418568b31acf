import { useEffect, useState } from 'react';
import type { InvocationStatus, JobCounts, JobStatus } from '../../../../preload/contract/commands';

/** The colour family of a node or job status; the stylesheet maps each to a theme variable. */
export type StatusTone = 'ok' | 'bad' | 'warn' | 'off' | 'busy' | 'idle';

const TONES: Record<InvocationStatus | JobStatus, StatusTone> = {
  Success: 'ok',
  Failed: 'bad',
  TimedOut: 'warn',
  Cancelled: 'off',
  Cancelling: 'off',
  NotSent: 'off',
  InProgress: 'busy',
  Delayed: 'busy',
  Pending: 'idle',
};

/** The tone a status is painted in. */
export function toneOf(status: InvocationStatus | JobStatus): StatusTone {
  return TONES[status];
}

/** True once nothing more will change for the job. */
export function isFinished(status: JobStatus): boolean {
  return status === 'Success' || status === 'Failed' || status === 'TimedOut' || status === 'Cancelled';
}

/** The segments of the stacked bar, in the order they are drawn, with their tone. */
export const COUNT_SEGMENTS: ReadonlyArray<{ key: Exclude<keyof JobCounts, 'targets'>; tone: StatusTone }> = [
  { key: 'success', tone: 'ok' },
  { key: 'failed', tone: 'bad' },
  { key: 'timedOut', tone: 'warn' },
  { key: 'cancelled', tone: 'off' },
  { key: 'notRun', tone: 'off' },
  { key: 'inProgress', tone: 'busy' },
  { key: 'pending', tone: 'idle' },
];

/** Nodes that did not succeed: what "Run again on failed nodes" would take. */
export function notSucceeded(counts: JobCounts): number {
  return counts.failed + counts.timedOut + counts.cancelled + counts.notRun;
}

/** "4 s", "2 min 05 s", "1 h 03 min": an elapsed time an operator reads at a glance. */
export function formatElapsed(ms: number): { unit: 'seconds' | 'minutes' | 'hours'; a: number; b: string } {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return { unit: 'seconds', a: seconds, b: '' };
  if (seconds < 3600) return { unit: 'minutes', a: Math.floor(seconds / 60), b: String(seconds % 60).padStart(2, '0') };
  return { unit: 'hours', a: Math.floor(seconds / 3600), b: String(Math.floor((seconds % 3600) / 60)).padStart(2, '0') };
}

/** Epoch ms ticking every second while `running`, frozen otherwise (an elapsed-time clock). */
export function useSecondClock(running: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return undefined;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [running]);
  return now;
}
