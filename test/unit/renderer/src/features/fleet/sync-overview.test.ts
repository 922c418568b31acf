import { describe, expect, it } from 'vitest';
import type { FleetSummary, SyncState } from '../../../../../../preload/contract/fleet';
import { keyIncludesWorkspace, nodesWindowKey, sameParams, summaryKey, withSyncState } from '../../../../../../renderer/src/features/fleet/fleet-queries';
import { syncOverview, unexplainedFailures } from '../../../../../../renderer/src/features/fleet/sync-overview';

const sync = (workspaceId: string, phase: SyncState['phase'], pagesDone = 0, nodesSeen = 0): SyncState => ({
  workspaceId,
  operationId: phase === 'idle' ? null : `op-${workspaceId}`,
  phase,
  pagesDone,
  nodesSeen,
  startedAt: 1,
  finishedAt: phase === 'running' ? null : 2,
  error: phase === 'failed' ? { code: 'ThrottlingException', message: 'Rate exceeded', kind: 'aws', retryable: true } : null,
});

describe('syncOverview', () => {
  it('counts running syncs of all watched workspaces and sums their progress', () => {
    const overview = syncOverview([sync('a', 'running', 2, 100), sync('b', 'succeeded'), sync('c', 'running', 3, 150), sync('d', 'failed')]);
    expect(overview.total).toBe(4);
    expect(overview.running.map((s) => s.workspaceId)).toEqual(['a', 'c']);
    expect([overview.pagesDone, overview.nodesSeen]).toEqual([5, 250]);
    expect(overview.failed.map((s) => s.workspaceId)).toEqual(['d']);
  });

  it('leaves out of the banners the failures the workspace strip already explains', () => {
    const failed = [sync('a', 'failed'), sync('b', 'failed')];
    expect(unexplainedFailures(failed, new Set(['a'])).map((s) => s.workspaceId)).toEqual(['b']);
  });
});

describe('fleet cache keys across workspaces', () => {
  const sort = { column: 'account', direction: 'asc' } as const;

  it('a different watched set is a different result set; the same set is the same', () => {
    expect(sameParams({ workspaceIds: ['a', 'b'], filter: '', sort }, { workspaceIds: ['a', 'b'], filter: '', sort })).toBe(true);
    expect(sameParams({ workspaceIds: ['a', 'b'], filter: '', sort }, { workspaceIds: ['a'], filter: '', sort })).toBe(false);
    expect(nodesWindowKey({ workspaceIds: ['a', 'b'], filter: '', sort }, 0)).not.toEqual(nodesWindowKey({ workspaceIds: ['ab'], filter: '', sort }, 0));
  });

  it('an event about one workspace reaches every cached set that watches it, and no other', () => {
    expect(keyIncludesWorkspace(summaryKey(['training', 'training:444455556666@us-east-1']), 'training:444455556666@us-east-1')).toBe(true);
    expect(keyIncludesWorkspace(summaryKey(['training']), 'training:444455556666@us-east-1')).toBe(false);
    expect(keyIncludesWorkspace(['inventory', 'training'], 'training')).toBe(false);
  });

  it('a sync event replaces that workspace’s state in a summary and leaves the others', () => {
    const summary: FleetSummary = {
      workspaceIds: ['a', 'b'],
      total: 10,
      online: 8,
      connectionLost: 1,
      inactive: 1,
      vanished: 0,
      lastSyncedAt: 1,
      syncs: [sync('a', 'succeeded'), sync('b', 'succeeded')],
    };
    const next = withSyncState(summary, sync('b', 'running', 1, 50));
    expect(next.syncs.map((s) => s.phase)).toEqual(['succeeded', 'running']);
    expect(withSyncState(summary, sync('z', 'running'))).toBe(summary);
  });
});
