import type { Migration } from '../migrate';

/**
 * Run Command jobs and their per-node results (issue 5): a job is one or more SendCommand calls
 * tracked as one, persisted so that tracking resumes after a restart. A row with no command id
 * and status Pending waits in Capstan's own queue (a later batch, the rest after a canary).
 * Cache, not audit: the audit log keeps what was sent; these rows may be rebuilt away.
 */
export const commandJobsMigration: Migration = {
  version: 70,
  name: 'command-jobs',
  up(db) {
    db.exec(`
      CREATE TABLE command_jobs (
        job_id              TEXT    PRIMARY KEY,
        workspace_id        TEXT    NOT NULL,
        source_json         TEXT    NOT NULL,
        runbook_id          TEXT,
        document_name       TEXT    NOT NULL,
        document_version    TEXT    NOT NULL,
        parameters_json     TEXT    NOT NULL,
        targets_json        TEXT    NOT NULL,
        options_json        TEXT    NOT NULL,
        canary              INTEGER NOT NULL CHECK (canary IN (0, 1)),
        comment             TEXT    NOT NULL,
        requested_at        INTEGER NOT NULL,
        operator            TEXT    NOT NULL,
        status              TEXT    NOT NULL,
        status_details      TEXT    NOT NULL,
        phase               TEXT    NOT NULL CHECK (phase IN ('canary', 'main', 'done')),
        counts_json         TEXT    NOT NULL,
        finished_at         INTEGER,
        tracking_error_json TEXT,
        stopped             TEXT
      );
      CREATE INDEX command_jobs_by_time ON command_jobs (requested_at DESC);
      CREATE INDEX command_jobs_by_workspace ON command_jobs (workspace_id, requested_at DESC);
      CREATE INDEX command_jobs_by_runbook ON command_jobs (runbook_id, requested_at DESC) WHERE runbook_id IS NOT NULL;
      CREATE INDEX command_jobs_unfinished ON command_jobs (phase) WHERE phase <> 'done';

      CREATE TABLE command_job_commands (
        job_id       TEXT    NOT NULL REFERENCES command_jobs (job_id) ON DELETE CASCADE,
        command_id   TEXT    NOT NULL,
        kind         TEXT    NOT NULL CHECK (kind IN ('canary', 'batch', 'targets')),
        target_count INTEGER NOT NULL,
        sent_at      INTEGER NOT NULL,
        done         INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1)),
        PRIMARY KEY (job_id, command_id)
      );

      CREATE TABLE command_invocations (
        job_id           TEXT    NOT NULL REFERENCES command_jobs (job_id) ON DELETE CASCADE,
        instance_id      TEXT    NOT NULL,
        seq              INTEGER NOT NULL,
        node_name        TEXT    NOT NULL,
        platform_type    TEXT    NOT NULL,
        command_id       TEXT,
        status           TEXT    NOT NULL,
        status_details   TEXT    NOT NULL,
        response_code    INTEGER,
        started_at       INTEGER,
        ended_at         INTEGER,
        output           TEXT    NOT NULL,
        output_truncated INTEGER NOT NULL CHECK (output_truncated IN (0, 1)),
        PRIMARY KEY (job_id, instance_id)
      );
      CREATE INDEX command_invocations_by_seq ON command_invocations (job_id, seq);
      CREATE INDEX command_invocations_by_status ON command_invocations (job_id, status, seq);
    `);
  },
};
