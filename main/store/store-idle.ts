import type { Database } from 'better-sqlite3';

// Work a repo may put off until the store worker has no call queued: upkeep of in-memory
// structures that a write made stale (the fleet list cache), which must not lengthen the write
// that caused it nor, where it can be avoided, the next query that needs it.

const tasks = new WeakMap<Database, Map<string, () => void>>();

/**
 * Runs `task` once the worker serving `db` has no call queued (or never, if the next query does
 * the work first and calls cancelIdleTask). A task under a key already waiting replaces it.
 */
export function runWhenIdle(db: Database, key: string, task: () => void): void {
  let perDb = tasks.get(db);
  if (!perDb) {
    perDb = new Map();
    tasks.set(db, perDb);
  }
  perDb.set(key, task);
}

/** Drops the task waiting under `key`, if any. */
export function cancelIdleTask(db: Database, key: string): void {
  tasks.get(db)?.delete(key);
}

/** Whether any task waits for `db`'s worker to be idle. */
export function hasIdleTask(db: Database): boolean {
  return (tasks.get(db)?.size ?? 0) > 0;
}

/** Runs the oldest waiting task for `db` (the worker calls this one task per idle turn). */
export function runOneIdleTask(db: Database): void {
  const perDb = tasks.get(db);
  const first = perDb?.entries().next();
  if (!perDb || !first || first.done) return;
  const [key, task] = first.value;
  perDb.delete(key);
  task();
}
