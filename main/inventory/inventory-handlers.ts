import type { ErrorInfo } from '../../preload/contract/define';
import type { InventoryWorkspaceStatus } from '../../preload/contract/inventory';
import type { InvokeHandlers } from '../ipc/router';
import type { Store } from '../store/store';
import type { InventoryService } from './inventory-service';
import type { InventoryStore } from './inventory-store';

type InventoryHandlers = Pick<
  InvokeHandlers,
  | 'inventory:search-entries'
  | 'inventory:list-nodes'
  | 'inventory:get-version-share'
  | 'inventory:get-fleet-composition'
  | 'inventory:get-status'
  | 'inventory:start-sync'
  | 'inventory:cancel-sync'
>;

/** What the inventory channels read besides the inventory itself. */
export interface InventoryHandlerDeps {
  inventory: InventoryService;
  store: InventoryStore;
  /** For the fleet composition, which reads the fleet's own table. */
  rawStore: Store;
  /** Workspace labels by id, for the banner's "which workspace could not refresh". */
  labels: () => Promise<Map<string, string>>;
  /** The fleet sync's error when its last run failed: a fleet that cannot refresh is offline too. */
  fleetError: (workspaceId: string) => ErrorInfo | null;
}

/** The inventory channels: the only code that sees inventory IPC. */
export function createInventoryHandlers(deps: InventoryHandlerDeps): InventoryHandlers {
  const statusOf = async (workspaceId: string, labels: Map<string, string>): Promise<InventoryWorkspaceStatus> => {
    const cached = await deps.store.syncStatus(workspaceId);
    const label = labels.get(workspaceId) ?? workspaceId;
    const sync = deps.inventory.state(workspaceId);
    // The newest failure wins: a fleet sync that just failed means this workspace is offline now,
    // even when the inventory's last attempt (maybe an hour ago) succeeded.
    const lastError = sync.phase === 'failed' ? sync.error : (deps.fleetError(workspaceId) ?? cached.lastError);
    return { workspaceId, label, ...cached, lastError, sync };
  };
  return {
    'inventory:search-entries': (request) => deps.store.search(request),
    'inventory:list-nodes': (request) => deps.store.searchNodes(request),
    'inventory:get-version-share': (request) => deps.store.versionShare(request),
    'inventory:get-fleet-composition': ({ workspaceIds }) =>
      deps.rawStore.run('composition', 'fleetComposition', { workspaceIds }, { priority: 'interactive' }),
    'inventory:get-status': async ({ workspaceIds }) => {
      // One read of the profiles per request, not one per workspace.
      const labels = await deps.labels();
      return { workspaces: await Promise.all(workspaceIds.map((id) => statusOf(id, labels))) };
    },
    'inventory:start-sync': ({ workspaceId }) => deps.inventory.sync(workspaceId),
    'inventory:cancel-sync': ({ workspaceId }) => deps.inventory.cancel(workspaceId),
  };
}
