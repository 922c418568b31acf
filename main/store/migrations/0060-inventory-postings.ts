import type { Migration } from '../migrate';

/**
 * Makes inventory rows cheap to write (issue 4, ≥ 200,000 rows/s). A row of 0050 carried its
 * entry's attributes as JSON and sat in two B-trees (its primary key by node and an index by term,
 * inserted in random order): 44–47k rows/s. Now:
 *
 * - `inventory_rows` is only the (term, node) posting the searches join on, with the row's capture
 *   and sync time, clustered by term: the search, drill-down, chart and licence queries read it by
 *   term_id exactly as before, and there is no second index to keep up. `seq` is the entry's
 *   position among its node's entries of that type (a term belongs to one type), so a node that
 *   lists the same package twice keeps two rows. The unread `type_name` column is gone: the term has it.
 * - A node's entries of one type are one `entries_json` array in `inventory_type_state`, beside
 *   `term_ids`, the term of each entry in the same order: replacing or pruning a node deletes its
 *   postings by key from that list.
 *
 * Existing caches keep every row: the attributes and term lists are gathered per node and type in
 * seq order before the old table goes.
 */
export const inventoryPostingsMigration: Migration = {
  version: 60,
  name: 'inventory-postings',
  up(db) {
    db.exec(`
      ALTER TABLE inventory_type_state ADD COLUMN term_ids TEXT NOT NULL DEFAULT '[]';
      ALTER TABLE inventory_type_state ADD COLUMN entries_json TEXT NOT NULL DEFAULT '[]';
      UPDATE inventory_type_state AS s SET
        term_ids = (SELECT json_group_array(term_id) FROM (
          SELECT r.term_id FROM inventory_rows r WHERE r.node_id = s.node_id AND r.type_name = s.type_name ORDER BY r.seq)),
        entries_json = (SELECT json_group_array(json(attributes_json)) FROM (
          SELECT r.attributes_json FROM inventory_rows r WHERE r.node_id = s.node_id AND r.type_name = s.type_name ORDER BY r.seq));

      CREATE TABLE inventory_postings (
        term_id      INTEGER NOT NULL,
        node_id      INTEGER NOT NULL,
        seq          INTEGER NOT NULL,
        capture_time INTEGER,
        synced_at    INTEGER NOT NULL,
        PRIMARY KEY (term_id, node_id, seq)
      ) WITHOUT ROWID;
      INSERT INTO inventory_postings (term_id, node_id, seq, capture_time, synced_at)
        SELECT term_id, node_id, seq, capture_time, synced_at FROM inventory_rows ORDER BY term_id, node_id, seq;
      DROP TABLE inventory_rows;
      ALTER TABLE inventory_postings RENAME TO inventory_rows;
    `);
  },
};
