import { describe, expect, it } from 'vitest';
import { commandCounts, commandStatus, invocationStatus } from '../../../../../main/simulator/commands/command-records';
import type { CommandRecord, InvocationDetail, InvocationRecord } from '../../../../../main/simulator/commands/command-records';

/** A command whose invocations stand in the given detailed states. */
function command(details: ReadonlyArray<InvocationDetail>, cancelled = false): CommandRecord {
  const invocations: InvocationRecord[] = details.map((detail, i) => ({
    ordinal: i + 1,
    instanceId: `i-${String(i).padStart(17, '0')}`,
    instanceName: '',
    platform: 'Linux',
    plugins: [],
    detail,
    dispatched: detail !== 'Pending',
    stop: undefined,
    updatedAt: 0,
  }));
  return { invocations, cancelled } as unknown as CommandRecord;
}

describe('command Status / StatusDetails (ssm-api.md §5.3)', () => {
  it.each([
    { states: ['Pending', 'Pending'], maxErrors: 0, expected: ['Pending', 'Pending'] },
    { states: ['Success', 'Pending'], maxErrors: 0, expected: ['InProgress', 'InProgress'] },
    { states: ['Success', 'Cancelling'], maxErrors: 0, expected: ['Cancelling', 'Cancelling'] },
    { states: ['Success', 'Success'], maxErrors: 0, expected: ['Success', 'Success'] },
    { states: ['Success', 'Undeliverable', 'InvalidPlatform'], maxErrors: 0, expected: ['Success', 'Success'] },
    { states: ['Undeliverable', 'Undeliverable'], maxErrors: 0, expected: ['Failed', 'Undeliverable'] },
    { states: ['Success', 'Failed', 'Terminated'], maxErrors: 0, expected: ['Failed', 'Failed'] },
    { states: ['Success', 'ExecutionTimedOut'], maxErrors: 0, expected: ['TimedOut', 'ExecutionTimedOut'] },
    { states: ['Success', 'DeliveryTimedOut'], maxErrors: 0, expected: ['TimedOut', 'DeliveryTimedOut'] },
    { states: ['Success', 'Failed', 'Success'], maxErrors: 2, expected: ['Failed', 'Incomplete'] },
    { states: [], maxErrors: 0, expected: ['Failed', 'NoInstancesInTag'] },
  ])('$states with MaxErrors $maxErrors → $expected', ({ states, maxErrors, expected }) => {
    const { status, details } = commandStatus(command(states as InvocationDetail[]), maxErrors);
    expect([status, details]).toEqual(expected);
  });

  it('a cancelled command ends Cancelled once every node is terminal', () => {
    expect(commandStatus(command(['Success', 'Cancelled'], true), 0)).toEqual({ status: 'Cancelled', details: 'Cancelled' });
  });

  it('counts completed, errors (Failed + ExecutionTimedOut) and delivery timeouts apart', () => {
    expect(commandCounts(command(['Success', 'Failed', 'ExecutionTimedOut', 'DeliveryTimedOut', 'Terminated', 'InProgress']))).toEqual({
      completed: 5,
      errors: 2,
      deliveryTimedOut: 1,
    });
  });

  it.each([
    ['DeliveryTimedOut', 'TimedOut'],
    ['ExecutionTimedOut', 'TimedOut'],
    ['Undeliverable', 'Failed'],
    ['InvalidPlatform', 'Failed'],
    ['Terminated', 'Cancelled'],
    ['Success', 'Success'],
  ])('invocation %s is Status %s on the wire', (detail, status) => {
    expect(invocationStatus(detail as InvocationDetail)).toBe(status);
  });
});
