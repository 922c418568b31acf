import { describe, expect, it } from 'vitest';
import type { InventoryWorkspaceStatus } from '../../../../../../preload/contract/inventory';
import { STALE_AFTER_MS, cacheBannerState } from '../../../../../../renderer/src/features/inventory/cache-age';

const NOW = Date.UTC(2026, 10, 27, 3, 0, 0);
const offline = { code: 'EndpointUnreachable', message: 'Could not reach the endpoint.', retryable: true, kind: 'network' } as const;

function workspace(id: string, lastSyncedAt: number | null, lastError: InventoryWorkspaceStatus['lastError'] = null): InventoryWorkspaceStatus {
  return {
    workspaceId: id,
    label: id,
    lastSyncedAt,
    lastAttemptAt: lastSyncedAt,
    lastError,
    nodes: 10,
    rows: 100,
    oldestCaptureAt: null,
    newestCaptureAt: null,
    sync: {
      workspaceId: id,
      operationId: null,
      phase: 'idle',
      nodesListed: 0,
      nodesStale: 0,
      nodesDone: 0,
      rowsWritten: 0,
      entriesSkipped: 0,
      calls: 0,
      throttled: 0,
      startedAt: null,
      finishedAt: null,
      error: null,
    },
  };
}

describe('cache banner', () => {
  it('says nothing while every workspace is fresh, or before anything was read', () => {
    expect(cacheBannerState([workspace('a', NOW - 5 * 60_000), workspace('b', NOW - STALE_AFTER_MS)], NOW)).toBeNull();
    expect(cacheBannerState([workspace('a', null)], NOW)).toBeNull();
    expect(cacheBannerState([], NOW)).toBeNull();
  });

  it('gives the age of the oldest workspace once it is past the threshold', () => {
    const old = NOW - 3 * 60 * 60_000;
    expect(cacheBannerState([workspace('a', NOW - 60_000), workspace('b', old)], NOW)).toEqual({ kind: 'stale', since: old });
  });

  it('names every workspace whose refresh failed, even when its data is minutes old', () => {
    const state = cacheBannerState([workspace('fresh', NOW - 60_000), workspace('prod', NOW - 60_000, offline), workspace('dr', null, offline)], NOW);
    expect(state?.kind).toBe('failed');
    expect(state?.kind === 'failed' ? state.workspaces.map((w) => w.workspaceId) : []).toEqual(['prod', 'dr']);
  });
});
