import type { JobSummary } from '../../preload/contract/commands';
import { isThrottlingCode } from '../aws/aws-errors';
import { asAppError } from '../errors/app-error';
import { listInvocations } from './command-aws';
import type { JobRunner, RunnerContext } from './job-runner';

const LISTING_CONCURRENCY = 4;

interface TrackerOptions {
  ctx: Omit<RunnerContext, 'changed'>;
  emit: (job: JobSummary) => void;
  /** Poll interval while results change (default 1 s). */
  minIntervalMs?: number;
  /** Poll interval once nothing changes for a while (default 5 s). */
  maxIntervalMs?: number;
  /** Ceiling while AWS throttles (default 30 s). */
  throttledIntervalMs?: number;
  /** Shortest gap between two `commands:job-updated` events of one job (default 250 ms: ≤ 4/s). */
  emitGapMs?: number;
}

/** What the last poll cycle cost, for the bench and the budget tests. */
export interface PollCycleStats {
  /** ListCommandInvocations calls in the last cycle. */
  calls: number;
  /** Most calls any cycle made so far. */
  maxCalls: number;
  totalCalls: number;
  cycles: number;
  /** Cycles that met ThrottlingException, and the longest wait chosen so far. */
  throttledCycles: number;
  longestIntervalMs: number;
  /** Longest cycle so far, listing and store writes included. */
  maxCycleMs: number;
  intervalMs: number;
}

/**
 * One poller for every active job: each cycle lists each unfinished command's invocations in pages
 * of 50 (ceil(N/50) calls per command), applies what changed, lets each job send its next batch,
 * and sleeps 1 s while things change, backing off to 5 s when they do not and further while AWS
 * throttles. Job-updated events are coalesced to at most one per emitGapMs per job.
 */
export class JobTracker {
  private readonly jobs = new Map<string, JobRunner>();
  private readonly lastEmit = new Map<string, number>();
  private readonly pendingEmit = new Map<string, NodeJS.Timeout>();
  private timer: NodeJS.Timeout | null = null;
  private cycle: Promise<void> | null = null;
  private interval: number;
  private closed = false;
  readonly stats: PollCycleStats = { calls: 0, maxCalls: 0, totalCalls: 0, cycles: 0, throttledCycles: 0, longestIntervalMs: 0, maxCycleMs: 0, intervalMs: 0 };

  constructor(private readonly options: TrackerOptions) {
    this.interval = this.minInterval;
  }

  /** The context a runner reports through: its changes become coalesced events. */
  get runnerContext(): RunnerContext {
    return { ...this.options.ctx, changed: (job) => this.changed(job) };
  }

  /** Jobs being tracked now. */
  runners(): JobRunner[] {
    return [...this.jobs.values()];
  }

  get(jobId: string): JobRunner | undefined {
    return this.jobs.get(jobId);
  }

  /** Starts tracking a job (new, or resumed after a restart) and polls soon. */
  add(runner: JobRunner): void {
    if (this.closed || runner.finished) return;
    this.jobs.set(runner.job.jobId, runner);
    this.interval = this.minInterval;
    this.schedule(this.minInterval);
  }

  /** Stops polling; waits for a cycle under way so its rows reach the store. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.cycle?.catch(() => {});
    for (const timeout of this.pendingEmit.values()) clearTimeout(timeout);
    this.pendingEmit.clear();
  }

  private get minInterval(): number {
    return this.options.minIntervalMs ?? 1000;
  }

  private schedule(delay: number): void {
    if (this.closed || this.cycle) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.cycle = this.pollAll().finally(() => {
        this.cycle = null;
        if (this.jobs.size > 0) this.schedule(this.interval);
      });
    }, delay);
  }

  private async pollAll(): Promise<void> {
    const startedAt = this.options.ctx.now();
    let calls = 0;
    let changed = false;
    let throttled = false;
    for (const runner of [...this.jobs.values()]) {
      if (this.closed) return;
      try {
        const ssm = await this.options.ctx.ssmFor(runner.job.workspaceId);
        const active = runner.activeCommands();
        // A few listings at a time: a 1,000-node job has twenty commands in flight, and one after
        // another they would make a cycle (and the UI) as slow as twenty round trips.
        for (let i = 0; i < active.length; i += LISTING_CONCURRENCY) {
          const slice = active.slice(i, i + LISTING_CONCURRENCY);
          const listings = await Promise.all(slice.map((command) => listInvocations(ssm, command.commandId, () => (calls += 1))));
          if (this.closed) return;
          for (const [n, command] of slice.entries()) if (await runner.applyListing(command, listings[n]!)) changed = true;
        }
        const before = runner.job.counts.targets + runner.commands.length;
        await runner.step();
        if (runner.commands.length + runner.job.counts.targets !== before) changed = true;
      } catch (error) {
        const appError = asAppError(error);
        if (isThrottlingCode(appError.code)) throttled = true;
        this.options.ctx.log(`tracking job ${runner.job.jobId} failed this cycle`, error);
        await runner.trackingFailed(error).catch(() => {});
      }
      if (runner.finished) this.jobs.delete(runner.job.jobId);
    }
    const max = this.options.maxIntervalMs ?? 5000;
    if (throttled) this.interval = Math.min(this.options.throttledIntervalMs ?? 30_000, Math.max(this.interval * 2, 2000));
    else this.interval = changed ? this.minInterval : Math.min(max, Math.round(this.interval * 1.5));
    this.stats.calls = calls;
    this.stats.maxCalls = Math.max(this.stats.maxCalls, calls);
    this.stats.totalCalls += calls;
    if (throttled) this.stats.throttledCycles += 1;
    this.stats.longestIntervalMs = Math.max(this.stats.longestIntervalMs, this.interval);
    this.stats.maxCycleMs = Math.max(this.stats.maxCycleMs, this.options.ctx.now() - startedAt);
    this.stats.cycles += 1;
    this.stats.intervalMs = this.interval;
  }

  private changed(job: JobSummary): void {
    const gap = this.options.emitGapMs ?? 250;
    const last = this.lastEmit.get(job.jobId) ?? 0;
    const wait = last + gap - this.options.ctx.now();
    const pending = this.pendingEmit.get(job.jobId);
    if (pending) clearTimeout(pending);
    // The final state goes out at once: "done" must not wait behind the coalescing gap.
    if (wait <= 0 || job.phase === 'done') {
      this.pendingEmit.delete(job.jobId);
      this.lastEmit.set(job.jobId, this.options.ctx.now());
      this.options.emit(job);
      return;
    }
    this.pendingEmit.set(
      job.jobId,
      setTimeout(() => {
        this.pendingEmit.delete(job.jobId);
        this.lastEmit.set(job.jobId, this.options.ctx.now());
        this.options.emit(job);
      }, wait),
    );
  }
}
