import { useSyncExternalStore } from 'react';

// One shared ticking clock for every relative time on screen, instead of a timer per cell.
const TICK_MS = 15_000;
const listeners = new Set<() => void>();
let now = Date.now();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!timer) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const l of listeners) l();
    }, TICK_MS);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/** Epoch ms, refreshed every 15 s: enough for "2 min. ago" without re-rendering the grid each second. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, () => now);
}
