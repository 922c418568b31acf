import { useCallback, useSyncExternalStore } from 'react';

/**
 * The fleet grid's quick filter, held outside React state. It outlives a workspace switch and other
 * screens set it ("Show in fleet grid"), so it belongs to the app shell; but as shell state every
 * keystroke re-rendered the whole shell (top bar, nav, session panels, header cells…), about 8 ms
 * of a 50 ms keystroke budget. Here a keystroke re-renders only the components that read it.
 */
export interface GridFilterStore {
  get(): string;
  set(text: string): void;
  subscribe(listener: () => void): () => void;
}

/** A filter store starting at `initial`. */
export function createGridFilterStore(initial = ''): GridFilterStore {
  let text = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => text,
    set(next) {
      if (next === text) return;
      text = next;
      for (const listener of [...listeners]) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

const ignoreChanges = (): (() => void) => () => undefined;

/**
 * The current filter text. With `live` false the component is not re-rendered as the operator
 * types (a hidden screen), yet reads the current text whenever it renders for another reason.
 */
export function useGridFilter(store: GridFilterStore, live = true): string {
  const subscribe = useCallback((listener: () => void) => (live ? store.subscribe(listener) : ignoreChanges()), [store, live]);
  return useSyncExternalStore(subscribe, store.get);
}
