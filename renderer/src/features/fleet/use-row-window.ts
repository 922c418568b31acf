import { useCallback, useEffect, useLayoutEffect, useMemo, useState } from 'react';
import type { RefObject } from 'react';

/** One row the grid renders: its index and its top in the scroller (header included). */
export interface WindowRow {
  index: number;
  start: number;
}

/** The rows to render now, the scroll height they need, and the last known scroll offset. */
export interface RowWindow {
  rows: WindowRow[];
  totalSize: number;
  scrollTop: number;
  /** Scrolls to the top at once, so the next paint already shows the first rows (a new filter or sort). */
  toTop: () => void;
}

interface RowWindowOptions {
  count: number;
  rowHeight: number;
  /** Height of the sticky header above the first row, inside the scroller. */
  headerHeight: number;
  /** Rows rendered beyond each edge of the viewport. */
  overscan: number;
  scrollRef: RefObject<HTMLElement | null>;
  /** Told the visible rows (no overscan) whenever they change, to fetch around them. */
  onRange: (first: number, last: number) => void;
}

/** The first and last row index visible at `scrollTop` in a viewport `height` high; [0, -1] when none. */
export function visibleRange(count: number, scrollTop: number, height: number, rowHeight: number, headerHeight: number): [number, number] {
  if (count <= 0 || height <= 0) return [0, -1];
  const first = Math.min(count - 1, Math.max(0, Math.floor((scrollTop - headerHeight) / rowHeight)));
  const last = Math.min(count - 1, Math.max(first, Math.ceil((scrollTop + height - headerHeight) / rowHeight) - 1));
  return [first, last];
}

/**
 * Virtual rows of one fixed height. A general virtualiser keeps a measurement per row and rebuilds
 * all of them whenever the row count changes, which in the fleet grid is every filter keystroke:
 * 100,000 entries each time. With one height the visible rows are arithmetic on the scroll offset,
 * so a keystroke costs the same at 100 rows or 100,000.
 */
export function useRowWindow({ count, rowHeight, headerHeight, overscan, scrollRef, onRange }: RowWindowOptions): RowWindow {
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(0);

  // Measured before the first paint; afterwards scroll and resize events keep both current, so no
  // render reads the layout (a read inside a keystroke's render would force a synchronous layout).
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return undefined;
    setScrollTop(el.scrollTop);
    setHeight(el.clientHeight);
    const onScroll = (): void => setScrollTop(el.scrollTop);
    el.addEventListener('scroll', onScroll, { passive: true });
    const observer = new ResizeObserver(() => setHeight(el.clientHeight));
    observer.observe(el);
    return () => {
      el.removeEventListener('scroll', onScroll);
      observer.disconnect();
    };
  }, [scrollRef]);

  const [first, last] = visibleRange(count, scrollTop, height, rowHeight, headerHeight);
  useEffect(() => {
    if (last >= first) onRange(first, last);
  }, [first, last, onRange]);

  const rows = useMemo(() => {
    const out: WindowRow[] = [];
    if (last < first) return out;
    const to = Math.min(count - 1, last + overscan);
    for (let index = Math.max(0, first - overscan); index <= to; index += 1) out.push({ index, start: headerHeight + index * rowHeight });
    return out;
  }, [first, last, overscan, count, headerHeight, rowHeight]);

  // Written, never read: the state already knows the offset.
  const toTop = useCallback(() => {
    if (scrollRef.current) scrollRef.current.scrollTop = 0;
    setScrollTop(0);
  }, [scrollRef]);

  return { rows, totalSize: count * rowHeight, scrollTop, toTop };
}
