import { describe, expect, it } from 'vitest';
import type { InvocationStatus } from '../../../../preload/contract/commands';
import { countRows, finalStatus, isError, resolveLimit } from '../../../../main/commands/job-rules';

const row = (status: InvocationStatus, statusDetails: string = status) => ({ status, statusDetails });

describe('MaxErrors counts what SSM counts (ssm-api.md §5.2)', () => {
  it.each([
    [row('Failed'), true],
    [row('TimedOut', 'ExecutionTimedOut'), true],
    [row('TimedOut', 'DeliveryTimedOut'), false],
    [row('Failed', 'Undeliverable'), false],
    [row('Failed', 'InvalidPlatform'), false],
    [row('Cancelled', 'Terminated'), false],
    [row('Success'), false],
  ])('%o is an error: %s', (r, expected) => {
    expect(isError(r)).toBe(expected);
  });
});

describe('resolveLimit', () => {
  it.each([
    ['50', 1000, 'concurrency', 50],
    ['10%', 1000, 'concurrency', 100],
    ['1%', 12, 'concurrency', 1],
    ['10%', 50, 'errors', 5],
    ['10%', 55, 'errors', 5],
    ['0', 10, 'errors', 0],
    ['100%', 7, 'concurrency', 7],
  ] as const)('%s of %d (%s) is %d', (value, total, kind, expected) => {
    expect(resolveLimit(value, total, kind)).toBe(expected);
  });
});

describe('a finished job reads as the operator expects', () => {
  it('counts never-run nodes apart from failures', () => {
    const counts = countRows([row('Success'), row('Failed'), row('NotSent', 'Node is offline (connection lost)'), row('Failed', 'Undeliverable'), row('Cancelled', 'Terminated'), row('InProgress')]);
    expect(counts).toEqual({ targets: 6, pending: 0, inProgress: 1, success: 1, failed: 1, timedOut: 0, cancelled: 0, notRun: 3 });
  });

  it('all sent succeeded, some kept back: Success that says so', () => {
    const counts = countRows([row('Success'), row('Success'), row('NotSent')]);
    expect(finalStatus(counts, { cancelled: false, maxErrorsReached: false })).toEqual({ status: 'Success', statusDetails: 'Success — 1 node not run' });
  });

  it('one failure fails the job; MaxErrors and cancel say why', () => {
    const counts = countRows([row('Success'), row('Failed')]);
    expect(finalStatus(counts, { cancelled: false, maxErrorsReached: false }).status).toBe('Failed');
    expect(finalStatus(counts, { cancelled: false, maxErrorsReached: true }).statusDetails).toMatch(/^MaxErrors reached — 1 failed/);
    expect(finalStatus(counts, { cancelled: true, maxErrorsReached: false }).status).toBe('Cancelled');
  });

  it('only timeouts: TimedOut', () => {
    expect(finalStatus(countRows([row('Success'), row('TimedOut', 'ExecutionTimedOut')]), { cancelled: false, maxErrorsReached: false }).status).toBe('TimedOut');
  });
});
