import Sqlite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cancelIdleTask, hasIdleTask, runOneIdleTask, runWhenIdle } from '../../../../main/store/store-idle';

describe('store idle tasks', () => {
  let db: Sqlite.Database;
  let other: Sqlite.Database;
  beforeEach(() => {
    db = new Sqlite(':memory:');
    other = new Sqlite(':memory:');
  });
  afterEach(() => {
    db.close();
    other.close();
  });

  it('runs one task per idle turn, oldest key first, a newer task under a waiting key replacing the old one in its place', () => {
    const ran: string[] = [];
    runWhenIdle(db, 'a', () => ran.push('a1'));
    runWhenIdle(db, 'b', () => ran.push('b'));
    runWhenIdle(db, 'a', () => ran.push('a2'));
    runWhenIdle(other, 'a', () => ran.push('other'));
    runOneIdleTask(db);
    expect(ran).toEqual(['a2']);
    runOneIdleTask(db);
    expect(ran).toEqual(['a2', 'b']);
    expect(hasIdleTask(db)).toBe(false);
    runOneIdleTask(db);
    expect(ran).toEqual(['a2', 'b']);
    // Another connection's upkeep is its own worker's business.
    expect(hasIdleTask(other)).toBe(true);
  });

  it('drops a task whose work a query already did', () => {
    let ran = false;
    runWhenIdle(db, 'cache', () => {
      ran = true;
    });
    cancelIdleTask(db, 'cache');
    expect(hasIdleTask(db)).toBe(false);
    runOneIdleTask(db);
    expect(ran).toBe(false);
  });
});
