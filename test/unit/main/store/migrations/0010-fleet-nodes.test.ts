import Sqlite from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../../../main/store/migrate';
import { migrations } from '../../../../../main/store/migrations/index';
import { insertNodeSql as insertSql, row } from './node-row-fixture';

let db: Database;
beforeEach(() => {
  db = new Sqlite(':memory:');
});
afterEach(() => db.close());

describe('0010-fleet-nodes', () => {
  it('turns an empty file into version 10 with nodes and fleet_sync', () => {
    migrate(db, migrations, { upTo: 10 });
    expect(schemaVersion(db)).toBe(10);
    db.prepare(insertSql).run(row);
    db.prepare('INSERT INTO fleet_sync (workspace_id) VALUES (?)').run('training');
    expect(db.prepare('SELECT tags_json, vanished_at, tags_fetched_at FROM nodes').get()).toEqual({
      tags_json: '[]',
      vanished_at: null,
      tags_fetched_at: null,
    });
    expect(db.prepare('SELECT last_generation, last_synced_at FROM fleet_sync').get()).toEqual({ last_generation: 0, last_synced_at: null });
  });

  it('keys nodes by workspace and instance id, and accepts only the three ping statuses', () => {
    migrate(db, migrations, { upTo: 10 });
    const insert = db.prepare(insertSql);
    insert.run(row);
    insert.run({ ...row, workspace_id: 'other' });
    expect(() => insert.run(row)).toThrow(/UNIQUE/);
    expect(() => insert.run({ ...row, instance_id: 'i-2', ping_status: 'Up' })).toThrow(/CHECK/);
  });

  it('creates the indexes the grid queries name, each leading with workspace and presence', () => {
    migrate(db, migrations, { upTo: 10 });
    const indexes = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'nodes' AND sql LIKE '%(workspace_id, vanished_at,%'").pluck().all();
    expect(indexes.sort()).toEqual(
      ['nodes_by_agent', 'nodes_by_id', 'nodes_by_ip', 'nodes_by_last_ping', 'nodes_by_location', 'nodes_by_name', 'nodes_by_ping', 'nodes_by_platform'].sort(),
    );
  });
});
