import type { Database, Statement } from 'better-sqlite3';
import type { ErrorInfo } from '../../preload/contract/define';
import { prepareCached } from '../store/statement-cache';
import { captureTimeMs, normaliseTerm, type InventoryTerm } from './inventory-mapping';
import { searchInventory, searchInventoryNodes, versionShare } from './inventory-search';
import { decodeBatch, inflateEntries, WriteBatchBuilder, type BatchNode, type BatchType, type DecodedBatch } from './sync/write-batch';

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
  /** Time the store worker spent in the write (its transaction included), for the bench's rows/s. */
  ms: number;
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
  const builder = new WriteBatchBuilder();
  for (const node of Array.isArray(params.nodes) ? params.nodes : []) builder.add(node);
  return writeDecoded(db, params.workspaceId, params.syncedAt, decodeBatch(builder.encode()));
}

// Rows per multi-row INSERT: 100 × 3 parameters stays far below SQLite's 32,766-parameter limit.
const rowsPerInsert = 100;
const multiRowValues = Array.from({ length: rowsPerInsert }, () => '(?, ?, ?)').join(', ');

const typeStateColumns = 'node_id, type_name, capture_time, row_count, skipped_count, synced_at, term_ids, entries_deflated';
// Type state rows per multi-row INSERT (8 parameters each).
const typesPerInsert = 32;
const multiTypeValues = Array.from({ length: typesPerInsert }, () => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ');

/** writeNodes for a batch the fetch worker already mapped and encoded (see sync/write-batch). */
function writeBatch(db: Database, params: { workspaceId: string; syncedAt: number; batch: Uint8Array }): WriteResult {
  return writeDecoded(db, params.workspaceId, params.syncedAt, decodeBatch(params.batch));
}

function writeDecoded(db: Database, workspaceId: string, syncedAt: number, batch: DecodedBatch): WriteResult {
  let terms = termCaches.get(db);
  if (!terms) {
    terms = new Map();
    termCaches.set(db, terms);
  }
  const cache = terms;
  const upsertNode = prepareCached(
    db,
    `INSERT INTO inventory_nodes (workspace_id, instance_id, platform_type, capture_time, synced_at, error_json)
     VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (workspace_id, instance_id) DO UPDATE SET platform_type = excluded.platform_type,
       capture_time = excluded.capture_time, synced_at = excluded.synced_at, error_json = excluded.error_json
     RETURNING node_id`,
  ).pluck();
  // Positional parameters: binding by name costs a lookup per value, and this runs per row.
  // A posting is only its key: its capture and sync time are its node's and type's (inventory_type_state).
  const insertRow = prepareCached(db, 'INSERT INTO inventory_rows (term_id, node_id, seq) VALUES (?, ?, ?)');
  const insertRows = prepareCached(db, `INSERT INTO inventory_rows (term_id, node_id, seq) VALUES ${multiRowValues}`);
  const insertType = prepareCached(db, `INSERT INTO inventory_type_state (${typeStateColumns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertTypes = prepareCached(db, `INSERT INTO inventory_type_state (${typeStateColumns}) VALUES ${multiTypeValues}`);
  const run = db.transaction((): Omit<WriteResult, 'ms'> => {
    const ids = batch.terms.map((term) => termId(db, cache, term));
    // A node listed twice in one batch is written once, as last listed: its type state is inserted
    // after later nodes are read, so an earlier copy would otherwise not be replaced.
    const last = new Map<string, BatchNode>();
    for (const node of batch.nodes) last.set(node.instanceId, node);
    const written: Array<{ nodeId: number; types: BatchType[] }> = [];
    // Type state rows, eight values each, inserted typesPerInsert at a time (one statement per
    // type was ~a fifth of the write's CPU, the scratch harness says).
    const typeValues: unknown[] = [];
    let rows = 0;
    let skipped = 0;
    for (const node of last.values()) {
      let nodeSkipped = 0;
      for (const type of node.types) nodeSkipped += type.skipped;
      const errorJson = nodeSkipped
        ? JSON.stringify({ code: 'MalformedEntries', message: `${nodeSkipped} malformed inventory entries were skipped.` })
        : null;
      const nodeId = upsertNode.get(workspaceId, node.instanceId, node.platformType, node.captureTime, syncedAt, errorJson) as number;
      deleteNodeRows(db, nodeId);
      for (const type of node.types) {
        const termIds = type.terms.map((index) => ids[index] as number);
        const entries = batch.entriesDeflated(type);
        // A Buffer view of the batch's bytes binds as a BLOB without another copy in JS.
        const blob = Buffer.from(entries.buffer, entries.byteOffset, entries.byteLength);
        typeValues.push(nodeId, type.typeName, type.captureTime, termIds.length, type.skipped, syncedAt, JSON.stringify(termIds), blob);
        if (typeValues.length === typesPerInsert * 8) {
          insertTypes.run(typeValues);
          typeValues.length = 0;
        }
        rows += termIds.length;
      }
      written.push({ nodeId, types: node.types });
      skipped += nodeSkipped;
    }
    for (let at = 0; at < typeValues.length; at += 8) insertType.run(typeValues.slice(at, at + 8));
    insertPostings(insertRows, insertRow, ids, written, rows);
    return { nodes: written.length, rows, skipped };
  });
  try {
    const started = performance.now();
    const result = run();
    return { ...result, ms: performance.now() - started };
  } catch (error) {
    // Term ids inserted by the rolled-back transaction no longer exist.
    termCaches.delete(db);
    throw error;
  }
}

/**
 * Inserts a batch's postings in key order (term id, node id, seq). Rows are clustered by term:
 * in key order, each term's run of pages is touched once per batch instead of once per node.
 * A counting sort by term (the batch's terms are distinct, so each is one bucket) over the nodes
 * in id order gives that order in linear time; a comparison sort of 40,000 rows was ~9 % of the write.
 */
function insertPostings(insertRows: Statement, insertRow: Statement, ids: number[], nodes: Array<{ nodeId: number; types: BatchType[] }>, rows: number): void {
  // Bucket of each batch term, in term id order.
  const starts = new Int32Array(ids.length);
  for (const node of nodes) for (const type of node.types) for (const index of type.terms) starts[index] = (starts[index] as number) + 1;
  const byId = Array.from(ids.keys()).sort((a, b) => (ids[a] as number) - (ids[b] as number));
  let at = 0;
  for (const index of byId) {
    const count = starts[index] as number;
    starts[index] = at;
    at += count;
  }
  const termOf = new Float64Array(rows);
  const nodeOf = new Float64Array(rows);
  const seqOf = new Int32Array(rows);
  // Within a term, rows land in the order visited: nodes by id, then seq (a term has one type).
  for (const { nodeId, types } of [...nodes].sort((a, b) => a.nodeId - b.nodeId)) {
    for (const type of types) {
      const terms = type.terms;
      for (let seq = 0; seq < terms.length; seq += 1) {
        const index = terms[seq] as number;
        const slot = starts[index] as number;
        starts[index] = slot + 1;
        termOf[slot] = ids[index] as number;
        nodeOf[slot] = nodeId;
        seqOf[slot] = seq;
      }
    }
  }
  // Many rows per statement: one call into SQLite per row costs more than the row itself (a scratch
  // bench of 1.45 M postings: ~206k rows/s one per call, ~249k with 100 per call, on a loaded machine).
  const values: number[] = new Array<number>(rowsPerInsert * 3);
  let next = 0;
  for (; next + rowsPerInsert <= rows; next += rowsPerInsert) {
    for (let i = 0; i < rowsPerInsert; i += 1) {
      values[i * 3] = termOf[next + i] as number;
      values[i * 3 + 1] = nodeOf[next + i] as number;
      values[i * 3 + 2] = seqOf[next + i] as number;
    }
    insertRows.run(values);
  }
  for (; next < rows; next += 1) insertRow.run(termOf[next], nodeOf[next], seqOf[next]);
}

/** Deletes a node's rows and type state; its rows are found by key from the term list of each type. */
function deleteNodeRows(db: Database, nodeId: number): void {
  const types = prepareCached(db, 'SELECT term_ids FROM inventory_type_state WHERE node_id = ?').pluck().all(nodeId) as string[];
  if (types.length === 0) return;
  const deleteRow = prepareCached(db, 'DELETE FROM inventory_rows WHERE term_id = ? AND node_id = ? AND seq = ?');
  for (const json of types) {
    const termIds = JSON.parse(json) as number[];
    for (let seq = 0; seq < termIds.length; seq += 1) deleteRow.run(termIds[seq], nodeId, seq);
  }
  prepareCached(db, 'DELETE FROM inventory_type_state WHERE node_id = ?').run(nodeId);
}

/**
 * The listed nodes whose stored capture time differs from the one AWS reports now (or that were
 * never stored). Parallel arrays, not an object per node: 10,000 of them cross threads cheaply.
 */
function staleNodes(db: Database, params: { workspaceId: string; instanceIds: string[]; captureTimes: Array<string | null> }): string[] {
  const read = prepareCached(db, 'SELECT capture_time FROM inventory_nodes WHERE workspace_id = ? AND instance_id = ?').pluck();
  const stale: string[] = [];
  params.instanceIds.forEach((instanceId, i) => {
    const stored = read.get(params.workspaceId, instanceId) as number | null | undefined;
    if (stored === undefined || stored === null || stored !== captureTimeMs(params.captureTimes[i])) stale.push(instanceId);
  });
  return stale;
}

/** A node's stored entries of one type, attributes as AWS sent them (made safe at write); [] when none are stored. */
function nodeEntries(db: Database, params: { workspaceId: string; instanceId: string; typeName: string }): unknown[] {
  const stored = prepareCached(
    db,
    `SELECT t.entries_deflated FROM inventory_nodes n JOIN inventory_type_state t ON t.node_id = n.node_id
     WHERE n.workspace_id = @workspaceId AND n.instance_id = @instanceId AND t.type_name = @typeName`,
  )
    .pluck()
    .get(params) as Uint8Array | undefined;
  return stored ? inflateEntries(stored) : [];
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
      deleteNodeRows(db, nodeId);
      prepareCached(db, 'DELETE FROM inventory_nodes WHERE node_id = ?').run(nodeId);
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
  writeBatch,
  staleNodes,
  pruneNodes,
  recordSyncResult,
  syncStatus,
  nodeEntries,
  search: searchInventory,
  searchNodes: searchInventoryNodes,
  versionShare,
};
