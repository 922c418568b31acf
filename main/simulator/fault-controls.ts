/**
 * Fault injection for tests of the console's error handling: throttling (400 ThrottlingException
 * "Rate exceeded", which the SDK and CLI retry), server faults (500 InternalServerError) and
 * added latency. Faults are consumed in the order they were armed.
 */

/** Switches a test can flip on a running simulator. */
export interface FaultControls {
  /** The next `count` calls (of `operation`, or of any operation) fail with ThrottlingException. */
  throttleNext(count: number, operation?: string): void;
  /** The next `count` calls (of `operation`, or of any operation) fail with 500 InternalServerError. */
  failNext(count: number, operation?: string): void;
  /** Every response is delayed by `ms` milliseconds (0 turns it off). */
  setLatency(ms: number): void;
  /** Disarms every pending fault and removes the latency. */
  reset(): void;
}

/** A fault to apply to one call. */
export type InjectedFault = 'throttle' | 'fail';

interface ArmedFault {
  readonly kind: InjectedFault;
  readonly operation: string | undefined;
  remaining: number;
}

/** The simulator's fault state; the server asks it once per authenticated call. */
export class FaultInjector implements FaultControls {
  #armed: ArmedFault[] = [];
  #latencyMs = 0;

  throttleNext(count: number, operation?: string): void {
    this.#arm('throttle', count, operation);
  }

  failNext(count: number, operation?: string): void {
    this.#arm('fail', count, operation);
  }

  setLatency(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`Latency must be a non-negative number of ms; got ${ms}.`);
    this.#latencyMs = ms;
  }

  reset(): void {
    this.#armed = [];
    this.#latencyMs = 0;
  }

  /** Current added latency in ms. */
  get latencyMs(): number {
    return this.#latencyMs;
  }

  /** Consumes and returns the first armed fault that applies to `operation`, if any. */
  take(operation: string): InjectedFault | undefined {
    const fault = this.#armed.find((f) => f.operation === undefined || f.operation === operation);
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.#armed.splice(this.#armed.indexOf(fault), 1);
    return fault.kind;
  }

  #arm(kind: InjectedFault, count: number, operation: string | undefined): void {
    if (!Number.isInteger(count) || count < 1) throw new RangeError(`Fault count must be a positive integer; got ${count}.`);
    this.#armed.push({ kind, operation, remaining: count });
  }
}
