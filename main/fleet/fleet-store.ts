import type { Store } from '../store/store';
import type { FleetStore } from './fleet-service';

/** Binds the fleet service's store needs to the fleet repo running in the store worker. */
export function createFleetStore(store: Store): FleetStore {
  return {
    nextGeneration: (workspaceId) => store.run('fleet', 'nextGeneration', { workspaceId }),
    upsertNodes: async (params) => {
      await store.run('fleet', 'upsertNodes', params);
    },
    setTags: async (params) => {
      await store.run('fleet', 'setTags', params);
    },
    nodesNeedingTags: (params) => store.run('fleet', 'nodesNeedingTags', params),
    finishSync: (params) => store.run('fleet', 'finishSync', params),
    recordSyncError: async (params) => {
      await store.run('fleet', 'recordSyncError', params);
    },
    listNodes: (query) => store.run('fleet', 'listNodes', query),
    summary: (workspaceId) => store.run('fleet', 'summary', { workspaceId }),
  };
}
