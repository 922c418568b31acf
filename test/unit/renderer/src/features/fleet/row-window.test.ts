import { describe, expect, it } from 'vitest';
import { visibleRange } from '../../../../../../renderer/src/features/fleet/use-row-window';

// Rows 28 px high under a 32 px sticky header (the fleet grid's are 28 and 30; any will do).
const ROW = 28;
const HEAD = 32;

describe('visibleRange', () => {
  it('shows the rows that fit under the header at the top', () => {
    // 900 px viewport: (900 - 32) / 28 = 31 rows, the last one partly.
    expect(visibleRange(100_000, 0, 900, ROW, HEAD)).toEqual([0, 30]);
  });

  it('follows the scroll offset, counting a row cut by either edge as visible', () => {
    // Scrolled so that row 1000 starts 10 px above the viewport's top edge.
    const top = HEAD + 1000 * ROW + 10;
    const [first, last] = visibleRange(100_000, top, 280, ROW, HEAD);
    expect(first).toBe(1000);
    // 280 px from 10 px into row 1000 ends 10 px into row 1010.
    expect(last).toBe(1010);
  });

  it('never reaches past the last row, even when a shrunken result leaves the offset beyond it', () => {
    expect(visibleRange(5, 0, 900, ROW, HEAD)).toEqual([0, 4]);
    expect(visibleRange(5, 50_000, 900, ROW, HEAD)).toEqual([4, 4]);
  });

  it('shows nothing with no rows or before the viewport has a height', () => {
    expect(visibleRange(0, 0, 900, ROW, HEAD)).toEqual([0, -1]);
    expect(visibleRange(100, 0, 0, ROW, HEAD)).toEqual([0, -1]);
  });
});
