import Sqlite from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fleetRepo } from '../../../../../main/fleet/fleet-repo';
import { migrate, schemaVersion } from '../../../../../main/store/migrate';
import { migrations } from '../../../../../main/store/migrations/index';
import { settingsRepo } from '../../../../../main/store/settings-repo';

let db: Database;
beforeEach(() => {
  db = new Sqlite(':memory:');
});
afterEach(() => db.close());

describe('0020-settings', () => {
  it('applies on a version-10 file holding nodes, and the nodes survive', () => {
    migrate(db, migrations, { upTo: 10 });
    const node = {
      instanceId: 'i-1', name: 'web', computerName: 'web.corp', pingStatus: 'Online' as const, lastPingAt: 5,
      platformType: 'Linux', platformName: 'Ubuntu', platformVersion: '22.04', agentVersion: '3.2.1.0', isLatestVersion: true,
      ipAddress: '10.0.0.1', resourceType: 'EC2Instance', accountId: '1', region: 'eu-west-1', tags: [{ key: 'Team', value: 'blue' }],
    };
    fleetRepo.upsertNodes(db, { workspaceId: 'training', generation: 1, seenAt: 1, nodes: [node] });
    fleetRepo.finishSync(db, { workspaceId: 'training', generation: 1, finishedAt: 7 });

    expect(migrate(db, migrations, { upTo: 20 })).toEqual({ from: 10, to: 20 });
    expect(schemaVersion(db)).toBe(20);
    const page = fleetRepo.listNodes(db, { workspaceId: 'training', filter: 'tag:Team=blue', sort: { column: 'name', direction: 'asc' }, offset: 0, limit: 10 });
    expect(page.rows).toEqual([{ ...node, workspaceId: 'training', vanishedAt: null }]);
    expect(fleetRepo.summary(db, { workspaceId: 'training' }).lastSyncedAt).toBe(7);

    settingsRepo.set(db, { key: 'workspace.selected', value: 'training' });
    expect(settingsRepo.get(db, { key: 'workspace.selected' })).toBe('training');
  });
});
