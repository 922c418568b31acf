import type { Database } from 'better-sqlite3';
import type { PingStatus } from '../../preload/contract/fleet';
import { ValidationError } from '../errors/app-error';
import { prepareCached } from '../store/statement-cache';

/** What StartSession needs to know about a node from the fleet cache. */
export interface CachedNode {
  name: string;
  pingStatus: PingStatus;
  platformType: string;
  vanishedAt: number | null;
}

/** One audit row of session_records, as main reads it. */
export interface StoredSessionRecord {
  sessionId: string;
  workspaceId: string;
  instanceId: string;
  nodeName: string;
  ownerArn: string;
  operator: string;
  startedAt: number;
  endedAt: number | null;
  exitCode: number | null;
  closeReason: string | null;
}

/** The open half of a record, written when StartSession succeeds. */
export type SessionOpening = Omit<StoredSessionRecord, 'endedAt' | 'exitCode' | 'closeReason'>;

/** The close half, written once. */
export interface SessionClosing {
  sessionId: string;
  endedAt: number;
  exitCode: number | null;
  closeReason: string;
}

const recordColumns = `session_id AS sessionId, workspace_id AS workspaceId, instance_id AS instanceId,
  node_name AS nodeName, owner_arn AS ownerArn, operator, started_at AS startedAt, ended_at AS endedAt,
  exit_code AS exitCode, close_reason AS closeReason`;

// SQLite caps bound parameters per statement; name lookups go in slices of this many.
const NAME_LOOKUP_SLICE = 500;

/** Session audit records and the node lookups sessions need (runs in the store worker). */
// The name the grid shows: the Name tag, else the computer name, else the id (an EC2 node without
// a Name tag has no name), so a tab and a session record never read as blank.
const DISPLAY_NAME = "COALESCE(NULLIF(name, ''), NULLIF(computer_name, ''), instance_id)";

export const sessionRepo = {
  /** The cached node, or null when the workspace's cache has never seen it. */
  findNode(db: Database, params: { workspaceId: string; instanceId: string }): CachedNode | null {
    const row = prepareCached(
      db,
      `SELECT ${DISPLAY_NAME} AS name, ping_status AS pingStatus, platform_type AS platformType, vanished_at AS vanishedAt
       FROM nodes WHERE workspace_id = @workspaceId AND instance_id = @instanceId`,
    ).get(params) as CachedNode | undefined;
    return row ?? null;
  },

  /** Display names of cached nodes by instance id; ids the cache does not hold are left out. */
  nodeNames(db: Database, params: { workspaceId: string; instanceIds: string[] }): Record<string, string> {
    const out: Record<string, string> = {};
    const ids = [...new Set(params.instanceIds)];
    for (let i = 0; i < ids.length; i += NAME_LOOKUP_SLICE) {
      const slice = ids.slice(i, i + NAME_LOOKUP_SLICE);
      const named = Object.fromEntries(slice.map((id, n) => [`id${n}`, id]));
      const sql = `SELECT instance_id AS instanceId, ${DISPLAY_NAME} AS name FROM nodes WHERE workspace_id = @workspaceId AND instance_id IN (${slice
        .map((_, n) => `@id${n}`)
        .join(', ')})`;
      for (const row of prepareCached(db, sql).all({ workspaceId: params.workspaceId, ...named }) as Array<{ instanceId: string; name: string }>) {
        out[row.instanceId] = row.name;
      }
    }
    return out;
  },

  /** Writes the open half of a session's record; a session id is recorded once. */
  recordOpened(db: Database, params: SessionOpening): void {
    if (!params.sessionId || !params.workspaceId || !params.instanceId) {
      throw new ValidationError('A session record needs a session id, a workspace and an instance id.');
    }
    prepareCached(
      db,
      `INSERT INTO session_records (session_id, workspace_id, instance_id, node_name, owner_arn, operator, started_at)
       VALUES (@sessionId, @workspaceId, @instanceId, @nodeName, @ownerArn, @operator, @startedAt)`,
    ).run(params);
  },

  /** Fills in the caller ARN once it is known; a known owner is never replaced. */
  recordOwner(db: Database, params: { sessionId: string; ownerArn: string }): { updated: boolean } {
    const { changes } = prepareCached(
      db,
      "UPDATE session_records SET owner_arn = @ownerArn WHERE session_id = @sessionId AND owner_arn = ''",
    ).run(params);
    return { updated: changes > 0 };
  },

  /** Completes a record with how the session ended; only the first close counts. */
  recordClosed(db: Database, params: SessionClosing): { updated: boolean } {
    const { changes } = prepareCached(
      db,
      `UPDATE session_records SET ended_at = @endedAt, exit_code = @exitCode, close_reason = @closeReason
       WHERE session_id = @sessionId AND close_reason IS NULL`,
    ).run(params);
    return { updated: changes > 0 };
  },

  /**
   * Records left open by a previous run that ended without closing them (a crash, a killed
   * process): they get a reason but no end time, since nobody saw the end.
   */
  markInterrupted(db: Database, params: { closeReason: string; exceptSessionIds: string[] }): { marked: number } {
    const keep = new Set(params.exceptSessionIds);
    const open = prepareCached(db, 'SELECT session_id AS sessionId FROM session_records WHERE close_reason IS NULL').all() as Array<{
      sessionId: string;
    }>;
    const close = prepareCached(db, 'UPDATE session_records SET close_reason = @closeReason WHERE session_id = @sessionId AND close_reason IS NULL');
    let marked = 0;
    db.transaction(() => {
      for (const { sessionId } of open) {
        if (keep.has(sessionId)) continue;
        marked += close.run({ sessionId, closeReason: params.closeReason }).changes;
      }
    })();
    return { marked };
  },

  /** A workspace's records, newest first: still open ('Active') or closed ('History'). */
  listRecords(db: Database, params: { workspaceId: string; state: 'Active' | 'History'; limit: number }): StoredSessionRecord[] {
    const where = params.state === 'Active' ? 'close_reason IS NULL' : 'close_reason IS NOT NULL';
    return prepareCached(
      db,
      `SELECT ${recordColumns} FROM session_records WHERE workspace_id = @workspaceId AND ${where}
       ORDER BY started_at DESC, session_id LIMIT @limit`,
    ).all({ workspaceId: params.workspaceId, limit: params.limit }) as StoredSessionRecord[];
  },

  /** One record by session id, or null. */
  getRecord(db: Database, params: { sessionId: string }): StoredSessionRecord | null {
    const row = prepareCached(db, `SELECT ${recordColumns} FROM session_records WHERE session_id = @sessionId`).get(params) as
      | StoredSessionRecord
      | undefined;
    return row ?? null;
  },
};
