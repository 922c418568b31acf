/**
 * MaxConcurrency and MaxErrors (ssm-api.md §5.4): a count or a percentage of the resolved
 * targets, and the ramp-up Run Command applies — one node first, then twice as many each time
 * the whole previous wave has finished, until the cap; from then on a new node starts whenever
 * one finishes.
 */

/** Model pattern of SendCommand MaxConcurrency. */
export const MAX_CONCURRENCY_PATTERN = /^([1-9][0-9]*|[1-9][0-9]%|[1-9]%|100%)$/;
/** Model pattern of SendCommand MaxErrors. */
export const MAX_ERRORS_PATTERN = /^([1-9][0-9]*|[0]|[1-9][0-9]%|[0-9]%|100%)$/;

/**
 * How many nodes may run at once. Percentages round up with a floor of 1 (AWS does not document
 * the rounding; rounding down could make "1%" of a small fleet mean zero, which never runs).
 */
export function concurrencyLimit(value: string, targetCount: number): number {
  const percent = percentOf(value);
  if (percent === undefined) return Math.max(1, Number(value));
  return Math.max(1, Math.ceil((percent * targetCount) / 100));
}

/**
 * How many errors are tolerated before dispatching stops (it stops once errors EXCEED this).
 * Percentages round down: with the rounding undocumented, the stricter reading stops sooner,
 * which is the safer failure for an operator's fleet.
 */
export function errorLimit(value: string, targetCount: number): number {
  const percent = percentOf(value);
  if (percent === undefined) return Number(value);
  return Math.floor((percent * targetCount) / 100);
}

function percentOf(value: string): number | undefined {
  return value.endsWith('%') ? Number(value.slice(0, -1)) : undefined;
}

/** The ramp-up: how many invocations may start now, given what runs. */
export class RampSchedule {
  readonly #cap: number;
  /** Size of the current wave while ramping. */
  #wave = 1;
  /** Starts left in the current wave. */
  #left = 1;
  #running = 0;

  constructor(cap: number) {
    this.#cap = Math.max(1, cap);
  }

  /** Invocations that may start now. */
  get free(): number {
    if (this.#wave >= this.#cap) return this.#cap - this.#running;
    return this.#left;
  }

  get running(): number {
    return this.#running;
  }

  started(): void {
    this.#running += 1;
    if (this.#wave < this.#cap) this.#left = Math.max(0, this.#left - 1);
  }

  finished(): void {
    this.#running = Math.max(0, this.#running - 1);
    // Still ramping: the next, twice as large wave starts once the whole previous one has finished.
    if (this.#wave < this.#cap && this.#running === 0 && this.#left === 0) {
      this.#wave = Math.min(this.#cap, this.#wave * 2);
      this.#left = this.#wave;
    }
  }
}
