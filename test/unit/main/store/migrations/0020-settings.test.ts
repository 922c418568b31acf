import Sqlite from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../../../main/store/migrate';
import { migrations } from '../../../../../main/store/migrations/index';
import { settingsRepo } from '../../../../../main/store/settings-repo';
import { insertNodeSql, row } from './node-row-fixture';

let db: Database;
beforeEach(() => {
  db = new Sqlite(':memory:');
});
afterEach(() => db.close());

describe('0020-settings', () => {
  it('applies on a version-10 file holding nodes, and the nodes survive', () => {
    migrate(db, migrations, { upTo: 10 });
    db.prepare(insertNodeSql).run(row);

    expect(migrate(db, migrations, { upTo: 20 })).toEqual({ from: 10, to: 20 });
    expect(schemaVersion(db)).toBe(20);
    expect(db.prepare('SELECT instance_id, name FROM nodes').all()).toEqual([{ instance_id: 'i-1', name: 'web' }]);

    settingsRepo.set(db, { key: 'workspace.selected', value: 'training' });
    expect(settingsRepo.get(db, { key: 'workspace.selected' })).toBe('training');
  });
});
