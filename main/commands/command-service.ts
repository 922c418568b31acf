import type { SSMClient } from '@aws-sdk/client-ssm';
import { randomUUID } from 'node:crypto';
import type { AuditActor } from '../../preload/contract/audit';
import type {
  CommandOptions,
  CommandParameters,
  DocumentDetail,
  DocumentSummary,
  FieldError,
  Invocation,
  JobDetail,
  JobSummary,
  TargetPreview,
  TargetSelection,
} from '../../preload/contract/commands';
import { AppError, NotFoundError, StoreError, ValidationError } from '../errors/app-error';
import { cancelledRecord, sentRecord, type CommandAuditRecord } from './command-audit';
import { CommandDocuments } from './command-documents';
import type { CommandStore } from './command-store';
import { JobRunner } from './job-runner';
import { countRows } from './job-rules';
import { JobTracker } from './job-tracker';
import { checkParameterValues, requiredConfirmation } from './parameter-rules';
import { keptBackReason, resolveTargets, sendable, toPreview } from './target-resolver';
import { invocationOutput, type InvocationOutput } from './invocation-output';

export type { CommandAuditRecord } from './command-audit';

/** A Run Command job to start: from the form, or from a runbook with its guardrails. */
export interface JobRequest {
  workspaceId: string;
  documentName: string;
  documentVersion?: string;
  parameters: CommandParameters;
  targets: TargetSelection;
  options: CommandOptions;
  canary: boolean;
  source: { kind: 'command' } | { kind: 'runbook'; runbookId: string; runbookName: string };
  typedConfirmation?: string;
  /** For runbooks: the runbook's own confirmation demand (typed name even without production nodes). */
  requireTypedConfirmation?: boolean;
}

interface CommandServiceOptions {
  ssmFor: (workspaceId: string) => Promise<SSMClient>;
  store: CommandStore;
  emit: (job: JobSummary) => void;
  audit: { append(input: CommandAuditRecord): Promise<unknown> };
  actorFor: (workspaceId: string) => Promise<AuditActor>;
  now?: () => number;
  log?: (message: string, detail?: unknown) => void;
  poll?: { minIntervalMs?: number; maxIntervalMs?: number; emitGapMs?: number };
  /**
   * A rerun of a runbook's job passes its guardrails again (allowed hours, a runbook that still
   * loads, its own typed-name demand): throws to refuse, says whether the typed name is required.
   */
  rerunGuard?: (job: JobDetail) => Promise<{ requireTypedConfirmation: boolean }>;
}

/** Run Command: documents, preview, send (validated again), job tracking that survives restarts, history. */
export class CommandService {
  readonly documents: CommandDocuments;
  readonly tracker: JobTracker;
  private readonly now: () => number;
  private readonly log: (message: string, detail?: unknown) => void;

  constructor(private readonly options: CommandServiceOptions) {
    this.now = options.now ?? Date.now;
    this.log = options.log ?? (() => {});
    this.documents = new CommandDocuments({ ssmFor: options.ssmFor, now: this.now });
    this.tracker = new JobTracker({ ctx: { ssmFor: options.ssmFor, store: options.store, now: this.now, log: this.log }, emit: options.emit, ...options.poll });
  }

  listDocuments(workspaceId: string): Promise<DocumentSummary[]> {
    return this.documents.list(workspaceId);
  }

  describeDocument(workspaceId: string, name: string, version?: string): Promise<DocumentDetail> {
    return this.documents.describe(workspaceId, name, version);
  }

  /** Resolved targets and the form's field errors; nothing is sent. */
  async preview(workspaceId: string, targets: TargetSelection, documentName?: string, parameters?: CommandParameters): Promise<{ preview: TargetPreview; fieldErrors: FieldError[] }> {
    const { document, fieldErrors } = await this.documentFor(workspaceId, documentName, undefined, parameters);
    const resolved = await resolveTargets(this.options.store, workspaceId, targets, document);
    return { preview: toPreview(resolved), fieldErrors: [...fieldErrors, ...resolved.fieldErrors] };
  }

  /**
   * Checks everything again (document, parameters, targets, online nodes, typed confirmation) and
   * refuses with a ValidationError naming the field before any AWS call; then records the job,
   * sends its first command(s) and audits what was sent.
   */
  async startJob(request: JobRequest): Promise<{ jobId: string }> {
    const { document, fieldErrors } = await this.documentFor(request.workspaceId, request.documentName, request.documentVersion, request.parameters, true);
    const resolved = await resolveTargets(this.options.store, request.workspaceId, request.targets, document);
    const errors = [...fieldErrors, ...resolved.fieldErrors];
    const preview = toPreview(resolved);
    const ready = sendable(resolved.nodes);
    if (errors.length === 0 && resolved.nodes.length > 0 && ready.length === 0) {
      errors.push({
        field: 'targets',
        message: `targets: none of the ${resolved.nodes.length} nodes can run it now (${preview.offline} offline, ${preview.platformMismatch} on another platform). Wait for them to come online or choose others.`,
      });
    }
    const expected = requiredConfirmation(preview, request.requireTypedConfirmation ?? false);
    if (errors.length === 0 && expected !== null && (request.typedConfirmation ?? '').trim() !== expected) {
      errors.push({ field: 'typedConfirmation', message: `typedConfirmation: type "${expected}" exactly to confirm${preview.production > 0 ? ' (production nodes are among the targets)' : ''}.` });
    }
    if (errors.length > 0) throw new ValidationError(errors.map((e) => e.message).join(' '), { hint: 'Fix the fields named and send again; nothing was sent.' });

    const actor = await this.options.actorFor(request.workspaceId);
    // What runs is what the operator saw and confirmed: a tag query or a filter is sent as the ids
    // the preview resolved (batches of 50), never handed to SSM to resolve again against live
    // tags, where a node tagged since — perhaps a production one — would be touched unconfirmed.
    const rows: Invocation[] = resolved.nodes.map((node) => ({
      instanceId: node.instanceId,
      nodeName: node.name,
      platformType: node.platformType,
      commandId: null,
      status: keptBackReason(node) ? 'NotSent' : 'Pending',
      statusDetails: keptBackReason(node) ?? 'Queued',
      responseCode: null,
      startedAt: null,
      endedAt: null,
      output: '',
      outputTruncated: false,
    }));
    const job: JobDetail = {
      jobId: randomUUID(),
      workspaceId: request.workspaceId,
      source: request.source,
      documentName: document!.name,
      comment: request.options.comment,
      requestedAt: this.now(),
      operator: actor.operator,
      status: 'Pending',
      statusDetails: 'Pending',
      phase: request.canary ? 'canary' : 'main',
      counts: countRows(rows),
      commandIds: [],
      finishedAt: null,
      trackingError: null,
      // Pinned: every batch (and the rest after a canary) runs the version whose parameters were checked.
      documentVersion: request.documentVersion ?? document!.version,
      parameters: request.parameters,
      targets: request.targets,
      options: request.options,
      canary: request.canary,
    };
    await this.options.store.insertJob(job, rows);
    const runner = new JobRunner(job, rows, [], null, this.tracker.runnerContext);
    await runner.step();
    this.tracker.add(runner);
    try {
      await this.options.audit.append(sentRecord(runner, actor, ready.map((n) => n.instanceId)));
    } catch (error) {
      // A command nobody can account for is not left running: the rule shells follow too.
      await runner.cancel().catch((cancelError: unknown) => this.log(`could not cancel unaudited job ${job.jobId}`, cancelError));
      throw new StoreError('AuditWriteFailed', `The audit log could not record this command, so it was cancelled at once: ${error instanceof Error ? error.message : String(error)}`, {
        hint: 'Free disk space or fix the permissions of audit.jsonl in Capstan’s data folder, then send again.',
        cause: error,
      });
    }
    return { jobId: job.jobId };
  }

  /** Resumes tracking of jobs a previous run left unfinished (their commands may still run in AWS). */
  async resume(): Promise<number> {
    const ids = await this.options.store.unfinishedJobIds();
    for (const jobId of ids) {
      const stored = await this.options.store.getJob(jobId);
      if (!stored) continue;
      const rows = await this.options.store.allInvocations(jobId);
      this.tracker.add(new JobRunner(stored.detail, rows, stored.commands, stored.stopped, this.tracker.runnerContext));
    }
    return ids.length;
  }

  listJobs(params: { workspaceId?: string; before?: number; limit: number }): Promise<{ jobs: JobSummary[]; more: boolean }> {
    return this.options.store.listJobs(params);
  }

  async getJob(jobId: string): Promise<JobDetail> {
    const live = this.tracker.get(jobId);
    if (live) return { ...live.job, commandIds: live.commands.map((c) => c.commandId) };
    const stored = await this.options.store.getJob(jobId);
    if (!stored) throw new NotFoundError(`There is no Run Command job ${jobId} on this machine.`);
    return stored.detail;
  }

  listInvocations(params: { jobId: string; status?: Invocation['status']; offset: number; limit: number }): Promise<{ rows: Invocation[]; total: number }> {
    return this.options.store.listInvocations(params);
  }

  outputGroups(jobId: string) {
    return this.options.store.outputGroups(jobId);
  }

  /** One node's full output per step (GetCommandInvocation). */
  async invocationOutput(jobId: string, instanceId: string): Promise<InvocationOutput> {
    const job = await this.getJob(jobId);
    const row = this.tracker.get(jobId)?.rows.get(instanceId) ?? (await this.options.store.getInvocation(jobId, instanceId));
    if (!row) throw new NotFoundError(`Node ${instanceId} is not among the targets of this job.`);
    if (!row.commandId) throw new ValidationError(`${row.nodeName} was never sent this command (${row.statusDetails}); there is no output to show.`);
    const document = await this.documents.describe(job.workspaceId, job.documentName, job.documentVersion || undefined);
    return invocationOutput(await this.options.ssmFor(job.workspaceId), row.commandId, instanceId, document.steps);
  }

  /** Cancels a job: running commands get CancelCommand, queued nodes are never sent. */
  async cancelJob(jobId: string): Promise<JobSummary> {
    const runner = this.tracker.get(jobId);
    if (!runner) {
      const job = await this.getJob(jobId);
      throw new ValidationError(`This job has already ended (${job.status}); there is nothing left to cancel.`);
    }
    const running = [...runner.rows.values()].filter((r) => r.commandId !== null && r.status !== 'NotSent').map((r) => r.instanceId);
    const actor = await this.options.actorFor(runner.job.workspaceId);
    let failure: string | null = null;
    try {
      await runner.cancel();
    } catch (error) {
      failure = error instanceof AppError ? error.message : String(error);
      await runner.trackingFailed(error);
    }
    await this.append(cancelledRecord(runner, actor, running, failure));
    if (failure) throw new AppError('aws', 'CancelFailed', `Cancelling failed: ${failure}`, { retryable: true });
    return runner.summary();
  }

  /** A new job with the same document, parameters and options on the nodes that did not succeed. */
  async rerunFailed(jobId: string, typedConfirmation?: string): Promise<{ jobId: string }> {
    const job = await this.getJob(jobId);
    const rows = this.tracker.get(jobId) ? [...this.tracker.get(jobId)!.rows.values()] : await this.options.store.allInvocations(jobId);
    const failed = rows.filter((r) => r.status !== 'Success').map((r) => r.instanceId);
    if (job.phase !== 'done') throw new ValidationError('This job is still running; wait for it to end (or cancel it) before running it again on the failed nodes.');
    if (failed.length === 0) throw new ValidationError('Every node of this job succeeded; there is nothing to run again.');
    const guard = this.options.rerunGuard ? await this.options.rerunGuard(job) : { requireTypedConfirmation: false };
    return this.startJob({
      workspaceId: job.workspaceId,
      documentName: job.documentName,
      ...(job.documentVersion ? { documentVersion: job.documentVersion } : {}),
      parameters: job.parameters,
      targets: { kind: 'nodes', instanceIds: failed },
      options: job.options,
      canary: job.canary,
      source: job.source,
      requireTypedConfirmation: guard.requireTypedConfirmation,
      ...(typedConfirmation !== undefined ? { typedConfirmation } : {}),
    });
  }

  /** The newest job a runbook started, for its card. */
  async lastJobFor(runbookId: string): Promise<JobSummary | null> {
    const live = this.tracker
      .runners()
      .filter((r) => r.job.source.kind === 'runbook' && r.job.source.runbookId === runbookId)
      .sort((a, b) => b.job.requestedAt - a.job.requestedAt)[0];
    return live ? live.summary() : this.options.store.lastJobForRunbook(runbookId);
  }

  close(): Promise<void> {
    return this.tracker.close();
  }

  private async documentFor(workspaceId: string, name: string | undefined, version: string | undefined, parameters: CommandParameters | undefined, required = false) {
    if (!name) return { document: null, fieldErrors: required ? [{ field: 'documentName', message: 'documentName: choose a document.' }] : [] };
    try {
      const document = await this.documents.describe(workspaceId, name, version);
      return { document, fieldErrors: parameters ? checkParameterValues(document.parameters, parameters) : [] };
    } catch (error) {
      if (error instanceof NotFoundError) return { document: null, fieldErrors: [{ field: 'documentName', message: `documentName: ${error.message}` }] };
      throw error;
    }
  }

  // The job has been sent whatever happens to its audit line; a failed append is logged loudly, not thrown.
  private async append(record: CommandAuditRecord): Promise<void> {
    await this.options.audit.append(record).catch((error: unknown) => this.log('could not append the audit entry for a Run Command action', error));
  }
}
