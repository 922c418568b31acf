// A trailing-edge debounce with cancel, for terminal resizes (a window drag fires dozens).

/** A debounced call: `call` schedules, `flush` runs a pending call now, `cancel` drops it. */
export interface Debounced<A extends unknown[]> {
  call(...args: A): void;
  flush(): void;
  cancel(): void;
}

/** Runs `fn` with the latest arguments once `ms` have passed without another call. */
export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number): Debounced<A> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pending: A | null = null;
  const run = (): void => {
    timer = undefined;
    const args = pending;
    pending = null;
    if (args) fn(...args);
  };
  return {
    call(...args: A) {
      pending = args;
      if (timer !== undefined) clearTimeout(timer);
      timer = setTimeout(run, ms);
    },
    flush() {
      if (timer !== undefined) clearTimeout(timer);
      run();
    },
    cancel() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      pending = null;
    },
  };
}
