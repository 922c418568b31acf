import type { Database } from 'better-sqlite3';
import { schemaVersion } from './migrate';

/** How the cache connection is set up, for diagnostics and the about screen. */
export interface StoreInfo {
  file: string;
  schemaVersion: number;
  journalMode: string;
  foreignKeys: boolean;
  synchronous: 'off' | 'normal' | 'full' | 'extra';
  busyTimeoutMs: number;
}

const synchronousNames = ['off', 'normal', 'full', 'extra'] as const;

/** Read-only facts about the open cache file (runs in the store worker). */
export const storeInfoRepo = {
  /** File, schema version and connection pragmas. */
  info(db: Database, _params: Record<string, never>): StoreInfo {
    return {
      file: db.name,
      schemaVersion: schemaVersion(db),
      journalMode: db.pragma('journal_mode', { simple: true }) as string,
      foreignKeys: db.pragma('foreign_keys', { simple: true }) === 1,
      synchronous: synchronousNames[db.pragma('synchronous', { simple: true }) as number] ?? 'full',
      busyTimeoutMs: db.pragma('busy_timeout', { simple: true }) as number,
    };
  },
};
