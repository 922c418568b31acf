import { describe, expect, it } from 'vitest';
import type { FleetSummary, SyncState } from '../../../../../../preload/contract/fleet';
import { isRefusedFilter, withoutSyncProgress } from '../../../../../../renderer/src/features/fleet/fleet-queries';
import { ApiError } from '../../../../../../renderer/src/lib/api';

const sync = (pagesDone: number, nodesSeen: number, phase: SyncState['phase'] = 'running'): SyncState => ({
  workspaceId: 'training',
  operationId: 'op-1',
  phase,
  pagesDone,
  nodesSeen,
  startedAt: 1,
  finishedAt: null,
  error: null,
});

const summary = (s: SyncState): FleetSummary => ({ workspaceIds: ['training'], total: 100_000, online: 90_000, connectionLost: 9_000, inactive: 1_000, vanished: 0, lastSyncedAt: 5, syncs: [s] });

describe('withoutSyncProgress', () => {
  it('selects the same value for two progress reports of one sync, so the screen is not re-rendered by them', () => {
    expect(withoutSyncProgress(summary(sync(10, 500)))).toEqual(withoutSyncProgress(summary(sync(11, 550))));
  });

  it('still changes when a sync ends, fails or the counts change', () => {
    const running = withoutSyncProgress(summary(sync(10, 500)));
    expect(withoutSyncProgress(summary(sync(2000, 100_000, 'succeeded')))).not.toEqual(running);
    expect(withoutSyncProgress({ ...summary(sync(10, 500)), online: 89_999 })).not.toEqual(running);
  });
});

describe('isRefusedFilter', () => {
  it('is true for main refusing the filter text and false for failures worth asking again', () => {
    const refused = new ApiError({ code: 'InvalidFilter', message: 'Unknown field "pong".', retryable: false, kind: 'validation' });
    const network = new ApiError({ code: 'BridgeDown', message: 'The bridge is gone.', retryable: true, kind: 'network' });
    expect(isRefusedFilter(refused)).toBe(true);
    expect(isRefusedFilter(network)).toBe(false);
    expect(isRefusedFilter(null)).toBe(false);
  });
});
