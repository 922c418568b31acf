import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OperatorActivity } from '../../../../main/fleet/operator-activity';

describe('OperatorActivity', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  /** Resolves the promise's settling time on the fake clock, in ms from now. */
  async function settlesAfter(promise: Promise<void>): Promise<number> {
    const start = Date.now();
    let done = -1;
    void promise.then(() => (done = Date.now() - start));
    for (let i = 0; i < 100 && done < 0; i += 1) await vi.advanceTimersByTimeAsync(10);
    return done;
  }

  it('lets a sync call through at once when the operator has not typed', async () => {
    const activity = new OperatorActivity({ now: () => Date.now() });
    expect(await settlesAfter(activity.quiet())).toBe(0);
  });

  it('holds a call until the operator has been still for the quiet time', async () => {
    const activity = new OperatorActivity({ quietMs: 300, now: () => Date.now() });
    activity.touch();
    await vi.advanceTimersByTimeAsync(100);
    expect(await settlesAfter(activity.quiet())).toBe(200);
  });

  it('waits again for each keystroke that arrives meanwhile', async () => {
    const activity = new OperatorActivity({ quietMs: 300, now: () => Date.now() });
    activity.touch();
    const waited = activity.quiet();
    await vi.advanceTimersByTimeAsync(250);
    activity.touch();
    expect(await settlesAfter(waited)).toBe(300);
  });

  it('never holds one call longer than the longest wait, however long the typing goes on', async () => {
    const activity = new OperatorActivity({ quietMs: 300, maxWaitMs: 1000, now: () => Date.now() });
    activity.touch();
    const typing = setInterval(() => activity.touch(), 100);
    const waited = await settlesAfter(activity.quiet());
    clearInterval(typing);
    expect(waited).toBe(1000);
  });

  it('lets a cancelled sync go at once', async () => {
    const activity = new OperatorActivity({ quietMs: 300, now: () => Date.now() });
    const controller = new AbortController();
    activity.touch();
    const waited = activity.quiet(controller.signal);
    await vi.advanceTimersByTimeAsync(50);
    controller.abort();
    expect(await settlesAfter(waited)).toBe(0);
  });
});
