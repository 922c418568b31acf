import Sqlite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { BugError, CancelledError, NotFoundError, StoreError, ValidationError } from '../../../../main/errors/app-error';
import type { AppError } from '../../../../main/errors/app-error';
import { parseFleetFilter } from '../../../../main/fleet/fleet-query';
import { deserializeError, serializeError, SqliteStoreError } from '../../../../main/store/store-protocol';

// What crosses the thread boundary is a structured clone; check the round trip through one.
const roundTrip = (error: unknown): AppError => deserializeError(structuredClone(serializeError(error)));

describe('store errors across the worker boundary', () => {
  it('keeps the class, code, message and hint of our own errors', () => {
    const back = roundTrip(new ValidationError('Unclosed quote in filter.', { hint: 'Add the closing quote.' }));
    expect(back).toBeInstanceOf(ValidationError);
    expect(back.toInfo()).toEqual({ code: 'ValidationError', kind: 'validation', message: 'Unclosed quote in filter.', hint: 'Add the closing quote.', retryable: false });
    expect(roundTrip(new NotFoundError('No such node.'))).toBeInstanceOf(NotFoundError);
    expect(roundTrip(new CancelledError())).toBeInstanceOf(CancelledError);
    expect(roundTrip(new BugError('invariant'))).toBeInstanceOf(BugError);
    expect(roundTrip(new StoreError('StoreBusy', 'busy', { retryable: true })).toInfo()).toMatchObject({ code: 'StoreBusy', retryable: true });
  });

  it('keeps the translation keys of a filter error thrown in the worker', () => {
    let thrown: unknown;
    try {
      parseFleetFilter('bogus:x');
    } catch (error) {
      thrown = error;
    }
    expect(roundTrip(thrown).toInfo()).toMatchObject({
      message: "Unknown filter field 'bogus'. Use one of: name, id, ping, platform, agent, ip, account, region, tag, app, product.",
      text: { key: 'filter.unknownField', params: { field: 'bogus' } },
      hintText: { key: 'filter.unknownFieldHint' },
    });
  });

  it('says what to do when the cache file turns out damaged or the disk full while Capstan runs', () => {
    expect(roundTrip(Object.assign(new Error('database disk image is malformed'), { name: 'SqliteError', code: 'SQLITE_CORRUPT' })).toInfo()).toMatchObject({
      message: 'database disk image is malformed',
      hint: expect.stringMatching(/damaged\. Restart Capstan/),
      hintText: { key: 'store.corruptHint' },
    });
    expect(new SqliteStoreError('SQLITE_FULL', 'database or disk is full').toInfo().hintText).toEqual({ key: 'store.diskFullHint' });
  });

  it("turns a SQLite error into SqliteStoreError with SQLite's code", () => {
    const db = new Sqlite(':memory:');
    let thrown: unknown;
    try {
      db.exec('CREATE TABLE t (x PRIMARY KEY); INSERT INTO t VALUES (1); INSERT INTO t VALUES (1);');
    } catch (error) {
      thrown = error;
    } finally {
      db.close();
    }
    const back = roundTrip(thrown);
    expect(back).toBeInstanceOf(SqliteStoreError);
    expect(back).toBeInstanceOf(StoreError);
    expect(back.code).toBe('SqliteError');
    expect((back as SqliteStoreError).sqliteCode).toBe('SQLITE_CONSTRAINT_PRIMARYKEY');
    expect(back.message).toMatch(/UNIQUE constraint failed/);
  });

  it('marks busy and locked SQLite errors retryable', () => {
    expect(new SqliteStoreError('SQLITE_BUSY', 'database is locked').retryable).toBe(true);
    expect(new SqliteStoreError('SQLITE_CONSTRAINT_CHECK', 'CHECK constraint failed').retryable).toBe(false);
  });

  it('reports anything else as a StoreError with the original message and the worker stack as cause', () => {
    const back = roundTrip(new TypeError("Cannot read properties of undefined (reading 'x')"));
    expect(back).toBeInstanceOf(StoreError);
    expect(back.code).toBe('StoreFailed');
    expect(back.message).toContain("Cannot read properties of undefined (reading 'x')");
    expect((back.cause as Error).stack).toContain('TypeError');
    expect(roundTrip('a string').message).toContain('a string');
  });
});
