import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sortIndexes } from '../../../../main/fleet/fleet-list-cache';
import { fleetRepo } from '../../../../main/fleet/fleet-repo';
import type { NodeUpsert, Tag } from '../../../../main/fleet/fleet-repo';
import { filterToSql, parseFleetFilter } from '../../../../main/fleet/fleet-query';
import { openDatabase } from '../../../../main/store/open-database';
import type { FleetNode, FleetSortColumn } from '../../../../preload/contract/fleet';

// Three workspaces (two accounts, two regions) whose instance ids overlap, so ties across
// workspaces are common: the same id in two workspaces must sort by workspace id.
const workspaces = [
  { id: 'prod-eu', accountId: '111111111111', region: 'eu-west-1' },
  { id: 'dev-us', accountId: '222222222222', region: 'us-east-1' },
  { id: 'prod-us', accountId: '111111111111', region: 'us-east-1' },
];
const ids = workspaces.map((w) => w.id);
const pings: FleetNode['pingStatus'][] = ['Online', 'ConnectionLost', 'Inactive'];
const names = ['Web-01', 'web-01', 'db', 'émile', 'Zeta', 'zeta', '', 'a', 'A'];
// name (merged in JS) and lastPing (merged by SQL) first: each round's last reads leave them remembered, so the
// next round, after writes, reads them from a remembered merge that the writes made stale.
const columns: FleetSortColumn[] = ['name', 'lastPing', 'instanceId', 'pingStatus', 'platform', 'agentVersion', 'ipAddress', 'location', 'account', 'region'];
const filters = ['', 'web', 'platform:windows', 'ping:offline', '-ping:online node', 'account:2222', 'region:us-', 'tag:Team=blue', 'a'];

function nodesOf(w: number, count: number): NodeUpsert[] {
  const { accountId, region } = workspaces[w]!;
  return Array.from({ length: count }, (_, i) => ({
    instanceId: `${i % 4 === 0 ? 'mi-' : 'i-'}${((i * 31) % 97).toString(16).padStart(6, '0')}`,
    name: `${names[(i + w) % names.length]}-node-${i % 13}`,
    computerName: `h${i}.corp`,
    pingStatus: pings[(i + w) % 3]!,
    lastPingAt: i % 5 === 0 ? null : 1_700_000_000_000 + ((i * 7) % 11) * 1000,
    platformType: i % 3 === 0 ? 'Windows' : 'Linux',
    platformName: i % 3 === 0 ? 'Microsoft Windows Server 2022' : i % 2 ? 'Ubuntu' : 'Amazon Linux',
    platformVersion: '1',
    agentVersion: `3.${(i + w) % 3}.${(i * 3) % 20}.0`,
    isLatestVersion: true,
    ipAddress: `10.${w}.${i % 3}.${i % 20}`,
    resourceType: i % 4 === 0 ? 'ManagedInstance' : 'EC2Instance',
    accountId,
    region,
  }));
}

/** What SQL says the page is: the contract's order, ties by instance id then workspace id. */
function reference(db: Database, filter: string, column: FleetSortColumn, direction: 'asc' | 'desc'): { rows: string[]; total: number } {
  const { where, params } = filterToSql(parseFleetFilter(filter));
  const dir = direction === 'desc' ? 'DESC' : 'ASC';
  const orderBy = [...sortIndexes[column].expressions, 'instance_id', 'workspace_id'].map((e) => `${e} ${dir}`).join(', ');
  const rows = db
    .prepare(
      `SELECT workspace_id || '/' || instance_id FROM nodes
       WHERE workspace_id IN (SELECT value FROM json_each(@ids)) AND vanished_at IS NULL AND ${where} ORDER BY ${orderBy}`,
    )
    .pluck()
    .all({ ...params, ids: JSON.stringify(ids) }) as string[];
  return { rows, total: rows.length };
}

function page(db: Database, filter: string, column: FleetSortColumn, direction: 'asc' | 'desc', offset = 0, limit = 1000): { rows: string[]; total: number } {
  const answer = fleetRepo.listNodes(db, { workspaceIds: ids, filter, sort: { column, direction }, offset, limit, includeVanished: false });
  return { rows: answer.rows.map((r) => `${r.workspaceId}/${r.instanceId}`), total: answer.total };
}

describe('the grid across several workspaces', () => {
  let dir: string;
  let db: Database;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'capstan-list-many-'));
    db = openDatabase({ file: join(dir, 'cache.db'), openedAt: 0 }).db;
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function expectSameAsSql(): void {
    for (const column of columns) {
      for (const filter of filters) {
        for (const direction of ['asc', 'desc'] as const) {
          expect(page(db, filter, column, direction), `${filter} by ${column} ${direction}`).toEqual(reference(db, filter, column, direction));
        }
      }
    }
    page(db, 'web', 'lastPing', 'asc');
    page(db, 'web', 'name', 'asc');
  }

  it('sorts, filters and counts across workspaces as SQL would, through writes to one of them', () => {
    workspaces.forEach((w, i) => fleetRepo.upsertNodes(db, { workspaceId: w.id, generation: 1, seenAt: 1, nodes: nodesOf(i, 90) }));
    expectSameAsSql();

    // One workspace's sync renames and re-pings nodes and adds new ones; its tag pass renames EC2 nodes.
    const changed = nodesOf(1, 120).map((n, i) => (i % 3 === 0 ? { ...n, name: `web-prod-${i}`, pingStatus: pings[(i + 2) % 3]! } : n));
    fleetRepo.upsertNodes(db, { workspaceId: 'dev-us', generation: 2, seenAt: 2, nodes: changed });
    expectSameAsSql();
    const tags = changed.slice(0, 60).map((n, i) => ({
      instanceId: n.instanceId,
      tags: [{ key: 'Team', value: i % 2 ? 'blue' : 'red' }, ...(i % 4 ? [{ key: 'Name', value: `${names[i % names.length]}-tagged` }] : [])] as Tag[],
    }));
    fleetRepo.setTags(db, { workspaceId: 'dev-us', fetchedAt: 3, items: tags });
    expectSameAsSql();

    // A complete sync of another workspace that no longer sees some nodes: they leave the grid.
    fleetRepo.upsertNodes(db, { workspaceId: 'prod-us', generation: 2, seenAt: 4, nodes: nodesOf(2, 90).slice(20) });
    fleetRepo.finishSync(db, { workspaceId: 'prod-us', generation: 2, finishedAt: 5 });
    expectSameAsSql();
  }, 60_000);

  it('merges workspaces of very different sizes (one node, none, hundreds) in the same order as SQL', () => {
    const sizes = [1, 0, 300];
    workspaces.forEach((w, i) => {
      if (sizes[i]) fleetRepo.upsertNodes(db, { workspaceId: w.id, generation: 1, seenAt: 1, nodes: nodesOf(i, sizes[i]!) });
    });
    for (const column of ['name', 'instanceId', 'platform', 'pingStatus'] as const) {
      for (const filter of ['', 'node', 'platform:linux']) {
        expect(page(db, filter, column, 'asc'), `${filter} by ${column}`).toEqual(reference(db, filter, column, 'asc'));
      }
    }
    // The big one re-synced: its part is merged again into the small one's.
    fleetRepo.upsertNodes(db, { workspaceId: 'prod-us', generation: 2, seenAt: 2, nodes: nodesOf(2, 300).map((n, i) => ({ ...n, name: i % 2 ? `a-${i}` : n.name })) });
    expect(page(db, '', 'name', 'desc')).toEqual(reference(db, '', 'name', 'desc'));
    fleetRepo.upsertNodes(db, { workspaceId: 'prod-eu', generation: 2, seenAt: 2, nodes: nodesOf(0, 1).map((n) => ({ ...n, name: 'zzz-last' })) });
    expect(page(db, '', 'name', 'desc')).toEqual(reference(db, '', 'name', 'desc'));
  });

  it('pages the merged order without gaps or repeats, and the total is the sum of the workspaces', () => {
    workspaces.forEach((w, i) => fleetRepo.upsertNodes(db, { workspaceId: w.id, generation: 1, seenAt: 1, nodes: nodesOf(i, 90) }));
    const whole = page(db, 'node', 'name', 'asc');
    const windows = [0, 25, 50, 75, 100, 125, 150, 175, 200, 225, 250].map((offset) => page(db, 'node', 'name', 'asc', offset, 25));
    expect(windows.flatMap((w) => w.rows)).toEqual(whole.rows);
    const each = ids.map((id) => fleetRepo.listNodes(db, { workspaceIds: [id], filter: 'node', sort: { column: 'name', direction: 'asc' }, offset: 0, limit: 1 }).total);
    expect(windows.every((w) => w.total === each.reduce((a, b) => a + b, 0))).toBe(true);
    // Past the end: an empty window, the same total.
    expect(page(db, 'node', 'name', 'asc', 10_000, 25)).toEqual({ rows: [], total: whole.total });
  });

  it('lists vanished nodes of every workspace when asked, with the same order', () => {
    workspaces.forEach((w, i) => fleetRepo.upsertNodes(db, { workspaceId: w.id, generation: 1, seenAt: 1, nodes: nodesOf(i, 30) }));
    fleetRepo.upsertNodes(db, { workspaceId: 'prod-eu', generation: 2, seenAt: 2, nodes: nodesOf(0, 30).slice(1) });
    fleetRepo.finishSync(db, { workspaceId: 'prod-eu', generation: 2, finishedAt: 3 });
    const query = { workspaceIds: ids, filter: '', sort: { column: 'account', direction: 'asc' }, offset: 0, limit: 1000 } as const;
    const present = fleetRepo.listNodes(db, { ...query, workspaceIds: [...query.workspaceIds] });
    const all = fleetRepo.listNodes(db, { ...query, workspaceIds: [...query.workspaceIds], includeVanished: true });
    expect(present.total).toBe(89);
    expect(all.total).toBe(90);
    expect(all.rows.filter((r) => r.vanishedAt !== null).map((r) => [r.workspaceId, r.instanceId])).toEqual([['prod-eu', nodesOf(0, 1)[0]!.instanceId]]);
    // Account 111… (prod-eu, prod-us) before 222… (dev-us); within an account, eu-west-1 before us-east-1.
    expect([...new Set(all.rows.map((r) => r.workspaceId))]).toEqual(['prod-eu', 'prod-us', 'dev-us']);
  });

  it('sums the summary over the workspaces; the last sync is the oldest, none while one never synced', () => {
    workspaces.forEach((w, i) => fleetRepo.upsertNodes(db, { workspaceId: w.id, generation: 1, seenAt: 1, nodes: nodesOf(i, 30) }));
    fleetRepo.finishSync(db, { workspaceId: 'prod-eu', generation: 1, finishedAt: 9000 });
    fleetRepo.finishSync(db, { workspaceId: 'dev-us', generation: 1, finishedAt: 7000 });
    const summary = fleetRepo.summary(db, { workspaceIds: ids });
    expect(summary).toMatchObject({ workspaceIds: ids, total: 90, online: 30, connectionLost: 30, inactive: 30, vanished: 0, lastSyncedAt: null });
    fleetRepo.finishSync(db, { workspaceId: 'prod-us', generation: 1, finishedAt: 8000 });
    expect(fleetRepo.summary(db, { workspaceIds: ids }).lastSyncedAt).toBe(7000);
  });

  it('refuses a query without a workspace, saying what to choose', () => {
    expect(() => fleetRepo.listNodes(db, { workspaceIds: [], filter: '', sort: { column: 'name', direction: 'asc' }, offset: 0, limit: 10 })).toThrow(
      /Choose at least one workspace/,
    );
  });
});
