import { describe, expect, it } from 'vitest';
import { RampSchedule, concurrencyLimit, errorLimit } from '../../../../../main/simulator/commands/rate-controls';

describe('MaxConcurrency and MaxErrors values', () => {
  it.each([
    ['50', 5, 50],
    ['1', 1000, 1],
    ['10%', 25, 3],
    ['1%', 10, 1],
    ['100%', 7, 7],
  ])('MaxConcurrency %s of %i targets → %i at once', (value, targets, expected) => {
    expect(concurrencyLimit(value, targets)).toBe(expected);
  });

  it.each([
    ['0', 10, 0],
    ['3', 10, 3],
    ['10%', 50, 5],
    ['0%', 10, 0],
    ['10%', 15, 1],
    ['100%', 7, 7],
  ])('MaxErrors %s of %i targets → %i tolerated', (value, targets, expected) => {
    expect(errorLimit(value, targets)).toBe(expected);
  });
});

describe('RampSchedule', () => {
  /** Runs waves to completion and reports how many started in each. */
  function waves(cap: number, total: number): number[] {
    const ramp = new RampSchedule(cap);
    const sizes: number[] = [];
    let left = total;
    while (left > 0) {
      const n = Math.min(ramp.free, left);
      for (let i = 0; i < n; i++) ramp.started();
      left -= n;
      sizes.push(n);
      for (let i = 0; i < n; i++) ramp.finished();
    }
    return sizes;
  }

  it('starts one node, then 2, then 4… until the cap', () => {
    expect(waves(8, 40)).toEqual([1, 2, 4, 8, 8, 8, 8, 1]);
    expect(waves(3, 10)).toEqual([1, 2, 3, 3, 1]);
  });

  it('at the cap, a new node starts whenever one finishes', () => {
    const ramp = new RampSchedule(2);
    ramp.started();
    ramp.finished();
    expect(ramp.free).toBe(2);
    ramp.started();
    ramp.started();
    expect(ramp.free).toBe(0);
    ramp.finished();
    expect(ramp.free).toBe(1);
  });

  it('lets a whole wave start one by one', () => {
    const ramp = new RampSchedule(10);
    ramp.started();
    ramp.finished();
    expect(ramp.free).toBe(2);
    ramp.started();
    expect(ramp.free).toBe(1);
    ramp.started();
    expect(ramp.free).toBe(0);
  });

  it('while ramping, waits for the whole wave', () => {
    const ramp = new RampSchedule(10);
    ramp.started();
    ramp.finished();
    ramp.started();
    ramp.started();
    ramp.finished();
    expect(ramp.free).toBe(0);
    ramp.finished();
    expect(ramp.free).toBe(4);
  });
});
