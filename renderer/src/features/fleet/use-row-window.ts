import { useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { RefObject } from 'react';

/** One row the grid renders: its index and its top in the scroller (header included). */
export interface WindowRow {
  index: number;
  start: number;
}

/** The rows to render now, the scroll height they need, the viewport's width, and a way back to the top. */
export interface RowWindow {
  rows: WindowRow[];
  totalSize: number;
  /** The scroller's inner width (the Tags column takes what the others leave of it). */
  width: number;
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

/** The scroll state a render needs: offset and size, updated only when they change what shows. */
interface View {
  top: number;
  height: number;
  width: number;
}

/**
 * Virtual rows of one fixed height. A general virtualiser keeps a measurement per row and rebuilds
 * all of them whenever the row count changes, which in the fleet grid is every filter keystroke:
 * 100,000 entries each time. With one height the visible rows are arithmetic on the scroll offset,
 * so a keystroke costs the same at 100 rows or 100,000. Scrolling re-renders only when another
 * row comes into view (about once per row height), not on every scroll event.
 */
export function useRowWindow({ count, rowHeight, headerHeight, overscan, scrollRef, onRange }: RowWindowOptions): RowWindow {
  const [view, setView] = useState<View>({ top: 0, height: 0, width: 0 });
  // The offset and height as last read, rendered or not: toTop's tests, without reading the layout.
  const topRef = useRef(0);
  const heightRef = useRef(0);
  // A scroll to the top asked while the grid was hidden (display: none ignores it, and Chromium
  // restores the old offset when it is shown): done when the grid has a size again.
  const pendingTopRef = useRef(false);

  // Measured before the first paint; afterwards scroll and resize events keep the view current, so
  // no render reads the layout (a read inside a keystroke's render would force a synchronous layout).
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return undefined;
    const read = (): void => {
      const top = el.scrollTop;
      const height = el.clientHeight;
      const width = el.clientWidth;
      topRef.current = top;
      heightRef.current = height;
      setView((old) => {
        const sameView =
          old.height === height &&
          old.width === width &&
          Math.floor((old.top - headerHeight) / rowHeight) === Math.floor((top - headerHeight) / rowHeight) &&
          Math.ceil((old.top + height - headerHeight) / rowHeight) === Math.ceil((top + height - headerHeight) / rowHeight);
        return sameView ? old : { top, height, width };
      });
    };
    const onResize = (): void => {
      if (pendingTopRef.current && el.clientHeight > 0) {
        pendingTopRef.current = false;
        el.scrollTop = 0;
      }
      read();
    };
    read();
    el.addEventListener('scroll', read, { passive: true });
    const observer = new ResizeObserver(onResize);
    observer.observe(el);
    return () => {
      el.removeEventListener('scroll', read);
      observer.disconnect();
    };
  }, [scrollRef, rowHeight, headerHeight]);

  const [first, last] = visibleRange(count, view.top, view.height, rowHeight, headerHeight);
  // Before paint, so the windows around a new range are asked for in the same frame.
  useLayoutEffect(() => {
    if (last >= first) onRange(first, last);
  }, [first, last, onRange]);

  const rows = useMemo(() => {
    const out: WindowRow[] = [];
    if (last < first) return out;
    const to = Math.min(count - 1, last + overscan);
    for (let index = Math.max(0, first - overscan); index <= to; index += 1) out.push({ index, start: headerHeight + index * rowHeight });
    return out;
  }, [first, last, overscan, count, headerHeight, rowHeight]);

  // Written, never read from the layout (this runs inside a keystroke's commit): the last offset
  // and height seen say whether there is anything to do, and whether the grid is hidden.
  const toTop = useCallback(() => {
    const el = scrollRef.current;
    if (!el) return;
    if (heightRef.current === 0) {
      pendingTopRef.current = true;
      return;
    }
    if (topRef.current <= 0) return;
    el.scrollTop = 0;
    topRef.current = 0;
    setView((old) => (old.top === 0 ? old : { ...old, top: 0 }));
  }, [scrollRef]);

  return { rows, totalSize: count * rowHeight, width: view.width, toTop };
}
