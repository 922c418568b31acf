import type { Database, Statement } from 'better-sqlite3';

// Repos build a few SQL shapes (the quick filter adds one per term structure, never per value), so
// a small LRU per connection keeps every hot statement prepared without growing without bound.
const maxStatements = 200;
const caches = new WeakMap<Database, Map<string, Statement>>();

/** A prepared statement for `sql` on `db`, prepared once and reused. */
export function prepareCached(db: Database, sql: string): Statement {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  const hit = cache.get(sql);
  if (hit) {
    // Re-insert to mark it most recently used.
    cache.delete(sql);
    cache.set(sql, hit);
    return hit;
  }
  const statement = db.prepare(sql);
  cache.set(sql, statement);
  if (cache.size > maxStatements) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  return statement;
}
