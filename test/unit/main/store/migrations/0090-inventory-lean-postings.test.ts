import Sqlite from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inventoryRepo } from '../../../../../main/inventory/inventory-repo';
import { licenceRepo } from '../../../../../main/licences/licence-repo';
import { migrate, schemaVersion } from '../../../../../main/store/migrate';
import { migrations } from '../../../../../main/store/migrations/index';

let db: Database;
beforeEach(() => {
  db = new Sqlite(':memory:');
});
afterEach(() => db.close());

/** Two nodes as the 0080 schema stored them: postings with their own capture and sync time. */
function seedVersion80(): void {
  db.exec(`
    INSERT INTO inventory_terms (term_id, type_name, platform_type, name, version, publisher, detail, family, product, major) VALUES
      (1, 'AWS:Application', 'Linux', 'java-17-amazon-corretto-headless', '17.0.9', 'Amazon', '', 'Java', 'Java 17', '17'),
      (2, 'AWS:Application', 'Linux', 'nginx', '1.24.0', 'nginx', '', NULL, NULL, NULL),
      (3, 'AWS:Tag', '', 'Role', 'web', '', '', NULL, NULL, NULL);
    INSERT INTO inventory_terms_fts (rowid, name, version, publisher, detail) SELECT term_id, name, version, publisher, detail FROM inventory_terms;
    INSERT INTO inventory_nodes (node_id, workspace_id, instance_id, platform_type, capture_time, synced_at) VALUES
      (7, 'training', 'i-1', 'Linux', 100, 200), (8, 'training', 'i-2', 'Linux', 150, 250);
    INSERT INTO inventory_type_state (node_id, type_name, capture_time, row_count, skipped_count, synced_at, term_ids) VALUES
      (7, 'AWS:Application', 100, 3, 0, 200, '[1,2,2]'), (7, 'AWS:Tag', 90, 1, 0, 200, '[3]'),
      (8, 'AWS:Application', 150, 1, 0, 250, '[1]');
    INSERT INTO inventory_rows (term_id, node_id, seq, capture_time, synced_at) VALUES
      (1, 7, 0, 100, 200), (2, 7, 1, 100, 200), (2, 7, 2, 100, 200), (3, 7, 0, 90, 200), (1, 8, 0, 150, 250);
  `);
}

describe('0090-inventory-lean-postings', () => {
  it('keeps every posting (a package listed twice included) as a bare key', () => {
    migrate(db, migrations, { upTo: 80 });
    seedVersion80();
    expect(migrate(db, migrations, { upTo: 90 })).toEqual({ from: 80, to: 90 });
    expect(schemaVersion(db)).toBe(90);
    const columns = (db.prepare('PRAGMA table_info(inventory_rows)').all() as Array<{ name: string; pk: number }>).map((c) => [c.name, c.pk]);
    expect(columns).toEqual([
      ['term_id', 1],
      ['node_id', 2],
      ['seq', 3],
    ]);
    expect(db.prepare('SELECT term_id, node_id, seq FROM inventory_rows').raw().all()).toEqual([
      [1, 7, 0],
      [1, 8, 0],
      [2, 7, 1],
      [2, 7, 2],
      [3, 7, 0],
    ]);
  });

  it('still gives each row its capture and sync time where the queries read them, and counts as before', () => {
    migrate(db, migrations, { upTo: 80 });
    seedVersion80();
    migrate(db, migrations);
    const java = inventoryRepo.searchNodes(db, { workspaceIds: ['training'], match: { kind: 'family', family: 'Java' } });
    expect(java.total).toBe(2);
    expect(java.nodes.map(({ instanceId, captureTime, syncedAt }) => ({ instanceId, captureTime, syncedAt }))).toEqual([
      { instanceId: 'i-1', captureTime: 100, syncedAt: 200 },
      { instanceId: 'i-2', captureTime: 150, syncedAt: 250 },
    ]);
    // The tag row's own capture time (90), not its node's application capture time.
    const tag = inventoryRepo.searchNodes(db, { workspaceIds: ['training'], match: { kind: 'term', typeName: 'AWS:Tag', name: 'Role' } });
    expect(tag.nodes).toEqual([expect.objectContaining({ instanceId: 'i-1', captureTime: 90, syncedAt: 200 })]);
    const licensed = licenceRepo.nodes(db, { workspaceIds: ['training'], match: { kind: 'product', product: 'Java 17' } });
    expect(licensed.nodes.map(({ instanceId, captureTime, syncedAt }) => ({ instanceId, captureTime, syncedAt }))).toEqual([
      { instanceId: 'i-1', captureTime: 100, syncedAt: 200 },
      { instanceId: 'i-2', captureTime: 150, syncedAt: 250 },
    ]);
    expect(inventoryRepo.search(db, { workspaceIds: ['training'], keyword: 'nginx' }).groups).toEqual([
      expect.objectContaining({ name: 'nginx', nodeCount: 1, rowCount: 2 }),
    ]);
    expect(inventoryRepo.syncStatus(db, { workspaceId: 'training' })).toMatchObject({ nodes: 2, rows: 5 });
  });

  it('lets a later sync replace a migrated node’s rows and prune remove them', () => {
    migrate(db, migrations, { upTo: 80 });
    seedVersion80();
    migrate(db, migrations);
    inventoryRepo.writeNodes(db, {
      workspaceId: 'training',
      syncedAt: 300,
      nodes: [{ instanceId: 'i-1', platformType: 'Linux', captureTime: null, types: [{ typeName: 'AWS:Application', captureTime: '2026-11-27T00:00:00Z', entries: [{ Name: 'nginx', Version: '1.26.0' }] }] }],
    });
    expect(db.prepare('SELECT COUNT(*) FROM inventory_rows WHERE node_id = 7').pluck().get()).toBe(1);
    const nginx = inventoryRepo.searchNodes(db, { workspaceIds: ['training'], match: { kind: 'term', typeName: 'AWS:Application', name: 'nginx' } });
    expect(nginx.nodes).toEqual([expect.objectContaining({ instanceId: 'i-1', versions: ['1.26.0'], captureTime: Date.parse('2026-11-27T00:00:00Z'), syncedAt: 300 })]);
    expect(inventoryRepo.pruneNodes(db, { workspaceId: 'training', keepIds: ['i-1'] })).toEqual({ removed: 1 });
    expect(db.prepare('SELECT COUNT(*) FROM inventory_rows').pluck().get()).toBe(1);
  });
});
