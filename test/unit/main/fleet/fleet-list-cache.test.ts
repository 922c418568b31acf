import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compareCodePoints, currentListCache, listCache, reinsert } from '../../../../main/fleet/fleet-list-cache';
import { fleetRepo } from '../../../../main/fleet/fleet-repo';
import type { NodeUpsert, Tag } from '../../../../main/fleet/fleet-repo';
import { openDatabase } from '../../../../main/store/open-database';
import { hasIdleTask, runOneIdleTask } from '../../../../main/store/store-idle';
import type { FleetNode, FleetQuery, FleetSortColumn } from '../../../../preload/contract/fleet';

const W = 'training';

// Names that order differently under JS's default compare, case folding and UTF-8 bytes.
const awkwardNames = ['Web-01', 'web-01', 'WEB-02', 'web_03', 'Ωmega', 'émile', 'Zeta', 'zeta', '𝔘nicode', '\uff21wide', '', 'a', 'A', 'ä'];

describe('compareCodePoints', () => {
  it('orders strings as SQLite orders them, BINARY and NOCASE, astral characters included', () => {
    const sqlite = new Sqlite(':memory:');
    try {
      sqlite.exec('CREATE TABLE t (s TEXT)');
      const insert = sqlite.prepare('INSERT INTO t VALUES (?)');
      for (const s of awkwardNames) insert.run(s);
      const binary = sqlite.prepare('SELECT s FROM t ORDER BY s').pluck().all() as string[];
      expect([...awkwardNames].sort(compareCodePoints)).toEqual(binary);
      // JS's own compare puts U+FF21 after U+1D518 (a surrogate pair): the naive order is wrong.
      expect([...awkwardNames].sort()).not.toEqual(binary);
      const nocase = sqlite.prepare('SELECT s FROM t ORDER BY s COLLATE NOCASE, s').pluck().all() as string[];
      const fold = (s: string): string => s.replace(/[A-Z]/g, (c) => c.toLowerCase());
      expect([...awkwardNames].sort((a, b) => compareCodePoints(fold(a), fold(b)) || compareCodePoints(a, b))).toEqual(nocase);
    } finally {
      sqlite.close();
    }
  });
});

describe('reinsert', () => {
  it('moves changed entries to their new place and appends new ones in order, keeping the rest', () => {
    const keys = [10, 20, 30, 40, 50];
    const order = Int32Array.from([0, 1, 2, 3, 4]);
    keys[1] = 45; // entry 1 moves between 40 and 50
    keys[5] = 5; // a new entry 5 sorts first
    keys[6] = 30; // a new entry 6 ties with entry 2 and sorts after it by position
    const out = reinsert(order, [1, 5, 6, 1], (a, b) => keys[a]! - keys[b]! || a - b);
    expect([...out]).toEqual([5, 0, 2, 6, 3, 1, 4]);
  });
});

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

describe('the list cache follows writes', () => {
  let dir: string;
  let db: Database;
  let fresh: Database;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'capstan-list-cache-'));
    db = openDatabase({ file: join(dir, 'cache.db'), openedAt: 0 }).db;
    // A second connection to the same file answers from a cache built from scratch: the reference.
    fresh = new Sqlite(join(dir, 'cache.db'));
  });
  afterEach(() => {
    db.close();
    fresh.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const pings: FleetNode['pingStatus'][] = ['Online', 'ConnectionLost', 'Inactive'];
  const columns: FleetSortColumn[] = ['name', 'instanceId', 'pingStatus', 'platform', 'agentVersion', 'ipAddress', 'location', 'account', 'region', 'lastPing'];
  const filters = ['node', 'web', 'prod', 'tag:Team=blue', '-ping:online', 'e'];

  function page(conn: Database, filter: string, column: FleetSortColumn, direction: 'asc' | 'desc'): { ids: string[]; total: number } {
    const q: FleetQuery = { workspaceIds: [W], filter, sort: { column, direction }, offset: 0, limit: 5000, includeVanished: false };
    const answer = fleetRepo.listNodes(conn, q);
    return { ids: answer.rows.map((r) => r.instanceId), total: answer.total };
  }

  function expectSameAsFresh(): void {
    for (const filter of filters) {
      for (const column of columns) {
        for (const direction of ['asc', 'desc'] as const) {
          // The fresh connection first, so its answer cannot come from a cache this test patched.
          const reference = page(fresh, filter, column, direction);
          expect(page(db, filter, column, direction), `${filter} by ${column} ${direction}`).toEqual(reference);
        }
      }
    }
  }

  it('answers every filter and sort as a rebuilt cache would, through upserts, renames by tag and new nodes', () => {
    const fleet = Array.from({ length: 400 }, (_, i) =>
      node(`${i % 4 === 0 ? 'mi-' : 'i-'}${(i * 7919 % 400).toString(16).padStart(6, '0')}`, {
        name: i % 3 === 0 ? '' : `${awkwardNames[i % awkwardNames.length]}-node-${i % 50}`,
        pingStatus: pings[i % pings.length]!,
        ipAddress: `10.0.${i % 7}.${i % 250}`,
        resourceType: i % 4 === 0 ? 'ManagedInstance' : 'EC2Instance',
      }),
    );
    fleetRepo.upsertNodes(db, { workspaceId: W, generation: 1, seenAt: 1, nodes: fleet.slice(0, 200) });
    // Queries warm every order of the cache; the writes below must patch or drop each one.
    expectSameAsFresh();

    // A second page of a sync: new nodes, and known ones whose name and ping status changed.
    const changed = fleet.slice(0, 60).map((n, i) => ({ ...n, name: i % 2 ? `web-prod-${i}` : n.name, pingStatus: pings[(i + 1) % 3]! }));
    fleetRepo.upsertNodes(db, { workspaceId: W, generation: 1, seenAt: 2, nodes: [...changed, ...fleet.slice(200, 300)] });
    expectSameAsFresh();

    // The tag pass: EC2 names come from Name tags (so the name order moves), hybrid nodes keep theirs.
    const teams = ['blue', 'red'];
    const tagged = fleet.slice(0, 300).map((n, i) => ({
      instanceId: n.instanceId,
      tags: [
        { key: 'Team', value: teams[i % 2]! },
        ...(i % 5 === 0 ? [] : [{ key: 'Name', value: `${awkwardNames[(i * 3) % awkwardNames.length]}-prod-${i}` }]),
      ] as Tag[],
    }));
    for (let i = 0; i < tagged.length; i += 37) {
      fleetRepo.setTags(db, { workspaceId: W, fetchedAt: 3, items: tagged.slice(i, i + 37) });
      expect(page(db, 'prod', 'name', 'asc')).toEqual(page(fresh, 'prod', 'name', 'asc'));
    }
    expectSameAsFresh();

    // A later sync: the rest arrive, some known nodes come back from being vanished.
    fleetRepo.upsertNodes(db, { workspaceId: W, generation: 2, seenAt: 4, nodes: fleet.slice(0, 150) });
    fleetRepo.finishSync(db, { workspaceId: W, generation: 2, finishedAt: 5 });
    expectSameAsFresh();
    fleetRepo.upsertNodes(db, { workspaceId: W, generation: 3, seenAt: 6, nodes: fleet });
    expectSameAsFresh();
  }, 60_000);

  function fleetOf(count: number): NodeUpsert[] {
    return Array.from({ length: count }, (_, i) =>
      node(`${i % 4 === 0 ? 'mi-' : 'i-'}${i.toString(16).padStart(6, '0')}`, {
        name: `${awkwardNames[i % awkwardNames.length]}-node-${i % 50}`,
        pingStatus: pings[i % pings.length]!,
        resourceType: i % 4 === 0 ? 'ManagedInstance' : 'EC2Instance',
      }),
    );
  }

  it('leaves the cache alone on writes and patches it, unread writes and tags together, when next read', () => {
    const fleet = fleetOf(400);
    fleetRepo.upsertNodes(db, { workspaceId: W, generation: 1, seenAt: 1, nodes: fleet.slice(0, 300) });
    expectSameAsFresh();
    const before = listCache(db, W);
    const rowsBefore = before.rows.length;

    // Several writes with no query between them (a sync page, renames, new nodes, tags by id).
    const renamed = fleet.slice(0, 40).map((n, i) => ({ ...n, name: `web-prod-${i}`, pingStatus: pings[(i + 2) % 3]! }));
    fleetRepo.upsertNodes(db, { workspaceId: W, generation: 1, seenAt: 2, nodes: [...renamed, ...fleet.slice(300, 340)] });
    fleetRepo.setTags(db, {
      workspaceId: W,
      fetchedAt: 3,
      items: fleet.slice(20, 60).map((n, i) => ({ instanceId: n.instanceId, tags: [{ key: 'Team', value: i % 2 ? 'blue' : 'red' }] as Tag[] })),
    });
    // The writes did not touch the copy: that work waits for a reader (or for an idle worker).
    expect(before.rows.length).toBe(rowsBefore);
    expect(hasIdleTask(db)).toBe(true);

    expectSameAsFresh();
    // The same cache object was patched (120 rows of 340), not rebuilt.
    expect(listCache(db, W)).toBe(before);
    expect(before.rows.length).toBe(340);
  }, 60_000);

  it('brings the cache up to date when the store worker is idle, so the next keystroke finds it done', () => {
    const fleet = fleetOf(300);
    fleetRepo.upsertNodes(db, { workspaceId: W, generation: 1, seenAt: 1, nodes: fleet.slice(0, 200) });
    expect(page(db, 'node', 'name', 'asc').total).toBe(200);
    const cache = listCache(db, W);
    fleetRepo.upsertNodes(db, { workspaceId: W, generation: 1, seenAt: 2, nodes: fleet.slice(200) });
    expect(cache.pending.rowids.size).toBe(100);

    runOneIdleTask(db);
    expect(hasIdleTask(db)).toBe(false);
    expect(cache.pending.rowids.size).toBe(0);
    expect(cache.rows.length).toBe(300);
    expect(currentListCache(db, W)).toBe(cache);
    expectSameAsFresh();
  }, 60_000);

  it('rebuilds instead of patching when most of the cache is unread writes (a whole first sync)', () => {
    const fleet = fleetOf(400);
    // The grid read the fleet while it was still small.
    fleetRepo.upsertNodes(db, { workspaceId: W, generation: 1, seenAt: 1, nodes: fleet.slice(0, 50) });
    const small = listCache(db, W);
    for (let i = 50; i < 400; i += 100) fleetRepo.upsertNodes(db, { workspaceId: W, generation: 1, seenAt: 2, nodes: fleet.slice(i, i + 100) });
    expectSameAsFresh();
    expect(listCache(db, W)).not.toBe(small);
    expect(listCache(db, W).rows.length).toBe(400);
    // The rebuilt cache owes nothing: the idle task of the replaced one is gone.
    expect(hasIdleTask(db)).toBe(false);
  }, 60_000);

  it('builds a missing cache when the worker is idle after a write, not in the write', () => {
    fleetRepo.upsertNodes(db, { workspaceId: W, generation: 1, seenAt: 1, nodes: fleetOf(120) });
    expect(currentListCache(db, W)).toBeNull();
    runOneIdleTask(db);
    const built = currentListCache(db, W);
    expect(built?.rows.length).toBe(120);
    // The grid's default order came with it: the first keystroke pays neither.
    expect(built?.orders.has('name')).toBe(true);
    expectSameAsFresh();
  }, 60_000);
});
