import { describe, expect, it } from 'vitest';
import { generateFleet } from '../../../../../main/simulator/fleet-generator';

/** Partitions share one instance-id space: each takes a block of it (FleetOptions.ids). */
describe('instance-id blocks', () => {
  const base = { nodes: 2000, seed: 9, now: Date.UTC(2026, 0, 1) };

  it('leave block 0 exactly as before and never share ids between blocks', () => {
    const plain = generateFleet(base).map((n) => n.InstanceId);
    expect(generateFleet({ ...base, ids: { seed: 9, block: 0 } }).map((n) => n.InstanceId)).toEqual(plain);
    const other = generateFleet({ ...base, seed: 1234, ids: { seed: 9, block: 7 } }).map((n) => n.InstanceId.replace(/^m?i-/, ''));
    const suffixes = new Set(plain.map((id) => id.replace(/^m?i-/, '')));
    expect(other.filter((s) => suffixes.has(s))).toEqual([]);
    // The middle eight digits alone already differ: a collision cannot hide in the random tail.
    const middles = new Set(plain.map((id) => id.replace(/^m?i-0/, '').slice(0, 8)));
    expect(other.filter((s) => middles.has(s.slice(1, 9)))).toEqual([]);
  });

  it('refuse a block outside 0..32767', () => {
    expect(() => generateFleet({ ...base, ids: { seed: 9, block: 32768 } })).toThrow('Id block must be an integer from 0 to 32767; got 32768.');
  });
});
