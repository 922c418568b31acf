import Sqlite from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Invocation, JobDetail } from '../../../../../preload/contract/commands';
import { commandRepo } from '../../../../../main/commands/command-repo';
import { migrate, schemaVersion } from '../../../../../main/store/migrate';
import { migrations } from '../../../../../main/store/migrations/index';
import { insertNodeSql, row } from './node-row-fixture';

let db: Database;
beforeEach(() => {
  db = new Sqlite(':memory:');
  db.pragma('foreign_keys = ON');
});
afterEach(() => db.close());

const counts = { targets: 2, pending: 1, inProgress: 0, success: 0, failed: 0, timedOut: 0, cancelled: 0, notRun: 1 };
const job = (jobId: string, requestedAt: number, runbookId?: string): JobDetail => ({
  jobId,
  workspaceId: 'training',
  source: runbookId ? { kind: 'runbook', runbookId, runbookName: 'Restart web' } : { kind: 'command' },
  documentName: 'AWS-RunShellScript',
  comment: '',
  requestedAt,
  operator: 'jane',
  status: 'Pending',
  statusDetails: 'Pending',
  phase: 'main',
  counts,
  commandIds: [],
  finishedAt: null,
  trackingError: null,
  documentVersion: '',
  parameters: { commands: ['uptime'] },
  targets: { kind: 'nodes', instanceIds: ['i-1', 'i-2'] },
  options: { maxConcurrency: '50', maxErrors: '0', timeoutSeconds: 600, comment: '' },
  canary: false,
});
const invocation = (instanceId: string, patch: Partial<Invocation> = {}): Invocation => ({
  instanceId,
  nodeName: instanceId,
  platformType: 'Linux',
  commandId: null,
  status: 'Pending',
  statusDetails: 'Queued',
  responseCode: null,
  startedAt: null,
  endedAt: null,
  output: '',
  outputTruncated: false,
  ...patch,
});

describe('0070-command-jobs', () => {
  it('adds the job tables to a version-60 file and keeps its nodes, readable as targets', () => {
    migrate(db, migrations, { upTo: 60 });
    db.prepare(insertNodeSql).run(row);
    db.prepare("UPDATE nodes SET tags_json = ? WHERE instance_id = 'i-1'").run(JSON.stringify([{ key: 'Environment', value: 'Production' }]));
    expect(migrate(db, migrations, { upTo: 70 })).toEqual({ from: 60, to: 70 });
    expect(schemaVersion(db)).toBe(70);
    expect(commandRepo.targetNodes(db, { workspaceId: 'training', instanceIds: ['i-1', 'i-404'] })).toEqual({
      nodes: [{ instanceId: 'i-1', name: 'web', platformType: 'Linux', pingStatus: 'Online', production: true }],
      unknown: ['i-404'],
    });
    expect(commandRepo.tagNodes(db, { workspaceId: 'training', filters: [{ key: 'Environment', values: ['Production', 'prod'] }] })).toHaveLength(1);
    expect(commandRepo.tagNodes(db, { workspaceId: 'training', filters: [{ key: 'Environment', values: ['production'] }] })).toHaveLength(0);
    expect(commandRepo.listJobs(db, { limit: 10 })).toEqual({ jobs: [], more: false });
  });

  it('stores a job, its commands and rows in order, and lists unfinished ones to resume', () => {
    migrate(db, migrations);
    commandRepo.insertJob(db, { job: job('j1', 1000, 'rb-1'), rows: [invocation('i-2'), invocation('i-1', { status: 'NotSent', statusDetails: 'Not sent: offline' })] });
    commandRepo.saveCommand(db, { jobId: 'j1', command: { commandId: 'c1', kind: 'batch', targetCount: 1, sentAt: 1100, done: false } });
    commandRepo.saveProgress(db, {
      job: { jobId: 'j1', status: 'InProgress', statusDetails: 'InProgress', phase: 'main', counts, finishedAt: null, trackingError: null },
      stopped: null,
      rows: [invocation('i-2', { commandId: 'c1', status: 'InProgress', statusDetails: 'InProgress' })],
    });
    expect(commandRepo.unfinishedJobIds(db, {})).toEqual(['j1']);
    const stored = commandRepo.getJob(db, { jobId: 'j1' })!;
    expect(stored.detail).toMatchObject({ status: 'InProgress', commandIds: ['c1'], parameters: { commands: ['uptime'] } });
    expect(stored.commands).toEqual([{ commandId: 'c1', kind: 'batch', targetCount: 1, sentAt: 1100, done: false }]);
    expect(commandRepo.allInvocations(db, { jobId: 'j1' }).map((r) => [r.instanceId, r.status])).toEqual([
      ['i-2', 'InProgress'],
      ['i-1', 'NotSent'],
    ]);
    expect(commandRepo.listInvocations(db, { jobId: 'j1', status: 'NotSent', offset: 0, limit: 10 }).total).toBe(1);
    expect(commandRepo.lastJobForRunbook(db, { runbookId: 'rb-1' })?.jobId).toBe('j1');
    expect(commandRepo.lastJobForRunbook(db, { runbookId: 'rb-2' })).toBeNull();
  });

  it('pages history newest first', () => {
    migrate(db, migrations);
    for (const [id, at] of [['a', 1], ['b', 2], ['c', 3]] as const) commandRepo.insertJob(db, { job: job(id, at), rows: [] });
    const first = commandRepo.listJobs(db, { limit: 2 });
    expect([first.jobs.map((j) => j.jobId), first.more]).toEqual([['c', 'b'], true]);
    expect(commandRepo.listJobs(db, { before: 2, limit: 2 }).jobs.map((j) => j.jobId)).toEqual(['a']);
  });

  it('groups identical results, outliers first', () => {
    migrate(db, migrations);
    const ok = { commandId: 'c1', status: 'Success' as const, statusDetails: 'Success', responseCode: 0, output: 'OK\n' };
    commandRepo.insertJob(db, {
      job: job('j', 1),
      rows: [invocation('i-1', ok), invocation('i-2', ok), invocation('i-3', ok), invocation('i-4', { ...ok, status: 'Failed', statusDetails: 'Failed', responseCode: 1, output: 'disk full\n' })],
    });
    expect(commandRepo.outputGroups(db, { jobId: 'j' }).map((g) => [g.status, g.count, g.instanceIds])).toEqual([
      ['Failed', 1, ['i-4']],
      ['Success', 3, ['i-1', 'i-2', 'i-3']],
    ]);
  });
});
