// Pure summary of the watched workspaces' syncs for the status bar and banners (no React, unit-tested).
import type { SyncState } from '../../../../preload/contract/fleet';

/** What the status bar says about the syncs of every watched workspace at once. */
export interface SyncOverview {
  /** How many workspaces the summary covers. */
  total: number;
  running: SyncState[];
  failed: SyncState[];
  /** Cancelled and not restarted since. */
  cancelled: SyncState[];
  /** Summed over the running syncs, for "12 pages, 540 nodes seen". */
  pagesDone: number;
  nodesSeen: number;
}

/** Sorts each workspace's sync into running, failed and cancelled, summing the progress of the running ones. */
export function syncOverview(syncs: readonly SyncState[]): SyncOverview {
  const running = syncs.filter((s) => s.phase === 'running');
  return {
    total: syncs.length,
    running,
    failed: syncs.filter((s) => s.phase === 'failed'),
    cancelled: syncs.filter((s) => s.phase === 'cancelled'),
    pagesDone: running.reduce((sum, s) => sum + s.pagesDone, 0),
    nodesSeen: running.reduce((sum, s) => sum + s.nodesSeen, 0),
  };
}

/** Failed syncs the fleet screen shows as its own banners: those the workspace strip does not already explain. */
export function unexplainedFailures(failed: readonly SyncState[], explained: ReadonlySet<string>): SyncState[] {
  return failed.filter((s) => s.error !== null && !explained.has(s.workspaceId));
}
