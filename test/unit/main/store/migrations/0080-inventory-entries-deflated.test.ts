import Sqlite from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inventoryRepo } from '../../../../../main/inventory/inventory-repo';
import { migrate } from '../../../../../main/store/migrate';
import { migrations } from '../../../../../main/store/migrations/index';

let db: Database;
beforeEach(() => {
  db = new Sqlite(':memory:');
});
afterEach(() => db.close());

describe('0080-inventory-entries-deflated', () => {
  it('keeps every stored entry of an existing cache, readable after the change', () => {
    migrate(db, migrations, { upTo: 70 });
    db.exec(`
      INSERT INTO inventory_nodes (node_id, workspace_id, instance_id, platform_type, capture_time, synced_at) VALUES (7, 'training', 'i-1', 'Linux', 100, 200);
      INSERT INTO inventory_type_state (node_id, type_name, capture_time, row_count, skipped_count, synced_at, term_ids, entries_json) VALUES
        (7, 'AWS:Application', 100, 2, 0, 200, '[1,2]', '[{"Name":"nginx","Version":"1.24.0"},{"Name":"メモ帳","Version":"1.0"}]'),
        (7, 'AWS:Tag', 90, 0, 0, 200, '[]', '[]');
    `);
    expect(migrate(db, migrations, { upTo: 80 })).toEqual({ from: 70, to: 80 });
    const columns = (db.prepare('PRAGMA table_info(inventory_type_state)').all() as Array<{ name: string }>).map((c) => c.name);
    expect(columns).toContain('entries_deflated');
    expect(columns).not.toContain('entries_json');
    expect(inventoryRepo.nodeEntries(db, { workspaceId: 'training', instanceId: 'i-1', typeName: 'AWS:Application' })).toEqual([
      { Name: 'nginx', Version: '1.24.0' },
      { Name: 'メモ帳', Version: '1.0' },
    ]);
    expect(inventoryRepo.nodeEntries(db, { workspaceId: 'training', instanceId: 'i-1', typeName: 'AWS:Tag' })).toEqual([]);
  });

  it('stores what a sync writes so that it reads back as sent', () => {
    migrate(db, migrations);
    const entries = [{ Name: 'java-17-amazon-corretto-headless', Version: '17.0.9', Publisher: 'Amazon' }];
    inventoryRepo.writeNodes(db, {
      workspaceId: 'training',
      syncedAt: 300,
      nodes: [{ instanceId: 'i-1', platformType: 'Linux', captureTime: null, types: [{ typeName: 'AWS:Application', captureTime: null, entries }] }],
    });
    expect(inventoryRepo.nodeEntries(db, { workspaceId: 'training', instanceId: 'i-1', typeName: 'AWS:Application' })).toEqual(entries);
    expect(inventoryRepo.nodeEntries(db, { workspaceId: 'training', instanceId: 'i-404', typeName: 'AWS:Application' })).toEqual([]);
  });
});
