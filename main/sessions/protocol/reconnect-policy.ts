/** Reconnect timing: exponential backoff inside a total budget. */
export interface ReconnectTuning {
  /** Delay before the first attempt (ms). */
  readonly firstDelayMs: number;
  /** Upper bound of one delay (ms). */
  readonly maxDelayMs: number;
  /** Total waiting allowed across attempts before giving up (ms); ≥ 60 s per the issue. */
  readonly budgetMs: number;
  /** A connection that stayed up this long (or carried a frame) earns a fresh budget when lost (ms). */
  readonly stableAfterMs: number;
}

/**
 * Defaults: 200 ms, doubling to 10 s, 90 s budget (~14 attempts). The plugin's 3–6 s budget
 * loses long sessions at the service's hourly `close 1000 "Bye"` (§11.2, §14 item 3).
 */
export const defaultReconnectTuning: ReconnectTuning = {
  firstDelayMs: 200,
  maxDelayMs: 10_000,
  budgetMs: 90_000,
  stableAfterMs: 10_000,
};

/** Delay before reconnect attempt `attempt` (1-based), or null once the budget is spent. */
export function reconnectDelay(tuning: ReconnectTuning, attempt: number): number | null {
  let spent = 0;
  let delay = tuning.firstDelayMs;
  for (let n = 1; n < attempt; n++) {
    spent += delay;
    delay = Math.min(delay * 2, tuning.maxDelayMs);
  }
  return spent + delay > tuning.budgetMs ? null : delay;
}
