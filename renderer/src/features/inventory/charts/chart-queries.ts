import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { FleetComposition, InventoryFilters, VersionShare } from '../../../../../preload/contract/inventory';
import { bridge, unwrap } from '../../../lib/api';
import { retryCancelled } from '../inventory-queries';
import type { SoftwareFamily } from '../software-family';

// Keys start with 'inventory', so the screen's "sync ended, read everything again" covers the charts.

/** Cache key of a family's version share under some filters. */
export function versionShareKey(filters: InventoryFilters, family: SoftwareFamily): readonly unknown[] {
  return ['inventory', 'version-share', family, filters];
}

/** Cache key of the composition of some workspaces (in any order). */
export function compositionKey(workspaceIds: readonly string[]): readonly unknown[] {
  return ['inventory', 'fleet-composition', [...workspaceIds].sort()];
}

/**
 * Nodes per major of a family. A filter change keeps the last chart painted while the new answer
 * comes; a family change does not (Java's bars under "Database" would be wrong, not just old).
 */
export function useVersionShare(filters: InventoryFilters, family: SoftwareFamily) {
  return useQuery<VersionShare>({
    queryKey: versionShareKey(filters, family),
    queryFn: () => unwrap(bridge().inventory.getVersionShare({ ...filters, family })),
    placeholderData: (previous) => (previous?.family === family ? previous : undefined),
    retry: retryCancelled,
    staleTime: 30_000,
  });
}

/** Platform, agent and ping counts; read again when the fleet sync changes the workspaces' nodes. */
export function useFleetComposition(workspaceIds: readonly string[]) {
  const client = useQueryClient();
  // A string dependency: a new array with the same workspaces must not resubscribe.
  const idList = [...workspaceIds].sort().join('\n');
  useEffect(() => {
    const ids = idList.split('\n');
    const watched = new Set(ids);
    // nodes-changed comes at most once a second per workspace, so each one may refetch.
    return bridge().fleet.onNodesChanged(({ workspaceId }) => {
      if (watched.has(workspaceId)) void client.invalidateQueries({ queryKey: compositionKey(ids), exact: true });
    });
  }, [client, idList]);
  return useQuery<FleetComposition>({
    queryKey: compositionKey(workspaceIds),
    queryFn: () => unwrap(bridge().inventory.getFleetComposition({ workspaceIds: [...workspaceIds] })),
    enabled: workspaceIds.length > 0,
    placeholderData: keepPreviousData,
    retry: retryCancelled,
  });
}
