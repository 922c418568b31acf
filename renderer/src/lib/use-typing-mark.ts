import { useCallback, useEffect, useRef } from 'react';
import type { RefObject } from 'react';

/** How long after a keystroke the mark stays: longer than the gaps inside a burst of typing. */
export const TYPING_MARK_MS = 1000;

/**
 * Returns `typed()`, which marks `ref`'s element `data-typing` until TYPING_MARK_MS after the last
 * call. CSS holds the screen's background animations still under the mark (see fleet.css). Set on
 * the element directly, not as React state: a keystroke must not re-render the screen once more
 * when the mark comes off.
 */
export function useTypingMark(ref: RefObject<HTMLElement | null>, holdMs = TYPING_MARK_MS): () => void {
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  return useCallback(() => {
    const el = ref.current;
    if (!el) return;
    if (!el.hasAttribute('data-typing')) el.setAttribute('data-typing', '');
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      timer.current = null;
      ref.current?.removeAttribute('data-typing');
    }, holdMs);
  }, [ref, holdMs]);
}
