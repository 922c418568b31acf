import type { Database } from 'better-sqlite3';
import { ValidationError } from '../errors/app-error';
import { prepareCached } from './statement-cache';

/** A value that survives JSON.stringify/parse unchanged. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

function checkKey(key: string): void {
  if (typeof key !== 'string' || key.length === 0 || key.length > 200) {
    throw new ValidationError('A setting key must be 1 to 200 characters.');
  }
}

/** Operator preferences stored as JSON under a key (runs in the store worker). */
export const settingsRepo = {
  /** The stored value, or undefined when the key was never set. */
  get(db: Database, params: { key: string }): JsonValue | undefined {
    checkKey(params.key);
    const row = prepareCached(db, 'SELECT value_json FROM settings WHERE key = @key').get({ key: params.key }) as
      | { value_json: string }
      | undefined;
    return row ? (JSON.parse(row.value_json) as JsonValue) : undefined;
  },

  /** Stores a value, replacing any previous one. */
  set(db: Database, params: { key: string; value: JsonValue }): void {
    checkKey(params.key);
    const json = JSON.stringify(params.value);
    if (json === undefined) throw new ValidationError(`Setting '${params.key}' needs a JSON value.`);
    prepareCached(
      db,
      'INSERT INTO settings (key, value_json) VALUES (@key, @json) ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json',
    ).run({ key: params.key, json });
  },

  /** Forgets a value; the caller falls back to its default. */
  remove(db: Database, params: { key: string }): { removed: boolean } {
    checkKey(params.key);
    const { changes } = prepareCached(db, 'DELETE FROM settings WHERE key = @key').run({ key: params.key });
    return { removed: changes > 0 };
  },
};
