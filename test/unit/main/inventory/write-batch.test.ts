import { describe, expect, it } from 'vitest';
import { decodeBatch, inflateEntries, WriteBatchBuilder } from '../../../../main/inventory/sync/write-batch';

describe('inventory write batches', () => {
  it('carries each type’s entries, terms once per batch, and the capture times, across non-ASCII text', () => {
    const builder = new WriteBatchBuilder();
    const java = { Name: 'Java 8 Update 401 (64-bit)', Version: '8.0.4010.10', Publisher: 'Oracle Corporation' };
    builder.add({
      instanceId: 'i-1',
      platformType: 'Windows',
      captureTime: '2026-11-27T01:00:00Z',
      types: [
        { typeName: 'AWS:Application', captureTime: '2026-11-27T01:00:00Z', entries: [java, { Name: 'メモ帳 ✓', Version: '1.0' }, null, java] },
        { typeName: 'AWS:Tag', captureTime: null, entries: [{ Key: 'Ünïcode', Value: '値' }] },
      ],
    });
    builder.add({ instanceId: 'i-2', platformType: 'Windows', captureTime: null, types: [{ typeName: 'AWS:Application', captureTime: null, entries: [java] }] });
    expect({ rows: builder.rows, skipped: builder.skipped, nodes: builder.nodeCount }).toEqual({ rows: 5, skipped: 1, nodes: 2 });

    const batch = decodeBatch(builder.encode());
    // Java is one term for both nodes and both of i-1's copies.
    expect(batch.terms.map((t) => t.name)).toEqual(['Java 8 Update 401 (64-bit)', 'メモ帳 ✓', 'Ünïcode']);
    const [first, second] = batch.nodes;
    expect(first).toMatchObject({ instanceId: 'i-1', captureTime: Date.UTC(2026, 10, 27, 1) });
    expect(first?.types.map((t) => ({ typeName: t.typeName, terms: t.terms, skipped: t.skipped }))).toEqual([
      { typeName: 'AWS:Application', terms: [0, 1, 0], skipped: 1 },
      { typeName: 'AWS:Tag', terms: [2], skipped: 0 },
    ]);
    expect(inflateEntries(batch.entriesDeflated(first!.types[0]!))).toEqual([java, { Name: 'メモ帳 ✓', Version: '1.0' }, java]);
    expect(inflateEntries(batch.entriesDeflated(first!.types[1]!))).toEqual([{ Key: 'Ünïcode', Value: '値' }]);
    expect(second).toMatchObject({ instanceId: 'i-2', captureTime: null });
    expect(inflateEntries(batch.entriesDeflated(second!.types[0]!))).toEqual([java]);
  });

  it('carries entries deflated: a fleet’s repetitive package lists shrink severalfold', () => {
    const builder = new WriteBatchBuilder();
    const entries = Array.from({ length: 150 }, (_, i) => ({ Name: `lib-package-${i}`, Version: `1.${i}.0-1.el9`, Publisher: 'Red Hat, Inc.', Architecture: 'x86_64' }));
    builder.add({ instanceId: 'i-1', platformType: 'Linux', captureTime: null, types: [{ typeName: 'AWS:Application', captureTime: null, entries }] });
    const batch = decodeBatch(builder.encode());
    const stored = batch.entriesDeflated(batch.nodes[0]!.types[0]!);
    expect(stored.byteLength * 3).toBeLessThan(JSON.stringify(entries).length);
    expect(inflateEntries(stored)).toEqual(entries);
  });

  it('refuses bytes that are not a batch, saying so', () => {
    expect(() => decodeBatch(new Uint8Array(2))).toThrow(/must be the bytes WriteBatchBuilder.encode made/);
    const cut = new WriteBatchBuilder();
    cut.add({ instanceId: 'i-1', platformType: 'Linux', captureTime: null, types: [] });
    expect(() => decodeBatch(cut.encode().subarray(0, 10))).toThrow(/cut short/);
  });
});
