import Sqlite from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fleetRepo } from '../../../../../main/fleet/fleet-repo';
import { migrate, schemaVersion } from '../../../../../main/store/migrate';
import { migrations } from '../../../../../main/store/migrations/index';
import { insertNodeSql, row } from './node-row-fixture';

let db: Database;
beforeEach(() => {
  db = new Sqlite(':memory:');
});
afterEach(() => db.close());

const node = {
  instanceId: 'i-1', name: 'web', computerName: 'web.corp', pingStatus: 'ConnectionLost' as const, lastPingAt: 9,
  platformType: 'Linux', platformName: 'Ubuntu', platformVersion: '22.04', agentVersion: '3.2.1.0', isLatestVersion: true,
  ipAddress: '10.0.0.1', resourceType: 'EC2Instance', accountId: '1', region: 'eu-west-1', tags: [],
};

describe('0030-fleet-lean-indexes', () => {
  it('keeps a version-20 file\'s nodes and marks them unhashed', () => {
    migrate(db, migrations, { upTo: 20 });
    db.prepare(insertNodeSql).run(row);

    expect(migrate(db, migrations, { upTo: 30 })).toEqual({ from: 20, to: 30 });
    expect(schemaVersion(db)).toBe(30);
    expect(db.prepare('SELECT instance_id, info_hash FROM nodes').all()).toEqual([{ instance_id: 'i-1', info_hash: 0 }]);
  });

  it('leaves only the name, id and ping indexes, holding sort keys only', () => {
    migrate(db, migrations, { upTo: 30 });
    const indexes = db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'nodes' AND sql IS NOT NULL").all() as { name: string; sql: string }[];
    expect(indexes.map((i) => i.name).sort()).toEqual(['nodes_by_id', 'nodes_by_name', 'nodes_by_ping']);
    expect(indexes.find((i) => i.name === 'nodes_by_name')?.sql).not.toMatch(/search_text/);
  });

  it('rewrites a pre-hash row on the first resync even though the repo sees the same fields', () => {
    migrate(db, migrations, { upTo: 20 });
    db.prepare(insertNodeSql).run(row); // Online, sync generation 1
    migrate(db, migrations);

    fleetRepo.upsertNodes(db, { workspaceId: 'training', generation: 2, seenAt: 10, nodes: [node] });
    fleetRepo.finishSync(db, { workspaceId: 'training', generation: 2, finishedAt: 11 });

    const page = fleetRepo.listNodes(db, { workspaceIds: ['training'], filter: '', sort: { column: 'name', direction: 'asc' }, offset: 0, limit: 10 });
    expect(page.rows.map((r) => r.pingStatus)).toEqual(['ConnectionLost']);
    expect(db.prepare('SELECT info_hash FROM nodes').pluck().get()).not.toBe(0);
  });
});
