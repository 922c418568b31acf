import { deflateRawSync } from 'node:zlib';
import type { Migration } from '../migrate';

/**
 * Stores each node's raw entries of a type deflated (issue 4's write budget): the fetch worker
 * compresses them, so the store worker's transaction writes about a fifth of the bytes, and a
 * 10,000-node cache shrinks by hundreds of megabytes. Existing rows are compressed here, in the
 * migration's transaction, so every value of the new column is a deflated JSON array.
 */
export const inventoryEntriesDeflatedMigration: Migration = {
  version: 80,
  name: 'inventory-entries-deflated',
  up(db) {
    db.exec(`ALTER TABLE inventory_type_state ADD COLUMN entries_deflated BLOB NOT NULL DEFAULT x''`);
    const rows = db.prepare('SELECT node_id AS nodeId, type_name AS typeName, entries_json AS json FROM inventory_type_state').all() as Array<{
      nodeId: number;
      typeName: string;
      json: string;
    }>;
    const update = db.prepare('UPDATE inventory_type_state SET entries_deflated = ? WHERE node_id = ? AND type_name = ?');
    for (const row of rows) update.run(deflateRawSync(Buffer.from(row.json, 'utf8'), { level: 1 }), row.nodeId, row.typeName);
    db.exec('ALTER TABLE inventory_type_state DROP COLUMN entries_json');
  },
};
