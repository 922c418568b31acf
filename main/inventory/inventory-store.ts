import type { ErrorInfo } from '../../preload/contract/define';
import type { Store } from '../store/store';
import type { InventorySyncStatus, NodeInventoryWrite, WriteResult } from './inventory-repo';
import type {
  InventoryFilters,
  InventoryNodeHit,
  InventoryNodeMatch,
  InventorySearchParams,
  InventorySearchResult,
  VersionShare,
} from './inventory-search';

/** What the inventory service and (later) its handlers need from the store. */
export interface InventoryStore {
  writeNodes(params: { workspaceId: string; syncedAt: number; nodes: NodeInventoryWrite[] }): Promise<WriteResult>;
  /** Writes a batch encoded by sync/write-batch; its bytes move to the store worker (unusable afterwards). */
  writeBatch(params: { workspaceId: string; syncedAt: number; batch: Uint8Array }): Promise<WriteResult>;
  staleNodes(params: { workspaceId: string; instanceIds: string[]; captureTimes: Array<string | null> }): Promise<string[]>;
  pruneNodes(params: { workspaceId: string; keepIds: string[] }): Promise<{ removed: number }>;
  recordSyncResult(params: { workspaceId: string; finishedAt: number; error: ErrorInfo | null }): Promise<void>;
  syncStatus(workspaceId: string): Promise<InventorySyncStatus>;
  search(params: InventorySearchParams): Promise<InventorySearchResult>;
  searchNodes(params: InventoryFilters & { match: InventoryNodeMatch; limit?: number; offset?: number }): Promise<{ total: number; nodes: InventoryNodeHit[] }>;
  versionShare(params: InventoryFilters & { family: string }): Promise<VersionShare>;
}

const interactive = { priority: 'interactive' } as const;

/**
 * Binds the inventory repo in the store worker. Searches and charts are interactive: the worker
 * serves them before sync writes still queued, so a keystroke waits for at most the write running.
 */
export function createInventoryStore(store: Store): InventoryStore {
  return {
    writeNodes: (params) => store.run('inventory', 'writeNodes', params),
    writeBatch: (params) => store.run('inventory', 'writeBatch', params, undefined, [params.batch.buffer as ArrayBuffer]),
    staleNodes: (params) => store.run('inventory', 'staleNodes', params),
    pruneNodes: (params) => store.run('inventory', 'pruneNodes', params),
    recordSyncResult: async (params) => {
      await store.run('inventory', 'recordSyncResult', params);
    },
    syncStatus: (workspaceId) => store.run('inventory', 'syncStatus', { workspaceId }, interactive),
    search: (params) => store.run('inventory', 'search', params, { ...interactive, lane: 'inventory-search' }),
    searchNodes: (params) => store.run('inventory', 'searchNodes', params, interactive),
    versionShare: (params) => store.run('inventory', 'versionShare', params, interactive),
  };
}
