import Sqlite from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sessionRepo } from '../../../../main/sessions/session-repo';
import { migrate } from '../../../../main/store/migrate';
import { migrations } from '../../../../main/store/migrations/index';
import { insertNodeSql, row } from '../store/migrations/node-row-fixture';

let db: Database;
beforeEach(() => {
  db = new Sqlite(':memory:');
  migrate(db, migrations);
});
afterEach(() => db.close());

describe('sessionRepo node names', () => {
  it('names a node as the grid does: Name tag, else computer name, else instance id', () => {
    const insert = db.prepare(insertNodeSql);
    insert.run({ ...row, instance_id: 'i-named', name: 'web', computer_name: 'web.corp' });
    insert.run({ ...row, instance_id: 'i-unnamed', name: '', computer_name: 'ip-10-0-0-1.eu-west-1.compute.internal' });
    insert.run({ ...row, instance_id: 'i-bare', name: '', computer_name: '' });

    expect(sessionRepo.findNode(db, { workspaceId: 'training', instanceId: 'i-unnamed' })?.name).toBe('ip-10-0-0-1.eu-west-1.compute.internal');
    expect(sessionRepo.nodeNames(db, { workspaceId: 'training', instanceIds: ['i-named', 'i-unnamed', 'i-bare'] })).toEqual({
      'i-named': 'web',
      'i-unnamed': 'ip-10-0-0-1.eu-west-1.compute.internal',
      'i-bare': 'i-bare',
    });
  });
});
