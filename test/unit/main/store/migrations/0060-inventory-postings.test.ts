import Sqlite from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inventoryRepo } from '../../../../../main/inventory/inventory-repo';
import { migrate, schemaVersion } from '../../../../../main/store/migrate';
import { migrations } from '../../../../../main/store/migrations/index';

let db: Database;
beforeEach(() => {
  db = new Sqlite(':memory:');
});
afterEach(() => db.close());

/** A node with two applications and a tag as the 0050 schema stored them, written with raw SQL. */
function seedVersion50(): void {
  db.exec(`
    INSERT INTO inventory_terms (term_id, type_name, platform_type, name, version, publisher, detail, family, product, major) VALUES
      (1, 'AWS:Application', 'Linux', 'java-17-amazon-corretto-headless', '17.0.9', 'Amazon', '', 'Java', 'Java 17', '17'),
      (2, 'AWS:Application', 'Linux', 'nginx', '1.24.0', 'nginx', '', NULL, NULL, NULL),
      (3, 'AWS:Tag', '', 'Role', 'web', '', '', NULL, NULL, NULL);
    INSERT INTO inventory_terms_fts (rowid, name, version, publisher, detail) SELECT term_id, name, version, publisher, detail FROM inventory_terms;
    INSERT INTO inventory_nodes (node_id, workspace_id, instance_id, platform_type, capture_time, synced_at) VALUES (7, 'training', 'i-1', 'Linux', 100, 200);
    INSERT INTO inventory_rows (node_id, type_name, seq, term_id, attributes_json, capture_time, synced_at) VALUES
      (7, 'AWS:Application', 1, 2, '{"Name":"nginx","Version":"1.24.0"}', 100, 200),
      (7, 'AWS:Application', 0, 1, '{"Name":"java-17-amazon-corretto-headless","Version":"17.0.9"}', 100, 200),
      (7, 'AWS:Tag', 0, 3, '{"Key":"Role","Value":"web"}', 90, 200);
    INSERT INTO inventory_type_state (node_id, type_name, capture_time, row_count, skipped_count, synced_at) VALUES
      (7, 'AWS:Application', 100, 2, 0, 200), (7, 'AWS:Tag', 90, 1, 0, 200);
  `);
}

describe('0060-inventory-postings', () => {
  it('keeps every row with its capture and sync time, and gathers each type’s entries in order', () => {
    migrate(db, migrations, { upTo: 50 });
    seedVersion50();
    expect(migrate(db, migrations, { upTo: 60 })).toEqual({ from: 50, to: 60 });
    // Read before 0080 deflates the entries.
    expect(schemaVersion(db)).toBe(60);
    expect(db.prepare('SELECT term_id, node_id, seq, capture_time, synced_at FROM inventory_rows ORDER BY term_id').all()).toEqual([
      { term_id: 1, node_id: 7, seq: 0, capture_time: 100, synced_at: 200 },
      { term_id: 2, node_id: 7, seq: 1, capture_time: 100, synced_at: 200 },
      { term_id: 3, node_id: 7, seq: 0, capture_time: 90, synced_at: 200 },
    ]);
    const app = db.prepare("SELECT term_ids, entries_json FROM inventory_type_state WHERE type_name = 'AWS:Application'").get() as { term_ids: string; entries_json: string };
    expect(JSON.parse(app.term_ids)).toEqual([1, 2]);
    expect(JSON.parse(app.entries_json)).toEqual([
      { Name: 'java-17-amazon-corretto-headless', Version: '17.0.9' },
      { Name: 'nginx', Version: '1.24.0' },
    ]);
  });

  it('leaves a migrated cache searchable, and a later sync of the node replaces its old rows', () => {
    migrate(db, migrations, { upTo: 50 });
    seedVersion50();
    migrate(db, migrations);
    const java = inventoryRepo.search(db, { workspaceIds: ['training'], keyword: 'corretto' });
    expect(java.groups).toEqual([expect.objectContaining({ name: 'java-17-amazon-corretto-headless', nodeCount: 1, rowCount: 1 })]);
    expect(inventoryRepo.versionShare(db, { workspaceIds: ['training'], family: 'Java' }).slices).toEqual([{ product: 'Java 17', major: '17', nodeCount: 1 }]);

    inventoryRepo.writeNodes(db, {
      workspaceId: 'training',
      syncedAt: 300,
      nodes: [{ instanceId: 'i-1', platformType: 'Linux', captureTime: null, types: [{ typeName: 'AWS:Application', captureTime: null, entries: [{ Name: 'nginx', Version: '1.26.0' }] }] }],
    });
    expect(inventoryRepo.search(db, { workspaceIds: ['training'], keyword: 'corretto' }).groups).toEqual([]);
    expect(db.prepare('SELECT COUNT(*) FROM inventory_rows').pluck().get()).toBe(1);
    expect(inventoryRepo.syncStatus(db, { workspaceId: 'training' })).toMatchObject({ nodes: 1, rows: 1 });
  });
});
