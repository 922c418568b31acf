import type { Migration } from '../migrate';

/**
 * The inventory cache (issue 4): every row of every synced type per workspace and node, the
 * per-node and per-type sync state that makes the sync incremental and resumable, and a trigram
 * FTS5 index for keyword search.
 *
 * Rows point at a `inventory_terms` dictionary of the distinct (type, name, version, publisher,
 * detail) a fleet reports, and only the dictionary is full-text indexed. 10,000 nodes × 150 apps
 * is 1.5 M rows but a few thousand terms: a trigram index over every row would cost ~7 s per
 * million rows to build (stack-notes), which alone breaks the 200,000 rows/s write budget, while
 * one over the terms costs milliseconds and still gives substring and prefix matches (trigram,
 * case-insensitive). The normalised family/product/major of an AWS:Application row depend only on
 * its name, publisher, version and platform, so they are computed once per term at write time.
 */
export const inventoryMigration: Migration = {
  version: 50,
  name: 'inventory',
  up(db) {
    db.exec(`
      CREATE TABLE inventory_terms (
        term_id       INTEGER PRIMARY KEY,
        type_name     TEXT NOT NULL,
        -- Only AWS:Application terms carry a platform (the normaliser reads it); '' otherwise.
        platform_type TEXT NOT NULL,
        name          TEXT NOT NULL,
        version       TEXT NOT NULL,
        publisher     TEXT NOT NULL,
        detail        TEXT NOT NULL,
        family        TEXT,
        product       TEXT,
        major         TEXT,
        UNIQUE (type_name, platform_type, name, version, publisher, detail)
      );
      CREATE INDEX inventory_terms_by_family ON inventory_terms (family, major) WHERE family IS NOT NULL;

      CREATE VIRTUAL TABLE inventory_terms_fts USING fts5(
        name, version, publisher, detail,
        content = 'inventory_terms', content_rowid = 'term_id',
        tokenize = 'trigram'
      );

      -- One row per node whose inventory is stored completely; capture_time decides re-fetching.
      -- node_id keeps the 1.5 M row keys and the term index small (integers, not two id strings).
      CREATE TABLE inventory_nodes (
        node_id       INTEGER PRIMARY KEY,
        workspace_id  TEXT    NOT NULL,
        instance_id   TEXT    NOT NULL,
        platform_type TEXT    NOT NULL,
        capture_time  INTEGER,
        synced_at     INTEGER NOT NULL,
        error_json    TEXT,
        UNIQUE (workspace_id, instance_id)
      );

      -- Clustered by node: a node's rows are replaced together and read together on drill-down.
      CREATE TABLE inventory_rows (
        node_id         INTEGER NOT NULL,
        type_name       TEXT    NOT NULL,
        seq             INTEGER NOT NULL,
        term_id         INTEGER NOT NULL,
        attributes_json TEXT    NOT NULL,
        capture_time    INTEGER,
        synced_at       INTEGER NOT NULL,
        PRIMARY KEY (node_id, type_name, seq)
      ) WITHOUT ROWID;
      CREATE INDEX inventory_rows_by_term ON inventory_rows (term_id, node_id);

      CREATE TABLE inventory_type_state (
        node_id       INTEGER NOT NULL,
        type_name     TEXT    NOT NULL,
        capture_time  INTEGER,
        row_count     INTEGER NOT NULL,
        skipped_count INTEGER NOT NULL,
        synced_at     INTEGER NOT NULL,
        PRIMARY KEY (node_id, type_name)
      ) WITHOUT ROWID;

      CREATE TABLE inventory_sync (
        workspace_id    TEXT PRIMARY KEY,
        last_synced_at  INTEGER,
        last_attempt_at INTEGER,
        last_error_json TEXT
      );
    `);
  },
};
