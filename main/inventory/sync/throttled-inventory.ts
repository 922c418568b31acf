import { GetInventoryCommand, type GetInventoryCommandInput, type GetInventoryCommandOutput, type SSMClient } from '@aws-sdk/client-ssm';
import { isThrottlingCode, toAwsError } from '../../aws/aws-errors';
import { AwsError, CancelledError, throwIfAborted } from '../../errors/app-error';

/** Our own backoff for ThrottlingExceptions that outlasted the SDK's adaptive retry. */
export interface BackoffOptions {
  /** Retries of a throttled call after the SDK gave up (default 8). */
  retries?: number;
  /** First backoff; doubles per retry up to maxMs (defaults 250 ms, 20 s). */
  baseMs?: number;
  maxMs?: number;
}

/** What a caller counts: every call sent, every throttled answer backed off. */
export interface CallCounters {
  onCall(): void;
  onThrottled(): void;
}

/**
 * GetInventory with a backoff shared by every caller of one instance: throttling is per account
 * and region, so when one call is throttled all of them pause, not just the one that was told.
 * Used by the main thread (the capture-time listing) and by the fetch worker (the entries).
 */
export class ThrottledInventory {
  private pausedUntil = 0;

  constructor(
    private readonly ssm: SSMClient,
    private readonly endpoint: string | undefined,
    private readonly backoff: BackoffOptions,
    private readonly counters: CallCounters,
  ) {}

  async get(input: GetInventoryCommandInput, signal: AbortSignal): Promise<GetInventoryCommandOutput> {
    const retries = this.backoff.retries ?? 8;
    for (let attempt = 0; ; attempt += 1) {
      await this.coolDown(signal);
      throwIfAborted(signal);
      this.counters.onCall();
      try {
        return await this.ssm.send(new GetInventoryCommand(input), { abortSignal: signal });
      } catch (error) {
        if (signal.aborted) throw new CancelledError();
        const mapped = toAwsError(error, { service: 'ssm', operation: 'GetInventory', ...(this.endpoint ? { endpoint: this.endpoint } : {}) });
        if (!(mapped instanceof AwsError) || !isThrottlingCode(mapped.awsCode) || attempt >= retries) throw mapped;
        this.counters.onThrottled();
        const base = Math.min(this.backoff.maxMs ?? 20_000, (this.backoff.baseMs ?? 250) * 2 ** attempt);
        this.pausedUntil = Math.max(this.pausedUntil, Date.now() + base / 2 + Math.random() * (base / 2));
      }
    }
  }

  private coolDown(signal: AbortSignal): Promise<void> {
    const wait = this.pausedUntil - Date.now();
    if (wait <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, wait);
      signal.addEventListener('abort', done, { once: true });
    });
  }
}
