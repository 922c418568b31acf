import { describe, expect, it } from 'vitest';
import { FaultInjector } from '../../../../main/simulator/fault-controls';

describe('FaultInjector', () => {
  it('applies armed faults in order, per operation or to any operation, then stops', () => {
    const faults = new FaultInjector();
    faults.throttleNext(2, 'DescribeInstanceInformation');
    faults.failNext(1);
    expect(faults.take('DescribeInstanceInformation')).toBe('throttle');
    expect(faults.take('GetInventory')).toBe('fail');
    expect(faults.take('GetInventory')).toBeUndefined();
    expect(faults.take('DescribeInstanceInformation')).toBe('throttle');
    expect(faults.take('DescribeInstanceInformation')).toBeUndefined();
  });

  it('reset disarms faults and removes latency', () => {
    const faults = new FaultInjector();
    faults.failNext(3);
    faults.setLatency(250);
    expect(faults.latencyMs).toBe(250);
    faults.reset();
    expect(faults.take('GetInventory')).toBeUndefined();
    expect(faults.latencyMs).toBe(0);
  });

  it('refuses nonsense counts and latencies', () => {
    const faults = new FaultInjector();
    expect(() => faults.throttleNext(0)).toThrow(RangeError);
    expect(() => faults.failNext(1.5)).toThrow(RangeError);
    expect(() => faults.setLatency(-1)).toThrow(RangeError);
  });
});
