import type { Migration } from '../migrate';

/**
 * Halves the inventory postings (issue 4's ≥ 200,000 rows/s write budget). A posting of 0060
 * carried its entry's capture and sync time, about 30 bytes a row. Those two values are the same
 * for every row of one node and type, and `inventory_type_state` already holds them per node and
 * type: the readers now take them from there (the row's term names its type), so a row is only
 * its key, about 13 bytes.
 *
 * Why it pays: the table is clustered by term, so a 40,000-row sync transaction touches one page
 * per distinct term it writes, which on a 10,000-node fleet is most of the table: each commit
 * rewrote ~3,700 of 5,300 pages into the WAL (scratch harness). Half the bytes per row is half
 * the pages every commit and checkpoint copies, and two fewer values to bind per row.
 *
 * Existing caches keep every row (and, through their type state, its times).
 */
export const inventoryLeanPostingsMigration: Migration = {
  version: 90,
  name: 'inventory-lean-postings',
  up(db) {
    db.exec(`
      CREATE TABLE inventory_postings (
        term_id INTEGER NOT NULL,
        node_id INTEGER NOT NULL,
        seq     INTEGER NOT NULL,
        PRIMARY KEY (term_id, node_id, seq)
      ) WITHOUT ROWID;
      INSERT INTO inventory_postings (term_id, node_id, seq)
        SELECT term_id, node_id, seq FROM inventory_rows ORDER BY term_id, node_id, seq;
      DROP TABLE inventory_rows;
      ALTER TABLE inventory_postings RENAME TO inventory_rows;
    `);
  },
};
