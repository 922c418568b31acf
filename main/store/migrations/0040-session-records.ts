import type { Migration } from '../migrate';

/**
 * One audit row per Session Manager session opened from this machine (issue 3, deliverable 5):
 * written when StartSession succeeds, completed once when the session closes. The rows are an
 * audit trail, not cache: no foreign key to `nodes` (a node can vanish from the fleet while its
 * sessions must stay on record), and triggers refuse deletes and any rewrite of what was recorded
 * at open or of a close already recorded. The audit capability (issue 5) moves these rows into its
 * chained log; its migration drops the triggers it needs to.
 */
export const sessionRecordsMigration: Migration = {
  version: 40,
  name: 'session-records',
  up(db) {
    db.exec(`
      CREATE TABLE session_records (
        session_id    TEXT    PRIMARY KEY,
        workspace_id  TEXT    NOT NULL,
        instance_id   TEXT    NOT NULL,
        node_name     TEXT    NOT NULL,
        owner_arn     TEXT    NOT NULL DEFAULT '',
        operator      TEXT    NOT NULL,
        started_at    INTEGER NOT NULL,
        ended_at      INTEGER,
        exit_code     INTEGER,
        close_reason  TEXT
      );
      CREATE INDEX session_records_by_start ON session_records (workspace_id, started_at DESC);

      CREATE TRIGGER session_records_no_delete BEFORE DELETE ON session_records
      BEGIN
        SELECT RAISE(ABORT, 'session records are an audit trail and cannot be deleted');
      END;

      CREATE TRIGGER session_records_append_only BEFORE UPDATE ON session_records
      WHEN NEW.session_id IS NOT OLD.session_id
        OR NEW.workspace_id IS NOT OLD.workspace_id
        OR NEW.instance_id IS NOT OLD.instance_id
        OR NEW.operator IS NOT OLD.operator
        OR NEW.started_at IS NOT OLD.started_at
        OR (OLD.owner_arn <> '' AND NEW.owner_arn IS NOT OLD.owner_arn)
        OR (OLD.close_reason IS NOT NULL AND (NEW.close_reason IS NOT OLD.close_reason
            OR NEW.ended_at IS NOT OLD.ended_at OR NEW.exit_code IS NOT OLD.exit_code))
      BEGIN
        SELECT RAISE(ABORT, 'a recorded session open or close cannot be rewritten');
      END;
    `);
  },
};
