import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { debounce } from '../../../../../../renderer/src/features/sessions/debounce';

describe('debounce (terminal resize)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends only the last size once the drag settles', () => {
    const sent: Array<[number, number]> = [];
    const resize = debounce((cols: number, rows: number) => sent.push([cols, rows]), 120);
    resize.call(100, 30);
    vi.advanceTimersByTime(80);
    resize.call(90, 28);
    vi.advanceTimersByTime(80);
    resize.call(80, 24);
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(120);
    expect(sent).toEqual([[80, 24]]);
  });

  it('flush sends a pending size at once; cancel drops it', () => {
    const sent: number[] = [];
    const d = debounce((n: number) => sent.push(n), 120);
    d.call(1);
    d.flush();
    expect(sent).toEqual([1]);
    d.call(2);
    d.cancel();
    vi.advanceTimersByTime(500);
    expect(sent).toEqual([1]);
  });
});
