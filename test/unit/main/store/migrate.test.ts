import Sqlite from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BugError } from '../../../../main/errors/app-error';
import { latestVersion, migrate, schemaVersion } from '../../../../main/store/migrate';
import type { Migration } from '../../../../main/store/migrate';
import { migrations } from '../../../../main/store/migrations/index';

const step = (version: number, sql: string): Migration => ({ version, name: `step-${version}`, up: (db) => db.exec(sql) });

let db: Database;
beforeEach(() => {
  db = new Sqlite(':memory:');
});
afterEach(() => db.close());

describe('migrate', () => {
  it('applies the steps newer than user_version, in order, and records each', () => {
    const list = [step(10, 'CREATE TABLE a (x)'), step(20, 'CREATE TABLE b (x)')];
    expect(migrate(db, list)).toEqual({ from: 0, to: 20 });
    expect(schemaVersion(db)).toBe(20);
    // A second run finds nothing to do.
    expect(migrate(db, list)).toEqual({ from: 20, to: 20 });
  });

  it('stops at upTo, and carries on from there later', () => {
    const list = [step(10, 'CREATE TABLE a (x)'), step(20, 'CREATE TABLE b (x)')];
    expect(migrate(db, list, { upTo: 10 })).toEqual({ from: 0, to: 10 });
    expect(db.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'b'").pluck().get()).toBe(0);
    expect(migrate(db, list)).toEqual({ from: 10, to: 20 });
  });

  it('rolls a failing step back whole, version bump included, keeping the steps before it', () => {
    const list = [step(10, 'CREATE TABLE a (x)'), step(20, 'CREATE TABLE b (x); CREATE TABLE broken (')];
    expect(() => migrate(db, list)).toThrow();
    expect(schemaVersion(db)).toBe(10);
    expect(db.prepare("SELECT count(*) FROM sqlite_schema WHERE name IN ('a', 'b')").pluck().get()).toBe(1);
  });

  it('refuses a list that is out of order', () => {
    expect(() => migrate(db, [step(20, 'SELECT 1'), step(10, 'SELECT 1')])).toThrow(BugError);
  });

  it("numbers Capstan's migrations in steps of ten", () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => (i + 1) * 10));
    expect(latestVersion(migrations)).toBe(migrations.length * 10);
  });
});
