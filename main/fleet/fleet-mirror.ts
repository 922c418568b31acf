import type { Database } from 'better-sqlite3';
import type { MirrorOrder, MirrorOrderRequest, MirrorPage, MirrorPageRequest, MirrorRow } from '../../preload/contract/fleet';
import { prepareCached } from '../store/statement-cache';
import { listCache, sortOrder } from './fleet-list-cache';
import { gridColumns, gridFields } from './fleet-list';
import type { GridColumns } from './fleet-list';
import { mergedOrder, mergedWorkspaceIds } from './fleet-list-many';

// The renderer's mirror of the grid (store worker side): rows by list-cache position, the rows
// changed since a version, and the sort orders over those positions.

/**
 * Rows of the workspace's list cache changed after `since`, from position `from` on, at most
 * `limit` of them. A serial the cache no longer has (or none) answers every row again from position 0.
 */
export function readMirrorPage(db: Database, request: MirrorPageRequest): MirrorPage {
  const cache = listCache(db, request.workspaceId);
  const again = request.serial !== cache.serial;
  const since = again ? -1 : request.since;
  const { changedAt } = cache;
  const positions: number[] = [];
  let next: number | null = null;
  for (let p = again ? 0 : request.from; p < changedAt.length; p += 1) {
    if (changedAt[p]! <= since) continue;
    if (positions.length === request.limit) {
      next = positions[request.limit - 1]! + 1;
      break;
    }
    positions.push(p);
  }
  return {
    workspaceId: request.workspaceId,
    serial: cache.serial,
    version: cache.version,
    length: cache.rows.length,
    rows: readRows(db, positions, cache.rowids),
    next,
  };
}

// One stamp per order array: sortOrder and mergedOrder hand back the same array while the order
// holds and a new one when it changes, so "same array" is "same entries".
const stamps = new WeakMap<Int32Array, number>();
let lastStamp = 0;

/**
 * A sort order over mirror positions (one workspace) or merged entries (several), with its stamp;
 * the entries are left out when the renderer already holds that stamp.
 */
export function readMirrorOrder(db: Database, request: MirrorOrderRequest): MirrorOrder {
  const ids = mergedWorkspaceIds(request.workspaceIds);
  const caches = ids.map((id) => listCache(db, id));
  const order = ids.length === 1 ? sortOrder(db, ids[0]!, caches[0]!, request.column) : mergedOrder(db, ids, caches, request.column);
  let stamp = stamps.get(order);
  if (stamp === undefined) {
    lastStamp += 1;
    stamp = lastStamp;
    stamps.set(order, stamp);
  }
  return {
    caches: caches.map((cache, w) => ({ workspaceId: ids[w]!, serial: cache.serial, version: cache.version })),
    stamp,
    // sortOrder marks a row it could not place with -1 (mergedOrder leaves such rows out): not a position.
    entries: request.known === stamp ? null : Array.from(order).filter((entry) => entry >= 0),
  };
}

// The grid's columns of these positions' rows and their search text, in one statement.
function readRows(db: Database, positions: readonly number[], rowids: readonly number[]): MirrorRow[] {
  if (positions.length === 0) return [];
  const ids = positions.map((p) => rowids[p]!);
  const rows = prepareCached(db, `SELECT ${gridColumns}, search_text, rowid FROM nodes WHERE rowid IN (SELECT value FROM json_each(@ids))`)
    .raw(true)
    .all({ ids: JSON.stringify(ids) }) as Array<[...GridColumns, searchText: string, rowid: number]>;
  const byId = new Map(rows.map((row) => [row[16], row]));
  return positions.map((position, i) => {
    const row = byId.get(ids[i]!)!;
    return Object.assign(gridFields(row), { position, searchText: row[15] });
  });
}
