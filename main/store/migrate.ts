import type { Database } from 'better-sqlite3';
import { BugError } from '../errors/app-error';

/** One schema step. `up` runs inside the transaction that also bumps `user_version`. */
export interface Migration {
  /** The `user_version` after this step: 10, 20, 30 … (steps of ten leave room for fixes). */
  readonly version: number;
  /** Matches the file name after the number, e.g. `fleet-nodes`. */
  readonly name: string;
  up(db: Database): void;
}

/** The schema version recorded in the file (`PRAGMA user_version`). */
export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** The version a fully migrated file ends at. */
export function latestVersion(migrations: readonly Migration[]): number {
  return migrations.at(-1)?.version ?? 0;
}

/**
 * Applies every migration newer than the file's `user_version`, each in one transaction together
 * with its version bump, so a crash leaves the file at a whole step. `upTo` stops early (tests).
 */
export function migrate(db: Database, migrations: readonly Migration[], options: { upTo?: number } = {}): { from: number; to: number } {
  assertOrdered(migrations);
  const from = schemaVersion(db);
  let to = from;
  for (const migration of migrations) {
    if (migration.version <= to) continue;
    if (options.upTo !== undefined && migration.version > options.upTo) break;
    db.transaction(() => {
      migration.up(db);
      // PRAGMA takes no bound parameters; the version is an integer from our own code (checked above).
      db.pragma(`user_version = ${migration.version}`);
    })();
    to = migration.version;
  }
  return { from, to };
}

function assertOrdered(migrations: readonly Migration[]): void {
  let previous = 0;
  for (const m of migrations) {
    if (!Number.isInteger(m.version) || m.version <= previous) {
      throw new BugError(`Migration ${m.version}-${m.name} is out of order or not an integer version.`);
    }
    previous = m.version;
  }
}
