import type { SSMClient } from '@aws-sdk/client-ssm';
import type { CommandInvocation } from '@aws-sdk/client-ssm';
import { commandLimits, type Invocation, type JobDetail, type JobSummary } from '../../preload/contract/commands';
import { asAppError } from '../errors/app-error';
import { cancelCommand, sendCommand, toRow, type SendSpec } from './command-aws';
import type { JobCommand, JobStop } from './command-repo';
import type { CommandStore } from './command-store';
import { countRows, finalStatus, isError, isQueued, isTerminal, resolveLimit } from './job-rules';

// SendCommand calls in flight at once when a job starts many batches (a 1,000-node job sends 20).
const SENDS_AT_ONCE = 4;

/** What a running job needs from outside. */
export interface RunnerContext {
  ssmFor: (workspaceId: string) => Promise<SSMClient>;
  store: CommandStore;
  now: () => number;
  /** The job's summary changed (the tracker coalesces these into events). */
  changed: (job: JobSummary) => void;
  log: (message: string, detail?: unknown) => void;
}

/**
 * One job in memory while it runs: its rows, its SendCommand calls, and the dispatch rules.
 *
 * Rate control across batches (ssm-api.md §5.4, kept meaningful when a job needs several
 * SendCommand calls of ≤50 ids): MaxConcurrency and MaxErrors are resolved once against the
 * job's sendable nodes. A batch goes out only while the nodes in flight leave room under the
 * concurrency, and it is sized to that room (≤50). Each batch carries the error budget still
 * left (shared among batches sent together) as its own MaxErrors, so SSM stops inside a batch
 * too; once the job's errors exceed MaxErrors no further batch is sent and the queued nodes end
 * NotSent "MaxErrors reached".
 * A job that fits one call without a canary sends the operator's values verbatim, so AWS's own
 * ramp-up and percentage rules apply unchanged.
 */
export class JobRunner {
  readonly rows: Map<string, Invocation>;
  private readonly dirty = new Set<string>();
  private concurrency: number;
  private errorLimit: number;

  constructor(
    readonly job: JobDetail,
    rows: Invocation[],
    readonly commands: JobCommand[],
    public stopped: JobStop,
    private readonly ctx: RunnerContext,
    /** A tag query's node count in the fleet cache when it was sent; AWS's own count is compared with it. */
    private readonly previewTotal: number | null = null,
  ) {
    this.rows = new Map(rows.map((row) => [row.instanceId, row]));
    const planned = rows.filter((row) => row.status !== 'NotSent').length;
    this.concurrency = resolveLimit(job.options.maxConcurrency, planned, 'concurrency');
    this.errorLimit = resolveLimit(job.options.maxErrors, planned, 'errors');
  }

  /**
   * Sends through SSM's Targets, AWS resolving the nodes and rows arriving with the listing: only
   * jobs stored by an earlier build that sent tag queries that way (a new job carries the rows it
   * previewed), so that their tracking still resumes.
   */
  get viaTargets(): boolean {
    return this.job.targets.kind === 'tags' && !this.job.canary && this.rows.size === 0 && this.commands.length > 0;
  }

  get finished(): boolean {
    return this.job.phase === 'done';
  }

  /** Commands whose nodes are not all final yet: the ones a poll must list. */
  activeCommands(): JobCommand[] {
    return this.commands.filter((c) => !c.done);
  }

  // step, applyListing and cancel run one at a time: a cancel arriving while a batch's SendCommand
  // is on its way waits for it, so the new command is cancelled and tracked, never orphaned, and
  // two overlapping steps can never send the same queued nodes twice.
  private queue: Promise<unknown> = Promise.resolve();

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => {});
    return run;
  }

  /** Sends what the rules allow now, or finishes the job when nothing is left to wait for. */
  step(): Promise<void> {
    return this.serial(() => this.stepNow());
  }

  private async stepNow(): Promise<void> {
    if (this.finished) return;
    // In the canary phase the canary's own rule decides (a failed canary is not a MaxErrors stop).
    if (this.stopped === null && this.job.phase === 'main' && !this.viaTargets && this.errors() > this.errorLimit) {
      this.stop('max-errors', `MaxErrors reached (${this.errors()} ${this.errors() === 1 ? 'error' : 'errors'}, ${this.errorLimit} allowed)`);
    }
    if (this.stopped === null) {
      if (this.viaTargets) {
        if (this.commands.length === 0) await this.send('targets', []);
      } else if (this.job.phase === 'canary') {
        await this.stepCanary();
      } else {
        await this.sendBatches();
      }
    }
    // Nodes still to send: queued rows, or for a tag query the Targets call not yet made.
    const waiting = this.viaTargets ? this.commands.length === 0 : [...this.rows.values()].some(isQueued);
    if (this.activeCommands().length === 0 && (this.stopped !== null || !waiting)) this.finish();
    await this.save();
  }

  /** Applies one listing of a command; a node's row changes only when SSM says something new. */
  applyListing(command: JobCommand, listed: CommandInvocation[]): Promise<boolean> {
    return this.serial(() => this.applyListingNow(command, listed));
  }

  private async applyListingNow(command: JobCommand, listed: CommandInvocation[]): Promise<boolean> {
    let changed = false;
    let unknown: string[] = [];
    if (this.viaTargets) unknown = listed.map((i) => i.InstanceId ?? '').filter((id) => id && !this.rows.has(id));
    const info = unknown.length > 0 ? await this.ctx.store.nodeInfo(this.job.workspaceId, unknown) : {};
    for (const invocation of listed) {
      const id = invocation.InstanceId;
      if (!id) continue;
      const before = this.rows.get(id);
      const known = before ?? { nodeName: info[id]?.name ?? id, platformType: info[id]?.platformType ?? '' };
      const row = toRow(invocation, { nodeName: known.nodeName, platformType: known.platformType });
      if (before && sameRow(before, row)) continue;
      this.rows.set(id, row);
      this.dirty.add(id);
      changed = true;
    }
    const mine = [...this.rows.values()].filter((row) => row.commandId === command.commandId);
    // An empty or short answer right after SendCommand is not final (eventual consistency, §3.1).
    if (mine.length >= command.targetCount && mine.every((row) => isTerminal(row.status))) {
      command.done = true;
      await this.ctx.store.saveCommand(this.job.jobId, command);
      changed = true;
    }
    if (changed) this.job.trackingError = null;
    return changed;
  }

  /** Stops sending; CancelCommand for commands still running. */
  cancel(): Promise<void> {
    return this.serial(() => this.cancelNow());
  }

  private async cancelNow(): Promise<void> {
    if (this.finished) return;
    if (this.stopped === null) this.stop('cancelled', 'Job cancelled before it was sent here');
    this.stopped = 'cancelled';
    const ssm = await this.ctx.ssmFor(this.job.workspaceId);
    const active = this.activeCommands();
    await Promise.all(active.map((c) => cancelCommand(ssm, c.commandId)));
    if (active.length > 0) {
      this.job.status = 'Cancelling';
      this.job.statusDetails = 'Cancelling';
    }
    await this.stepNow();
  }

  /** Records a tracking problem (shown on the job; tracking keeps trying). */
  async trackingFailed(error: unknown): Promise<void> {
    this.job.trackingError = asAppError(error).toInfo();
    await this.save();
  }

  summary(): JobSummary {
    const { documentVersion: _v, parameters: _p, targets: _t, options: _o, canary: _c, ...summary } = this.job;
    return { ...summary, commandIds: this.commands.map((c) => c.commandId) };
  }

  private errors(): number {
    let n = 0;
    for (const row of this.rows.values()) if (isError(row)) n += 1;
    return n;
  }

  private async stepCanary(): Promise<void> {
    const canary = this.commands.find((c) => c.kind === 'canary');
    if (!canary) {
      const first = [...this.rows.values()].find(isQueued);
      if (first) await this.send('canary', [first.instanceId]);
      return;
    }
    if (!canary.done) return;
    const row = [...this.rows.values()].find((r) => r.commandId === canary.commandId);
    if (row?.status === 'Success') {
      this.job.phase = 'main';
      this.job.statusDetails = `Canary succeeded on ${row.nodeName}; sending to the rest`;
      await this.sendBatches();
      return;
    }
    const waiting = [...this.rows.values()].filter(isQueued).length;
    this.stop('canary-failed', `Canary failed on ${row?.nodeName ?? 'the first node'}`);
    this.job.statusDetails = `Canary failed on ${row?.nodeName ?? 'the first node'} — ${waiting} ${waiting === 1 ? 'node' : 'nodes'} not touched`;
  }

  private async sendBatches(): Promise<void> {
    for (;;) {
      const queued = [...this.rows.values()].filter(isQueued);
      if (queued.length === 0 || this.stopped !== null) return;
      let room = this.concurrency - [...this.rows.values()].filter((r) => r.commandId !== null && !isTerminal(r.status)).length;
      // Waiting for half the concurrency (≤50) to free up keeps batches large: fewer commands in
      // flight means fewer ListCommandInvocations calls per poll (the budget is ceil(N/50)-ish).
      const threshold = Math.min(commandLimits.instanceIdsPerCall, Math.ceil(this.concurrency / 2), queued.length);
      const batches: string[][] = [];
      for (let at = 0; room >= threshold && at < queued.length && batches.length < SENDS_AT_ONCE; ) {
        const size = Math.min(commandLimits.instanceIdsPerCall, room, queued.length - at);
        batches.push(queued.slice(at, at + size).map((r) => r.instanceId));
        at += size;
        room -= size;
      }
      if (batches.length === 0) return;
      // Batches in flight together share the error budget left, so together they cannot overshoot it.
      const budget = Math.floor(Math.max(0, this.errorLimit - this.errors()) / batches.length);
      const sent = await Promise.all(batches.map((batch) => this.send('batch', batch, budget)));
      if (sent.some((ok) => !ok)) return;
    }
  }

  private async send(kind: JobCommand['kind'], instanceIds: string[], errorBudget = 0): Promise<boolean> {
    const whole = kind === 'targets' || (kind === 'batch' && this.commands.length === 0 && instanceIds.length === [...this.rows.values()].filter(isQueued).length);
    const spec: SendSpec = {
      documentName: this.job.documentName,
      documentVersion: this.job.documentVersion,
      parameters: this.job.parameters,
      options: this.job.options,
      maxConcurrency: kind === 'canary' ? '1' : whole ? this.job.options.maxConcurrency : String(instanceIds.length),
      maxErrors: kind === 'canary' ? '0' : whole ? this.job.options.maxErrors : String(errorBudget),
    };
    let sent: { commandId: string; targetCount: number };
    try {
      const ssm = await this.ctx.ssmFor(this.job.workspaceId);
      const targets = this.job.targets;
      sent = await sendCommand(ssm, spec, kind === 'targets' && targets.kind === 'tags' ? { tags: targets.filters } : { instanceIds });
    } catch (error) {
      const appError = asAppError(error);
      if (appError.retryable) {
        // Throttled or unreachable: the nodes stay queued and the next poll cycle tries again.
        this.job.trackingError = appError.toInfo();
        return false;
      }
      this.lastSendError = appError.message;
      for (const id of instanceIds) this.update(id, { status: 'NotSent', statusDetails: appError.message });
      // The first call refused (an unknown document, bad parameters): every later one would be too.
      if (this.commands.length === 0) this.stop('send-failed', appError.message);
      this.ctx.log(`SendCommand failed for job ${this.job.jobId}`, error);
      return false;
    }
    // Sent: from here on nothing may put these nodes back in the queue (that would send twice), so
    // the command is recorded in memory first and a failure to store it is only logged; the rows
    // carry its id and are stored with the next progress save.
    const { commandId, targetCount } = sent;
    const command: JobCommand = { commandId, kind, targetCount: kind === 'targets' ? targetCount : instanceIds.length, sentAt: this.ctx.now(), done: false };
    this.commands.push(command);
    for (const id of instanceIds) this.update(id, { commandId, status: 'Pending', statusDetails: 'Pending' });
    this.job.status = this.job.status === 'Cancelling' ? 'Cancelling' : 'InProgress';
    if (kind === 'canary') this.job.statusDetails = `Canary on ${this.rows.get(instanceIds[0]!)?.nodeName ?? instanceIds[0]}`;
    if (kind === 'targets') this.noteTargetCount(targetCount);
    if (kind === 'targets' && targetCount === 0) command.done = true;
    await this.ctx.store.saveCommand(this.job.jobId, command).catch((error: unknown) => this.ctx.log(`could not store command ${commandId} of job ${this.job.jobId}`, error));
    return true;
  }

  /** The first SendCommand's failure, for the audit entry. */
  lastSendError: string | null = null;

  private noteTargetCount(targetCount: number): void {
    const cached = this.previewTotal;
    this.job.statusDetails =
      targetCount === 0
        ? 'No node matched the tag query when AWS resolved it (NoInstancesInTag)'
        : cached !== null && targetCount !== cached
          ? `AWS resolved ${targetCount} nodes; the preview showed ${cached}`
          : 'InProgress';
  }

  private stop(reason: Exclude<JobStop, null>, rowDetails: string): void {
    this.stopped = reason;
    for (const row of this.rows.values()) if (isQueued(row)) this.update(row.instanceId, { status: 'NotSent', statusDetails: rowDetails });
  }

  private update(instanceId: string, patch: Partial<Invocation>): void {
    const row = this.rows.get(instanceId);
    if (!row) return;
    this.rows.set(instanceId, { ...row, ...patch });
    this.dirty.add(instanceId);
  }

  private finish(): void {
    const counts = countRows(this.rows.values());
    const canaryNote = this.stopped === 'canary-failed' ? this.job.statusDetails : null;
    const noTargets = this.viaTargets && this.commands[0]?.targetCount === 0 ? this.job.statusDetails : null;
    const sendFailed = this.stopped === 'send-failed' ? (this.lastSendError ?? 'SendCommand was refused.') : null;
    const outcome = finalStatus(counts, { cancelled: this.stopped === 'cancelled', maxErrorsReached: this.stopped === 'max-errors' });
    const special = canaryNote ?? noTargets ?? sendFailed;
    // AWS resolving a tag query to other nodes than the cache showed stays on record.
    const resolvedNote = this.viaTargets && this.job.statusDetails.startsWith('AWS resolved') ? ` (${this.job.statusDetails})` : '';
    this.job.status = special ? 'Failed' : outcome.status;
    this.job.statusDetails = special ?? `${outcome.statusDetails}${resolvedNote}`;
    this.job.phase = 'done';
    this.job.finishedAt = this.ctx.now();
  }

  private async save(): Promise<void> {
    this.job.counts = countRows(this.rows.values());
    const rows = [...this.dirty].map((id) => this.rows.get(id)!).filter(Boolean);
    this.dirty.clear();
    await this.ctx.store.saveProgress(this.job, this.stopped, rows);
    this.ctx.changed(this.summary());
  }
}

function sameRow(a: Invocation, b: Invocation): boolean {
  return (
    a.status === b.status &&
    a.statusDetails === b.statusDetails &&
    a.responseCode === b.responseCode &&
    a.output === b.output &&
    a.commandId === b.commandId &&
    a.endedAt === b.endedAt &&
    a.startedAt === b.startedAt
  );
}
