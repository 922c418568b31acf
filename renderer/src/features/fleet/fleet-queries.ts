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

const TERMINAL: ReadonlyArray<string> = ['succeeded', 'failed', 'cancelled'];

/** Puts a sync state into the cached summary, so progress and the banner read one source. */
export function applySyncState(client: QueryClient, state: SyncState): void {
  client.setQueryData<FleetSummary>(summaryKey(state.workspaceId), (old) => (old ? { ...old, sync: state } : old));
  if (TERMINAL.includes(state.phase)) void client.invalidateQueries({ queryKey: summaryKey(state.workspaceId) });
}

/**
 * Re-reads a workspace's fleet queries after `fleet:nodes-changed`: at most one round per frame and
 * one in flight, events meanwhile folding into one more round, never a queue of refetches. Only
 * active queries (the summary and the windows on screen) are re-read; others are marked stale.
 */
export function followNodeChanges(client: QueryClient, workspaceId: string): { changed(): void; stop(): void } {
  let frame: number | null = null;
  let running = false;
  let again = false;
  let stopped = false;
  const round = async (): Promise<void> => {
    frame = null;
    running = true;
    try {
      const key = fleetKey(workspaceId);
      // A fetch on its way (a keystroke's answer) may have read the store before the change. It is
      // left to finish, not restarted, so the keystroke still paints at once; then it is read again.
      const inFlight = client
        .getQueryCache()
        .findAll({ queryKey: key, fetchStatus: 'fetching' })
        .map((query) => query.queryKey);
      await client.invalidateQueries({ queryKey: key }, { cancelRefetch: false });
      await Promise.all(inFlight.map((queryKey) => client.invalidateQueries({ queryKey, exact: true }, { cancelRefetch: false })));
    } finally {
      running = false;
      if (again && !stopped) {
        again = false;
        schedule();
      }
    }
  };
  const schedule = (): void => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    frame ??= requestAnimationFrame(() => void round());
  };
  return {
    changed: schedule,
    stop: () => {
      stopped = true;
      if (frame !== null) cancelAnimationFrame(frame);
    },
  };
}

/** Does the filter read the inventory (app:, product:)? Its matches then change when an inventory sync writes. */
export function readsInventory(filter: string): boolean {
  return /(^|\s)-?(app|product):/i.test(filter);
}

// While an inventory sync writes, re-read the windows of inventory filters at most this often; its end always.
const INVENTORY_REREAD_MS = 2000;

/**
 * Re-reads the workspace's grid windows whose filter reads the inventory as an inventory sync
 * stores nodes. Fleet events do not cover this: the fleet's own rows did not change.
 */
function followInventoryWrites(client: QueryClient, workspaceId: string): () => void {
  let lastDone = 0;
  let lastReadAt = Number.NEGATIVE_INFINITY;
  return bridge().inventory.onSyncProgressed((progress) => {
    if (progress.workspaceId !== workspaceId) return;
    const ended = TERMINAL.includes(progress.phase);
    const wrote = progress.nodesDone !== lastDone;
    if (!wrote && !(ended && lastDone > 0)) return;
    const now = performance.now();
    if (!ended && now - lastReadAt < INVENTORY_REREAD_MS) return;
    lastDone = ended ? 0 : progress.nodesDone;
    lastReadAt = now;
    void client.invalidateQueries(
      {
        predicate: (query) => {
          const [root, id, kind, filter] = query.queryKey;
          return root === 'fleet' && id === workspaceId && kind === 'nodes' && typeof filter === 'string' && readsInventory(filter);
        },
      },
      { cancelRefetch: false },
    );
  });
}

/** Keeps the cache in step with main: re-read on nodes-changed (coalesced), follow sync progress. */
export function useFleetEvents(workspaceId: string): void {
  const client = useQueryClient();
  useEffect(() => {
    const api = bridge().fleet;
    const follower = followNodeChanges(client, workspaceId);
    const offChanged = api.onNodesChanged((payload) => {
      if (payload.workspaceId === workspaceId) follower.changed();
    });
    const offProgress = api.onSyncProgressed((state) => {
      if (state.workspaceId === workspaceId) applySyncState(client, state);
    });
    const offInventory = followInventoryWrites(client, workspaceId);
    return () => {
      offChanged();
      offProgress();
      offInventory();
      follower.stop();
    };
  }, [client, workspaceId]);
}
