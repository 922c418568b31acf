import Sqlite from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inventoryRepo } from '../../../../../main/inventory/inventory-repo';
import { migrate, schemaVersion } from '../../../../../main/store/migrate';
import { migrations } from '../../../../../main/store/migrations/index';
import { insertNodeSql, row } from './node-row-fixture';

let db: Database;
beforeEach(() => {
  db = new Sqlite(':memory:');
});
afterEach(() => db.close());

describe('0050-inventory', () => {
  it('adds the inventory tables to a version-40 file and keeps its nodes', () => {
    migrate(db, migrations, { upTo: 40 });
    db.prepare(insertNodeSql).run(row);
    expect(migrate(db, migrations, { upTo: 50 })).toEqual({ from: 40, to: 50 });
    expect(schemaVersion(db)).toBe(50);
    expect(db.prepare('SELECT COUNT(*) FROM nodes').pluck().get()).toBe(1);
    expect(inventoryRepo.syncStatus(db, { workspaceId: 'training' })).toMatchObject({ nodes: 0, rows: 0, lastSyncedAt: null });
  });

  it('indexes terms by trigram: a substring in the middle of a word matches, in any case', () => {
    migrate(db, migrations);
    inventoryRepo.writeNodes(db, {
      workspaceId: 'training',
      syncedAt: 1,
      nodes: [
        {
          instanceId: 'i-1',
          platformType: 'Linux',
          captureTime: '2026-11-27T00:00:00Z',
          types: [{ typeName: 'AWS:Application', captureTime: '2026-11-27T00:00:00Z', entries: [{ Name: 'java-17-amazon-corretto-headless', Version: '17.0.9' }] }],
        },
      ],
    });
    const tokenizer = db.prepare("SELECT sql FROM sqlite_master WHERE name = 'inventory_terms_fts'").pluck().get() as string;
    expect(tokenizer).toMatch(/trigram/);
    expect(db.prepare("SELECT name FROM inventory_terms_fts WHERE inventory_terms_fts MATCH '\"CORRET\"'").pluck().all()).toEqual(['java-17-amazon-corretto-headless']);
    expect(db.prepare('SELECT family, product, major FROM inventory_terms').get()).toEqual({ family: 'Java', product: 'Java 17', major: '17' });
  });
});
