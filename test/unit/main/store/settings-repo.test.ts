import Sqlite from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../../../../main/errors/app-error';
import { migrate } from '../../../../main/store/migrate';
import { migrations } from '../../../../main/store/migrations/index';
import { settingsRepo } from '../../../../main/store/settings-repo';

let db: Database;
beforeEach(() => {
  db = new Sqlite(':memory:');
  migrate(db, migrations);
});
afterEach(() => db.close());

describe('settingsRepo', () => {
  it('stores JSON values and gives them back as they were', () => {
    const value = { columns: ['name', 'ip'], width: 120, dense: true, note: null, nested: { a: [1, 'two'] } };
    settingsRepo.set(db, { key: 'grid', value });
    expect(settingsRepo.get(db, { key: 'grid' })).toEqual(value);
    settingsRepo.set(db, { key: 'grid', value: false });
    expect(settingsRepo.get(db, { key: 'grid' })).toBe(false);
  });

  it('answers undefined for a key never set, and after remove', () => {
    expect(settingsRepo.get(db, { key: 'missing' })).toBeUndefined();
    settingsRepo.set(db, { key: 'k', value: 1 });
    expect(settingsRepo.remove(db, { key: 'k' })).toEqual({ removed: true });
    expect(settingsRepo.remove(db, { key: 'k' })).toEqual({ removed: false });
    expect(settingsRepo.get(db, { key: 'k' })).toBeUndefined();
  });

  it('rejects an empty key and a value JSON cannot hold', () => {
    expect(() => settingsRepo.set(db, { key: '', value: 1 })).toThrow(ValidationError);
    expect(() => settingsRepo.set(db, { key: 'k', value: undefined as never })).toThrow(ValidationError);
  });
});
