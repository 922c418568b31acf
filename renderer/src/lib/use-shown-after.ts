import { useEffect, useState } from 'react';

/**
 * True once `active` has held for `delayMs`, false as soon as it ends. For busy indicators that
 * should appear only when the wait is long enough to notice: a spinner mounted on every keystroke
 * (even one hidden by CSS until 250 ms) made Chromium create its layer and tick its animation for
 * each answer, and in the grid bench that cost a fast keystroke ~8-14 ms of its 50 ms budget on a
 * two-core machine (100,000 rows, interleaved A/B, mean 52.5 against 38.6 ms).
 */
export function useShownAfter(active: boolean, delayMs: number): boolean {
  const [shown, setShown] = useState(false);
  useEffect(() => {
    if (!active) return undefined;
    const timer = setTimeout(() => setShown(true), delayMs);
    return () => {
      clearTimeout(timer);
      // Hidden again when the wait ends, so the next one starts with its own delay.
      setShown(false);
    };
  }, [active, delayMs]);
  return active && shown;
}
