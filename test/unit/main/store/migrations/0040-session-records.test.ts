import Sqlite from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sessionRepo } from '../../../../../main/sessions/session-repo';
import { migrate, schemaVersion } from '../../../../../main/store/migrate';
import { migrations } from '../../../../../main/store/migrations/index';
import { insertNodeSql, row } from './node-row-fixture';

let db: Database;
beforeEach(() => {
  db = new Sqlite(':memory:');
});
afterEach(() => db.close());

const opening = {
  sessionId: 'Jane-Roe-07a16060613c408b5',
  workspaceId: 'training',
  instanceId: 'i-1',
  nodeName: 'web',
  ownerArn: '',
  operator: 'jane',
  startedAt: 1000,
};

describe('0040-session-records', () => {
  it('adds the table to a version-30 file and keeps its nodes', () => {
    migrate(db, migrations, { upTo: 30 });
    db.prepare(insertNodeSql).run(row);
    expect(migrate(db, migrations, { upTo: 40 })).toEqual({ from: 30, to: 40 });
    expect(schemaVersion(db)).toBe(40);
    expect(sessionRepo.findNode(db, { workspaceId: 'training', instanceId: 'i-1' })).toEqual({
      name: 'web',
      pingStatus: 'Online',
      platformType: 'Linux',
      vanishedAt: null,
    });
    expect(sessionRepo.listRecords(db, { workspaceId: 'training', state: 'Active', limit: 10 })).toEqual([]);
  });

  it('records an open and then one close, and a second close changes nothing', () => {
    migrate(db, migrations);
    sessionRepo.recordOpened(db, opening);
    expect(sessionRepo.listRecords(db, { workspaceId: 'training', state: 'Active', limit: 10 }).map((r) => r.sessionId)).toEqual([opening.sessionId]);

    expect(sessionRepo.recordClosed(db, { sessionId: opening.sessionId, endedAt: 2000, exitCode: 0, closeReason: 'exited' })).toEqual({ updated: true });
    expect(sessionRepo.recordClosed(db, { sessionId: opening.sessionId, endedAt: 3000, exitCode: 1, closeReason: 'again' })).toEqual({ updated: false });
    expect(sessionRepo.getRecord(db, { sessionId: opening.sessionId })).toMatchObject({ endedAt: 2000, exitCode: 0, closeReason: 'exited' });
    expect(sessionRepo.listRecords(db, { workspaceId: 'training', state: 'Active', limit: 10 })).toEqual([]);
    expect(sessionRepo.listRecords(db, { workspaceId: 'training', state: 'History', limit: 10 })).toHaveLength(1);
  });

  it('refuses to delete a record or rewrite what was recorded, even with raw SQL', () => {
    migrate(db, migrations);
    sessionRepo.recordOpened(db, opening);
    sessionRepo.recordClosed(db, { sessionId: opening.sessionId, endedAt: 2000, exitCode: 0, closeReason: 'exited' });
    expect(() => db.prepare('DELETE FROM session_records').run()).toThrow(/cannot be deleted/);
    expect(() => db.prepare("UPDATE session_records SET operator = 'mallory'").run()).toThrow(/cannot be rewritten/);
    expect(() => db.prepare('UPDATE session_records SET exit_code = 1').run()).toThrow(/cannot be rewritten/);
    expect(() => db.prepare('UPDATE session_records SET started_at = 5').run()).toThrow(/cannot be rewritten/);
    expect(sessionRepo.getRecord(db, { sessionId: opening.sessionId })).toMatchObject({ operator: 'jane', exitCode: 0, startedAt: 1000 });
  });

  it('fills the owner once and never replaces a known one', () => {
    migrate(db, migrations);
    sessionRepo.recordOpened(db, opening);
    expect(sessionRepo.recordOwner(db, { sessionId: opening.sessionId, ownerArn: 'arn:aws:sts::1:assumed-role/Ops/jane' })).toEqual({ updated: true });
    expect(sessionRepo.recordOwner(db, { sessionId: opening.sessionId, ownerArn: 'arn:aws:iam::1:user/other' })).toEqual({ updated: false });
    expect(sessionRepo.getRecord(db, { sessionId: opening.sessionId })?.ownerArn).toBe('arn:aws:sts::1:assumed-role/Ops/jane');
  });

  it('keeps a session record when its node vanishes from the fleet', () => {
    migrate(db, migrations);
    db.prepare(insertNodeSql).run(row);
    sessionRepo.recordOpened(db, opening);
    db.prepare('DELETE FROM nodes').run();
    expect(sessionRepo.getRecord(db, { sessionId: opening.sessionId })).toMatchObject({ nodeName: 'web', instanceId: 'i-1' });
  });

  it('marks records a previous run left open as interrupted, sparing the ones still open', () => {
    migrate(db, migrations);
    sessionRepo.recordOpened(db, opening);
    sessionRepo.recordOpened(db, { ...opening, sessionId: 'still-open', startedAt: 1500 });
    expect(sessionRepo.markInterrupted(db, { closeReason: 'stopped', exceptSessionIds: ['still-open'] })).toEqual({ marked: 1 });
    expect(sessionRepo.getRecord(db, { sessionId: opening.sessionId })).toMatchObject({ closeReason: 'stopped', endedAt: null });
    expect(sessionRepo.getRecord(db, { sessionId: 'still-open' })?.closeReason).toBeNull();
  });
});
