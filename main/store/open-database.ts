import { closeSync, existsSync, mkdirSync, openSync, readSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import Sqlite from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { StoreError } from '../errors/app-error';
import { latestVersion, migrate, schemaVersion } from './migrate';
import type { Migration } from './migrate';
import { migrations as allMigrations } from './migrations/index';

/** What open had to do to an unusable cache file; the UI tells the operator. */
export interface StoreRecovery {
  reason: 'corrupt' | 'newer-than-app';
  /** Where the old file now lies (its -wal/-shm beside it with the same suffixes). */
  movedTo: string;
}

/** An open, configured and fully migrated database. */
export interface OpenedDatabase {
  db: Database;
  recovery: StoreRecovery | null;
  schemaVersion: number;
}

/** How long a writer waits for a lock before SQLITE_BUSY. */
export const busyTimeoutMs = 5000;

// Codes that mean "this file is not a usable database", as opposed to "cannot reach it right now"
// (locked, permission denied), which must not cost the operator their cache.
const corruptCodes = new Set(['SQLITE_NOTADB', 'SQLITE_CORRUPT', 'SQLITE_CORRUPT_VTAB', 'SQLITE_CORRUPT_SEQUENCE', 'SQLITE_CORRUPT_INDEX']);

/**
 * Opens the cache file: moves aside a corrupt file or one written by a newer Capstan, then sets
 * WAL and the connection pragmas and applies migrations. Runs only in the store worker.
 */
export function openDatabase(options: { file: string; openedAt: number; migrations?: readonly Migration[] }): OpenedDatabase {
  const migrations = options.migrations ?? allMigrations;
  const { file } = options;
  mkdirSync(dirname(file), { recursive: true });

  let recovery: StoreRecovery | null = null;
  if (existsSync(file)) {
    const problem = inspect(file, latestVersion(migrations));
    if (problem) recovery = { reason: problem, movedTo: moveAside(file, problem, options.openedAt) };
  }

  const db = new Sqlite(file);
  try {
    configure(db);
    const { to } = migrate(db, migrations);
    return { db, recovery, schemaVersion: to };
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Sets the connection pragmas every Capstan connection uses. */
export function configure(db: Database): void {
  // Only takes effect on a new, empty file: 8 KB pages make the grid's full-index scans cheaper.
  db.pragma('page_size = 8192');
  const mode = db.pragma('journal_mode = WAL', { simple: true });
  if (mode !== 'wal') throw new StoreError('StoreOpenFailed', `The local cache could not switch to WAL mode (got ${String(mode)}).`);
  db.pragma('foreign_keys = ON');
  db.pragma(`busy_timeout = ${busyTimeoutMs}`);
  // NORMAL is durable in WAL except for the last transactions before a power cut: fine for a cache.
  db.pragma('synchronous = NORMAL');
  // The default 2 MB page cache is smaller than one scan of a 100,000-node fleet; 64 MB keeps
  // the quick filter's index and the grid's sort indexes in memory.
  db.pragma('cache_size = -65536');
  db.pragma('temp_store = MEMORY');
}

function inspect(file: string, latest: number): StoreRecovery['reason'] | null {
  // Judge the header before SQLite opens the file: opening garbage can make SQLite delete a
  // -wal beside it, and those bytes belong in the moved-aside copy.
  if (!hasSqliteHeader(file)) return 'corrupt';
  let db: Database | undefined;
  try {
    db = new Sqlite(file, { fileMustExist: true });
    const check = db.pragma('quick_check') as Array<{ quick_check: string }>;
    if (check.length !== 1 || check[0]?.quick_check !== 'ok') return 'corrupt';
    return schemaVersion(db) > latest ? 'newer-than-app' : null;
  } catch (error) {
    if (error instanceof Sqlite.SqliteError && corruptCodes.has(error.code)) return 'corrupt';
    throw error;
  } finally {
    db?.close();
  }
}

const sqliteMagic = Buffer.from('SQLite format 3\0', 'latin1');

// An empty file is a valid, empty database to SQLite; anything else must start with the magic.
function hasSqliteHeader(file: string): boolean {
  const header = Buffer.alloc(sqliteMagic.length);
  const fd = openSync(file, 'r');
  try {
    const read = readSync(fd, header, 0, header.length, 0);
    return read === 0 || (read === header.length && header.equals(sqliteMagic));
  } finally {
    closeSync(fd);
  }
}

function moveAside(file: string, reason: StoreRecovery['reason'], at: number): string {
  // ISO time without ':' and '.', which Windows does not allow in file names.
  const stamp = new Date(at).toISOString().replace(/[:.]/g, '-');
  const base = `${file}.${reason === 'corrupt' ? 'corrupt' : 'newer'}-${stamp}`;
  let target = base;
  for (let n = 1; existsSync(target); n += 1) target = `${base}-${n}`;
  renameSync(file, target);
  for (const suffix of ['-wal', '-shm']) {
    if (existsSync(file + suffix)) renameSync(file + suffix, target + suffix);
  }
  return target;
}
