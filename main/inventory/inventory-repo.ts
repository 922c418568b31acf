import type { Database } from 'better-sqlite3';
import type { ErrorInfo } from '../../preload/contract/define';
import { prepareCached } from '../store/statement-cache';
import { captureTimeMs, mapEntry, normaliseTerm, type InventoryTerm } from './inventory-mapping';
import { searchInventory, searchInventoryNodes, versionShare } from './inventory-search';

/** One node's inventory as a sync fetched it: every synced type, raw entries as AWS sent them. */
export interface NodeInventoryWrite {
  instanceId: string;
  platformType: string;
  /** The node's capture time (AWS:InstanceInformation's), as AWS spells it; decides re-fetching. */
  captureTime: string | null;
  types: Array<{ typeName: string; captureTime: string | null; entries: unknown[] }>;
}

/** What one write stored. */
export interface WriteResult {
  nodes: number;
  rows: number;
  /** Entries that were not objects or had no identifying attribute. */
  skipped: number;
}

/** What the cache holds for a workspace, for the staleness banner. */
export interface InventorySyncStatus {
  lastSyncedAt: number | null;
  lastAttemptAt: number | null;
  lastError: ErrorInfo | null;
  nodes: number;
  rows: number;
  oldestCaptureAt: number | null;
  newestCaptureAt: number | null;
}

// Term ids by key, per connection: a sync writes the same few thousand terms over and over.
const termCaches = new WeakMap<Database, Map<string, number>>();

function termKey(t: InventoryTerm): string {
  return `${t.typeName}\u0000${t.platformType}\u0000${t.name}\u0000${t.version}\u0000${t.publisher}\u0000${t.detail}`;
}

function termId(db: Database, cache: Map<string, number>, term: InventoryTerm): number {
  const key = termKey(term);
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const found = prepareCached(
    db,
    `SELECT term_id AS id FROM inventory_terms WHERE type_name = @typeName AND platform_type = @platformType
       AND name = @name AND version = @version AND publisher = @publisher AND detail = @detail`,
  ).get(term) as { id: number } | undefined;
  let id = found?.id;
  if (id === undefined) {
    const n = normaliseTerm(term);
    id = Number(
      prepareCached(
        db,
        `INSERT INTO inventory_terms (type_name, platform_type, name, version, publisher, detail, family, product, major)
         VALUES (@typeName, @platformType, @name, @version, @publisher, @detail, @family, @product, @major)`,
      ).run(n).lastInsertRowid,
    );
    prepareCached(
      db,
      `INSERT INTO inventory_terms_fts (rowid, name, version, publisher, detail) VALUES (@id, @name, @version, @publisher, @detail)`,
    ).run({ id, name: term.name, version: term.version, publisher: term.publisher, detail: term.detail });
  }
  cache.set(key, id);
  return id;
}

/** Replaces the stored inventory of each node (all types) and marks it complete, in one transaction. */
function writeNodes(db: Database, params: { workspaceId: string; syncedAt: number; nodes: NodeInventoryWrite[] }): WriteResult {
  let cache = termCaches.get(db);
  if (!cache) {
    cache = new Map();
    termCaches.set(db, cache);
  }
  const terms = cache;
  const { workspaceId, syncedAt } = params;
  const upsertNode = prepareCached(
    db,
    `INSERT INTO inventory_nodes (workspace_id, instance_id, platform_type, capture_time, synced_at, error_json)
     VALUES (@workspaceId, @instanceId, @platformType, @captureTime, @syncedAt, @errorJson)
     ON CONFLICT (workspace_id, instance_id) DO UPDATE SET platform_type = excluded.platform_type,
       capture_time = excluded.capture_time, synced_at = excluded.synced_at, error_json = excluded.error_json
     RETURNING node_id`,
  ).pluck();
  const setNodeError = prepareCached(db, 'UPDATE inventory_nodes SET error_json = @errorJson WHERE node_id = @nodeId');
  const deleteRows = prepareCached(db, 'DELETE FROM inventory_rows WHERE node_id = @nodeId');
  const deleteTypes = prepareCached(db, 'DELETE FROM inventory_type_state WHERE node_id = @nodeId');
  const insertRow = prepareCached(
    db,
    `INSERT INTO inventory_rows (node_id, type_name, seq, term_id, attributes_json, capture_time, synced_at)
     VALUES (@nodeId, @typeName, @seq, @termId, @attributesJson, @captureTime, @syncedAt)`,
  );
  const insertType = prepareCached(
    db,
    `INSERT INTO inventory_type_state (node_id, type_name, capture_time, row_count, skipped_count, synced_at)
     VALUES (@nodeId, @typeName, @captureTime, @rows, @skipped, @syncedAt)`,
  );
  const run = db.transaction((): WriteResult => {
    let rows = 0;
    let skipped = 0;
    for (const node of params.nodes) {
      const nodeId = upsertNode.get({
        workspaceId,
        instanceId: node.instanceId,
        platformType: node.platformType,
        captureTime: captureTimeMs(node.captureTime),
        syncedAt,
        errorJson: null,
      }) as number;
      deleteRows.run({ nodeId });
      deleteTypes.run({ nodeId });
      let nodeSkipped = 0;
      // One params object reused for every row: this loop runs 1.5 M times on a big fleet.
      const row = { nodeId, typeName: '', seq: 0, termId: 0, attributesJson: '', captureTime: null as number | null, syncedAt };
      for (const type of node.types) {
        row.typeName = type.typeName;
        row.captureTime = captureTimeMs(type.captureTime);
        row.seq = 0;
        let typeSkipped = 0;
        const entries = Array.isArray(type.entries) ? type.entries : [];
        for (const entry of entries) {
          const mapped = mapEntry(type.typeName, node.platformType, entry);
          if (!mapped) {
            typeSkipped += 1;
            continue;
          }
          row.termId = termId(db, terms, mapped.term);
          row.attributesJson = mapped.attributesJson;
          insertRow.run(row);
          row.seq += 1;
        }
        insertType.run({ nodeId, typeName: type.typeName, captureTime: row.captureTime, rows: row.seq, skipped: typeSkipped, syncedAt });
        rows += row.seq;
        nodeSkipped += typeSkipped;
      }
      skipped += nodeSkipped;
      if (nodeSkipped) {
        setNodeError.run({
          nodeId,
          errorJson: JSON.stringify({ code: 'MalformedEntries', message: `${nodeSkipped} malformed inventory entries were skipped.` }),
        });
      }
    }
    return { nodes: params.nodes.length, rows, skipped };
  });
  try {
    return run();
  } catch (error) {
    // Term ids inserted by the rolled-back transaction no longer exist.
    termCaches.delete(db);
    throw error;
  }
}

/** The nodes among `nodes` whose stored capture time differs from the one AWS reports now (or that were never stored). */
function staleNodes(db: Database, params: { workspaceId: string; nodes: Array<{ instanceId: string; captureTime: string | null }> }): string[] {
  const read = prepareCached(
    db,
    'SELECT capture_time AS captureTime FROM inventory_nodes WHERE workspace_id = @workspaceId AND instance_id = @instanceId',
  );
  const stale: string[] = [];
  for (const node of params.nodes) {
    const stored = read.get({ workspaceId: params.workspaceId, instanceId: node.instanceId }) as { captureTime: number | null } | undefined;
    if (!stored || stored.captureTime === null || stored.captureTime !== captureTimeMs(node.captureTime)) stale.push(node.instanceId);
  }
  return stale;
}

/** Drops the inventory of nodes AWS no longer reports (call only after a complete listing). */
function pruneNodes(db: Database, params: { workspaceId: string; keepIds: string[] }): { removed: number } {
  const keep = new Set(params.keepIds);
  const known = prepareCached(db, 'SELECT node_id AS nodeId, instance_id AS instanceId FROM inventory_nodes WHERE workspace_id = @workspaceId').all({
    workspaceId: params.workspaceId,
  }) as Array<{ nodeId: number; instanceId: string }>;
  const gone = known.filter((n) => !keep.has(n.instanceId));
  db.transaction(() => {
    for (const { nodeId } of gone) {
      prepareCached(db, 'DELETE FROM inventory_rows WHERE node_id = @nodeId').run({ nodeId });
      prepareCached(db, 'DELETE FROM inventory_type_state WHERE node_id = @nodeId').run({ nodeId });
      prepareCached(db, 'DELETE FROM inventory_nodes WHERE node_id = @nodeId').run({ nodeId });
    }
  })();
  return { removed: gone.length };
}

/** Records how a sync of the workspace ended; a success also stamps lastSyncedAt. */
function recordSyncResult(db: Database, params: { workspaceId: string; finishedAt: number; error: ErrorInfo | null }): void {
  prepareCached(
    db,
    `INSERT INTO inventory_sync (workspace_id, last_synced_at, last_attempt_at, last_error_json)
     VALUES (@workspaceId, CASE WHEN @errorJson IS NULL THEN @finishedAt END, @finishedAt, @errorJson)
     ON CONFLICT (workspace_id) DO UPDATE SET
       last_synced_at = CASE WHEN @errorJson IS NULL THEN @finishedAt ELSE last_synced_at END,
       last_attempt_at = @finishedAt, last_error_json = @errorJson`,
  ).run({ workspaceId: params.workspaceId, finishedAt: params.finishedAt, errorJson: params.error ? JSON.stringify(params.error) : null });
}

/** How much the cache holds for the workspace and how old it is. */
function syncStatus(db: Database, params: { workspaceId: string }): InventorySyncStatus {
  const sync = prepareCached(
    db,
    `SELECT last_synced_at AS lastSyncedAt, last_attempt_at AS lastAttemptAt, last_error_json AS lastErrorJson
     FROM inventory_sync WHERE workspace_id = @workspaceId`,
  ).get(params) as { lastSyncedAt: number | null; lastAttemptAt: number | null; lastErrorJson: string | null } | undefined;
  const nodes = prepareCached(
    db,
    `SELECT COUNT(*) AS nodes, MIN(capture_time) AS oldest, MAX(capture_time) AS newest
     FROM inventory_nodes WHERE workspace_id = @workspaceId`,
  ).get(params) as { nodes: number; oldest: number | null; newest: number | null };
  const rows = prepareCached(
    db,
    `SELECT COALESCE(SUM(t.row_count), 0) FROM inventory_nodes s JOIN inventory_type_state t ON t.node_id = s.node_id
     WHERE s.workspace_id = @workspaceId`,
  )
    .pluck()
    .get(params) as number;
  return {
    lastSyncedAt: sync?.lastSyncedAt ?? null,
    lastAttemptAt: sync?.lastAttemptAt ?? null,
    lastError: sync?.lastErrorJson ? (JSON.parse(sync.lastErrorJson) as ErrorInfo) : null,
    nodes: nodes.nodes,
    rows,
    oldestCaptureAt: nodes.oldest,
    newestCaptureAt: nodes.newest,
  };
}

/** The inventory repo: runs in the store worker, one params object per call. */
export const inventoryRepo = {
  writeNodes,
  staleNodes,
  pruneNodes,
  recordSyncResult,
  syncStatus,
  search: searchInventory,
  searchNodes: searchInventoryNodes,
  versionShare,
};
