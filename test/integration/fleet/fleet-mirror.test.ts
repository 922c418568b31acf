import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FleetNode, FleetSortColumn, MirrorPage, MirrorRow } from '../../../preload/contract/fleet';
import { MIRROR_PAGE_MAX } from '../../../preload/contract/fleet';
import type { Result } from '../../../preload/contract/define';
import { createCore, type Core } from '../../../main/core';
import type { NodeUpsert } from '../../../main/fleet/fleet-repo';
import type { FleetStore } from '../../../main/fleet/fleet-service';
import { createFleetStore } from '../../../main/fleet/fleet-store';
import { Store } from '../../../main/store/store';

// Rows per page the tests ask for (the renderer asks larger pages to load, smaller to catch up).
const PAGE = 500;

// The renderer's mirror of the grid, read from a real store: what it copies must be what the grid
// (listNodes) shows, and a pass after a write must bring exactly the rows that write changed.

let dir: string;
let store: Store;
let fleet: FleetStore;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'capstan-fleet-mirror-'));
  store = await Store.open({ file: join(dir, 'cache.db') });
  fleet = createFleetStore(store);
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const pings = ['Online', 'ConnectionLost', 'Inactive'] as const;

/** Nodes with few distinct names, versions, addresses and pings, so every sort has ties to break. */
function nodes(count: number, from = 0): NodeUpsert[] {
  return Array.from({ length: count }, (_, k) => {
    const i = from + k;
    const h = (i * 2654435761) >>> 0;
    return {
      instanceId: `i-${(h % 0xfffff).toString(16).padStart(5, '0')}${i.toString(16).padStart(12, '0')}`,
      name: `${['Web', 'db', 'cache', 'ápi'][h % 4]}-${h % 37}`,
      computerName: `host${i}`,
      pingStatus: pings[h % 3]!,
      lastPingAt: 1_700_000_000_000 + (h % 50) * 60_000,
      platformType: 'Linux',
      platformName: ['Ubuntu', 'Amazon Linux', 'windows'][h % 3]!,
      platformVersion: '22.04',
      agentVersion: `3.${h % 3}.${(h >>> 3) % 12}.0`,
      isLatestVersion: h % 5 === 0 ? null : h % 2 === 0,
      ipAddress: h % 11 === 0 ? '' : `10.${h % 3}.${(h >>> 4) % 20}.${(h >>> 8) % 200}`,
      resourceType: 'EC2Instance',
      accountId: '123456789012',
      region: 'eu-west-1',
      tags: [{ key: 'Role', value: ['web', 'db'][h % 2]! }],
    };
  });
}

/** One pass as the renderer runs it: pages from `next` until null, starting again when the serial moves. */
async function pass(workspaceId: string, serial: number | null, since: number): Promise<MirrorPage & { pages: MirrorPage[] }> {
  const pages: MirrorPage[] = [];
  let from = 0;
  for (;;) {
    const page = await fleet.readMirror({ workspaceId, serial, since, from, limit: PAGE });
    if (page.serial !== serial) {
      pages.length = 0;
      serial = page.serial;
      since = -1;
    }
    pages.push(page);
    if (page.next === null) return { ...pages[0]!, rows: pages.flatMap((p) => p.rows), next: null, pages };
    from = page.next;
  }
}

/** Every present node as the grid lists it, in the column's ascending order. */
async function gridRows(workspaceIds: string[], column: FleetSortColumn = 'instanceId'): Promise<FleetNode[]> {
  const rows: FleetNode[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = await fleet.listNodes({ workspaceIds, filter: '', sort: { column, direction: 'asc' }, offset, limit: 1000, includeVanished: false });
    rows.push(...page.rows);
    if (rows.length >= page.total) return rows;
  }
}

function storedSearchText(): Map<string, string> {
  const db = new Sqlite(join(dir, 'cache.db'), { readonly: true });
  try {
    const rows = db.prepare('SELECT workspace_id, instance_id, search_text FROM nodes').raw(true).all() as Array<[string, string, string]>;
    return new Map(rows.map(([w, id, text]) => [`${w}/${id}`, text]));
  } finally {
    db.close();
  }
}

/** Each mirror row is the grid's row (less workspace and vanished time) plus its stored search text. */
async function expectRowsAsGridShows(workspaceId: string, rows: MirrorRow[]): Promise<void> {
  const grid = new Map((await gridRows([workspaceId])).map((node) => [node.instanceId, node]));
  const texts = storedSearchText();
  for (const row of rows) {
    const { workspaceId: _w, vanishedAt: _v, ...shown } = grid.get(row.instanceId)!;
    expect(row).toEqual({ ...shown, position: row.position, searchText: texts.get(`${workspaceId}/${row.instanceId}`) });
  }
}

const instanceIdsOf = (rows: MirrorRow[]): string[] => rows.map((r) => r.instanceId).sort();

describe('fleet mirror pages', () => {
  it('copies every present node once, at positions 0 … length-1, as the grid shows it', async () => {
    await fleet.upsertNodes({ workspaceId: 'w', generation: 1, seenAt: 1, nodes: nodes(1200) });
    const copy = await pass('w', null, -1);
    expect(copy.length).toBe(1200);
    expect(copy.rows.map((r) => r.position)).toEqual(Array.from({ length: 1200 }, (_, p) => p));
    expect(instanceIdsOf(copy.rows)).toEqual(nodes(1200).map((n) => n.instanceId).sort());
    await expectRowsAsGridShows('w', copy.rows);
  });

  it('sends after a write exactly the rows it changed or added, the new one at the old length', async () => {
    const before = nodes(1200);
    await fleet.upsertNodes({ workspaceId: 'w', generation: 1, seenAt: 1, nodes: before });
    const copy = await pass('w', null, -1);
    const byId = new Map(copy.rows.map((r) => [r.instanceId, r]));
    // A re-sync: three nodes change ping status, two only ping again (their last ping moves), one is new.
    const next = before.map((n, i) => {
      if (i === 10 || i === 500 || i === 1100) return { ...n, pingStatus: n.pingStatus === 'Online' ? ('ConnectionLost' as const) : ('Online' as const) };
      if (i === 20 || i === 900) return { ...n, lastPingAt: n.lastPingAt! + 3_600_000 };
      return n;
    });
    const added = nodes(1, 5000)[0]!;
    await fleet.upsertNodes({ workspaceId: 'w', generation: 2, seenAt: 2, nodes: [...next, added] });
    // Tags of one node change too (the tag pass of the same sync).
    await fleet.setTags({ workspaceId: 'w', fetchedAt: 3, items: [{ instanceId: before[30]!.instanceId, tags: [{ key: 'Owner', value: 'payments' }] }] });

    const delta = await pass('w', copy.serial, copy.version);
    expect(delta.serial).toBe(copy.serial);
    expect(delta.version).toBeGreaterThan(copy.version);
    expect(delta.length).toBe(1201);
    expect(instanceIdsOf(delta.rows)).toEqual([10, 500, 1100, 20, 900, 30].map((i) => before[i]!.instanceId).concat(added.instanceId).sort());
    expect(delta.rows.find((r) => r.instanceId === added.instanceId)!.position).toBe(1200);
    for (const row of delta.rows) if (row.instanceId !== added.instanceId) expect(row.position).toBe(byId.get(row.instanceId)!.position);
    await expectRowsAsGridShows('w', delta.rows);

    const idle = await pass('w', delta.serial, delta.version);
    expect(idle).toMatchObject({ serial: delta.serial, version: delta.version, rows: [], next: null });
  });

  it('starts again from position 0 under a new serial once the cache it copied is gone', async () => {
    const all = nodes(300);
    await fleet.upsertNodes({ workspaceId: 'w', generation: 1, seenAt: 1, nodes: all });
    const copy = await pass('w', null, -1);
    // A complete sync that no longer sees 40 nodes: they vanish, and the cache is rebuilt without them.
    await fleet.upsertNodes({ workspaceId: 'w', generation: 2, seenAt: 2, nodes: all.slice(40) });
    await fleet.finishSync({ workspaceId: 'w', generation: 2, finishedAt: 3 });
    const page = await fleet.readMirror({ workspaceId: 'w', serial: copy.serial, since: copy.version, from: 250, limit: PAGE });
    expect(page.serial).not.toBe(copy.serial);
    expect(page).toMatchObject({ length: 260, next: null });
    expect(page.rows.map((r) => r.position)).toEqual(Array.from({ length: 260 }, (_, p) => p));
    expect(instanceIdsOf(page.rows)).toEqual(all.slice(40).map((n) => n.instanceId).sort());
  });

  it('pages at most `limit` rows, each page going on where the last one stopped', async () => {
    const P = PAGE;
    const all = nodes(2.5 * P);
    await fleet.upsertNodes({ workspaceId: 'w', generation: 1, seenAt: 1, nodes: all });
    const copy = await pass('w', null, -1);
    expect(copy.pages.map((p) => [p.rows.length, p.next])).toEqual([
      [P, P],
      [P, 2 * P],
      [P / 2, null],
    ]);
    // P + 50 rows change, spread over every position: their pass is two pages, the second from past the first's last row.
    const changed = new Set(copy.rows.filter((r) => r.position % 2 === 0).slice(0, P + 50).map((r) => r.instanceId));
    await fleet.upsertNodes({
      workspaceId: 'w',
      generation: 2,
      seenAt: 2,
      nodes: all.map((n) => (changed.has(n.instanceId) ? { ...n, computerName: `${n.computerName}-renamed` } : n)),
    });
    const delta = await pass('w', copy.serial, copy.version);
    expect(delta.serial).toBe(copy.serial);
    expect(delta.pages.map((p) => p.rows.length)).toEqual([P, 50]);
    expect(delta.pages[0]!.next).toBe(delta.pages[0]!.rows[P - 1]!.position + 1);
    expect(delta.pages[1]!.next).toBeNull();
    expect(new Set(delta.rows.map((r) => r.instanceId))).toEqual(changed);
    expect(delta.rows.every((r) => r.computerName.endsWith('-renamed'))).toBe(true);
  });
});

describe('fleet mirror orders', () => {
  const columns: FleetSortColumn[] = ['name', 'instanceId', 'pingStatus', 'platform', 'agentVersion', 'ipAddress', 'lastPing'];

  it('orders one workspace’s positions as the grid orders its rows, and names each order by a stamp', async () => {
    const all = nodes(1500);
    await fleet.upsertNodes({ workspaceId: 'w', generation: 1, seenAt: 1, nodes: all });
    const copy = await pass('w', null, -1);
    const idAt = (rows: MirrorRow[]) => new Map(rows.map((r) => [r.position, r.instanceId]));
    const positions = idAt(copy.rows);
    for (const column of columns) {
      const order = await fleet.readMirrorOrder({ workspaceIds: ['w'], column, known: null });
      expect(order.caches).toEqual([{ workspaceId: 'w', serial: copy.serial, version: copy.version }]);
      expect(order.entries!.map((p) => positions.get(p)), column).toEqual((await gridRows(['w'], column)).map((n) => n.instanceId));
      const again = await fleet.readMirrorOrder({ workspaceIds: ['w'], column, known: order.stamp });
      expect(again).toEqual({ ...order, entries: null });
    }

    const names = await fleet.readMirrorOrder({ workspaceIds: ['w'], column: 'name', known: null });
    await fleet.upsertNodes({ workspaceId: 'w', generation: 2, seenAt: 2, nodes: all.map((n, i) => (i % 100 === 0 ? { ...n, name: `aaa-${i}` } : n)) });
    const moved = await fleet.readMirrorOrder({ workspaceIds: ['w'], column: 'name', known: names.stamp });
    expect(moved.stamp).not.toBe(names.stamp);
    expect(moved.caches[0]!.version).toBeGreaterThan(copy.version);
    expect(moved.entries!.map((p) => positions.get(p))).toEqual((await gridRows(['w'], 'name')).map((n) => n.instanceId));
  });

  it('merges several workspaces into entries that decode to the grid’s row sequence', async () => {
    // The same instance ids in both (ties broken by workspace id), and ids given unsorted.
    await fleet.upsertNodes({ workspaceId: 'ws-b', generation: 1, seenAt: 1, nodes: nodes(600) });
    await fleet.upsertNodes({ workspaceId: 'ws-a', generation: 1, seenAt: 1, nodes: nodes(500, 300) });
    const copies = [await pass('ws-a', null, -1), await pass('ws-b', null, -1)];
    const positions = copies.map((copy) => new Map(copy.rows.map((r) => [r.position, r.instanceId])));
    for (const column of columns) {
      const order = await fleet.readMirrorOrder({ workspaceIds: ['ws-b', 'ws-a', 'ws-b'], column, known: null });
      expect(order.caches.map((c) => [c.workspaceId, c.serial])).toEqual([
        ['ws-a', copies[0]!.serial],
        ['ws-b', copies[1]!.serial],
      ]);
      const decoded = order.entries!.map((entry) => {
        const w = entry >>> 25;
        return `${order.caches[w]!.workspaceId}/${positions[w]!.get(entry & (2 ** 25 - 1))}`;
      });
      expect(decoded, column).toEqual((await gridRows(['ws-a', 'ws-b'], column)).map((n) => `${n.workspaceId}/${n.instanceId}`));
      expect((await fleet.readMirrorOrder({ workspaceIds: ['ws-a', 'ws-b'], column, known: order.stamp })).entries).toBeNull();
    }
  });
});

describe('fleet mirror channels', () => {
  let core: Core;
  const trusted = { trusted: true, label: 'test' };

  afterEach(async () => {
    await core?.close();
  });

  it('answers fleet:read-mirror and fleet:read-mirror-order through the router and refuses a malformed request', async () => {
    const home = join(dir, 'core');
    core = await createCore({
      userDataDir: home,
      appVersion: '0.0.0-test',
      platform: 'linux',
      openExternal: async () => {},
      env: { HOME: join(home, 'home'), AWS_CONFIG_FILE: join(home, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(home, 'none') },
      trainingFleet: { nodes: 60, seed: 3 },
    });
    const synced = new Promise<void>((resolve) =>
      core.router.subscribe((channel, payload) => {
        if (channel === 'fleet:sync-progressed' && (payload as { phase: string }).phase === 'succeeded') resolve();
      }),
    );
    await synced;
    const page = (await core.router.handle('fleet:read-mirror', trusted, { workspaceId: 'training', serial: null, since: -1, from: 0, limit: PAGE })) as Result<MirrorPage>;
    expect(page).toMatchObject({ ok: true, value: { workspaceId: 'training', length: 60, next: null } });
    if (page.ok) expect(page.value.rows).toHaveLength(60);
    const order = await core.router.handle('fleet:read-mirror-order', trusted, { workspaceIds: ['training'], column: 'name', known: null });
    expect(order).toMatchObject({ ok: true, value: { entries: expect.any(Array) } });
    const refused = await core.router.handle('fleet:read-mirror', trusted, { workspaceId: 'training', serial: null, since: -2, from: 0, limit: PAGE });
    expect(refused).toMatchObject({ ok: false, error: { kind: 'validation' } });
    for (const bad of [{ workspaceId: '' }, { limit: MIRROR_PAGE_MAX + 1 }, { limit: 0 }]) {
      const answer = await core.router.handle('fleet:read-mirror', trusted, { workspaceId: 'training', serial: null, since: -1, from: 0, limit: PAGE, ...bad });
      expect(answer, JSON.stringify(bad)).toMatchObject({ ok: false, error: { kind: 'validation' } });
    }
  });
});
