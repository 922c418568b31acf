import type { Database } from 'better-sqlite3';
import type { Invocation, InvocationStatus, JobDetail, JobSummary, OutputGroup } from '../../preload/contract/commands';
import { prepareCached } from '../store/statement-cache';
import { commandTargetRepo } from './command-target-repo';

/** One SendCommand of a job. */
export interface JobCommand {
  commandId: string;
  kind: 'canary' | 'batch' | 'targets';
  targetCount: number;
  sentAt: number;
  done: boolean;
}

/** Why a job stopped sending before its queue was empty. */
export type JobStop = 'cancelled' | 'max-errors' | 'canary-failed' | 'send-failed' | null;

export type { TargetNode } from './command-target-repo';

/** A job as stored: the contract's detail plus what the tracker needs to resume it. */
export interface StoredJob {
  detail: JobDetail;
  commands: JobCommand[];
  stopped: JobStop;
}

const GROUP_IDS = 200;

interface JobRow {
  job_id: string;
  workspace_id: string;
  source_json: string;
  document_name: string;
  document_version: string;
  parameters_json: string;
  targets_json: string;
  options_json: string;
  canary: 0 | 1;
  comment: string;
  requested_at: number;
  operator: string;
  status: JobSummary['status'];
  status_details: string;
  phase: JobSummary['phase'];
  counts_json: string;
  finished_at: number | null;
  tracking_error_json: string | null;
  stopped: JobStop;
}

const INVOCATION_COLUMNS = `instance_id AS instanceId, node_name AS nodeName, platform_type AS platformType, command_id AS commandId,
  status, status_details AS statusDetails, response_code AS responseCode, started_at AS startedAt, ended_at AS endedAt, output,
  output_truncated AS outputTruncated`;

function toInvocation(row: Omit<Invocation, 'outputTruncated'> & { outputTruncated: 0 | 1 }): Invocation {
  return { ...row, outputTruncated: row.outputTruncated === 1 };
}

function commandsOf(db: Database, jobId: string): JobCommand[] {
  const rows = prepareCached(
    db,
    'SELECT command_id AS commandId, kind, target_count AS targetCount, sent_at AS sentAt, done FROM command_job_commands WHERE job_id = @jobId ORDER BY sent_at, rowid',
  ).all({ jobId }) as Array<Omit<JobCommand, 'done'> & { done: 0 | 1 }>;
  return rows.map((row) => ({ ...row, done: row.done === 1 }));
}

function toSummary(db: Database, row: JobRow): JobSummary {
  return {
    jobId: row.job_id,
    workspaceId: row.workspace_id,
    source: JSON.parse(row.source_json) as JobSummary['source'],
    documentName: row.document_name,
    comment: row.comment,
    requestedAt: row.requested_at,
    operator: row.operator,
    status: row.status,
    statusDetails: row.status_details,
    phase: row.phase,
    counts: JSON.parse(row.counts_json) as JobSummary['counts'],
    commandIds: commandsOf(db, row.job_id).map((c) => c.commandId),
    finishedAt: row.finished_at,
    trackingError: row.tracking_error_json ? (JSON.parse(row.tracking_error_json) as JobSummary['trackingError']) : null,
  };
}

function toDetail(db: Database, row: JobRow): JobDetail {
  return {
    ...toSummary(db, row),
    documentVersion: row.document_version,
    parameters: JSON.parse(row.parameters_json) as JobDetail['parameters'],
    targets: JSON.parse(row.targets_json) as JobDetail['targets'],
    options: JSON.parse(row.options_json) as JobDetail['options'],
    canary: row.canary === 1,
  };
}

const upsertInvocationSql = `
  INSERT INTO command_invocations (job_id, instance_id, seq, node_name, platform_type, command_id, status, status_details,
    response_code, started_at, ended_at, output, output_truncated)
  VALUES (@jobId, @instanceId, (SELECT COALESCE(MAX(seq), 0) + 1 FROM command_invocations WHERE job_id = @jobId), @nodeName,
    @platformType, @commandId, @status, @statusDetails, @responseCode, @startedAt, @endedAt, @output, @outputTruncated)
  ON CONFLICT (job_id, instance_id) DO UPDATE SET node_name = excluded.node_name, platform_type = excluded.platform_type,
    command_id = excluded.command_id, status = excluded.status, status_details = excluded.status_details,
    response_code = excluded.response_code, started_at = excluded.started_at, ended_at = excluded.ended_at,
    output = excluded.output, output_truncated = excluded.output_truncated`;

/** Run Command jobs, their per-node rows, and target lookups in the fleet cache (runs in the store worker). */
export const commandRepo = {
  ...commandTargetRepo,

  /** Writes a new job and its first rows in one transaction. */
  insertJob(db: Database, params: { job: JobDetail; rows: Invocation[] }): void {
    const { job } = params;
    db.transaction(() => {
      prepareCached(
        db,
        `INSERT INTO command_jobs (job_id, workspace_id, source_json, runbook_id, document_name, document_version, parameters_json,
           targets_json, options_json, canary, comment, requested_at, operator, status, status_details, phase, counts_json, finished_at,
           tracking_error_json, stopped)
         VALUES (@jobId, @workspaceId, @sourceJson, @runbookId, @documentName, @documentVersion, @parametersJson, @targetsJson,
           @optionsJson, @canary, @comment, @requestedAt, @operator, @status, @statusDetails, @phase, @countsJson, NULL, NULL, NULL)`,
      ).run({
        jobId: job.jobId,
        workspaceId: job.workspaceId,
        sourceJson: JSON.stringify(job.source),
        runbookId: job.source.kind === 'runbook' ? job.source.runbookId : null,
        documentName: job.documentName,
        documentVersion: job.documentVersion,
        parametersJson: JSON.stringify(job.parameters),
        targetsJson: JSON.stringify(job.targets),
        optionsJson: JSON.stringify(job.options),
        canary: job.canary ? 1 : 0,
        comment: job.comment,
        requestedAt: job.requestedAt,
        operator: job.operator,
        status: job.status,
        statusDetails: job.statusDetails,
        phase: job.phase,
        countsJson: JSON.stringify(job.counts),
      });
      const upsert = prepareCached(db, upsertInvocationSql);
      for (const row of params.rows) upsert.run(invocationParams(job.jobId, row));
    })();
  },

  /** Saves a job's state and the rows that changed since the last save, in one transaction. */
  saveProgress(
    db: Database,
    params: { job: Pick<JobSummary, 'jobId' | 'status' | 'statusDetails' | 'phase' | 'counts' | 'finishedAt' | 'trackingError'>; stopped: JobStop; rows: Invocation[] },
  ): void {
    const { job } = params;
    db.transaction(() => {
      prepareCached(
        db,
        `UPDATE command_jobs SET status = @status, status_details = @statusDetails, phase = @phase, counts_json = @countsJson,
           finished_at = @finishedAt, tracking_error_json = @trackingErrorJson, stopped = @stopped WHERE job_id = @jobId`,
      ).run({
        jobId: job.jobId,
        status: job.status,
        statusDetails: job.statusDetails,
        phase: job.phase,
        countsJson: JSON.stringify(job.counts),
        finishedAt: job.finishedAt,
        trackingErrorJson: job.trackingError ? JSON.stringify(job.trackingError) : null,
        stopped: params.stopped,
      });
      const upsert = prepareCached(db, upsertInvocationSql);
      for (const row of params.rows) upsert.run(invocationParams(job.jobId, row));
    })();
  },

  /** Records one SendCommand of a job, or marks it done (every node final). */
  saveCommand(db: Database, params: { jobId: string; command: JobCommand }): void {
    const { command } = params;
    prepareCached(
      db,
      `INSERT INTO command_job_commands (job_id, command_id, kind, target_count, sent_at, done)
       VALUES (@jobId, @commandId, @kind, @targetCount, @sentAt, @done)
       ON CONFLICT (job_id, command_id) DO UPDATE SET done = excluded.done, target_count = excluded.target_count`,
    ).run({ jobId: params.jobId, ...command, done: command.done ? 1 : 0 });
  },

  /** Newest first; `before` pages back through history. */
  listJobs(db: Database, params: { workspaceId?: string; before?: number; limit: number }): { jobs: JobSummary[]; more: boolean } {
    const rows = prepareCached(
      db,
      `SELECT * FROM command_jobs WHERE (@workspaceId IS NULL OR workspace_id = @workspaceId) AND (@before IS NULL OR requested_at < @before)
       ORDER BY requested_at DESC, job_id LIMIT @limit`,
    ).all({ workspaceId: params.workspaceId ?? null, before: params.before ?? null, limit: params.limit + 1 }) as JobRow[];
    return { jobs: rows.slice(0, params.limit).map((row) => toSummary(db, row)), more: rows.length > params.limit };
  },

  getJob(db: Database, params: { jobId: string }): StoredJob | null {
    const row = prepareCached(db, 'SELECT * FROM command_jobs WHERE job_id = @jobId').get(params) as JobRow | undefined;
    return row ? { detail: toDetail(db, row), commands: commandsOf(db, row.job_id), stopped: row.stopped } : null;
  },

  /** The newest job a runbook started, for its card. */
  lastJobForRunbook(db: Database, params: { runbookId: string }): JobSummary | null {
    const row = prepareCached(db, 'SELECT * FROM command_jobs WHERE runbook_id = @runbookId ORDER BY requested_at DESC LIMIT 1').get(params) as
      | JobRow
      | undefined;
    return row ? toSummary(db, row) : null;
  },

  /** Jobs a previous run left unfinished, to resume tracking. */
  unfinishedJobIds(db: Database, _params: Record<string, never>): string[] {
    return prepareCached(db, "SELECT job_id FROM command_jobs WHERE phase <> 'done' ORDER BY requested_at").pluck().all() as string[];
  },

  /** A window of a job's rows in the order they were added, optionally one status only. */
  listInvocations(db: Database, params: { jobId: string; status?: InvocationStatus; offset: number; limit: number }): { rows: Invocation[]; total: number } {
    const bound = { jobId: params.jobId, status: params.status ?? null, offset: params.offset, limit: params.limit };
    const where = 'job_id = @jobId AND (@status IS NULL OR status = @status)';
    const total = prepareCached(db, `SELECT count(*) FROM command_invocations WHERE ${where}`).pluck().get(bound) as number;
    const rows = prepareCached(db, `SELECT ${INVOCATION_COLUMNS} FROM command_invocations WHERE ${where} ORDER BY seq LIMIT @limit OFFSET @offset`).all(
      bound,
    ) as Array<Parameters<typeof toInvocation>[0]>;
    return { rows: rows.map(toInvocation), total };
  },

  /** One node's row of a job, or null when the node is not among its targets. */
  getInvocation(db: Database, params: { jobId: string; instanceId: string }): Invocation | null {
    const row = prepareCached(db, `SELECT ${INVOCATION_COLUMNS} FROM command_invocations WHERE job_id = @jobId AND instance_id = @instanceId`).get(params) as
      | Parameters<typeof toInvocation>[0]
      | undefined;
    return row ? toInvocation(row) : null;
  },

  /** Every row of a job (tracking resumes from these; a rerun picks its nodes from them). */
  allInvocations(db: Database, params: { jobId: string }): Invocation[] {
    const rows = prepareCached(db, `SELECT ${INVOCATION_COLUMNS} FROM command_invocations WHERE job_id = @jobId ORDER BY seq`).all(params) as Array<
      Parameters<typeof toInvocation>[0]
    >;
    return rows.map(toInvocation);
  },

  /**
   * Identical results (status and its details, exit code, output) as one group each; smallest
   * groups first, so outliers lead. The details are part of it: nodes kept back because they were
   * offline and because MaxErrors was reached are different stories with the same empty output.
   */
  outputGroups(db: Database, params: { jobId: string }): OutputGroup[] {
    const rows = prepareCached(
      db,
      `SELECT instance_id AS instanceId, status, status_details AS statusDetails, response_code AS responseCode, output
       FROM command_invocations WHERE job_id = @jobId ORDER BY seq`,
    ).all(params) as Array<{ instanceId: string; status: InvocationStatus; statusDetails: string; responseCode: number | null; output: string }>;
    const groups = new Map<string, OutputGroup>();
    for (const row of rows) {
      const key = JSON.stringify([row.status, row.statusDetails, row.responseCode, row.output]);
      let group = groups.get(key);
      if (!group) {
        group = { status: row.status, statusDetails: row.statusDetails, responseCode: row.responseCode, output: row.output, count: 0, instanceIds: [] };
        groups.set(key, group);
      }
      group.count += 1;
      if (group.instanceIds.length < GROUP_IDS) group.instanceIds.push(row.instanceId);
    }
    return [...groups.values()].sort((a, b) => a.count - b.count || statusRank(a.status) - statusRank(b.status));
  },
};

// Among groups of the same size, failures before successes: the eye lands on what went wrong.
function statusRank(status: InvocationStatus): number {
  return status === 'Success' ? 2 : status === 'Pending' || status === 'InProgress' ? 1 : 0;
}

function invocationParams(jobId: string, row: Invocation): Record<string, unknown> {
  return { jobId, ...row, outputTruncated: row.outputTruncated ? 1 : 0 };
}
