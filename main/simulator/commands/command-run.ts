import type { FleetState } from '../fleet-state';
import { commandCounts, isTerminal } from './command-records';
import type { CommandRecord, InvocationRecord } from './command-records';
import { RampSchedule } from './rate-controls';
import { runInvocation } from './invocation-runner';
import type { InvocationRunnerDeps } from './invocation-runner';

/**
 * The service side of one command: hands invocations to nodes in target order under the ramp-up
 * and the error threshold (ssm-api.md §5.4), and ends what was never delivered when the
 * delivery timeout (TimeoutSeconds) passes. A node whose agent is offline receives nothing — its
 * invocation stays Pending without holding a concurrency slot (nothing runs there), is delivered
 * if the agent comes back in time, and otherwise ends DeliveryTimedOut; a node gone from the
 * fleet ends Undeliverable.
 */

/** How often undelivered invocations look for their agent again (real ms). */
const REDELIVERY_MS = 500;
const MAX_TIMER_MS = 2 ** 31 - 1;

/** One hand-over to a node, for tests and benches: who, and how many had finished before. */
export interface DispatchEntry {
  readonly instanceId: string;
  readonly completedBefore: number;
}

export interface CommandRunDeps extends InvocationRunnerDeps {
  readonly fleet: FleetState;
}

export class CommandRun {
  readonly record: CommandRecord;
  readonly errorThreshold: number;
  readonly dispatches: DispatchEntry[] = [];
  readonly #deps: CommandRunDeps;
  readonly #ramp: RampSchedule;
  readonly #deliveryTimer: NodeJS.Timeout;
  #next = 0;
  #stopped = false;
  /** Passed over because the agent was offline; retried until the delivery timeout. */
  readonly #undelivered = new Set<InvocationRecord>();
  #redelivery: NodeJS.Timeout | undefined;
  #onSettled: () => void;

  constructor(record: CommandRecord, concurrency: number, errorThreshold: number, deps: CommandRunDeps, onSettled: () => void) {
    this.record = record;
    this.errorThreshold = errorThreshold;
    this.#deps = deps;
    this.#ramp = new RampSchedule(concurrency);
    this.#onSettled = onSettled;
    // setTimeout fires at once beyond 2^31-1 ms; the longest TimeoutSeconds (30 days) then waits ~24.8 days.
    this.#deliveryTimer = setTimeout(() => this.#deliveryTimedOut(), Math.min(record.timeoutSeconds * deps.msPerSecond, MAX_TIMER_MS));
    this.#deliveryTimer.unref();
    this.#pump();
  }

  /** True once every invocation is terminal. */
  get settled(): boolean {
    return this.record.invocations.every((i) => isTerminal(i.detail));
  }

  /** CancelCommand: the chosen invocations (all when `instanceIds` is undefined) stop or never start. */
  cancel(instanceIds: ReadonlySet<string> | undefined): void {
    if (instanceIds === undefined) {
      if (!this.settled) this.record.cancelled = true;
      this.#stopped = true;
    }
    for (const inv of this.record.invocations) {
      if (instanceIds !== undefined && !instanceIds.has(inv.instanceId)) continue;
      if (isTerminal(inv.detail) || inv.detail === 'Cancelling') continue;
      if (inv.stop) {
        inv.detail = 'Cancelling';
        inv.stop();
      } else {
        inv.detail = 'Cancelled';
        inv.updatedAt = this.#deps.now();
      }
    }
    this.#checkSettled();
  }

  /** Simulator shutdown: stop timers; the process pool kills what runs. */
  dispose(): void {
    clearTimeout(this.#deliveryTimer);
    clearInterval(this.#redelivery);
    this.#stopped = true;
  }

  #pump(): void {
    const invocations = this.record.invocations;
    for (const inv of this.#undelivered) {
      if (this.#stopped || this.#ramp.free === 0) break;
      if (inv.detail !== 'Pending') this.#undelivered.delete(inv);
      else if (this.#deps.fleet.find(inv.instanceId)?.info.PingStatus === 'Online') {
        this.#undelivered.delete(inv);
        this.#dispatch(inv);
      }
    }
    while (!this.#stopped && this.#next < invocations.length && this.#ramp.free > 0) {
      const inv = invocations[this.#next];
      this.#next += 1;
      if (inv && !isTerminal(inv.detail)) this.#dispatch(inv);
    }
    this.#checkSettled();
  }

  #dispatch(inv: InvocationRecord): void {
    const node = this.#deps.fleet.find(inv.instanceId);
    if (node === undefined) {
      this.#end(inv, 'Undeliverable');
      return;
    }
    // Offline agent: the service keeps trying until the delivery timeout; nothing runs meanwhile.
    if (node.info.PingStatus !== 'Online') {
      this.#undelivered.add(inv);
      this.#redelivery ??= setInterval(() => this.#pump(), REDELIVERY_MS);
      this.#redelivery.unref();
      return;
    }
    inv.dispatched = true;
    inv.detail = 'InProgress';
    inv.updatedAt = this.#deps.now();
    this.dispatches.push({ instanceId: inv.instanceId, completedBefore: commandCounts(this.record).completed });
    this.#ramp.started();
    runInvocation(inv, node, this.#deps)
      .catch((error: unknown) => {
        // A sandbox that cannot be prepared (disk full, permissions) fails this node, not the simulator.
        const last = inv.plugins.find((p) => p.detail === 'Pending') ?? inv.plugins[0];
        if (last) {
          last.detail = 'Failed';
          last.stderr = `The training agent could not run the command: ${error instanceof Error ? error.message : String(error)}`;
        }
        inv.detail = 'Failed';
        inv.updatedAt = this.#deps.now();
      })
      .finally(() => {
        this.#ramp.finished();
        if (commandCounts(this.record).errors > this.errorThreshold) this.#stopForErrors();
        this.#pump();
      });
  }

  /** Errors exceeded MaxErrors: nothing new starts; what never started ends Terminated (§5.4). */
  #stopForErrors(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    for (const inv of [...this.#undelivered, ...this.record.invocations.slice(this.#next)]) {
      if (!isTerminal(inv.detail)) this.#end(inv, 'Terminated');
    }
    this.#undelivered.clear();
  }

  #deliveryTimedOut(): void {
    // "If this time is reached and the command hasn't already started running, it won't run."
    this.#next = this.record.invocations.length;
    this.#undelivered.clear();
    for (const inv of this.record.invocations) {
      if (inv.detail !== 'Pending') continue;
      this.#end(inv, this.#deps.fleet.find(inv.instanceId) === undefined ? 'Undeliverable' : 'DeliveryTimedOut');
    }
    this.#checkSettled();
  }

  #end(inv: InvocationRecord, detail: 'Undeliverable' | 'DeliveryTimedOut' | 'Terminated'): void {
    inv.detail = detail;
    inv.updatedAt = this.#deps.now();
    for (const plugin of inv.plugins) plugin.detail = detail;
  }

  #checkSettled(): void {
    if (this.#undelivered.size === 0) {
      clearInterval(this.#redelivery);
      this.#redelivery = undefined;
    }
    if (!this.settled) return;
    clearTimeout(this.#deliveryTimer);
    const notify = this.#onSettled;
    this.#onSettled = () => undefined;
    notify();
  }
}
