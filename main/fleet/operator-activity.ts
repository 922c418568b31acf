/**
 * When the operator last changed what the grid asks for (a filter keystroke, a sort), so that a
 * background sync can stand back while they type. On a two-core workstation a sync (SSM calls,
 * their parsing, the training fleet answering them in-process, store writes) competes with the
 * keystroke's own query and with Chromium's paint: measured in the grid bench, keystrokes during a
 * sync took twice as long as idle ones. A sync asks `quiet()` before each new SSM call: it goes on
 * at once unless the operator was active within `quietMs`, and never waits more than `maxWaitMs`
 * per call, so a long typing session slows a sync down but cannot stop it.
 */
export class OperatorActivity {
  private last = Number.NEGATIVE_INFINITY;
  private readonly quietMs: number;
  private readonly maxWaitMs: number;
  private readonly now: () => number;

  constructor(options: { quietMs?: number; maxWaitMs?: number; now?: () => number } = {}) {
    this.quietMs = options.quietMs ?? 300;
    this.maxWaitMs = options.maxWaitMs ?? 2000;
    this.now = options.now ?? (() => performance.now());
  }

  /** The operator just did something the grid answers. */
  touch(): void {
    this.last = this.now();
  }

  /** Resolves once the operator has been still for quietMs, or after maxWaitMs, or when `signal` aborts. */
  async quiet(signal?: AbortSignal): Promise<void> {
    const start = this.now();
    for (;;) {
      const now = this.now();
      const wait = Math.min(this.last + this.quietMs - now, start + this.maxWaitMs - now);
      if (wait <= 0 || signal?.aborted) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, wait);
        function done(): void {
          clearTimeout(timer);
          signal?.removeEventListener('abort', done);
          resolve();
        }
        signal?.addEventListener('abort', done, { once: true });
      });
    }
  }
}
