import type { Database } from 'better-sqlite3';
import { MERGED_POSITION_BITS } from '../../preload/contract/fleet';
import type { FleetQuery, FleetSortColumn } from '../../preload/contract/fleet';
import { ValidationError } from '../errors/app-error';
import { errorText } from '../errors/error-text';
import { prepareCached } from '../store/statement-cache';
import { compareCodePoints, listCache, sortIndexes, sortOrder } from './fleet-list-cache';
import type { ListCache } from './fleet-list-cache';
import { hasRow } from './fleet-filter-rows';
import type { InventoryMembers } from './fleet-filter-rows';
import type { ParsedFilter } from './fleet-query';

/**
 * The grid over several workspaces (accounts × regions) at once. Each workspace keeps its own list
 * cache (filter copy, character-pair index, sort orders), so a keystroke filters each as it would
 * alone; the workspaces' sort orders are merged once into one order, ties broken by instance id and
 * then workspace id, and kept until one of them changes. A keystroke then costs the filter of each
 * copy plus one walk of the merged order, as for one workspace.
 */

// A merged entry packs the workspace's index (in the query's sorted id list, < 64; the contract
// allows 50) and the row's position in that workspace's cache (< 2^25) into one int32.
const POSITION_BITS = MERGED_POSITION_BITS;
const POSITION_MASK = (1 << POSITION_BITS) - 1;
const MAX_WORKSPACES = 64;

interface MergedOrder {
  /** The serial of each workspace's list cache the merge was made from. */
  serials: number[];
  /** Each workspace's own order the merge was made from: when one is replaced, its part is stale. */
  orders: Int32Array[];
  /** Each workspace's sort key per cache position (JS-merged columns only), reused while its order is. */
  keys: string[][];
  /** Entries `workspace << POSITION_BITS | position`, ascending. */
  entries: Int32Array;
}

const merged = new WeakMap<Database, Map<string, MergedOrder>>();
// A few workspace sets × sort columns: the operator flips between sorts, and a command preview may ask another set.
const MERGED_KEPT = 6;

/** Key of a row for columns whose SQL order the cached filter copy reproduces exactly (see sortIndexes). */
type CachedKey = (cache: ListCache, position: number) => string;

// name and platform are ASCII-lower-cased in the copy, which is what NOCASE compares; ping status is
// kept as stored. Columns missing here (agent version, address, account, region, last ping) are
// merged from SQL's own ORDER BY: the copy does not hold their stored sort keys.
const cachedKeys: Partial<Record<FleetSortColumn, CachedKey>> = {
  name: (cache, p) => cache.rows.at(p)!.name,
  instanceId: () => '',
  pingStatus: (cache, p) => cache.rows.at(p)!.pingStatus,
  platform: (cache, p) => cache.rows.at(p)!.platformName,
};

/**
 * One grid window over several workspaces: every workspace's matches counted (the total is their
 * sum) and the page picked from their merged sort order.
 */
export function listManyWorkspaces(
  db: Database,
  workspaceIds: readonly string[],
  query: Pick<FleetQuery, 'sort' | 'offset' | 'limit'>,
  parsed: ParsedFilter,
  members: (workspaceId: string, cache: ListCache) => InventoryMembers,
): { rowids: number[]; total: number; offset: number } {
  const ids = mergedWorkspaceIds(workspaceIds);
  const caches = ids.map((id) => listCache(db, id));
  const order = mergedOrder(db, ids, caches, query.sort.column);
  let total = 0;
  const matched = caches.map((cache, w) => {
    const result = cache.rows.match(parsed, members(ids[w]!, cache));
    total += result.total;
    return result.bits;
  });
  const n = order.length;
  const desc = query.sort.direction === 'desc';
  const rowids: number[] = [];
  const end = query.offset + query.limit;
  for (let i = 0, seen = 0; i < n && seen < end && seen < total; i += 1) {
    const entry = order[desc ? n - 1 - i : i]!;
    const w = entry >>> POSITION_BITS;
    const position = entry & POSITION_MASK;
    if (!hasRow(matched[w]!, position)) continue;
    if (seen >= query.offset) rowids.push(caches[w]!.rowids[position]!);
    seen += 1;
  }
  return { rowids, total, offset: query.offset };
}

/**
 * The workspaces as a merged order numbers them: distinct, ascending by code point (as SQL's
 * workspace_id tiebreak orders them). Throws a ValidationError past what an entry can number.
 */
export function mergedWorkspaceIds(workspaceIds: readonly string[]): string[] {
  const ids = [...new Set(workspaceIds)].sort(compareCodePoints);
  if (ids.length > MAX_WORKSPACES) throw new ValidationError(errorText('fleet.tooManyWorkspaces', { max: MAX_WORKSPACES }));
  return ids;
}

/**
 * The merged order of the workspaces' present nodes by `column`, kept until one of theirs changes:
 * entries `workspace index << 25 | position`, ids as mergedWorkspaceIds gives them. The same array
 * comes back while nothing changed. A sync writes to one workspace at a time: only its part is
 * merged again into the others', which at 4 × 25,000 nodes cost a third of a full merge.
 */
export function mergedOrder(db: Database, ids: readonly string[], caches: ListCache[], column: FleetSortColumn): Int32Array {
  const orders = ids.map((id, w) => sortOrder(db, id, caches[w]!, column));
  let perDb = merged.get(db);
  if (!perDb) {
    perDb = new Map();
    merged.set(db, perDb);
  }
  const key = JSON.stringify([column, ids]);
  const hit = perDb.get(key);
  perDb.delete(key);
  const changed = ids.map((_, w) => !hit || hit.serials[w] !== caches[w]!.serial || hit.orders[w] !== orders[w]);
  let result: MergedOrder;
  if (hit && !changed.includes(true)) result = hit;
  else if (!cachedKeys[column]) result = { serials: caches.map((c) => c.serial), orders, keys: [], entries: mergedFromSql(db, ids, caches, column) };
  else result = mergeInJs(cachedKeys[column], caches, orders, changed, hit);
  // Most recently used last, so the oldest is the first to go.
  perDb.set(key, result);
  if (perDb.size > MERGED_KEPT) perDb.delete(perDb.keys().next().value!);
  return result.entries;
}

/**
 * Each workspace's order is already sorted by (key, instance id): the changed ones are merged
 * (pairwise) and then into the unchanged ones' part of the previous merge, the workspace index
 * (ids are sorted) breaking the last ties as SQL's workspace_id would.
 */
function mergeInJs(keyOf: CachedKey, caches: ListCache[], orders: Int32Array[], changed: boolean[], previous: MergedOrder | undefined): MergedOrder {
  const keys = caches.map((cache, w) => {
    if (!changed[w] && previous) return previous.keys[w]!;
    const all = new Array<string>(cache.rows.length);
    for (let p = 0; p < cache.rows.length; p += 1) all[p] = keyOf(cache, p);
    return all;
  });
  const compare = (a: number, b: number): number => {
    const wa = a >>> POSITION_BITS;
    const wb = b >>> POSITION_BITS;
    const pa = a & POSITION_MASK;
    const pb = b & POSITION_MASK;
    return compareCodePoints(keys[wa]![pa]!, keys[wb]![pb]!) || compareCodePoints(caches[wa]!.instanceIds[pa]!, caches[wb]!.instanceIds[pb]!) || wa - wb;
  };
  let runs: Int32Array[] = [];
  orders.forEach((order, w) => {
    if (!changed[w]) return;
    if (caches[w]!.rows.length > POSITION_MASK) throw new ValidationError('A workspace holds more nodes than the grid can show (33 million).');
    const run = new Int32Array(order.length);
    let length = 0;
    for (const position of order) if (position >= 0) run[length++] = (w << POSITION_BITS) | position;
    runs.push(run.subarray(0, length));
  });
  if (previous && changed.includes(false)) {
    // The unchanged workspaces' entries keep their merged order.
    const kept = previous.entries.filter((entry) => !changed[entry >>> POSITION_BITS]);
    runs.push(kept);
  }
  while (runs.length > 1) {
    const next: Int32Array[] = [];
    for (let i = 0; i < runs.length; i += 2) next.push(i + 1 < runs.length ? mergeRuns(runs[i]!, runs[i + 1]!, compare) : runs[i]!);
    runs = next;
  }
  return { serials: caches.map((c) => c.serial), orders, keys, entries: runs[0] ?? new Int32Array(0) };
}

/**
 * Merges two ascending runs (no two entries compare equal). Each entry of the shorter run finds its
 * place in the longer one by galloping from the last place found, so a small run merged into a big
 * one costs about (small × log(big / small)) compares, and whole blocks of the big one are copied.
 */
function mergeRuns(x: Int32Array, y: Int32Array, compare: (a: number, b: number) => number): Int32Array {
  const [big, small] = x.length >= y.length ? [x, y] : [y, x];
  const out = new Int32Array(big.length + small.length);
  let from = 0;
  let to = 0;
  for (const entry of small) {
    // Gallop: the first index at or after `from` whose entry sorts after `entry`.
    let step = 1;
    let lo = from;
    let hi = from;
    while (hi < big.length && compare(big[hi]!, entry) < 0) {
      lo = hi + 1;
      hi = from + step;
      step *= 2;
    }
    hi = Math.min(hi, big.length);
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compare(big[mid]!, entry) < 0) lo = mid + 1;
      else hi = mid;
    }
    out.set(big.subarray(from, lo), to);
    to += lo - from;
    from = lo;
    out[to++] = entry;
  }
  out.set(big.subarray(from), to);
  return out;
}

/** The merged order straight from SQL, for sort keys the cached copy does not hold. */
function mergedFromSql(db: Database, ids: readonly string[], caches: ListCache[], column: FleetSortColumn): Int32Array {
  const orderBy = [...sortIndexes[column].expressions, 'instance_id', 'workspace_id'].join(', ');
  const rows = prepareCached(
    db,
    `SELECT workspace_id, rowid FROM nodes
     WHERE workspace_id IN (SELECT value FROM json_each(@ids)) AND vanished_at IS NULL ORDER BY ${orderBy}`,
  )
    .raw(true)
    .all({ ids: JSON.stringify(ids) }) as Array<[string, number]>;
  const index = new Map(ids.map((id, w) => [id, w]));
  const entries = new Int32Array(rows.length);
  let length = 0;
  for (const [workspaceId, rowid] of rows) {
    const w = index.get(workspaceId)!;
    // A row the cache does not hold (written by another connection since) is left out, as sortOrder does.
    const position = caches[w]!.positionOf.get(rowid);
    if (position !== undefined) entries[length++] = (w << POSITION_BITS) | position;
  }
  return entries.subarray(0, length);
}
