import { describe, expect, it } from 'vitest';
import { IncomingBuffer } from '../../../../../main/sessions/protocol/incoming-buffer';

function setup(capacity?: number) {
  const delivered: string[] = [];
  const buffer = new IncomingBuffer<string>({ deliver: (item) => delivered.push(item), ...(capacity ? { capacity } : {}) });
  return { buffer, delivered };
}

describe('IncomingBuffer', () => {
  it('delivers in order, holding early messages until the gap fills', () => {
    const { buffer, delivered } = setup();
    expect(buffer.push(2, 'c')).toBe('buffered');
    expect(buffer.push(1, 'b')).toBe('buffered');
    expect(delivered).toEqual([]);
    expect(buffer.push(0, 'a')).toBe('delivered');
    expect(delivered).toEqual(['a', 'b', 'c']);
    expect(buffer.expected).toBe(3);
    expect(buffer.bufferedCount).toBe(0);
  });

  it('reports duplicates of delivered and of buffered messages without delivering twice', () => {
    const { buffer, delivered } = setup();
    buffer.push(0, 'a');
    expect(buffer.push(0, 'a')).toBe('duplicate');
    buffer.push(2, 'c');
    expect(buffer.push(2, 'c')).toBe('duplicate');
    buffer.push(1, 'b');
    expect(delivered).toEqual(['a', 'b', 'c']);
  });

  it('bounds the reorder window: too far ahead or too many stored is overflow', () => {
    const { buffer, delivered } = setup(3);
    expect(buffer.push(4, 'e')).toBe('overflow');
    expect(buffer.push(1, 'b')).toBe('buffered');
    expect(buffer.push(2, 'c')).toBe('buffered');
    expect(buffer.push(3, 'd')).toBe('buffered');
    expect(buffer.push(3, 'd')).toBe('duplicate');
    expect(buffer.bufferedCount).toBe(3);
    buffer.push(0, 'a');
    expect(delivered).toEqual(['a', 'b', 'c', 'd']);
    expect(buffer.push(4, 'e')).toBe('delivered');
  });
});
