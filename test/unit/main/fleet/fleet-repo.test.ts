import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../../../../main/errors/app-error';
import { fleetRepo, ipSortKey, versionSortKey } from '../../../../main/fleet/fleet-repo';
import type { NodeUpsert, Tag } from '../../../../main/fleet/fleet-repo';
import { openDatabase } from '../../../../main/store/open-database';
import type { FleetNode, FleetQuery, FleetSortColumn } from '../../../../preload/contract/fleet';

const W = 'training';

function node(instanceId: string, fields: Partial<NodeUpsert> = {}): NodeUpsert {
  return {
    instanceId,
    name: `node ${instanceId}`,
    computerName: `${instanceId}.corp`,
    pingStatus: 'Online',
    lastPingAt: 1_700_000_000_000,
    platformType: 'Linux',
    platformName: 'Ubuntu',
    platformVersion: '22.04',
    agentVersion: '3.2.582.0',
    isLatestVersion: true,
    ipAddress: '10.0.0.1',
    resourceType: 'EC2Instance',
    accountId: '123456789012',
    region: 'eu-west-1',
    ...fields,
  };
}

function query(fields: Partial<FleetQuery> = {}): FleetQuery {
  return { workspaceIds: [W], filter: '', sort: { column: 'instanceId', direction: 'asc' }, offset: 0, limit: 1000, ...fields };
}

let dir: string;
let db: Database;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'capstan-fleet-repo-'));
  db = openDatabase({ file: join(dir, 'cache.db'), openedAt: 0 }).db;
});

afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function upsert(nodes: NodeUpsert[], generation = 1, seenAt = 1000, workspaceId = W): void {
  fleetRepo.upsertNodes(db, { workspaceId, generation, seenAt, nodes });
}

function ids(fields: Partial<FleetQuery> = {}): string[] {
  return fleetRepo.listNodes(db, query(fields)).rows.map((r) => r.instanceId);
}

describe('upsertNodes and listNodes', () => {
  it('returns stored nodes in the FleetNode shape, field for field', () => {
    upsert([
      node('i-1', { tags: [{ key: 'Environment', value: 'prod' }] }),
      node('mi-2', { isLatestVersion: null, lastPingAt: null, resourceType: 'ManagedInstance', pingStatus: 'Inactive' }),
      node('i-3', { isLatestVersion: false }),
    ]);
    const page = fleetRepo.listNodes(db, query());
    expect(page.total).toBe(3);
    expect(page.offset).toBe(0);
    expect(page.rows[0]).toEqual<FleetNode>({
      workspaceId: W,
      instanceId: 'i-1',
      name: 'node i-1',
      computerName: 'i-1.corp',
      pingStatus: 'Online',
      lastPingAt: 1_700_000_000_000,
      platformType: 'Linux',
      platformName: 'Ubuntu',
      platformVersion: '22.04',
      agentVersion: '3.2.582.0',
      isLatestVersion: true,
      ipAddress: '10.0.0.1',
      resourceType: 'EC2Instance',
      accountId: '123456789012',
      region: 'eu-west-1',
      tags: [{ key: 'Environment', value: 'prod' }],
      vanishedAt: null,
    });
    expect(page.rows[1]).toMatchObject({ instanceId: 'i-3', isLatestVersion: false, tags: [] });
    expect(page.rows[2]).toMatchObject({ instanceId: 'mi-2', isLatestVersion: null, lastPingAt: null, pingStatus: 'Inactive' });
  });

  it('updates a known node in place and keeps its tags when the page carries none', () => {
    upsert([node('i-1', { name: 'old', tags: [{ key: 'Team', value: 'blue' }] })]);
    upsert([node('i-1', { name: 'new name', pingStatus: 'ConnectionLost' })], 2, 2000);
    const [row] = fleetRepo.listNodes(db, query()).rows;
    expect(row).toMatchObject({ name: 'new name', pingStatus: 'ConnectionLost', tags: [{ key: 'Team', value: 'blue' }] });
    // The kept tags are still searchable, and the old name no longer is.
    expect(ids({ filter: 'tag:Team=blue' })).toEqual(['i-1']);
    expect(ids({ filter: 'old' })).toEqual([]);
    expect(ids({ filter: 'new' })).toEqual(['i-1']);
  });

  it('records a new last ping on an otherwise unchanged node, and sorts by it', () => {
    upsert([node('i-1', { lastPingAt: 100 }), node('i-2', { lastPingAt: 200 })]);
    upsert([node('i-1', { lastPingAt: 300 }), node('i-2', { lastPingAt: 200 })], 2, 2000);
    const page = fleetRepo.listNodes(db, query({ sort: { column: 'lastPing', direction: 'asc' } }));
    expect(page.rows.map((r) => [r.instanceId, r.lastPingAt])).toEqual([['i-2', 200], ['i-1', 300]]);
    expect(fleetRepo.finishSync(db, { workspaceId: W, generation: 2, finishedAt: 2500 })).toEqual({ vanished: 0 });
  });

  it('replaces tags when the page carries them, even with an empty list', () => {
    upsert([node('i-1', { tags: [{ key: 'Team', value: 'blue' }] })]);
    upsert([node('i-1', { tags: [] })], 2);
    expect(fleetRepo.listNodes(db, query()).rows[0]?.tags).toEqual([]);
    expect(ids({ filter: 'blue' })).toEqual([]);
  });

  it('writes a page in one transaction: one bad node stores none of the page', () => {
    upsert([node('i-0')]);
    const bad = node('i-2', { pingStatus: 'Sleeping' as FleetNode['pingStatus'] });
    expect(() => upsert([node('i-1'), bad], 2)).toThrow(/CHECK constraint/);
    expect(ids()).toEqual(['i-0']);
  });

  it('keeps workspaces apart', () => {
    upsert([node('i-1')], 1, 1000, 'a');
    upsert([node('i-1', { name: 'other' }), node('i-2')], 1, 1000, 'b');
    expect(fleetRepo.listNodes(db, query({ workspaceIds: ['a'] })).rows.map((r) => [r.workspaceId, r.name])).toEqual([['a', 'node i-1']]);
    expect(fleetRepo.listNodes(db, query({ workspaceIds: ['b'] })).total).toBe(2);
  });

  it('a filtered list sees every later write: new, changed, re-tagged, vanished nodes and other connections', () => {
    upsert([node('i-1', { name: 'web-1' }), node('i-2', { name: 'db-1' })]);
    expect(ids({ filter: 'web' })).toEqual(['i-1']);
    upsert([node('i-2', { name: 'web-2' }), node('i-3', { name: 'web-3' })], 1, 1000);
    expect(ids({ filter: 'web', sort: { column: 'name', direction: 'desc' } })).toEqual(['i-3', 'i-2', 'i-1']);
    // Typing on narrows the last answer.
    expect(ids({ filter: 'web-3' })).toEqual(['i-3']);
    expect(ids({ filter: 'eb-' })).toEqual(['i-1', 'i-2', 'i-3']);
    fleetRepo.setTags(db, { workspaceId: W, fetchedAt: 5000, items: [{ instanceId: 'i-3', tags: [{ key: 'Role', value: 'edge' }] }] });
    expect(ids({ filter: 'web edge' })).toEqual(['i-3']);
    upsert([node('i-1', { name: 'web-1' }), node('i-3', { name: 'web-3' })], 2, 2000);
    fleetRepo.finishSync(db, { workspaceId: W, generation: 2, finishedAt: 2500 });
    expect(ids({ filter: 'web' })).toEqual(['i-1', 'i-3']);
    // A second connection (another process on the same file) writes: the cached copy notices.
    const other = openDatabase({ file: join(dir, 'cache.db'), openedAt: 0 }).db;
    try {
      fleetRepo.upsertNodes(other, { workspaceId: W, generation: 3, seenAt: 3000, nodes: [node('i-4', { name: 'web-4' })] });
    } finally {
      other.close();
    }
    expect(fleetRepo.listNodes(db, query({ filter: 'web' })).total).toBe(3);
  });

  it('rejects a malformed filter with the parser message', () => {
    expect(() => fleetRepo.listNodes(db, query({ filter: 'pong:1' }))).toThrow(ValidationError);
  });
});

describe('sync generations and vanished nodes', () => {
  it('hands out increasing generations per workspace', () => {
    expect(fleetRepo.nextGeneration(db, { workspaceId: 'a' })).toBe(1);
    expect(fleetRepo.nextGeneration(db, { workspaceId: 'a' })).toBe(2);
    expect(fleetRepo.nextGeneration(db, { workspaceId: 'b' })).toBe(1);
  });

  it('marks nodes a finished sync did not see as vanished, hides them, and brings them back when seen again', () => {
    upsert([node('i-1'), node('i-2'), node('i-3')], 1);
    upsert([node('i-1'), node('i-3')], 2, 2000);
    expect(fleetRepo.finishSync(db, { workspaceId: W, generation: 2, finishedAt: 2500 })).toEqual({ vanished: 1 });

    expect(ids()).toEqual(['i-1', 'i-3']);
    const all = fleetRepo.listNodes(db, query({ includeVanished: true }));
    expect(all.total).toBe(3);
    expect(all.rows.find((r) => r.instanceId === 'i-2')?.vanishedAt).toBe(2500);

    // A later sync without i-2 does not move its vanish time.
    upsert([node('i-1'), node('i-3')], 3, 3000);
    expect(fleetRepo.finishSync(db, { workspaceId: W, generation: 3, finishedAt: 3500 })).toEqual({ vanished: 0 });
    expect(fleetRepo.listNodes(db, query({ includeVanished: true, filter: 'i-2' })).rows[0]?.vanishedAt).toBe(2500);

    upsert([node('i-2')], 4, 4000);
    expect(ids()).toEqual(['i-1', 'i-2', 'i-3']);
    expect(fleetRepo.listNodes(db, query({ filter: 'id:i-2' })).rows[0]?.vanishedAt).toBeNull();
  });

  it('records the sync time and clears the last error on finish', () => {
    const error = { code: 'ThrottlingException', message: 'Rate exceeded', kind: 'aws' as const, retryable: true };
    fleetRepo.recordSyncError(db, { workspaceId: W, error });
    expect(fleetRepo.syncRecord(db, { workspaceId: W })).toEqual({ lastSyncedAt: null, lastGeneration: 0, lastError: error });

    const generation = fleetRepo.nextGeneration(db, { workspaceId: W });
    fleetRepo.finishSync(db, { workspaceId: W, generation, finishedAt: 5000 });
    expect(fleetRepo.syncRecord(db, { workspaceId: W })).toEqual({ lastSyncedAt: 5000, lastGeneration: 1, lastError: null });

    fleetRepo.recordSyncError(db, { workspaceId: W, error });
    fleetRepo.recordSyncError(db, { workspaceId: W, error: null });
    expect(fleetRepo.syncRecord(db, { workspaceId: W }).lastError).toBeNull();
  });

  it('summarises present nodes by ping status, vanished nodes apart', () => {
    expect(fleetRepo.summary(db, { workspaceIds: [W] })).toEqual({
      workspaceIds: [W], total: 0, online: 0, connectionLost: 0, inactive: 0, vanished: 0, lastSyncedAt: null,
    });
    upsert([node('i-1'), node('i-2', { pingStatus: 'ConnectionLost' }), node('i-3', { pingStatus: 'Inactive' }), node('i-4'), node('i-5')], 1);
    upsert([node('i-1'), node('i-2', { pingStatus: 'ConnectionLost' }), node('i-3', { pingStatus: 'Inactive' }), node('i-4')], 2);
    fleetRepo.finishSync(db, { workspaceId: W, generation: 2, finishedAt: 9000 });
    expect(fleetRepo.summary(db, { workspaceIds: [W] })).toEqual({
      workspaceIds: [W], total: 4, online: 2, connectionLost: 1, inactive: 1, vanished: 1, lastSyncedAt: 9000,
    });
  });
});

describe('tags', () => {
  it('setTags replaces tags of known nodes, makes them searchable and skips unknown ids', () => {
    upsert([node('mi-1', { resourceType: 'ManagedInstance' }), node('mi-2', { resourceType: 'ManagedInstance' })]);
    const result = fleetRepo.setTags(db, {
      workspaceId: W,
      fetchedAt: 5000,
      items: [
        { instanceId: 'mi-1', tags: [{ key: 'Role', value: 'web' }] },
        { instanceId: 'mi-404', tags: [{ key: 'Role', value: 'db' }] },
      ],
    });
    expect(result).toEqual({ updated: 1 });
    expect(ids({ filter: 'tag:Role=web' })).toEqual(['mi-1']);
    // Node fields stay searchable next to the new tags.
    expect(ids({ filter: 'mi-1.corp role' })).toEqual(['mi-1']);
    fleetRepo.setTags(db, { workspaceId: W, fetchedAt: 6000, items: [{ instanceId: 'mi-1', tags: [] }] });
    expect(ids({ filter: 'tag:Role' })).toEqual([]);
  });

  it('nodesNeedingTags lists never-fetched nodes first, then stale ones, by resource type and limit', () => {
    upsert([
      node('mi-old', { resourceType: 'ManagedInstance' }),
      node('mi-new', { resourceType: 'ManagedInstance' }),
      node('mi-never', { resourceType: 'ManagedInstance' }),
      node('i-ec2'),
    ]);
    fleetRepo.setTags(db, { workspaceId: W, fetchedAt: 100, items: [{ instanceId: 'mi-old', tags: [] }] });
    fleetRepo.setTags(db, { workspaceId: W, fetchedAt: 900, items: [{ instanceId: 'mi-new', tags: [] }] });

    const needing = (params: { resourceType?: 'ManagedInstance'; olderThan: number; limit: number }): string[] =>
      fleetRepo.nodesNeedingTags(db, { workspaceId: W, ...params });
    expect(needing({ resourceType: 'ManagedInstance', olderThan: 500, limit: 10 })).toEqual(['mi-never', 'mi-old']);
    expect(needing({ resourceType: 'ManagedInstance', olderThan: 500, limit: 1 })).toEqual(['mi-never']);
    expect(needing({ olderThan: 500, limit: 10 })).toEqual(['i-ec2', 'mi-never', 'mi-old']);
    expect(needing({ resourceType: 'ManagedInstance', olderThan: 1000, limit: 10 })).toEqual(['mi-never', 'mi-old', 'mi-new']);
  });

  it('an upsert that carries tags counts as a fetch, even when they did not change', () => {
    upsert([node('i-1', { tags: [{ key: 'A', value: 'b' }] }), node('i-2')], 1, 700);
    expect(fleetRepo.nodesNeedingTags(db, { workspaceId: W, olderThan: 500, limit: 10 })).toEqual(['i-2']);
    expect(fleetRepo.nodesNeedingTags(db, { workspaceId: W, olderThan: 800, limit: 10 })).toEqual(['i-2', 'i-1']);
    upsert([node('i-1', { tags: [{ key: 'A', value: 'b' }] })], 2, 900);
    expect(fleetRepo.nodesNeedingTags(db, { workspaceId: W, olderThan: 800, limit: 10 })).toEqual(['i-2']);
  });
});

describe('listNodes sorting and paging', () => {
  it('sorts each column in both directions with instance id breaking ties', () => {
    upsert([
      node('i-a', { name: 'beta', agentVersion: '3.10.0.0', ipAddress: '10.0.0.10', platformName: 'Ubuntu', lastPingAt: 3, pingStatus: 'Online', accountId: '2', region: 'b' }),
      node('i-b', { name: 'Alpha', agentVersion: '3.9.5.0', ipAddress: '10.0.0.9', platformName: 'amazon Linux', lastPingAt: 1, pingStatus: 'Inactive', accountId: '1', region: 'z' }),
      node('i-c', { name: 'beta', agentVersion: '3.9.10.0', ipAddress: '9.255.0.1', platformName: 'Windows', lastPingAt: null, pingStatus: 'ConnectionLost', accountId: '1', region: 'a' }),
    ]);
    const order = (column: FleetSortColumn, direction: 'asc' | 'desc' = 'asc'): string[] => ids({ sort: { column, direction } });
    expect(order('name')).toEqual(['i-b', 'i-a', 'i-c']);
    expect(order('name', 'desc')).toEqual(['i-c', 'i-a', 'i-b']);
    expect(order('agentVersion')).toEqual(['i-b', 'i-c', 'i-a']);
    expect(order('ipAddress')).toEqual(['i-c', 'i-b', 'i-a']);
    expect(order('platform')).toEqual(['i-b', 'i-a', 'i-c']);
    expect(order('pingStatus')).toEqual(['i-c', 'i-b', 'i-a']);
    expect(order('location')).toEqual(['i-c', 'i-b', 'i-a']);
    expect(order('lastPing')).toEqual(['i-c', 'i-b', 'i-a']);
    expect(order('lastPing', 'desc')).toEqual(['i-a', 'i-b', 'i-c']);
    expect(order('instanceId', 'desc')).toEqual(['i-c', 'i-b', 'i-a']);
  });

  it('pages with offset and limit, totals the matches, and answers past the end with no rows', () => {
    upsert(Array.from({ length: 25 }, (_, i) => node(`i-${String(i).padStart(2, '0')}`)));
    const page = fleetRepo.listNodes(db, query({ offset: 20, limit: 10 }));
    expect(page).toMatchObject({ total: 25, offset: 20 });
    expect(page.rows.map((r) => r.instanceId)).toEqual(['i-20', 'i-21', 'i-22', 'i-23', 'i-24']);
    expect(fleetRepo.listNodes(db, query({ offset: 30, limit: 10 }))).toEqual({ rows: [], total: 25, offset: 30 });
  });
});

describe('listNodes against a reference, across its query plans', () => {
  // 6,000 nodes: enough for every plan in listNodes (small match sets, a first screen found near
  // the top of the sort order, matches clustered at its far end, pages deep down).
  const roles = ['api', 'batch', 'cache', 'db', 'queue', 'web'];
  const envs = ['prod', 'staging', 'dev'];
  const pings: FleetNode['pingStatus'][] = ['Online', 'Online', 'ConnectionLost', 'Inactive'];
  const fleet: NodeUpsert[] = Array.from({ length: 6000 }, (_, i) => {
    const role = roles[i % roles.length]!;
    const env = envs[Math.floor(i / 7) % envs.length]!;
    const tags: Tag[] = [{ key: 'Environment', value: env }, { key: 'Role', value: role }];
    return node(`i-${(i * 7919 % 6000).toString(16).padStart(8, '0')}`, {
      name: `${role}-${env}-${String(i % 997).padStart(3, '0')}`,
      pingStatus: pings[i % pings.length]!,
      ipAddress: `10.${i % 3}.${Math.floor(i / 256) % 256}.${i % 256}`,
      lastPingAt: i % 11 === 0 ? null : 1_700_000_000_000 + ((i * 37) % 5000),
      tags,
    });
  });

  // One database for the whole suite: the cases only read.
  let refDir: string;
  let refDb: Database;
  beforeAll(() => {
    refDir = mkdtempSync(join(tmpdir(), 'capstan-fleet-ref-'));
    refDb = openDatabase({ file: join(refDir, 'cache.db'), openedAt: 0 }).db;
    for (let i = 0; i < fleet.length; i += 500) {
      fleetRepo.upsertNodes(refDb, { workspaceId: W, generation: 1, seenAt: 1, nodes: fleet.slice(i, i + 500) });
    }
  });
  afterAll(() => {
    refDb.close();
    rmSync(refDir, { recursive: true, force: true });
  });

  function reference(filter: (n: NodeUpsert) => boolean, column: 'name' | 'lastPing', direction: 'asc' | 'desc'): string[] {
    const key = (n: NodeUpsert): string => (column === 'name' ? n.name.toLowerCase() : n.lastPingAt === null ? '' : String(n.lastPingAt).padStart(16, '0'));
    const sign = direction === 'asc' ? 1 : -1;
    return fleet
      .filter(filter)
      .sort((a, b) => sign * (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.instanceId < b.instanceId ? -1 : 1))
      .map((n) => n.instanceId);
  }

  const cases: Array<[string, (n: NodeUpsert) => boolean]> = [
    ['', () => true],
    ['web', (n) => n.name.includes('web')],
    ['api', (n) => n.name.includes('api')],
    ['prod', (n) => n.name.includes('prod')],
    ['queue-dev-01', (n) => n.name.includes('queue-dev-01')],
    ['tag:Role=db -ping:online', (n) => n.name.startsWith('db-') && n.pingStatus !== 'Online'],
    ['ip:10.2. ping:offline', (n) => n.ipAddress.startsWith('10.2.') && n.pingStatus !== 'Online'],
    ['zzz', () => false],
  ];

  for (const [filter, predicate] of cases) {
    it(`filter '${filter}': total and every page match the reference`, () => {
      for (const [column, direction] of [['name', 'asc'], ['name', 'desc'], ['lastPing', 'asc']] as const) {
        const expected = reference(predicate, column, direction);
        for (const [offset, limit] of [[0, 200], [0, 1000], [150, 50], [2900, 300], [expected.length - 5, 200]] as const) {
          if (offset < 0) continue;
          const page = fleetRepo.listNodes(refDb, query({ filter, sort: { column, direction }, offset, limit }));
          expect(page.total, `${filter} ${column} ${direction}`).toBe(expected.length);
          expect(page.rows.map((r) => r.instanceId), `${filter} ${column} ${direction} @${offset}+${limit}`).toEqual(
            expected.slice(offset, offset + limit),
          );
        }
      }
    });
  }
});

describe('sort keys', () => {
  it('orders dotted versions numerically', () => {
    const sorted = ['3.10.0.0', '3.9.12.0', '3.9.2.0', '10.0'].sort((a, b) => (versionSortKey(a) < versionSortKey(b) ? -1 : 1));
    expect(sorted).toEqual(['3.9.2.0', '3.9.12.0', '3.10.0.0', '10.0']);
  });

  it('orders IPv4 addresses numerically, empty first and other forms last', () => {
    const sorted = ['10.0.0.10', 'fe80::1', '', '10.0.0.9', '9.1.1.1'].sort((a, b) => (ipSortKey(a) < ipSortKey(b) ? -1 : 1));
    expect(sorted).toEqual(['', '9.1.1.1', '10.0.0.9', '10.0.0.10', 'fe80::1']);
  });
});
