import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { FleetPage, FleetSortColumn, FleetSummary, SyncState } from '../../../../preload/contract/fleet';
import { bridge, unwrap } from '../../lib/api';
import { WINDOW_SIZE } from './fleet-columns';

/** Sort order of the grid. */
export interface FleetSort {
  column: FleetSortColumn;
  direction: 'asc' | 'desc';
}

/** Everything that decides which rows match and in which order. */
export interface FleetParams {
  workspaceId: string;
  filter: string;
  sort: FleetSort;
}

/** Same rows in the same order? */
export function sameParams(a: FleetParams | null, b: FleetParams | null): boolean {
  if (!a || !b) return a === b;
  return (
    a.workspaceId === b.workspaceId && a.filter === b.filter && a.sort.column === b.sort.column && a.sort.direction === b.sort.direction
  );
}

/** Prefix of every fleet query of a workspace, for invalidation on `fleet:nodes-changed`. */
export function fleetKey(workspaceId: string): readonly unknown[] {
  return ['fleet', workspaceId];
}

/** Cache key of one window of rows. */
export function nodesWindowKey(params: FleetParams, windowIndex: number): readonly unknown[] {
  return ['fleet', params.workspaceId, 'nodes', params.filter, params.sort.column, params.sort.direction, windowIndex];
}

/** Cache key of the workspace summary. */
export function summaryKey(workspaceId: string): readonly unknown[] {
  return ['fleet', workspaceId, 'summary'];
}

/** Fetches one window of WINDOW_SIZE rows. */
export function fetchNodesWindow(params: FleetParams, windowIndex: number): Promise<FleetPage> {
  return unwrap(
    bridge().fleet.listNodes({
      workspaceId: params.workspaceId,
      filter: params.filter,
      sort: params.sort,
      offset: windowIndex * WINDOW_SIZE,
      limit: WINDOW_SIZE,
      includeVanished: false,
    }),
  );
}

/** The workspace's counts, last sync time and current sync. */
export function useFleetSummary(workspaceId: string) {
  return useQuery({
    queryKey: summaryKey(workspaceId),
    queryFn: () => unwrap(bridge().fleet.getSummary({ workspaceId })),
  });
}

const TERMINAL: ReadonlyArray<SyncState['phase']> = ['succeeded', 'failed', 'cancelled'];

/** Puts a sync state into the cached summary, so progress and the banner read one source. */
export function applySyncState(client: QueryClient, state: SyncState): void {
  client.setQueryData<FleetSummary>(summaryKey(state.workspaceId), (old) => (old ? { ...old, sync: state } : old));
  if (TERMINAL.includes(state.phase)) void client.invalidateQueries({ queryKey: summaryKey(state.workspaceId) });
}

/** Keeps the cache in step with main: re-read on nodes-changed, follow sync progress. */
export function useFleetEvents(workspaceId: string): void {
  const client = useQueryClient();
  useEffect(() => {
    const api = bridge().fleet;
    const offChanged = api.onNodesChanged((payload) => {
      if (payload.workspaceId !== workspaceId) return;
      // A first fetch still on its way may have read the store before this change, and TanStack
      // does not restart a fetch that has no data yet: cancel it so the invalidation re-reads.
      void client
        .cancelQueries({ queryKey: fleetKey(workspaceId), predicate: (q) => q.state.fetchStatus === 'fetching' && q.state.data === undefined })
        .then(() => client.invalidateQueries({ queryKey: fleetKey(workspaceId) }));
    });
    const offProgress = api.onSyncProgressed((state) => {
      if (state.workspaceId === workspaceId) applySyncState(client, state);
    });
    return () => {
      offChanged();
      offProgress();
    };
  }, [client, workspaceId]);
}
