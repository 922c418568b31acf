import type { Database } from 'better-sqlite3';
import type { FleetNode, FleetSortColumn } from '../../preload/contract/fleet';
import { cancelIdleTask, runWhenIdle } from '../store/store-idle';
import { prepareCached } from '../store/statement-cache';
import { FilterRowSet, toFilterRow } from './fleet-filter-rows';
import type { FilterRow } from './fleet-filter-rows';

/** Each sort column, the index that pages it from SQL (if any) and the expressions it orders by. */
export const sortIndexes: Record<FleetSortColumn, { index: string | null; expressions: readonly string[] }> = {
  // instance_id (the key) ends every ORDER BY so pages never shuffle rows that tie. The columns the
  // grid opens with (name, id) and ping status (which summary counts) have an index in
  // 0010-fleet-nodes; the others are sorted once per change into the list cache: an index per
  // column would be rewritten on every insert of every sync, for a sort the operator rarely picks.
  name: { index: 'nodes_by_name', expressions: ['name COLLATE NOCASE'] },
  instanceId: { index: 'nodes_by_id', expressions: [] },
  pingStatus: { index: 'nodes_by_ping', expressions: ['ping_status'] },
  platform: { index: null, expressions: ['platform_name COLLATE NOCASE'] },
  agentVersion: { index: null, expressions: ['agent_version_sort'] },
  ipAddress: { index: null, expressions: ['ip_sort'] },
  location: { index: null, expressions: ['account_id', 'region'] },
  account: { index: null, expressions: ['account_id', 'region'] },
  region: { index: null, expressions: ['region', 'account_id'] },
  lastPing: { index: null, expressions: ['last_ping_at'] },
};

/**
 * A workspace's copy of the columns the quick filter reads, with each sort order as positions into
 * it. listNodes filters and pages present nodes in JS over it, so a keystroke costs a search of the
 * copy and one read of the page's rows. Writes patch it with the rows they changed; a write by
 * another connection is caught by PRAGMA data_version, which moves when another connection commits.
 */
export interface ListCache {
  /** Tells caches apart without holding them (a replaced cache is garbage once nothing reads it). */
  serial: number;
  dataVersion: number;
  rows: FilterRowSet;
  /** rowid of each entry of rows. */
  rowids: number[];
  /** instance_id of each entry as stored (FilterRow holds it lower-cased); the tiebreak of every order. */
  instanceIds: string[];
  positionOf: Map<number, number>;
  orders: Map<FleetSortColumn, Int32Array>;
  /** Rows written since the cache was last brought up to date (see noteListCacheWrites). */
  pending: PendingWrites;
  /** Moves once per catch-up that changed rows (0 when built): the renderer's mirror asks for what changed after one. */
  version: number;
  /** Per position, the version at which the row was last written (0: as read when the cache was built). */
  changedAt: number[];
}

interface PendingWrites {
  rowids: Set<number>;
  instanceIds: Set<string>;
  otherSortKeysMayChange: boolean;
  /** Rows whose last ping alone moved: the copy holds nothing of theirs to re-read, but the mirror does. */
  touched: Set<number>;
}

const noPending = (): PendingWrites => ({ rowids: new Set(), instanceIds: new Set(), otherSortKeysMayChange: false, touched: new Set() });

const listCaches = new WeakMap<Database, Map<string, ListCache>>();
let serials = 0;

const filterColumns = `rowid, search_text, name, instance_id, ping_status, platform_type, platform_name, agent_version,
  ip_address, account_id, region`;
type FilterColumns = [number, string, string, string, string, string, string, string, string, string, string];

function filterRowOf(r: FilterColumns): FilterRow {
  return toFilterRow(
    {
      name: r[2],
      instanceId: r[3],
      pingStatus: r[4] as FleetNode['pingStatus'],
      platformType: r[5],
      platformName: r[6],
      agentVersion: r[7],
      ipAddress: r[8],
      accountId: r[9],
      region: r[10],
    },
    r[1],
  );
}

/** Drops a workspace's cache (a rolled-back write, nodes that vanished): the next query rebuilds it. */
export function forgetListCache(db: Database, workspaceId: string): void {
  listCaches.get(db)?.delete(workspaceId);
}

/** Drops one sort order, rebuilt from SQL when next asked for. */
export function forgetOrder(db: Database, workspaceId: string, column: FleetSortColumn): void {
  listCaches.get(db)?.get(workspaceId)?.orders.delete(column);
}

/**
 * The workspace's cache brought up to date if it is built and no other connection wrote since,
 * else null (never builds a missing one).
 */
export function currentListCache(db: Database, workspaceId: string): ListCache | null {
  const hit = listCaches.get(db)?.get(workspaceId);
  if (!hit || hit.dataVersion !== (db.pragma('data_version', { simple: true }) as number)) return null;
  return listCache(db, workspaceId);
}

/** The workspace's cache, read from SQL when missing or written by another connection since. */
export function listCache(db: Database, workspaceId: string): ListCache {
  let perDb = listCaches.get(db);
  if (!perDb) {
    perDb = new Map();
    listCaches.set(db, perDb);
  }
  const dataVersion = db.pragma('data_version', { simple: true }) as number;
  const hit = perDb.get(workspaceId);
  const current = hit && hit.dataVersion === dataVersion ? applyPending(db, workspaceId, hit) : undefined;
  if (current) return current;
  cancelIdleTask(db, idleKey(workspaceId));
  const raw = prepareCached(db, `SELECT ${filterColumns} FROM nodes WHERE workspace_id = @workspaceId AND vanished_at IS NULL`)
    .raw(true)
    .all({ workspaceId }) as FilterColumns[];
  serials += 1;
  const cache: ListCache = {
    serial: serials,
    dataVersion,
    rows: new FilterRowSet(),
    rowids: [],
    instanceIds: [],
    positionOf: new Map(),
    orders: new Map(),
    pending: noPending(),
    version: 0,
    changedAt: [],
  };
  for (const r of raw) {
    cache.positionOf.set(r[0], cache.rows.put(undefined, filterRowOf(r)));
    cache.rowids.push(r[0]);
    cache.instanceIds.push(r[3]);
    cache.changedAt.push(0);
  }
  perDb.set(workspaceId, cache);
  return cache;
}

/**
 * Records that a committed write changed or added (never removed) these present nodes. The cache
 * is patched from them once the store worker is idle or a query reads it (whichever comes first),
 * not inside the write: patching the filter copy, its character-pair index and the sort orders
 * there made a 10,000-node sync's writes take 575 ms instead of 311 ms (same machine, medians).
 */
export function noteListCacheWrites(
  db: Database,
  workspaceId: string,
  key: 'rowid' | 'instance_id',
  keys: ReadonlyArray<number | string>,
  otherSortKeysMayChange: boolean,
): void {
  if (keys.length === 0) return;
  const cache = listCaches.get(db)?.get(workspaceId);
  if (!cache) {
    // Built from SQL while the worker has nothing else to do (between a sync's writes), so
    // neither the write nor the first keystroke pays it: at 100,000 rows it took ~1.7 s.
    runWhenIdle(db, idleKey(workspaceId), () => {
      if (!listCaches.get(db)?.has(workspaceId)) sortOrder(db, workspaceId, listCache(db, workspaceId), 'name');
    });
    return;
  }
  const { pending } = cache;
  if (key === 'rowid') for (const k of keys) pending.rowids.add(k as number);
  else for (const k of keys) pending.instanceIds.add(k as string);
  pending.otherSortKeysMayChange ||= otherSortKeysMayChange;
  // Patch while the worker has nothing else to do, so a keystroke during a sync finds it done.
  runWhenIdle(db, idleKey(workspaceId), () => {
    if (listCaches.get(db)?.get(workspaceId) !== cache) return;
    const current = currentListCache(db, workspaceId);
    // The grid's default order, so the first keystroke after a sync does not build it.
    if (current) sortOrder(db, workspaceId, current, 'name');
  });
}

/**
 * Records present nodes whose last ping alone moved (a sync's bookkeeping write). The filter copy
 * and its orders hold no last ping, so nothing is re-read; the rows are only stamped with the next
 * version, for the renderer's mirror, which shows it. Without a cache there is nothing to stamp: the
 * one built next reads every row, under a new serial.
 */
export function noteListCacheTouches(db: Database, workspaceId: string, rowids: readonly number[]): void {
  const cache = listCaches.get(db)?.get(workspaceId);
  if (!cache) return;
  for (const rowid of rowids) cache.pending.touched.add(rowid);
}

const idleKey = (workspaceId: string): string => `fleet-list-cache:${workspaceId}`;

// Past this share of the cache a rebuild from SQL is cheaper than patching row by row (a first
// sync into an empty cache, or a query after a whole sync went by unread).
const REBUILD_SHARE = 0.5;

/** Patches `cache` with the writes noted since; undefined when a rebuild would be cheaper. */
function applyPending(db: Database, workspaceId: string, cache: ListCache): ListCache | undefined {
  const { pending } = cache;
  // Touched rows are only stamped (no re-read), so they do not count towards a rebuild.
  const count = pending.rowids.size + pending.instanceIds.size;
  if (count === 0 && pending.touched.size === 0) return cache;
  if (count > cache.rows.length * REBUILD_SHARE) return undefined;
  cancelIdleTask(db, idleKey(workspaceId));
  cache.pending = noPending();
  // One version per catch-up, however many writes it folds: the mirror asks "changed after v".
  const version = cache.version + 1;
  try {
    let stamped = patch(db, workspaceId, cache, 'rowid', [...pending.rowids], pending.otherSortKeysMayChange, version);
    stamped += patch(db, workspaceId, cache, 'instance_id', [...pending.instanceIds], pending.otherSortKeysMayChange, version);
    for (const rowid of pending.touched) {
      const position = cache.positionOf.get(rowid);
      if (position === undefined) continue;
      cache.changedAt[position] = version;
      stamped += 1;
    }
    if (stamped > 0) cache.version = version;
  } catch (error) {
    // A half-patched copy would answer wrongly from then on: the next reader rebuilds it.
    forgetListCache(db, workspaceId);
    throw error;
  }
  return cache;
}

// Re-reads the given rows into the cache, stamps each with `version` and answers how many it put.
// Sort orders whose keys the cache holds (name, id, ping status) are patched in place; the others
// are dropped when `otherSortKeysMayChange`. Rebuilding an order of 100,000 rows after each write
// during a sync made every keystroke pay ~0.4 s.
function patch(
  db: Database,
  workspaceId: string,
  cache: ListCache,
  key: 'rowid' | 'instance_id',
  keys: Array<number | string>,
  otherSortKeysMayChange: boolean,
  version: number,
): number {
  if (keys.length === 0) return 0;
  const raw = prepareCached(
    db,
    `SELECT ${filterColumns} FROM nodes
     WHERE workspace_id = @workspaceId AND ${key} IN (SELECT value FROM json_each(@keys)) AND vanished_at IS NULL`,
  )
    .raw(true)
    .all({ workspaceId, keys: JSON.stringify(keys) }) as FilterColumns[];
  const moved: Record<PatchedColumn, number[]> = { name: [], instanceId: [], pingStatus: [] };
  for (const r of raw) {
    const known = cache.positionOf.get(r[0]);
    const row = filterRowOf(r);
    const before = known === undefined ? undefined : cache.rows.at(known);
    const position = cache.rows.put(known, row);
    if (known === undefined) {
      cache.positionOf.set(r[0], position);
      cache.rowids.push(r[0]);
      cache.instanceIds.push(r[3]);
    }
    // Unchanged rows re-read are stamped too: the mirror sends them once more, which is harmless.
    cache.changedAt[position] = version;
    if (!before || before.name !== row.name) moved.name.push(position);
    if (!before) moved.instanceId.push(position);
    if (!before || before.pingStatus !== row.pingStatus) moved.pingStatus.push(position);
  }
  const added = raw.length > 0 && moved.instanceId.length > 0;
  for (const [column, order] of [...cache.orders]) {
    if (isPatched(column)) {
      if (moved[column].length > 0) cache.orders.set(column, reinsert(order, moved[column], comparators[column](cache)));
    } else if (otherSortKeysMayChange || added) {
      cache.orders.delete(column);
    }
  }
  return raw.length;
}

/** Positions (into cache.rows) of the workspace's present nodes in ascending sort order. */
export function sortOrder(db: Database, workspaceId: string, cache: ListCache, column: FleetSortColumn): Int32Array {
  const known = cache.orders.get(column);
  if (known) return known;
  const sort = sortIndexes[column];
  const orderBy = [...sort.expressions, 'instance_id'].join(', ');
  const ids = prepareCached(
    db,
    `SELECT rowid FROM nodes ${sort.index ? `INDEXED BY ${sort.index}` : ''}
     WHERE workspace_id = @workspaceId AND vanished_at IS NULL ORDER BY ${orderBy}`,
  )
    .pluck()
    .all({ workspaceId }) as number[];
  const order = new Int32Array(ids.length);
  ids.forEach((id, i) => {
    order[i] = cache.positionOf.get(id) ?? -1;
  });
  cache.orders.set(column, order);
  return order;
}

type PatchedColumn = 'name' | 'instanceId' | 'pingStatus';
type Compare = (a: number, b: number) => number;

function isPatched(column: FleetSortColumn): column is PatchedColumn {
  return column === 'name' || column === 'instanceId' || column === 'pingStatus';
}

// The same orders as the SQL in sortIndexes. FilterRow.name is ASCII-lower-cased, which is what
// NOCASE compares; SQLite compares UTF-8 bytes, i.e. code points (see compareCodePoints).
const comparators: Record<PatchedColumn, (cache: ListCache) => Compare> = {
  name: (cache) => (a, b) =>
    compareCodePoints(cache.rows.at(a)!.name, cache.rows.at(b)!.name) || compareCodePoints(cache.instanceIds[a]!, cache.instanceIds[b]!),
  instanceId: (cache) => (a, b) => compareCodePoints(cache.instanceIds[a]!, cache.instanceIds[b]!),
  pingStatus: (cache) => (a, b) =>
    compareCodePoints(cache.rows.at(a)!.pingStatus, cache.rows.at(b)!.pingStatus) ||
    compareCodePoints(cache.instanceIds[a]!, cache.instanceIds[b]!),
};

/** Moves `positions` to where they now sort in `order` (a new array; the others keep their order). */
export function reinsert(order: Int32Array, positions: readonly number[], compare: Compare): Int32Array {
  const unique = [...new Set(positions)];
  // An order holds the positions 0 … length-1 (rows are only ever appended to the cache), so
  // positions past its end are new rows and the others are all in it. A sync adding rows then
  // skips the scan of every entry: at 100,000 rows that scan cost ~20 ms per write call.
  let kept = order;
  let keptLength = order.length;
  if (unique.some((p) => p < order.length)) {
    const moved = new Uint8Array(order.length);
    for (const p of unique) if (p < order.length) moved[p] = 1;
    kept = new Int32Array(order.length);
    keptLength = 0;
    for (let i = 0; i < order.length; i += 1) {
      const p = order[i]!;
      if (moved[p] !== 1) kept[keptLength++] = p;
    }
  }
  unique.sort(compare);
  const out = new Int32Array(keptLength + unique.length);
  let from = 0;
  let to = 0;
  for (const p of unique) {
    let lo = from;
    let hi = keptLength;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compare(kept[mid]!, p) < 0) lo = mid + 1;
      else hi = mid;
    }
    out.set(kept.subarray(from, lo), to);
    to += lo - from;
    from = lo;
    out[to++] = p;
  }
  out.set(kept.subarray(from, keptLength), to);
  return out;
}

/** Orders strings by code point, as SQLite's BINARY collation orders their UTF-8 bytes. */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i += 1) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    // UTF-16 puts astral characters (surrogates, D800-DFFF) before E000-FFFF; code points do not.
    if (x >= 0xd800 && y >= 0xd800) {
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    }
    return x - y;
  }
  return a.length - b.length;
}
