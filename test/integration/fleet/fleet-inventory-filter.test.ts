import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fleetRepo } from '../../../main/fleet/fleet-repo';
import { inventoryRepo } from '../../../main/inventory/inventory-repo';
import { mapEntry, normaliseTerm, syncedTypeNames } from '../../../main/inventory/inventory-mapping';
import type { SimulatedNode } from '../../../main/simulator/fleet-generator';
import { INVENTORY_TYPES } from '../../../main/simulator/inventory-types';
import { openDatabase } from '../../../main/store/open-database';
import type { FleetQuery } from '../../../preload/contract/fleet';
import { seedFleetWithInventory, type SeededFleet } from './inventory-seed';

// app: and product: terms against a real store holding the training fleet's inventory, checked
// against a brute-force scan of the same entries as the simulator reports them.

const W = 'training';
// A second account's fleet beside the first, for the grid over several workspaces.
const W2 = 'training-payments';
let dir: string;
let db: Database;
let fleet: SeededFleet;

interface Entry {
  name: string;
  version: string;
  product: string | null;
  family: string | null;
}

const entryMemo = new Map<string, Entry[]>();

/** Every entry of a node as the cache stores it (mapped, normalised), for the reference scan. */
function entriesOf(node: SimulatedNode): Entry[] {
  if (!fleet.withInventory.has(node.InstanceId)) return [];
  const known = entryMemo.get(node.InstanceId);
  if (known) return known;
  const entries = syncedTypeNames.flatMap((typeName) =>
    (INVENTORY_TYPES.get(typeName)?.content?.(node) ?? []).flatMap((raw) => {
      const mapped = mapEntry(typeName, node.info.PlatformType, raw);
      if (!mapped) return [];
      const n = normaliseTerm(mapped.term);
      return [{ name: mapped.term.name, version: mapped.term.version, product: n.product, family: n.family }];
    }),
  );
  entryMemo.set(node.InstanceId, entries);
  return entries;
}

function reference(test: (entry: Entry) => boolean, negated = false): string[] {
  return fleet.nodes
    .filter((node) => entriesOf(node).some(test) !== negated)
    .map((node) => node.InstanceId)
    .sort();
}

function query(filter: string, fields: Partial<FleetQuery> = {}): FleetQuery {
  return { workspaceIds: [W], filter, sort: { column: 'instanceId', direction: 'asc' }, offset: 0, limit: 5000, ...fields };
}

/** The ids a filter lists, through the grid's cached path; the SQL path (vanished nodes included) must agree. */
function ids(filter: string): string[] {
  const cached = fleetRepo.listNodes(db, query(filter));
  const bySql = fleetRepo.listNodes(db, query(filter, { includeVanished: true }));
  const out = cached.rows.map((r) => r.instanceId);
  expect(cached.total).toBe(out.length);
  expect(bySql.rows.map((r) => r.instanceId), `SQL path for ${filter}`).toEqual(out);
  return out;
}

const lower = (s: string): string => s.toLowerCase();

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'capstan-fleet-inventory-'));
  db = openDatabase({ file: join(dir, 'cache.db'), openedAt: 0 }).db;
  // Every seventh node has no inventory yet, as after a partial first sync.
  fleet = seedFleetWithInventory(db, { workspaceId: W, nodes: 120, seed: 11, hasInventory: (node) => node.index % 7 !== 3 });
  seedFleetWithInventory(db, { workspaceId: W2, nodes: 80, seed: 12, hasInventory: (node) => node.index % 5 !== 1 });
});

afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('app: and product: in the fleet quick filter', () => {
  it('app:<text> lists nodes with any entry whose name contains the text, case-insensitively, short or long', () => {
    for (const text of ['openjdk', 'CORRETTO', 'ssh', 'py', 'e', 'Windows Update', 'eth0']) {
      const expected = reference((e) => lower(e.name).includes(lower(text)));
      expect(ids(`app:"${text}"`), `app:"${text}"`).toEqual(expected);
    }
    expect(reference((e) => lower(e.name).includes('openjdk')).length).toBeGreaterThan(0);
  });

  it('app:"name@version" lists nodes with exactly that entry, and nothing for a version no node has', () => {
    const sample = fleet.nodes.flatMap(entriesOf).find((e) => e.version !== '' && /jdk|jre|java/i.test(e.name))!;
    expect(sample).toBeDefined();
    const expected = reference((e) => e.name === sample.name && e.version === sample.version);
    expect(expected.length).toBeGreaterThan(0);
    expect(ids(`app:"${sample.name}@${sample.version}"`)).toEqual(expected);
    expect(ids(`app:"${sample.name}@${sample.version}.999"`)).toEqual([]);
    // Exact means the case too, as the inventory's search groups tell names apart.
    expect(ids(`app:"${sample.name.toUpperCase()}@${sample.version}"`)).toEqual(sample.name === sample.name.toUpperCase() ? expected : []);
    // The same name as a substring finds at least as many nodes.
    expect(ids(`app:"${sample.name}"`).length).toBeGreaterThanOrEqual(expected.length);
  });

  it('product:"Java 8" matches the normalised product; product:java the whole family; product:PostgreSQL the product at any version', () => {
    const java8 = reference((e) => e.product === 'Java 8');
    expect(java8.length).toBeGreaterThan(0);
    expect(ids('product:"Java 8"')).toEqual(java8);
    expect(ids('product:"java 8"')).toEqual(java8);
    const java = reference((e) => e.family === 'Java');
    expect(java.length).toBeGreaterThan(java8.length);
    expect(ids('product:java')).toEqual(java);
    const postgres = reference((e) => e.product?.startsWith('PostgreSQL ') === true);
    expect(ids('product:postgresql')).toEqual(postgres);
    // "Java 1" is no product: not a prefix match of "Java 11".
    expect(ids('product:"Java 1"')).toEqual([]);
  });

  it('a node without inventory never matches a positive term and always matches its negation', () => {
    const without = fleet.nodes.filter((n) => !fleet.withInventory.has(n.InstanceId)).map((n) => n.InstanceId);
    expect(without.length).toBeGreaterThan(0);
    const notJava = ids('-product:java');
    expect(notJava).toEqual(reference((e) => e.family === 'Java', true));
    for (const id of without) expect(notJava).toContain(id);
    expect(ids('-app:openjdk')).toEqual(reference((e) => lower(e.name).includes('openjdk'), true));
    expect(ids('app:e').some((id) => without.includes(id))).toBe(false);
  });

  it('combines with the other terms (AND) and with sorting and paging', () => {
    const online = new Set(fleet.nodes.filter((n) => n.info.PingStatus === 'Online').map((n) => n.InstanceId));
    const expected = reference((e) => e.family === 'Java').filter((id) => online.has(id));
    expect(ids('product:java ping:online')).toEqual(expected);
    const page = fleetRepo.listNodes(db, query('product:java ping:online', { offset: 2, limit: 3, sort: { column: 'instanceId', direction: 'desc' } }));
    expect(page.total).toBe(expected.length);
    expect(page.rows.map((r) => r.instanceId)).toEqual([...expected].reverse().slice(2, 5));
  });

  it('follows an inventory write: a node whose inventory is replaced leaves and joins matches at once', () => {
    const before = ids('product:"Java 8"');
    const node = fleet.nodes.find((n) => before.includes(n.InstanceId))!;
    // The node reports no software any more (its new capture): it must leave the Java 8 list.
    inventoryRepo.writeNodes(db, {
      workspaceId: W,
      syncedAt: 3,
      nodes: [{ instanceId: node.InstanceId, platformType: node.info.PlatformType, captureTime: '2026-11-02T00:00:00Z', types: [{ typeName: 'AWS:Application', captureTime: '2026-11-02T00:00:00Z', entries: [] }] }],
    });
    expect(ids('product:"Java 8"')).toEqual(before.filter((id) => id !== node.InstanceId));
    // And a node without inventory that now reports Corretto 8 joins it.
    const newcomer = fleet.nodes.find((n) => !fleet.withInventory.has(n.InstanceId) && n.info.PlatformType === 'Linux')!;
    inventoryRepo.writeNodes(db, {
      workspaceId: W,
      syncedAt: 4,
      nodes: [
        {
          instanceId: newcomer.InstanceId,
          platformType: 'Linux',
          captureTime: '2026-11-02T00:00:00Z',
          types: [{ typeName: 'AWS:Application', captureTime: '2026-11-02T00:00:00Z', entries: [{ Name: 'java-1.8.0-amazon-corretto', Version: '1.8.0_392.b08', Publisher: 'Amazon.com Inc.' }] }],
        },
      ],
    });
    expect(ids('product:"Java 8"')).toContain(newcomer.InstanceId);
  });

  it('answers app: and product: over several workspaces: each one’s own inventory, counted together, in one order', () => {
    const both = [W, W2];
    const key = (r: { workspaceId: string; instanceId: string }): string => `${r.instanceId} ${r.workspaceId}`;
    for (const filter of ['app:openjdk', 'product:java', '-app:ssh', 'app:openjdk platform:linux', 'product:"Java 8" ping:online']) {
      const each = both.map((id) => fleetRepo.listNodes(db, query(filter, { workspaceIds: [id] })));
      const many = fleetRepo.listNodes(db, query(filter, { workspaceIds: both }));
      expect(many.total, filter).toBe(each[0]!.total + each[1]!.total);
      // Sorted by instance id, then workspace: the union of the two lists, in that order.
      const expected = each.flatMap((page) => page.rows.map(key)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      expect(many.rows.map(key), filter).toEqual(expected);
      // The SQL path (vanished nodes included) agrees.
      expect(fleetRepo.listNodes(db, query(filter, { workspaceIds: both, includeVanished: true })).rows.map(key), `SQL path for ${filter}`).toEqual(expected);
    }
    expect(fleetRepo.listNodes(db, query('product:java', { workspaceIds: [W2] })).total).toBeGreaterThan(0);
  });
});
