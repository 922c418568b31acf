import type { Store } from '../store/store';
import type { CachedNode, SessionClosing, SessionOpening, StoredSessionRecord } from './session-repo';

/** What the session service needs from the store; the app binds it to the session repo in the worker. */
export interface SessionStore {
  findNode(workspaceId: string, instanceId: string): Promise<CachedNode | null>;
  nodeNames(workspaceId: string, instanceIds: string[]): Promise<Record<string, string>>;
  recordOpened(record: SessionOpening): Promise<void>;
  recordOwner(sessionId: string, ownerArn: string): Promise<void>;
  recordClosed(closing: SessionClosing): Promise<void>;
  markInterrupted(closeReason: string, exceptSessionIds: string[]): Promise<number>;
  listRecords(workspaceId: string, state: 'Active' | 'History', limit: number): Promise<StoredSessionRecord[]>;
}

/** Binds the session service's store needs to the session repo running in the store worker. */
export function createSessionStore(store: Store): SessionStore {
  return {
    findNode: (workspaceId, instanceId) => store.run('sessions', 'findNode', { workspaceId, instanceId }),
    nodeNames: (workspaceId, instanceIds) => store.run('sessions', 'nodeNames', { workspaceId, instanceIds }),
    recordOpened: async (record) => {
      await store.run('sessions', 'recordOpened', record);
    },
    recordOwner: async (sessionId, ownerArn) => {
      await store.run('sessions', 'recordOwner', { sessionId, ownerArn });
    },
    recordClosed: async (closing) => {
      await store.run('sessions', 'recordClosed', closing);
    },
    markInterrupted: async (closeReason, exceptSessionIds) =>
      (await store.run('sessions', 'markInterrupted', { closeReason, exceptSessionIds })).marked,
    listRecords: (workspaceId, state, limit) => store.run('sessions', 'listRecords', { workspaceId, state, limit }),
  };
}
