import { describe, expect, it } from 'vitest';
import type { AwsSession } from '../../../../main/sessions/session-aws';
import type { StoredSessionRecord } from '../../../../main/sessions/session-repo';
import { mergeSessionRecords } from '../../../../main/sessions/session-records';

const local = (over: Partial<StoredSessionRecord>): StoredSessionRecord => ({
  sessionId: 's-local',
  workspaceId: 'w',
  instanceId: 'i-1',
  nodeName: 'web-1',
  ownerArn: '',
  operator: 'jane',
  startedAt: 100,
  endedAt: null,
  exitCode: null,
  closeReason: null,
  ...over,
});
const aws = (over: Partial<AwsSession>): AwsSession => ({
  sessionId: 's-aws',
  target: 'i-2',
  status: 'Connected',
  owner: 'arn:aws:sts::1:assumed-role/Ops/bob',
  startedAt: 200,
  endedAt: null,
  ...over,
});

describe('mergeSessionRecords', () => {
  it('joins a session both sides know, taking the operator from here and the owner from AWS', () => {
    const rows = mergeSessionRecords({
      workspaceId: 'w',
      state: 'Active',
      aws: [aws({ sessionId: 's-1', target: 'i-1' })],
      local: [local({ sessionId: 's-1' })],
      nodeNames: {},
    });
    expect(rows).toEqual([
      expect.objectContaining({ sessionId: 's-1', source: 'both', operator: 'jane', owner: 'arn:aws:sts::1:assumed-role/Ops/bob', nodeName: 'web-1', startedAt: 100 }),
    ]);
  });

  it('names sessions opened elsewhere from the fleet cache and leaves the operator empty', () => {
    const rows = mergeSessionRecords({ workspaceId: 'w', state: 'Active', aws: [aws({})], local: [], nodeNames: { 'i-2': 'db-2' } });
    expect(rows).toEqual([expect.objectContaining({ sessionId: 's-aws', source: 'aws', nodeName: 'db-2', operator: '', exitCode: null })]);
  });

  it('lists local-only records of the asked state only, newest first', () => {
    const rows = mergeSessionRecords({
      workspaceId: 'w',
      state: 'History',
      aws: [],
      local: [
        local({ sessionId: 'open', startedAt: 300 }),
        local({ sessionId: 'old', startedAt: 100, endedAt: 150, exitCode: 0, closeReason: 'exited' }),
        local({ sessionId: 'new', startedAt: 200, endedAt: 250, exitCode: 2, closeReason: 'exited' }),
      ],
      nodeNames: {},
    });
    expect(rows.map((r) => [r.sessionId, r.source, r.exitCode])).toEqual([
      ['new', 'local', 2],
      ['old', 'local', 0],
    ]);
  });

  it('shows a session AWS still lists as Active with its local close', () => {
    const rows = mergeSessionRecords({
      workspaceId: 'w',
      state: 'Active',
      aws: [aws({ sessionId: 's-1', status: 'Disconnected' })],
      local: [local({ sessionId: 's-1', endedAt: 150, closeReason: 'Closed by the operator' })],
      nodeNames: {},
    });
    expect(rows).toEqual([expect.objectContaining({ sessionId: 's-1', source: 'both', endedAt: 150, closeReason: 'Closed by the operator' })]);
  });
});
