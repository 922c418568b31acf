import type { Store } from '../store/store';
import type { FleetStore } from './fleet-service';

const interactive = { priority: 'interactive' } as const;
// The renderer's mirror is filled behind the operator's back (50 pages for 100,000 nodes): queued
// with sync writes, so a keystroke's listNodes, which is interactive, never waits behind a pass.
const background = { priority: 'background' } as const;

/**
 * Binds the fleet service's store needs to the fleet repo running in the store worker. Grid reads
 * are interactive: the worker serves them before sync calls still queued, so a keystroke waits
 * for at most the write already running.
 */
export function createFleetStore(store: Store): FleetStore {
  return {
    nextGeneration: (workspaceId) => store.run('fleet', 'nextGeneration', { workspaceId }),
    upsertNodes: async (params) => {
      // One call per batch on purpose: slicing a 1,000-node batch into 250-node transactions let
      // a keystroke in sooner but made a 100,000-node first sync write 1.6-2x longer (every
      // commit rewrites the index pages it touched, and small commits touch the same pages again).
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
    listNodes: (query) => store.run('fleet', 'listNodes', query, interactive),
    summary: (workspaceIds) => store.run('fleet', 'summary', { workspaceIds }, interactive),
    readMirror: (request) => store.run('fleet', 'readMirror', request, background),
    readMirrorOrder: (request) => store.run('fleet', 'readMirrorOrder', request, background),
  };
}
