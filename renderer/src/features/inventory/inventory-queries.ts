import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import type { QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type {
  InventoryFilters,
  InventoryNodeHit,
  InventoryNodeMatch,
  InventorySearchResult,
  InventorySyncProgress,
  InventoryWorkspaceStatus,
} from '../../../../preload/contract/inventory';
import { ApiError, bridge, unwrap } from '../../lib/api';
import { sharedSubscription } from '../../lib/shared-subscription';

/** Groups a search asks for; past this the answer says "narrow the search". */
export const SEARCH_LIMIT = 200;
/** Rows per list-nodes call when exporting (the contract's maximum). */
const EXPORT_PAGE = 10_000;

/** Prefix of every inventory query, invalidated when a sync writes new rows. */
export const INVENTORY_KEY = ['inventory'] as const;

/** Cache key of the status of some workspaces (the banner and the sync bar share it). */
export function statusKey(workspaceIds: readonly string[]): readonly unknown[] {
  return ['inventory', 'status', [...workspaceIds].sort()];
}

/** A superseded request: main answers it with kind 'cancelled', which is never a failure. */
export function isCancelled(error: unknown): boolean {
  return error instanceof ApiError && error.info.kind === 'cancelled';
}

/** A cancelled answer is retried (the newer request it gave way to may be another screen's). */
export function retryCancelled(failures: number, error: unknown): boolean {
  return isCancelled(error) && failures < 3;
}

/** Cache age and sync state of some workspaces. */
export function useInventoryStatus(workspaceIds: readonly string[]) {
  return useQuery({
    queryKey: statusKey(workspaceIds),
    queryFn: () => unwrap(bridge().inventory.getStatus({ workspaceIds: [...workspaceIds] })),
    enabled: workspaceIds.length > 0,
  });
}

/** The keyword search for the applied keyword; the last answer stays painted while the next one runs. */
export function useInventorySearch(keyword: string, filters: InventoryFilters) {
  const trimmed = keyword.trim();
  return useQuery<InventorySearchResult>({
    queryKey: ['inventory', 'search', trimmed, filters],
    queryFn: () => unwrap(bridge().inventory.searchEntries({ ...filters, keyword: trimmed, limit: SEARCH_LIMIT })),
    enabled: trimmed !== '',
    placeholderData: keepPreviousData,
    retry: retryCancelled,
    staleTime: 30_000,
  });
}

/** Every node behind a match, page after page, for an export. */
export async function fetchAllNodes(filters: InventoryFilters, match: InventoryNodeMatch): Promise<InventoryNodeHit[]> {
  const nodes: InventoryNodeHit[] = [];
  for (;;) {
    const page = await unwrap(bridge().inventory.listNodes({ ...filters, match, limit: EXPORT_PAGE, offset: nodes.length }));
    nodes.push(...page.nodes);
    // Stop on a short page too: a sync may have removed rows between two pages.
    if (page.nodes.length < EXPORT_PAGE || nodes.length >= page.total) return nodes;
  }
}

const TERMINAL: ReadonlyArray<InventorySyncProgress['phase']> = ['succeeded', 'failed', 'cancelled'];

/** Puts a progress event into every cached status that covers its workspace. */
export function applyProgress(client: QueryClient, progress: InventorySyncProgress): void {
  client.setQueriesData<{ workspaces: InventoryWorkspaceStatus[] }>({ queryKey: ['inventory', 'status'] }, (old) =>
    old ? { workspaces: old.workspaces.map((w) => (w.workspaceId === progress.workspaceId ? { ...w, sync: progress } : w)) } : old,
  );
}

// One subscription for the whole window, however many views (screen, banners) follow progress, so a
// sync's end invalidates the cache once, not once per mounted view.
const follow = sharedSubscription((client) => {
  const stop = bridge().inventory.onSyncProgressed((progress) => {
    applyProgress(client, progress);
    if (TERMINAL.includes(progress.phase)) void client.invalidateQueries({ queryKey: INVENTORY_KEY });
    else if (progress.phase === 'listing') void client.invalidateQueries({ queryKey: ['inventory', 'status'] });
  });
  // The banner also names workspaces whose fleet refresh failed (main merges that error into the
  // status), so a fleet sync ending — the network going or coming back — re-reads the status too.
  const stopFleet = bridge().fleet.onSyncProgressed((state) => {
    if (state.phase === 'succeeded' || state.phase === 'failed') void client.invalidateQueries({ queryKey: ['inventory', 'status'] });
  });
  return () => {
    stop();
    stopFleet();
  };
});

/**
 * Follows inventory sync progress: the sync bar moves with each event; when a sync ends, the cache
 * age, error and every search, drill-down and chart are read again (new rows, or a new failure).
 */
export function useInventoryEvents(): void {
  const client = useQueryClient();
  useEffect(() => follow(client), [client]);
}
